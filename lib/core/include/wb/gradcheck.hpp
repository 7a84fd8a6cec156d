/// \file
/// \brief The gradient checker: compares an analytic gradient with a numeric one, entry by
/// entry, and says what is wrong when they differ.
///
/// Two questions, one report:
///  - `check_gradient(name, f, X, dX)`: is `dX` the gradient of the scalar function
///    \f$ f(\mathbf{X}) \f$?
///  - `check_backward(name, f, X, dY, dX)`: is `dX` the backward pass of the matrix-valued
///    \f$ \mathbf{Y} = f(\mathbf{X}) \f$ for the upstream gradient `dY`, i.e. the gradient of
///    \f$ \langle \mathrm{d}\mathbf{Y}, f(\mathbf{X}) \rangle = \sum_{ij} \mathrm{d}Y_{ij} f(\mathbf{X})_{ij} \f$?
///
/// The numeric reference is, per `CheckOptions::method`,
///  - `central`: \f$ n_k = \frac{f(\mathbf{X} + h_k \mathbf{e}_k) - f(\mathbf{X} - h_k \mathbf{e}_k)}{2 h_k} \f$,
///    \f$ h_k = \sqrt[3]{\varepsilon}\,\max(1, |x_k|) \f$ (error \f$ \approx \varepsilon^{2/3} \approx 4\cdot 10^{-11} \f$
///    relative, for a smooth f of order-one scale);
///  - `richardson`: Ridders' extrapolation of central differences (Numerical Recipes `dfridr`),
///    which also returns an error estimate (about \f$ 10^{-12} \f$ on smooth functions). Its
///    larger steps may cross a kink the central step does not: where a mismatching Ridders
///    value is contradicted by the central difference, the central one is used (and noted);
///  - `complex_step`: \f$ n_k = \mathrm{Im}\, f(\mathbf{X} + i h \mathbf{e}_k) / h \f$, \f$ h = 10^{-20} \f$,
///    exact to rounding for functions analytic in each entry. It needs f written once for any
///    element type, e.g. a generic lambda `[&](const auto& X) { ... }` that Armadillo can run with
///    `arma::mat` and `arma::cx_mat`, and it is meaningless for kinked functions (ReLU, which
///    compiles for cx_mat all the same). When f cannot take cx_mat, or a mismatching entry's
///    complex-step value is contradicted by real differences, the check runs with
///    `richardson` instead, says so in `note`, and reports `method == richardson`.
///
/// Each entry passes when
/// \f[ |a - n| \le \mathrm{atol} + \mathrm{rtol} \cdot \max(|a|, |n|) \f]
/// (a analytic, n numeric). See `CheckOptions` for the defaults and why.
///
/// Checking always runs in double: every function here refuses `arma::fmat` (or any non-double
/// input) at compile time.
///
/// Typical use (chapter 7: the left-hand quantity as the input of the rest of the graph):
/// \code
///   const auto J_of_W1 = [&](const auto& W) { return J(W, W2, x, y); };  // everything else fixed
///   std::cout << wb::table_header() << '\n';
///   std::cout << wb::row(wb::check_gradient("E1  dJ/dW1", J_of_W1, W1, dJ_dW1)) << '\n';
/// \endcode
///
/// This header is the checker's interface. The checks take any callable and turn it into an
/// Objective (a std::function in double, and one in complex arithmetic where f allows it), so
/// that the checker itself is compiled once, in lib/core/src, not again for every function a
/// program checks: the numeric derivative of an entry and the pass rule in gradcheck.cpp, the
/// directional check and the steps of a check in gradcheck_check.cpp, the diagnosis and the
/// table in gradcheck_report.cpp.
#pragma once

#include <armadillo>
#include <complex>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "wb/error.hpp"

