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

#include "wb/catalogue.hpp"
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

/// A classic mistake to recognise: its name, "5.1 no_half" (the exercise's id and the name the
/// catalogue gives it), and the result it gives on the test's input.
template <typename V>
struct Suspect {
  std::string mistake;
  V value;
};
template <typename eT>
using Suspects = std::vector<Suspect<arma::Mat<eT>>>;

/// The catalogue's diagnosis of `mistake` ("5.1 no_half"), the line `./workbook check` prints.
inline std::string diagnosis_of(const std::string& mistake) {
  const auto space = mistake.find(' ');
  const Exercise* e = space == std::string::npos ? nullptr : find_exercise(mistake.substr(0, space));
  const Mistake* m = e == nullptr ? nullptr : e->mistake(mistake.substr(space + 1));
  return m != nullptr ? m->diagnosis
                      : "the tests recognise mistake '" + mistake + "', which exercises/catalogue.json does not list";
}

/// Whether `got` is `value` (a mistake's result): the same shape, and every entry within `tol`
/// plus a relative 1e-9 of it (infinities and NaNs where `value` has them).
template <typename eT>
bool same_result(const arma::Mat<eT>& got, const arma::Mat<eT>& value, double tol) {
  if (got.n_rows != value.n_rows || got.n_cols != value.n_cols) return false;
  for (arma::uword k = 0; k < got.n_elem; ++k) {
    const double a = double(std::real(got(k))), b = double(std::real(value(k)));
    if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) {
      if (!(std::isnan(a) && std::isnan(b)) && a != b) return false;
    } else if (std::abs(a - b) > tol + 1e-9 * std::abs(b)) return false;
  }
  return true;
}

inline bool same_result(double got, double value, double tol) {
  return same_result(arma::mat{got}, arma::mat{value}, tol);
}

/// The first line of a failure: the catalogue's diagnosis of the first suspect whose result
/// `got` is, or "" when it is none of them.
template <typename V>
std::string recognise(const V& got, const std::vector<Suspect<V>>& suspects, double tol) {
  for (const Suspect<V>& s : suspects)
    if (same_result(got, s.value, tol)) return diagnosis_of(s.mistake);
  return "";
}

/// Checks that `got` has `expected`'s shape and every entry within `tol` of it (absolute
/// difference); the failure says what was computed: "ReLU(z): expected [0 2], got [0 -2]".
/// When `got` is what one of the `suspects` gives, the failure starts with that mistake's
/// diagnosis, and the comparison follows on the next line.
template <typename eT>
void require_close(const std::string& what, const arma::Mat<eT>& got, const arma::Mat<eT>& expected, double tol,
                   const Suspects<eT>& suspects = {}) {
  std::string detail;
  if (got.n_rows != expected.n_rows || got.n_cols != expected.n_cols) {
    detail = fmt::format("expected a {}×{} result, got {}×{}", expected.n_rows, expected.n_cols, got.n_rows, got.n_cols);
  } else {
    double worst = 0;
    for (arma::uword k = 0; k < got.n_elem; ++k) {
      const double d = std::abs(double(std::real(got(k))) - double(std::real(expected(k))));
      worst = std::isfinite(d) ? std::max(worst, d) : INFINITY;
    }
    if (worst <= tol) {
      BOOST_TEST(true);
      return;
    }
    std::ostringstream out;
    out << "expected " << show(expected) << ", got " << show(got) << " (largest difference " << worst << ", allowed "
        << tol << ")";
    detail = out.str();
  }
  const std::string mistake = recognise(got, suspects, tol);
  BOOST_ERROR(what << ": " << (mistake.empty() ? detail : mistake + "\n  " + detail));
}

/// Checks a scalar: "softmax cross-entropy of equal logits: expected 2.302585, got 2.3 ...",
/// with the diagnosis of a suspect first when `got` is its result.
inline void require_close(const std::string& what, double got, double expected, double tol,
                          const std::vector<Suspect<double>>& suspects = {}) {
  if (std::abs(got - expected) <= tol) {
    BOOST_TEST(true);
    return;
  }
  const std::string detail = fmt::format("expected {:.10g}, got {:.10g} (difference {:.3g}, allowed {:.3g})", expected,
                                         got, std::abs(got - expected), tol);
  const std::string mistake = recognise(got, suspects, tol);
  BOOST_ERROR(what << ": " << (mistake.empty() ? detail : mistake + "\n  " + detail));
}

/// Checks that a gradient-checker report passed; on failure the message is the row's name and
/// the checker's diagnosis, then the worst entry: "E1 dJ/dW1: missing λW (weight-decay) term …".
/// When the gradient checked, `dX`, is what one of the `suspects` gives, that mistake's
/// diagnosis comes first instead.
inline void require_passed(const GradCheckReport& r, const arma::mat& dX = {}, const Suspects<double>& suspects = {}) {
  BOOST_TEST_MESSAGE(row(r));
  if (r.passed()) {
    BOOST_TEST(true);
    return;
  }
  std::string diagnosis = recognise(dX, suspects, 1e-9);
  if (diagnosis.empty()) diagnosis = r.diagnosis.empty() ? "wrong gradient" : r.diagnosis;
  GradCheckReport shown = r;  // the table's remark says the same as the first line
  shown.diagnosis = diagnosis;
  BOOST_ERROR(r.name << ": " << diagnosis << "\n  worst entry (" << r.worst_row << "," << r.worst_col << "): yours "
                     << r.analytic << ", numeric " << r.numeric << "\n"
                     << table_header() << "\n" << row(shown));
}

}  // namespace wb::test
