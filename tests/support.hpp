/// \file
/// \brief What the tests share: running a program and capturing what it printed (wb::core's
/// runner, wb/process.hpp), temporary directories, whether the Fashion-MNIST data is installed,
/// and reading the epoch lines that the training programs print.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "wb/pattern.hpp"
#include "wb/process.hpp"

namespace wb::test {

using wb::CommandResult;
using wb::run_command;
using wb::shell_quote;

/// What a program printed on each stream, and how it ended.
struct SplitResult {
  int status = -1;
  std::string out, err;
};

/// Runs `command` through the shell with stdout and stderr captured apart (stderr through a
/// temporary file).
inline SplitResult run_split(const std::string& command) {
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() / ("wb-stderr-" + std::to_string(std::random_device{}()));
  const CommandResult r = run_command("(" + command + ") 2>" + shell_quote(err_file.string()) + " || exit $?");
  SplitResult s;
  s.status = r.status;
  s.out = r.output;
  std::ifstream in(err_file);
  s.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::filesystem::remove(err_file);
  return s;
}

/// What `WB_BIN_DIR/program args` printed, for an experiment that a page shows too: the docs
/// build's capture of that same run (`docs/runs/docs_run.txt` in the build tree, wb_docs_run),
/// when it is newer than the program, else the program run here, its figures into a temporary
/// directory. The long runs are then run once, for the page and for the test, and the test
/// checks the very output the page shows. CTest runs such tests after docs_build (the fixture
/// docs_html, tests/CMakeLists.txt); a build without the docs runs them here.
inline CommandResult run_as_documented(const std::string& docs_run, const std::string& program, const std::string& args) {
  namespace fs = std::filesystem;
  const fs::path captured = fs::path(WB_DOCS_RUNS) / (docs_run + ".txt"), binary = fs::path(WB_BIN_DIR) / program;
  std::error_code ec;
  if (fs::exists(captured, ec) && fs::last_write_time(captured, ec) > fs::last_write_time(binary, ec) && !ec) {
    std::ifstream in(captured);
    BOOST_TEST_MESSAGE("the docs build's run of " << program << (args.empty() ? "" : " ") << args << ": " << captured.string());
    return CommandResult{0, std::string(std::istreambuf_iterator<char>(in), {})};
  }
  const fs::path out = fs::temp_directory_path() / ("wb-test-" + docs_run + "-" + std::to_string(std::random_device{}()));
  CommandResult r = run_command(binary.string() + " " + args + " --out " + shell_quote(out.string()));
  fs::remove_all(out, ec);
  return r;
}

/// A fresh, empty temporary directory, removed when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "wb-test") {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

/// A Boost.Test precondition: the Fashion-MNIST files are installed (Debian's
/// dataset-fashion-mnist). Use as `*boost::unit_test::precondition(wb::test::have_data)`.
inline boost::test_tools::assertion_result have_data(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result r =
      std::filesystem::exists(std::filesystem::path(WB_DATA_DIR) / "train-images-idx3-ubyte.gz");
  r.message() << "Fashion-MNIST is not installed in " << WB_DATA_DIR;
  return r;
}

/// One line "Epoch 3/50, Train Loss: 0.5123, Train Acc: 0.8123, Test Acc: 0.8012 (0.25 s)".
struct Epoch {
  int number = 0, of = 0;
  double train_loss = 0, train_acc = 0, test_acc = 0;
};

/// Every epoch line in a program's output, in order.
inline std::vector<Epoch> epochs_in(const std::string& output) {
  std::vector<Epoch> found;
  for (const auto& m : wb::search_all(
           output, R"(Epoch (\d+)/(\d+), Train Loss: (\d+\.\d+), Train Acc: (\d\.\d+), Test Acc: (\d\.\d+))"))
    found.push_back({std::stoi(m[1]), std::stoi(m[2]), std::stod(m[3]), std::stod(m[4]), std::stod(m[5])});
  return found;
}

/// The rows of a table a program printed: the lines after the first line that starts with
/// `header`, each split at whitespace, up to the first line that does not start with a digit
/// (a blank line, a note). Empty when there is no such header.
inline std::vector<std::vector<std::string>> table_rows(const std::string& output, const std::string& header) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line) && line.rfind(header, 0) != 0) {
  }
  while (std::getline(in, line) && !line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) {
    std::istringstream fields(line);
    rows.emplace_back();
    for (std::string field; fields >> field;) rows.back().push_back(field);
  }
  return rows;
}

/// The number of lines of `s` (newline characters).
inline std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace wb::test
