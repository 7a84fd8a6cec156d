// What the gradient checker's three files share (lib/core/src, not part of the interface):
//   gradcheck.cpp         the numeric reference (steps, central differences, Ridders, the complex
//                         step, one entry at a time in EntryProbe) and the pass rule;
//   gradcheck_check.cpp   the check, step by step, and its report;
//   gradcheck_report.cpp  the names, the diagnosis and the table.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "wb/gradcheck.hpp"

namespace wb::detail {

/// ∛ε for double: the central-difference step that balances truncation (h²) and rounding (ε/h).
constexpr double cbrt_eps = 6.0554544523933395e-06;
/// The complex step: far below rounding, since there is no subtraction to cancel.
constexpr double complex_h = 1e-20;

/// h = ∛ε·max(1, |x|)
double central_step(double x);
/// (x + h) − x: the step actually taken once x + h is rounded, exact in floating point.
double exact_step(double x, double h);

/// The pass rule: |a − n| ≤ atol + rtol·max(|a|, |n|), a analytic, n numeric; never when
/// either is not finite.
bool within(double a, double n, double atol, double rtol);
/// within(a, b) under the user's rule floored at atol 1e-7, rtol 1e-6 (two numeric references).
bool consistent(double a, double b, const CheckOptions& o);
/// |a − n| / (atol + rtol·max(|a|,|n|)), the "worst entry" ordering; +∞ when not finite.
double badness(double a, double n, double atol, double rtol);
/// |a − n| / max(|a|, |n|, atol/rtol); +∞ when not finite.
double rel_error(double a, double n, double atol, double rtol);

/// A.n_rows = B.n_rows and A.n_cols = B.n_cols
inline bool same_shape(const arma::mat& A, const arma::mat& B) {
  return A.n_rows == B.n_rows && A.n_cols == B.n_cols;
}

/// A.n_rows = B.n_cols and A.n_cols = B.n_rows
inline bool transposed_shape(const arma::mat& A, const arma::mat& B) {
  return A.n_rows == B.n_cols && A.n_cols == B.n_rows;
}

/// "rows×cols"
inline std::string shape(const arma::mat& M) { return fmt::format("{}×{}", M.n_rows, M.n_cols); }

/// The parts that are not empty, joined by "; ".
inline std::string join_notes(const std::vector<std::string>& parts) {
  std::string all;
  for (const std::string& part : parts)
    if (!part.empty()) all += (all.empty() ? "" : "; ") + part;
  return all;
}

/// f(X).
double eval(const Objective& f, const arma::mat& X);
/// Im f(X), for X with a complex perturbation.
double eval_imag(const Objective& f, const arma::cx_mat& X);

/// Evaluates the numeric derivative of f along entry k of the working copy W (restored after).
struct EntryProbe {
  const Objective& f;
  arma::mat W;      // working copy of X, perturbed one entry at a time
  arma::cx_mat Wc;  // complex working copy (complex step only)
  Method method;
  double ridders_step;

  EntryProbe(const Objective& f_, const arma::mat& X, Method m, double rs);

  /// f(W) with entry k set to x_k.
  double at(arma::uword k, double x_k);
  /// The central difference along entry k, whatever the method.
  double central(arma::uword k);
  /// The derivative along entry k; `error` receives Ridders' estimate (NaN otherwise).
  double derivative(arma::uword k, double& error);
  /// The kink rule documented at GradCheckReport, for entry k with analytic value a and f0 = f(X).
  bool is_kink(arma::uword k, double a, double f0, double atol, double rtol);
};

}  // namespace wb::detail
