/// \file
/// \brief What the exercise tests share: comparisons that print what was expected and what the
/// learner's function returned, and gradient checks whose failure message starts with the
/// checker's diagnosis. `./workbook check` shows the first line of the first failure, so the
/// first line of every message here says what is wrong.
#pragma once

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <armadillo>
#include <sstream>
#include <string>
#include <vector>

#include "wb/gradcheck.hpp"

namespace wb::test {

/// A matrix on one line, rows separated by ';': "[0 1.5; -2 0]". One of more than 16 entries
/// is shortened in its middle, with its shape: "[1 2 3 4 5 6 7 8 9 10 … 60 61 62 63 64] (8×8)",
/// so that the words around it (expected, got) are never what is cut.
template <typename eT>
std::string show(const arma::Mat<eT>& M) {
  std::vector<std::string> words;  // the entries, a row's last one followed by ';'
  for (arma::uword r = 0; r < M.n_rows; ++r)
    for (arma::uword c = 0; c < M.n_cols; ++c) {
      std::ostringstream entry;  // 6 significant digits, as a stream prints them
      entry << M(r, c) << (c + 1 == M.n_cols && r + 1 < M.n_rows ? ";" : "");
      words.push_back(entry.str());
    }
  const bool shortened = words.size() > 16;
  if (shortened) {
    words.erase(words.begin() + 10, words.end() - 5);
    words.insert(words.begin() + 10, "…");
  }
  std::string out = "[";
  for (std::size_t k = 0; k < words.size(); ++k) out += (k ? " " : "") + words[k];
  out += "]";
  return shortened ? fmt::format("{} ({}×{})", out, M.n_rows, M.n_cols) : out;
}

/// Checks that `got` has `expected`'s shape and every entry within `tol` of it (absolute
/// difference); the failure says what was computed: "ReLU(z): expected [0 2], got [0 -2]".
template <typename eT>
void require_close(const std::string& what, const arma::Mat<eT>& got, const arma::Mat<eT>& expected, double tol) {
  if (got.n_rows != expected.n_rows || got.n_cols != expected.n_cols) {
    BOOST_ERROR(fmt::format("{}: expected a {}×{} result, got {}×{}", what, expected.n_rows, expected.n_cols,
                            got.n_rows, got.n_cols));
    return;
  }
  double worst = 0;
  for (arma::uword k = 0; k < got.n_elem; ++k) {
    const double d = std::abs(double(std::real(got(k))) - double(std::real(expected(k))));
    worst = std::isfinite(d) ? std::max(worst, d) : INFINITY;
  }
  BOOST_TEST(worst <= tol, what << ": expected " << show(expected) << ", got " << show(got) << " (largest difference "
                                << worst << ", allowed " << tol << ")");
}

/// Checks a scalar: "softmax cross-entropy of equal logits: expected 2.302585, got 2.3 ...".
inline void require_close(const std::string& what, double got, double expected, double tol) {
  BOOST_TEST(std::abs(got - expected) <= tol,
             what << ": expected " << fmt::format("{:.10g}", expected) << ", got " << fmt::format("{:.10g}", got)
                  << " (difference " << std::abs(got - expected) << ", allowed " << tol << ")");
}

/// Checks that a gradient-checker report passed; on failure the message is the row's name and
/// the checker's diagnosis, then the worst entry: "E1 dJ/dW1: missing λW (weight-decay) term …".
inline void require_passed(const GradCheckReport& r) {
  BOOST_TEST_MESSAGE(row(r));
  BOOST_TEST(r.passed(), r.name << ": " << (r.diagnosis.empty() ? "wrong gradient" : r.diagnosis)
                                << "\n  worst entry (" << r.worst_row << "," << r.worst_col << "): yours "
                                << r.analytic << ", numeric " << r.numeric << "\n"
                                << table_header() << "\n" << row(r));
}

}  // namespace wb::test
