/// \file
/// \brief CSV files for `--export DIR`: a header row, then one row per record, written under a
/// temporary name and renamed into place, so a file is either complete or absent.
#pragma once

#include <string>
#include <vector>

namespace wb {

/// A table to be written as CSV: the header row, then rows of the same width. Cells are text;
/// numbers are formatted by the caller (csv_number) so that a run prints what it exports.
class CsvTable {
 public:
  explicit CsvTable(std::vector<std::string> header);

  /// Appends a row; throws std::logic_error when its width is not the header's.
  CsvTable& add(std::vector<std::string> cells);

  /// Writes `path.tmp`, then renames it to `path`; throws UserError naming the file and the fix
  /// when it cannot be written (the temporary file is removed).
  void write(const std::string& path) const;

  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// A number as a CSV cell: the shortest text that reads back as the same double ("0.5", "1e-08").
std::string csv_number(double x);

}  // namespace wb
