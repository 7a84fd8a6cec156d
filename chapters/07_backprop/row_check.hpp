/// \file
/// \brief One row of a chapter 7 table: a scalar function of one quantity, its analytic
/// gradient from the code under test, and the checker's report — a FAIL row, not a crash, when
/// an exercise function stops with a size error; and a complete numeric gradient in every
/// case, since the rows below take it as their upstream gradient.
#pragma once

#include <armadillo>
#include <string>
#include <utility>

#include "wb/error.hpp"
#include "wb/exercise_guard.hpp"
#include "wb/gradcheck.hpp"

namespace wb::ch7 {

/// A scalar function of one matrix for the checker. For a smooth activation the generic
/// lambda `g` is passed as is, so the checker can also run it in std::complex<double>
/// (complex step); for ReLU, which has no complex extension, it is wrapped to take real
/// matrices only.
template <typename Phi, typename G>
auto differentiable(G g) {
  if constexpr (Phi::smooth) {
    return g;
  } else {
    return [g](const arma::mat& X) { return g(X); };
  }
}

/// The report of a row whose exercise function stopped with `error` before giving a gradient
/// of the input `X`: a failure in the style of a shape mismatch (nothing compared, NaN values),
/// the error's message as the diagnosis.
inline GradCheckReport exercise_failure(const std::string& name, const arma::mat& X, Method method,
                                        const ExerciseError& error) {
  GradCheckReport r;
  r.name = name;
  r.method = method;
  r.status = Status::fail;
  r.entries = X.n_elem;
  r.analytic = r.numeric = r.abs_error = r.rel_error = r.max_rel_error = arma::datum::nan;
  r.numeric_gradient.set_size(arma::size(X));
  r.numeric_gradient.fill(arma::datum::nan);
  r.diagnosis = error.what();
  return r;
}

/// Checks one row: `analytic()` gives the gradient of `f` at `X` from the code under test;
/// when `exercise` names an exercise function in it ("7.4"), it runs inside wb::guarded, and
/// an ExerciseError (a size mismatch inside it) makes the row a FAIL with the error's message.
/// Whatever the verdict, the report's numeric gradient is complete, so the rows below can
/// take it as their upstream gradient:
/// \f[ N_{jk} \approx \frac{\partial f}{\partial X_{jk}}(\mathbf{X}) \quad\text{for every } j, k \f]
template <typename F, typename Analytic>
GradCheckReport check_row(const std::string& name, const char* exercise, const F& f, const arma::mat& X,
                          Analytic&& analytic, const CheckOptions& options, const DiagnosisContext& context = {}) {
  GradCheckReport r;
  try {
    const arma::mat a = exercise ? guarded(exercise, std::forward<Analytic>(analytic)) : analytic();
    r = check_gradient(name, f, X, a, options, context);
  } catch (const ExerciseError& e) {
    r = exercise_failure(name, X, options.method, e);
  }
  // A shape mismatch or an exercise error compares nothing: compute the numeric gradient anyway.
  if (!r.numeric_gradient.is_finite()) r.numeric_gradient = numeric_gradient(f, X, options.method);
  return r;
}

}  // namespace wb::ch7
