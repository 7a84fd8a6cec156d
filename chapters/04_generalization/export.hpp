/// \file
/// \brief Chapter 4's `--export DIR`: the rows of its tables, gathered for wb::write_csv (CSV
/// files with a header row, written whole or not at all), so that any other tool can recheck a
/// number the program printed.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "wb/csv.hpp"

namespace wb::ch4 {

/// Rows for wb::write_csv, added one at a time, each with its label (or none).
struct CsvRows {
  arma::mat values;
  std::vector<std::string> labels;

  void add(const arma::rowvec& row, const std::string& label = "") {
    values.insert_rows(values.n_rows, row);
    if (!label.empty()) labels.push_back(label);
  }
};

}  // namespace wb::ch4
