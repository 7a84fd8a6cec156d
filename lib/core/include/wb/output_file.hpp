/// \file
/// \brief Files written whole or not at all: an interrupted run (Ctrl-C, a full disk, a file-size
/// limit) never leaves a figure or an exported table that looks whole but is not.
#pragma once

#include <fstream>
#include <string>

namespace wb {

/// A file written to a temporary name next to its final path (`path.tmp-PID`) and renamed into
/// place by commit(), which also checks that every byte reached the disk. If commit() is never
/// called (an exception, a signal), the destructor removes the temporary file; the final path
/// keeps its previous contents, if any.
///
/// \code
///   wb::OutputFile out(dir + "/losses.csv");
///   out.stream() << "epoch,train_loss\n";
///   ...
///   out.commit();  // UserError naming the file and the reason ("No space left on device")
/// \endcode
class OutputFile {
 public:
  /// Opens the temporary file; UserError (naming the path and the fix) if it cannot.
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  /// The temporary name (for a program such as gnuplot that writes the file itself).
  const std::string& temporary() const { return tmp_; }

  /// Flushes, checks, renames into place. Throws UserError on any write error.
  void commit();

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes `text` to `path` whole or not at all.
void write_file(const std::string& path, const std::string& text);

}  // namespace wb
