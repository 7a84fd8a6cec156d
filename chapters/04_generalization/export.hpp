/// \file
/// \brief Chapter 4's `--export DIR`: tables of numbers as CSV files with a header row, written
/// all or nothing (a temporary name, then a rename), so that any other tool can recheck a
/// number the program printed.
#pragma once

#include <armadillo>
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "wb/error.hpp"

namespace wb::ch4 {

/// Writes `rows` under `header` to `path` as CSV, each number with 17 significant digits (a
/// double reads back exactly); with `labels`, each line starts with its label and `header`
/// names that column too. The text goes to `path.tmp`, renamed to `path` once complete.
/// Throws UserError naming the file when it cannot be written.
inline void write_csv(const std::string& path, const std::vector<std::string>& header, const arma::mat& rows,
                      const std::vector<std::string>& labels = {}) {
  const std::size_t columns = rows.n_cols + (labels.empty() ? 0 : 1);
  if (header.size() != columns || (!labels.empty() && labels.size() != rows.n_rows))
    throw std::invalid_argument(fmt::format("write_csv {}: {} names for {} columns", path, header.size(), columns));
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    for (std::size_t c = 0; c < header.size(); ++c) out << (c ? "," : "") << header[c];
    out << '\n';
    for (arma::uword r = 0; r < rows.n_rows; ++r) {
      if (!labels.empty()) out << labels[r] << ',';
      for (arma::uword c = 0; c < rows.n_cols; ++c) out << (c ? "," : "") << fmt::format("{:.17g}", rows(r, c));
      out << '\n';
    }
    if (!out) {
      std::remove(tmp.c_str());
      throw UserError(fmt::format("cannot write '{}': check that --export points to a writable directory with free space", tmp));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw UserError(fmt::format("cannot rename '{}' to '{}': {}", tmp, path, ec.message()));
}

/// Rows for write_csv, added one at a time, each with its label (or none).
struct CsvRows {
  arma::mat values;
  std::vector<std::string> labels;

  void add(const arma::rowvec& row, const std::string& label = "") {
    values.insert_rows(values.n_rows, row);
    if (!label.empty()) labels.push_back(label);
  }
};

}  // namespace wb::ch4