namespace wb {

// ------------------------------------------------------------------------------------------
// Options, context, report
// ------------------------------------------------------------------------------------------

/// How the numeric reference derivative is computed.
enum class Method {
  central,       ///< central differences, step ∛ε·max(1,|x|); 2 evaluations per entry
  richardson,    ///< Ridders' extrapolation with an error estimate; up to 20 evaluations per entry
  complex_step,  ///< Im f(x + ih)/h with h = 1e-20; 1 complex evaluation per entry
};

/// "central", "richardson" or "complex".
const char* method_name(Method m);

/// Parses "central", "richardson", "ridders", "complex", "complex_step" or "complex-step";
/// anything else throws wb::UserError (exit status 64) naming the valid values.
Method method_from_string(const std::string& s);

/// The verdict of a check.
enum class Status {
  ok,    ///< every checked entry passes the rule
  fail,  ///< at least one entry fails and is not explained by a kink (or the shapes differ)
  kink,  ///< every mismatch is explained by a kink (a point where f is not differentiable)
};

/// "ok", "FAIL" or "kink" (the status words of the chapter 7 table).
const char* status_word(Status s);

/// Prints `status_word(s)` (so Boost.Test can show a Status in a failed assertion).
inline std::ostream& operator<<(std::ostream& os, Status s) { return os << status_word(s); }
/// Prints `method_name(m)`.
inline std::ostream& operator<<(std::ostream& os, Method m) { return os << method_name(m); }

/// How to check. The defaults suit double-precision checks of order-one quantities.
/// `method` stays the first member (callers write `CheckOptions{Method::richardson}`); new
/// members are only ever appended.
///
/// Tolerances: the pass rule is |a − n| ≤ atol + rtol·max(|a|,|n|) with atol = 1e-6,
/// rtol = 1e-5. Central differences in double are accurate to about ε^{2/3} ≈ 4e-11 times
/// the scale of f and its third derivative, so correct smooth gradients pass with four to
/// five orders of magnitude to spare (and the complex step / Ridders even more). The
/// tolerance is still tight enough for the classic mistakes with small terms: with λ = 1e-2
/// the λ-vs-2λ bug changes an entry by λ|W_ij|, which exceeds the tolerance as soon as
/// |W_ij| > 1e-4 + 1e-3·|entry| (the worst entry decides: with weights of order 0.01–0.1 it
/// fails by 10–1000 tolerances); torch.autograd.gradcheck's atol 1e-5 / rtol 1e-3 would miss it
/// for small weights.
struct CheckOptions {
  Method method = Method::central;
  double atol = 1e-6;  ///< absolute tolerance of the pass rule
  double rtol = 1e-5;  ///< relative tolerance of the pass rule

  /// Directional mode: one seeded random unit direction v, compare
  /// (f(X + h v) − f(X − h v)) / 2h (or the chosen method along v) with ⟨dX, v⟩.
  /// Two evaluations of f instead of 2·n. When it fails, the report falls back to a per-entry
  /// check (and says so in `note`): bisection on the direction locates the wrong entries,
  /// which are checked together with a seeded sample of `fallback_samples` others (`samples`
  /// if set; all entries when there are no more than that).
  /// Sensitivity: an error δ in one entry moves the slope by δ·v_k with |v_k| ≈ 1/√n, so in
  /// one direction the mode sees single-entry errors above about atol·√n (4.5e-4 for a
  /// 784×256 matrix) and systematic ones (a missing term, a factor) far below that. It is
  /// the fast first pass; the per-entry check is the verdict.
  bool directional = false;
  arma::uword fallback_samples = 256;

  /// Sampled entries: check only this many seeded random (distinct) entries; 0 = all.
  arma::uword samples = 0;

  std::uint64_t seed = 20240607;  ///< seeds the direction and the sample; same seed, same report

  /// Kink detection on failing entries (see `GradCheckReport`); off = every mismatch fails.
  bool detect_kinks = true;

  /// Ridders: the first (largest) step, relative to max(1,|x|); shrunk by 1.4 up to 10 times.
  double ridders_step = 1e-2;
};

/// One caller-supplied explanation for a failing check: when the analytic gradient equals
/// `candidate` (same pass rule, on the checked entries), the diagnosis is `message`.
/// Chapter 7 passes {"φ instead of φ′: …", dJ_dh % phi(z)} for equation D.
struct Hypothesis {
  std::string message;
  arma::mat candidate;
};

/// What the checker may use to diagnose a failure (all optional). Callers fill it member by
/// member; new members are only ever appended.
struct DiagnosisContext {
  double batch = 0;                     ///< batch size n (> 1 enables the 1/batch hypotheses)
  arma::mat decay;                      ///< the decay term λW of this gradient (empty: none)
  std::vector<Hypothesis> hypotheses;   ///< extra named hypotheses, tried after the built-in ones
  /// The likely slip behind a missing transpose, in this gradient's own variables, e.g.
  /// `did you write x * dJ_dz.t() instead of dJ_dz * x.t()?`; shown in parentheses after the
  /// transpose diagnosis (empty: no parenthesis).
  std::string transpose_hint;
};

/// The result of one check; `row(report)` prints it as one line of a table.
///
/// Kink rule (per entry, applied only when the entry fails the pass rule and
/// `detect_kinks`): with the entry's central step h, the one-sided slopes
/// s₊(h) = (f(x+h)−f(x))/h and s₋(h) = (f(x)−f(x−h))/h and their jump J(h) = |s₊ − s₋|,
/// the entry is a *kink* iff all three hold:
///  1. the slopes disagree: J(h) > atol + rtol·max(|s₊|,|s₋|);
///  2. the analytic value is one of the one-sided slopes or between them:
///     min(s₊,s₋) − τ ≤ a ≤ max(s₊,s₋) + τ, τ = atol + rtol·max(|s₊|,|s₋|,|a|);
///  3. the jump does not shrink as a smooth function's does (J(h/2) ≈ J(h)/2 and
///     J(h/4) ≈ J(h)/4 within 0.1·J(h)): a kink keeps (part of) its jump Δ when the step
///     shrinks, a curvature jump h·f″ halves.
/// Otherwise the entry fails. The status is `fail` if any entry fails, else `kink` if any
/// entry is a kink, else `ok`; a `kink` report is not a failure (`passed()` is true).
struct GradCheckReport {
  std::string name;                     ///< e.g. "E1  dJ/dW1"
  Method method = Method::central;      ///< the method actually used
  Status status = Status::ok;
  arma::uword entries = 0;              ///< entries of the input X
  arma::uword checked = 0;              ///< entries checked one by one (0 if directional passed)
  arma::uword failed = 0;               ///< checked entries failing the rule (kinks excluded)
  arma::uword kinks = 0;                ///< checked entries reported as kinks
  arma::uword worst_row = 0, worst_col = 0;  ///< the worst entry (a failing one if any)
  /// The values at the worst entry; when a directional check passed, ⟨dX, v⟩ and the numeric
  /// slope along v. NaN (printed "-") where there is no entry to compare (a shape mismatch).
  double analytic = 0, numeric = 0;
  double abs_error = 0;                 ///< |a − n| at the worst entry
  double rel_error = 0;                 ///< |a − n| / max(|a|, |n|, atol/rtol) at the worst entry
  double max_rel_error = 0;             ///< the largest rel_error over the checked non-kink entries
  double error_estimate = std::numeric_limits<double>::quiet_NaN();  ///< Ridders' largest error estimate
  bool directional = false;             ///< a directional check was run
  bool fell_back = false;               ///< ... and failed, so entries were checked one by one
  std::string diagnosis;                ///< one line naming the classic mistake (failures only)
  std::string note;                     ///< how the check ran, when not plain (fallback, sampling)
  arma::mat numeric_gradient;           ///< numeric values, NaN where not checked (X's shape)

  bool passed() const { return status != Status::fail; }
};

/// The header of the report table, matching `row()` column by column.
std::string table_header();

/// One report as one table row: name, status, method, checked, failed, kinks, worst entry
/// (row,col), analytic, numeric, abs err, rel err, max rel err, then the note and diagnosis.
std::string row(const GradCheckReport& r);

/// The header and one row per report, each line newline-terminated.
std::string table(const std::vector<GradCheckReport>& reports);

/// True when no report has status `fail`.
bool all_passed(const std::vector<GradCheckReport>& reports);

// ------------------------------------------------------------------------------------------
// Checks
// ------------------------------------------------------------------------------------------

/// A scalar function of a matrix as the checker calls it: in double, and, when it can be
/// evaluated in complex arithmetic (for the complex step), in std::complex<double>. The checks
/// below build one from any callable; the checker's machinery (lib/core/src/gradcheck*.cpp) is
/// compiled once, for every function it checks.
struct Objective {
  std::function<double(const arma::mat&)> real;
  std::function<std::complex<double>(const arma::cx_mat&)> complex;  ///< empty: real only
};

/// A matrix-valued function Y = f(X) as check_backward calls it (complex: may be empty).
struct MatrixFunction {
  std::function<arma::mat(const arma::mat&)> real;
  std::function<arma::cx_mat(const arma::cx_mat&)> complex;
};

/// `f` as an Objective: its complex side is set when f can be called with a cx_mat (a generic
/// lambda `[&](const auto& X) { ... }`). f must outlive the Objective.
template <typename F>
Objective objective(F& f) {
  Objective o;
  o.real = [&f](const arma::mat& X) { return static_cast<double>(f(X)); };
  if constexpr (std::is_invocable_v<F&, const arma::cx_mat&>)
    o.complex = [&f](const arma::cx_mat& X) { return static_cast<std::complex<double>>(f(X)); };
  return o;
}

namespace detail {
// The checker's core, compiled once (lib/core/src/gradcheck_check.cpp, and numeric_gradient_impl
// in gradcheck.cpp); the templates below call them.
GradCheckReport check_gradient_impl(const std::string& name, const Objective& f, const arma::mat& X,
                                    const arma::mat& dX, const CheckOptions& options, const DiagnosisContext& context);
GradCheckReport check_backward_impl(const std::string& name, const MatrixFunction& f, const arma::mat& X,
                                    const arma::mat& dY, const arma::mat& dX, const CheckOptions& options,
                                    const DiagnosisContext& context);
arma::mat numeric_gradient_impl(const Objective& f, const arma::mat& X, Method method);
}  // namespace detail

/// Checks the gradient `dX` of a scalar function `f` at `X`.
/// `f` is called with `const arma::mat&` and returns a double; for `Method::complex_step`
/// it must also accept `const arma::cx_mat&` and return std::complex<double> (a generic
/// lambda); if it cannot, the check uses `richardson` instead and says so in `note`.
/// `X` and `dX` may be any double Armadillo expressions; a `dX` whose shape differs from
/// X's is a failure with a clear diagnosis (a transposed shape is diagnosed as such).
template <typename F, typename eX, typename TX, typename eA, typename TA>
GradCheckReport check_gradient(const std::string& name, F&& f, const arma::Base<eX, TX>& X,
                               const arma::Base<eA, TA>& dX, const CheckOptions& options = {},
                               const DiagnosisContext& context = {}) {
  constexpr bool in_double = std::is_same_v<eX, double> && std::is_same_v<eA, double>;
  static_assert(in_double, "wb::check_gradient checks in double only: pass arma::mat, not arma::fmat "
                           "(convert with arma::conv_to<arma::mat>::from(x)).");
  if constexpr (in_double)
    return detail::check_gradient_impl(name, objective(f), arma::mat(X.get_ref()), arma::mat(dX.get_ref()), options,
                                       context);
  else return {};
}

/// Checks the backward pass `dX` of a matrix-valued `Y = f(X)` against the upstream gradient
/// `dY` (CS231n's eval_numerical_gradient_array): the gradient of ⟨dY, f(X)⟩ with respect to
/// X. A `dY` whose shape differs from f(X)'s is a failure with a clear diagnosis.
template <typename F, typename eX, typename TX, typename eY, typename TY, typename eA, typename TA>
GradCheckReport check_backward(const std::string& name, F&& f, const arma::Base<eX, TX>& X,
                               const arma::Base<eY, TY>& dY, const arma::Base<eA, TA>& dX,
                               const CheckOptions& options = {}, const DiagnosisContext& context = {}) {
  constexpr bool in_double =
      std::is_same_v<eX, double> && std::is_same_v<eY, double> && std::is_same_v<eA, double>;
  static_assert(in_double, "wb::check_backward checks in double only: pass arma::mat, not arma::fmat "
                           "(convert with arma::conv_to<arma::mat>::from(x)).");
  if constexpr (in_double) {
    MatrixFunction m;
    m.real = [&f](const arma::mat& V) { return arma::mat(f(V)); };
    if constexpr (std::is_invocable_v<F&, const arma::cx_mat&>)
      m.complex = [&f](const arma::cx_mat& V) { return arma::cx_mat(f(V)); };
    return detail::check_backward_impl(name, m, arma::mat(X.get_ref()), arma::mat(dY.get_ref()),
                                       arma::mat(dX.get_ref()), options, context);
  } else {
    return {};
  }
}

// ------------------------------------------------------------------------------------------
// Building blocks (used by the checks; public for the chapters and for tests)
// ------------------------------------------------------------------------------------------

/// The numeric gradient of a scalar `f` at `X`, every entry, with `method`.
template <typename F, typename eX, typename TX>
arma::mat numeric_gradient(F&& f, const arma::Base<eX, TX>& X, Method method = Method::central) {
  constexpr bool in_double = std::is_same_v<eX, double>;
  static_assert(in_double, "wb::numeric_gradient works in double only: pass arma::mat, not arma::fmat "
                           "(convert with arma::conv_to<arma::mat>::from(x)).");
  if constexpr (in_double) return detail::numeric_gradient_impl(objective(f), arma::mat(X.get_ref()), method);
  else return {};
}

/// A derivative and its error estimate.
struct Derivative {
  double value = 0;
  double error = 0;
};

/// The central difference of `g`, a function of one real variable, at x:
/// \f$ g'(x) \approx (g(x + h) - g(x - h)) / 2h \f$ with \f$ h = \sqrt[3]{\varepsilon}\max(1, |x|) \f$.
double central_difference(const std::function<double(double)>& g, double x);

/// Ridders' method (Numerical Recipes `dfridr`): the derivative of the scalar function
/// `g(t)` at t = 0 by polynomial extrapolation of central differences with steps
/// h0, h0/1.4, h0/1.4², … (at most 10), and the estimate of its error.
Derivative ridders(const std::function<double(double)>& g, double h0);

/// The one-line diagnosis of a failing check, from the analytic gradient `A` and the numeric
/// `N` (N has X's shape; A may not). Tries, in order, and returns the first that explains A
/// within the rule (on the entries where `mask` is nonzero; empty mask = all entries):
/// a transpose (Aᵀ ≈ N; followed by `context.transpose_hint` in parentheses when there is
/// one), a sign error (A ≈ −N), a missing or extra 1/batch factor
/// (A ≈ batch·N or N/batch), a missing decay term (A ≈ N − λW), λ vs 2λ (A ≈ N + λW), the
/// caller's hypotheses (A ≈ candidate), a constant factor c (A ≈ cN), else "no classic
/// mistake matches: compare the analytic and the numeric value at the worst entry". A shape
/// that is neither N's nor its transpose gives a shape-mismatch message.
std::string diagnose(const arma::mat& A, const arma::mat& N, const DiagnosisContext& context,
                     double atol = 1e-6, double rtol = 1e-5, const arma::umat& mask = {});

}  // namespace wb
