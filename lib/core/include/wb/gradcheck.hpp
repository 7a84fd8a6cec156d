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
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numeric>
#include <ostream>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
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
inline const char* method_name(Method m);

/// Parses "central", "richardson", "ridders", "complex", "complex_step" or "complex-step";
/// anything else throws wb::UserError (exit status 64) naming the valid values.
inline Method method_from_string(const std::string& s);

/// The verdict of a check.
enum class Status {
  ok,    ///< every checked entry passes the rule
  fail,  ///< at least one entry fails and is not explained by a kink (or the shapes differ)
  kink,  ///< every mismatch is explained by a kink (a point where f is not differentiable)
};

/// "ok", "FAIL" or "kink" (the status words of the chapter 7 table).
inline const char* status_word(Status s);

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

/// What the checker may use to diagnose a failure (all optional).
struct DiagnosisContext {
  double batch = 0;                     ///< batch size n (> 1 enables the 1/batch hypotheses)
  arma::mat decay;                      ///< the decay term λW of this gradient (empty: none)
  std::vector<Hypothesis> hypotheses;   ///< extra named hypotheses, tried after the built-in ones
  std::string transpose_hint;           ///< shown after a diagnosed missing transpose, in the row's own variables, e.g. "dJ_dz * x.t(), not x * dJ_dz.t()"
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
inline std::string table_header();

/// One report as one table row: name, status, method, checked, failed, kinks, worst entry
/// (row,col), analytic, numeric, abs err, rel err, max rel err, then the note and diagnosis.
inline std::string row(const GradCheckReport& r);

/// The header and one row per report, each line newline-terminated.
inline std::string table(const std::vector<GradCheckReport>& reports);

/// True when no report has status `fail`.
inline bool all_passed(const std::vector<GradCheckReport>& reports);

// ------------------------------------------------------------------------------------------
// Checks
// ------------------------------------------------------------------------------------------

/// Checks the gradient `dX` of a scalar function `f` at `X`.
/// `f` is called with `const arma::mat&` and returns a double; for `Method::complex_step`
/// it must also accept `const arma::cx_mat&` and return std::complex<double> (a generic
/// lambda); if it cannot, the check uses `richardson` instead and says so in `note`.
/// `X` and `dX` may be any double Armadillo expressions; a `dX` whose shape differs from
/// X's is a failure with a clear diagnosis (a transposed shape is diagnosed as such).
template <typename F, typename eX, typename TX, typename eA, typename TA>
GradCheckReport check_gradient(const std::string& name, F&& f, const arma::Base<eX, TX>& X,
                               const arma::Base<eA, TA>& dX, const CheckOptions& options = {},
                               const DiagnosisContext& context = {});

/// Checks the backward pass `dX` of a matrix-valued `Y = f(X)` against the upstream gradient
/// `dY` (CS231n's eval_numerical_gradient_array): the gradient of ⟨dY, f(X)⟩ with respect to
/// X. A `dY` whose shape differs from f(X)'s is a failure with a clear diagnosis.
template <typename F, typename eX, typename TX, typename eY, typename TY, typename eA, typename TA>
GradCheckReport check_backward(const std::string& name, F&& f, const arma::Base<eX, TX>& X,
                               const arma::Base<eY, TY>& dY, const arma::Base<eA, TA>& dX,
                               const CheckOptions& options = {},
                               const DiagnosisContext& context = {});

// ------------------------------------------------------------------------------------------
// Building blocks (used by the checks; public for the chapter's export and for tests)
// ------------------------------------------------------------------------------------------

/// The numeric gradient of a scalar `f` at `X`, every entry, with `method`.
template <typename F, typename eX, typename TX>
arma::mat numeric_gradient(F&& f, const arma::Base<eX, TX>& X, Method method = Method::central);

/// A derivative and its error estimate.
struct Derivative {
  double value = 0;
  double error = 0;
};

/// Ridders' method (Numerical Recipes `dfridr`): the derivative of the scalar function
/// `g(t)` at t = 0 by polynomial extrapolation of central differences with steps
/// h0, h0/1.4, h0/1.4², … (at most 10), and the estimate of its error.
template <typename G>
Derivative ridders(G&& g, double h0);

/// The one-line diagnosis of a failing check, from the analytic gradient `A` and the numeric
/// `N` (N has X's shape; A may not). Tries, in order, and returns the first that explains A
/// within the rule (on the entries where `mask` is nonzero; empty mask = all entries):
/// a transpose (Aᵀ ≈ N), a sign error (A ≈ −N), a missing or extra 1/batch factor
/// (A ≈ batch·N or N/batch), a missing decay term (A ≈ N − λW), λ vs 2λ (A ≈ N + λW), the
/// caller's hypotheses (A ≈ candidate), a constant factor c (A ≈ cN), else
/// "no classic mistake matches: compare the worst entry above". A shape that is neither N's
/// nor its transpose gives a shape-mismatch message.
inline std::string diagnose(const arma::mat& A, const arma::mat& N, const DiagnosisContext& context,
                            double atol = 1e-6, double rtol = 1e-5, const arma::umat& mask = {});

}  // namespace wb

// ------------------------------------------------------------------------------------------
// Implementation
// ------------------------------------------------------------------------------------------

namespace wb {

inline const char* method_name(Method m) {
  switch (m) {
    case Method::central: return "central";
    case Method::richardson: return "richardson";
    case Method::complex_step: return "complex";
  }
  return "?";
}

inline Method method_from_string(const std::string& s) {
  if (s == "central") return Method::central;
  if (s == "richardson" || s == "ridders") return Method::richardson;
  if (s == "complex" || s == "complex_step" || s == "complex-step") return Method::complex_step;
  throw UserError("unknown gradient-check method '" + s + "': use central, richardson or complex",
                  exit_usage);
}

inline const char* status_word(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::fail: return "FAIL";
    case Status::kink: return "kink";
  }
  return "?";
}


namespace detail {

/// ∛ε for double: the central-difference step that balances truncation (h²) and rounding (ε/h).
inline constexpr double cbrt_eps = 6.0554544523933395e-06;
/// The complex step: far below rounding, since there is no subtraction to cancel.
inline constexpr double complex_h = 1e-20;

/// h_k = ∛ε·max(1, |x_k|)
inline double central_step(double x) { return cbrt_eps * std::max(1.0, std::abs(x)); }

/// The step actually taken when x + h is rounded: (x + h) − x, exact in floating point.
inline double exact_step(double x, double h) {
  volatile double t = x + h;
  return t - x;
}

/// The pass rule |a − n| ≤ atol + rtol·max(|a|,|n|); non-finite values never pass.
inline bool within(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return false;
  return std::abs(a - n) <= atol + rtol * std::max(std::abs(a), std::abs(n));
}

/// Do two numeric references agree, as far as real differences can tell? The user's rule,
/// floored at atol 1e-7, rtol 1e-6 (central differences are good to about 1e-10, so a strict
/// rule, e.g. rtol 1e-12 for the complex step, must not make a guard misfire).
inline bool consistent(double a, double b, const CheckOptions& o) {
  return within(a, b, std::max(o.atol, 1e-7), std::max(o.rtol, 1e-6));
}

/// How many tolerances an entry is off (the "worst entry" ordering); +inf when not finite.
inline double badness(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  return std::abs(a - n) / (atol + rtol * std::max(std::abs(a), std::abs(n)));
}

/// |a − n| / max(|a|, |n|, atol/rtol): a rel error ≤ rtol implies the entry passes.
inline double rel_error(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  const double floor = rtol > 0 ? atol / rtol : 0.0;
  const double d = std::max({std::abs(a), std::abs(n), floor});
  return d > 0 ? std::abs(a - n) / d : 0.0;
}

inline std::string shape(const arma::mat& M) { return fmt::format("{}×{}", M.n_rows, M.n_cols); }

template <typename F>
inline constexpr bool complex_callable = std::is_invocable_v<F&, const arma::cx_mat&>;

template <typename F>
double eval(F& f, const arma::mat& X) {
  return static_cast<double>(f(X));
}

template <typename F>
double eval_imag(F& f, const arma::cx_mat& X) {
  return std::imag(static_cast<std::complex<double>>(f(X)));
}

/// g(X) = ⟨dY, f(X)⟩: the scalar whose gradient is the backward pass of f for upstream dY.
/// Callable with cx_mat exactly when f is.
template <typename F>
struct InnerProduct {
  F& f;
  const arma::mat& dY;
  arma::cx_mat dYc;

  InnerProduct(F& f_, const arma::mat& dY_) : f(f_), dY(dY_) {
    if constexpr (complex_callable<F>) dYc = arma::cx_mat(dY, arma::zeros<arma::mat>(arma::size(dY)));
  }
  double operator()(const arma::mat& X) const {
    const arma::mat Y = f(X);
    return arma::accu(dY % Y);
  }
  template <typename G = F, std::enable_if_t<complex_callable<G>, int> = 0>
  std::complex<double> operator()(const arma::cx_mat& X) const {
    const arma::cx_mat Y = f(X);
    return arma::accu(dYc % Y);
  }
};

/// Evaluates the numeric derivative of f along entry k of the working copy W (restored after).
template <typename F>
struct EntryProbe {
  F& f;
  arma::mat W;      // working copy of X, perturbed one entry at a time
  arma::cx_mat Wc;  // complex working copy (complex step only)
  Method method;
  double ridders_step;

  EntryProbe(F& f_, const arma::mat& X, Method m, double rs) : f(f_), W(X), method(m), ridders_step(rs) {
    if constexpr (complex_callable<F>) {
      if (method == Method::complex_step) Wc = arma::cx_mat(X, arma::zeros<arma::mat>(arma::size(X)));
    }
  }

  double at(arma::uword k, double x_plus) {
    const double x = W(k);
    W(k) = x_plus;
    const double v = eval(f, W);
    W(k) = x;
    return v;
  }

  /// The central difference along entry k, whatever the method.
  double central(arma::uword k) {
    const double x = W(k);
    const double h = central_step(x);
    const double hp = exact_step(x, h), hm = exact_step(x, -h);
    return (at(k, x + hp) - at(k, x + hm)) / (hp - hm);
  }

  /// The derivative along entry k; `error` receives Ridders' estimate (NaN otherwise).
  double derivative(arma::uword k, double& error) {
    const double x = W(k);
    error = std::numeric_limits<double>::quiet_NaN();
    switch (method) {
      case Method::central: return central(k);
      case Method::richardson: {
        const Derivative d = ridders([&](double t) { return at(k, x + t); },
                                     ridders_step * std::max(1.0, std::abs(x)));
        error = d.error;
        return d.value;
      }
      case Method::complex_step: {
        if constexpr (complex_callable<F>) {
          Wc(k) = std::complex<double>(x, complex_h);
          const double v = eval_imag(f, Wc) / complex_h;
          Wc(k) = std::complex<double>(x, 0.0);
          return v;
        }
        break;
      }
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  /// The kink rule documented at GradCheckReport, for entry k with analytic value a and f0 = f(X).
  bool is_kink(arma::uword k, double a, double f0, double atol, double rtol) {
    const double x = W(k);
    const auto slopes = [&](double h, double& sp, double& sm) {
      const double hp = exact_step(x, h), hm = exact_step(x, -h);
      sp = (at(k, x + hp) - f0) / hp;
      sm = (f0 - at(k, x + hm)) / (-hm);
    };
    const double h = central_step(x);
    double sp, sm;
    slopes(h, sp, sm);
    if (!std::isfinite(sp) || !std::isfinite(sm) || !std::isfinite(a)) return false;
    const double J1 = std::abs(sp - sm);
    if (J1 <= atol + rtol * std::max(std::abs(sp), std::abs(sm))) return false;  // 1: no jump
    const double tau = atol + rtol * std::max({std::abs(sp), std::abs(sm), std::abs(a)});
    if (a < std::min(sp, sm) - tau || a > std::max(sp, sm) + tau) return false;  // 2: a is no slope
    double sp2, sm2, sp4, sm4;
    slopes(h / 2, sp2, sm2);
    slopes(h / 4, sp4, sm4);
    const double J2 = std::abs(sp2 - sm2), J4 = std::abs(sp4 - sm4);
    const bool smooth = std::abs(J2 - J1 / 2) <= 0.1 * J1 && std::abs(J4 - J1 / 4) <= 0.1 * J1;
    return !smooth;  // 3: the jump does not shrink like h·f″
  }
};

/// k distinct entries out of n, seeded, in increasing order (all of them when k ≥ n or k = 0).
inline std::vector<arma::uword> pick_entries(arma::uword n, arma::uword k, std::uint64_t seed) {
  std::vector<arma::uword> idx(n);
  std::iota(idx.begin(), idx.end(), arma::uword(0));
  if (k == 0 || k >= n) return idx;
  std::mt19937_64 rng(seed);
  for (arma::uword i = 0; i < k; ++i) {
    std::uniform_int_distribution<arma::uword> pick(i, n - 1);
    std::swap(idx[i], idx[pick(rng)]);
  }
  idx.resize(k);
  std::sort(idx.begin(), idx.end());
  return idx;
}

/// A seeded random unit direction, nonzero only on the entries [lo, hi).
inline arma::mat random_direction(const arma::SizeMat& s, arma::uword lo, arma::uword hi,
                                  std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  arma::mat V(s, arma::fill::zeros);
  for (arma::uword k = lo; k < hi; ++k) V(k) = normal(rng);
  const double norm = arma::norm(arma::vectorise(V));
  if (norm > 0) V /= norm;
  return V;
}

struct Directional {
  double analytic = 0, numeric = 0, error = std::numeric_limits<double>::quiet_NaN();
  bool pass = false;
  bool central_instead = false;  ///< Ridders was contradicted by the central slope (a kink)
};

/// Compares the derivative of f along the unit direction V with ⟨A, V⟩.
template <typename F>
Directional directional(F& f, const arma::mat& X, const arma::mat& A, const arma::mat& V,
                        Method method, const CheckOptions& o) {
  Directional d;
  const double scale = std::max(1.0, X.is_empty() ? 0.0 : arma::abs(X).max());
  if (method == Method::central) {
    // The steps actually taken, entry by entry, after rounding X ± hV: compare with ⟨A, dp + dm⟩/2h.
    const double h = cbrt_eps * scale;
    const arma::mat Xp = X + h * V, Xm = X - h * V;
    const arma::mat steps = (Xp - X) + (X - Xm);
    d.numeric = (eval(f, Xp) - eval(f, Xm)) / (2 * h);
    d.analytic = arma::dot(A, steps) / (2 * h);
  } else if (method == Method::richardson) {
    const Derivative r = ridders([&](double t) { return eval(f, arma::mat(X + t * V)); }, o.ridders_step * scale);
    d.numeric = r.value;
    d.error = r.error;
    d.analytic = arma::dot(A, V);
    if (!within(d.analytic, d.numeric, o.atol, o.rtol)) {
      // Ridders' larger steps may cross kinks (ReLU): when the central slope contradicts it, trust that.
      Directional c = directional(f, X, A, V, Method::central, o);
      c.central_instead = true;
      if (!consistent(c.numeric, r.value, o)) return c;
    }
  } else {
    if constexpr (complex_callable<F>) {
      const arma::cx_mat Xc(X, complex_h * V);
      d.numeric = eval_imag(f, Xc) / complex_h;
    }
    d.analytic = arma::dot(A, V);
  }
  d.pass = within(d.analytic, d.numeric, o.atol, o.rtol);
  return d;
}

/// Bisection on the direction: splits [lo, hi) while the restricted directional check fails,
/// collecting the leaves (≤ 32 entries) that fail, until `budget` checks or `cap` entries.
template <typename F>
void locate(F& f, const arma::mat& X, const arma::mat& A, Method method, const CheckOptions& o,
            arma::uword lo, arma::uword hi, std::mt19937_64& rng, int& budget, arma::uword cap,
            std::vector<arma::uword>& found) {
  if (budget <= 0 || found.size() >= cap || lo >= hi) return;
  --budget;
  const arma::mat V = random_direction(arma::size(X), lo, hi, rng);
  if (directional(f, X, A, V, method, o).pass) return;
  if (hi - lo <= 32) {
    for (arma::uword k = lo; k < hi; ++k) found.push_back(k);
    return;
  }
  const arma::uword mid = lo + (hi - lo) / 2;
  locate(f, X, A, method, o, lo, mid, rng, budget, cap, found);
  locate(f, X, A, method, o, mid, hi, rng, budget, cap, found);
}

inline std::string fmt_value(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.6e}", v); }
inline std::string fmt_error(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.2e}", v); }

}  // namespace detail

template <typename G>
Derivative ridders(G&& g, double h0) {
  // Numerical Recipes' dfridr: a Neville tableau of central differences with shrinking steps,
  // extrapolated to h → 0; the error estimate is the difference to the previous orders.
  constexpr int ntab = 10;
  constexpr double con = 1.4, con2 = con * con, safe = 2.0;
  double a[ntab][ntab];
  double hh = h0;
  Derivative best{0.0, std::numeric_limits<double>::max()};
  a[0][0] = (g(hh) - g(-hh)) / (2.0 * hh);
  best.value = a[0][0];
  for (int i = 1; i < ntab; ++i) {
    hh /= con;
    a[0][i] = (g(hh) - g(-hh)) / (2.0 * hh);
    double fac = con2;
    for (int j = 1; j <= i; ++j) {
      a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1.0);
      fac *= con2;
      const double errt = std::max(std::abs(a[j][i] - a[j - 1][i]), std::abs(a[j][i] - a[j - 1][i - 1]));
      if (errt <= best.error) {
        best.error = errt;
        best.value = a[j][i];
      }
    }
    if (std::abs(a[i][i] - a[i - 1][i - 1]) >= safe * best.error) break;
  }
  return best;
}

inline std::string diagnose(const arma::mat& A, const arma::mat& N, const DiagnosisContext& context,
                            double atol, double rtol, const arma::umat& mask) {
  const bool same = A.n_rows == N.n_rows && A.n_cols == N.n_cols;
  const bool transposed = A.n_rows == N.n_cols && A.n_cols == N.n_rows;
  const bool use_mask = !mask.is_empty() && mask.n_rows == N.n_rows && mask.n_cols == N.n_cols;
  const auto counts = [&](arma::uword k) { return !use_mask || mask(k) != 0; };
  // P ≈ Q on the counted entries (P, Q in N's shape).
  const auto matches = [&](const arma::mat& P, const arma::mat& Q) {
    if (P.n_rows != Q.n_rows || P.n_cols != Q.n_cols) return false;
    for (arma::uword k = 0; k < P.n_elem; ++k)
      if (counts(k) && !detail::within(P(k), Q(k), atol, rtol)) return false;
    return true;
  };
  const auto same_shape = [&](const arma::mat& M) { return M.n_rows == N.n_rows && M.n_cols == N.n_cols; };

  if (transposed && matches(A.t(), N))
    return "missing transpose: the analytic gradient is the transpose of the numeric one" +
           (context.transpose_hint.empty() ? "" : " (" + context.transpose_hint + ")");
  if (!same)
    return fmt::format("shape mismatch: the analytic gradient is {} but the input is {} "
                       "(a gradient has the shape of what it differentiates)",
                       detail::shape(A), detail::shape(N));
  if (matches(A, -N))
    return "sign error: the analytic gradient is minus the numeric one (check every − sign)";
  const bool has_decay = !context.decay.is_empty() && same_shape(context.decay);
  const double n = context.batch;
  if (n > 1) {
    const auto batch_matches = [&](double factor) {
      if (matches(A, factor * N)) return true;
      // With a decay term D = λW only the loss part scales: A = factor·(N − D) + D.
      return has_decay && matches(A, factor * (N - context.decay) + context.decay);
    };
    if (batch_matches(n))
      return fmt::format("missing 1/batch factor: the analytic gradient is {:g} × the numeric one "
                         "(the loss is the mean over the batch: divide the sum by n = {:g})", n, n);
    if (batch_matches(1.0 / n))
      return fmt::format("extra 1/batch factor: the analytic gradient is the numeric one divided by "
                         "{:g} (the mean over the batch is taken twice)", n);
  }
  if (has_decay) {
    if (matches(A, N - context.decay))
      return "missing λW (weight-decay) term: ∂s/∂W = λW must be added to the gradient";
    if (matches(A, N + context.decay))
      return "λ vs 2λ: the decay term is counted twice (∂/∂W of λ/2‖W‖² is λW, not 2λW)";
  }
  for (const Hypothesis& h : context.hypotheses)
    if (same_shape(h.candidate) && matches(A, h.candidate)) return h.message;
  double an = 0, nn = 0;
  for (arma::uword k = 0; k < N.n_elem; ++k)
    if (counts(k)) { an += A(k) * N(k); nn += N(k) * N(k); }
  if (nn > 0 && std::isfinite(an)) {
    const double c = an / nn;
    if (std::abs(c - 1.0) > 10 * rtol && matches(A, c * N))
      return fmt::format("off by a constant factor: the analytic gradient is {:.6g} × the numeric one", c);
  }
  return "no classic mistake matches: compare the worst entry above";
}

namespace detail {

template <typename F>
arma::mat numeric_gradient_impl(F& f, const arma::mat& Xm, Method method) {
  if constexpr (!detail::complex_callable<F>) {
    if (method == Method::complex_step) method = Method::richardson;
  }
  detail::EntryProbe<F> probe(f, Xm, method, CheckOptions{}.ridders_step);
  arma::mat N(arma::size(Xm));
  double err;
  for (arma::uword k = 0; k < Xm.n_elem; ++k) N(k) = probe.derivative(k, err);
  return N;
}

template <typename F>
GradCheckReport check_gradient_impl(const std::string& name, F& f, const arma::mat& Xm, const arma::mat& A,
                                    const CheckOptions& options, const DiagnosisContext& context) {
  using Fn = F;
  const CheckOptions& o = options;

  GradCheckReport r;
  r.name = name;
  r.entries = Xm.n_elem;
  r.method = o.method;
  r.numeric_gradient.set_size(arma::size(Xm));
  r.numeric_gradient.fill(arma::datum::nan);
  std::vector<std::string> notes;
  if constexpr (!detail::complex_callable<Fn>) {
    if (r.method == Method::complex_step) {
      r.method = Method::richardson;
      notes.push_back("complex step needs f templated on the element type: used richardson");
    }
  }

  const bool same = A.n_rows == Xm.n_rows && A.n_cols == Xm.n_cols;
  const bool transposed = A.n_rows == Xm.n_cols && A.n_cols == Xm.n_rows;
  const auto finish = [&] {
    std::string all;
    for (const auto& s : notes) all += (all.empty() ? "" : "; ") + s;
    r.note = all;
    return r;
  };

  if (!same && !transposed) {
    r.status = Status::fail;
    r.analytic = r.numeric = r.abs_error = r.rel_error = r.max_rel_error = arma::datum::nan;
    r.diagnosis = diagnose(A, Xm, context, o.atol, o.rtol);
    return finish();
  }

  // Which entries to check one by one.
  std::vector<arma::uword> entries;
  if (o.directional && same) {
    r.directional = true;
    std::mt19937_64 rng(o.seed);
    const arma::mat V = detail::random_direction(arma::size(Xm), 0, Xm.n_elem, rng);
    const detail::Directional d = detail::directional(f, Xm, A, V, r.method, o);
    if (d.central_instead) notes.push_back("Ridders' steps crossed a kink: central slope used");
    if constexpr (detail::complex_callable<Fn>) {
      if (!d.pass && r.method == Method::complex_step) {
        const detail::Directional c = detail::directional(f, Xm, A, V, Method::central, o);
        if (!detail::consistent(c.numeric, d.numeric, o)) {
          CheckOptions real = o;
          real.method = Method::richardson;
          GradCheckReport again = check_gradient_impl(name, f, Xm, A, real, context);
          again.note = "complex step contradicted by real differences (f is not complex-analytic, "
                       "e.g. ReLU): used richardson" + (again.note.empty() ? "" : "; " + again.note);
          return again;
        }
      }
    }
    if (d.pass) {
      r.analytic = d.analytic;
      r.numeric = d.numeric;
      r.abs_error = std::abs(d.analytic - d.numeric);
      r.rel_error = r.max_rel_error = detail::rel_error(d.analytic, d.numeric, o.atol, o.rtol);
      r.error_estimate = d.error;
      notes.insert(notes.begin(), "directional: one random unit direction v, ⟨dX,v⟩ vs the numeric slope");
      return finish();
    }
    r.fell_back = true;
    const arma::uword want = o.samples ? o.samples : o.fallback_samples;
    std::vector<arma::uword> located;
    int budget = 400;
    if (want != 0 && want < Xm.n_elem)  // otherwise every entry is checked anyway
      detail::locate(f, Xm, A, r.method, o, 0, Xm.n_elem, rng, budget, std::max<arma::uword>(want, 32), located);
    std::vector<arma::uword> sample = detail::pick_entries(Xm.n_elem, want, o.seed + 1);
    entries = located;
    entries.insert(entries.end(), sample.begin(), sample.end());
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    notes.insert(notes.begin(),
                 fmt::format("directional check failed (⟨dX,v⟩ = {:.6e}, numeric {:.6e}): per-entry on "
                             "{} located + {} sampled entries",
                             d.analytic, d.numeric, located.size(), sample.size()));
  } else {
    arma::uword k = o.samples;
    if (k == 0 && o.directional) k = o.fallback_samples;  // directional with a wrong shape
    entries = detail::pick_entries(Xm.n_elem, k, o.seed);
    if (entries.size() < Xm.n_elem)
      notes.push_back(fmt::format("sampled {} of {} entries (seed {})", entries.size(), Xm.n_elem, o.seed));
  }

  detail::EntryProbe<Fn> probe(f, Xm, r.method, o.ridders_step);
  arma::umat mask(arma::size(Xm), arma::fill::zeros);
  arma::mat error_estimates(arma::size(Xm));
  error_estimates.fill(arma::datum::nan);
  for (arma::uword k : entries) {
    double err;
    r.numeric_gradient(k) = probe.derivative(k, err);
    error_estimates(k) = err;
    mask(k) = 1;
  }
  r.checked = entries.size();
  const arma::mat& N = r.numeric_gradient;

  // Ridders' steps (up to ridders_step·max(1,|x|)) may cross a kink that the central step does
  // not: where a mismatching Ridders value is contradicted by the central difference, the
  // central one is the reference (and the kink rule below still applies).
  if (r.method == Method::richardson && same) {
    arma::uword replaced = 0;
    for (arma::uword k : entries) {
      if (detail::within(A(k), N(k), o.atol, o.rtol)) continue;
      const double c = probe.central(k);
      if (!detail::consistent(c, N(k), o)) {
        r.numeric_gradient(k) = c;
        error_estimates(k) = arma::datum::nan;
        ++replaced;
      }
    }
    if (replaced)
      notes.push_back(fmt::format("Ridders' steps crossed a kink at {} entr{}: central differences used there",
                                  replaced, replaced == 1 ? "y" : "ies"));
  }
  {
    const arma::uvec finite = arma::find_finite(error_estimates);
    if (!finite.is_empty()) r.error_estimate = arma::max(error_estimates.elem(finite));
  }

  // The complex step is only valid where f is complex-analytic: ReLU compiles for cx_mat but
  // its complex extension is meaningless. If a mismatching entry's complex-step value is
  // contradicted by real (Ridders) differences, redo the whole check with richardson.
  if constexpr (detail::complex_callable<Fn>) {
    if (r.method == Method::complex_step && same) {
      detail::EntryProbe<Fn> real_probe(f, Xm, Method::richardson, o.ridders_step);
      for (arma::uword k : entries) {
        if (detail::within(A(k), N(k), o.atol, o.rtol)) continue;
        double err;
        if (!detail::consistent(real_probe.derivative(k, err), N(k), o)) {
          CheckOptions real = o;
          real.method = Method::richardson;
          GradCheckReport again = check_gradient_impl(name, f, Xm, A, real, context);
          again.note = "complex step contradicted by real differences (f is not complex-analytic, "
                       "e.g. ReLU): used richardson" + (again.note.empty() ? "" : "; " + again.note);
          return again;
        }
      }
    }
  }

  if (!same) {  // transposed shape: diagnose, but every entry is wrong where it stands
    r.status = Status::fail;
    r.failed = r.checked;
    r.analytic = r.abs_error = r.rel_error = r.max_rel_error = arma::datum::nan;
    if (!entries.empty()) {
      r.worst_row = entries.front() % Xm.n_rows;
      r.worst_col = entries.front() / Xm.n_rows;
      r.numeric = N(entries.front());
    }
    r.diagnosis = diagnose(A, N, context, o.atol, o.rtol, mask);
    if (r.diagnosis.rfind("missing transpose", 0) != 0)
      r.diagnosis = fmt::format("shape mismatch: the analytic gradient is {} but the input is {}",
                                detail::shape(A), detail::shape(Xm));
    return finish();
  }

  // Classify every checked entry.
  const double f0 = o.detect_kinks ? detail::eval(f, Xm) : 0.0;
  arma::uword worst = entries.empty() ? 0 : entries.front();
  double worst_bad = -1;
  int worst_class = -1;  // 2 failed, 1 kink, 0 pass: a failing entry outranks a kink
  for (arma::uword k : entries) {
    const double a = A(k), n = N(k);
    int cls = 0;
    if (!detail::within(a, n, o.atol, o.rtol)) {
      if (o.detect_kinks && probe.is_kink(k, a, f0, o.atol, o.rtol)) {
        cls = 1;
        ++r.kinks;
        mask(k) = 0;  // a kink says nothing about the classic mistakes
      } else {
        cls = 2;
        ++r.failed;
      }
    }
    if (cls != 1) r.max_rel_error = std::max(r.max_rel_error, detail::rel_error(a, n, o.atol, o.rtol));
    const double bad = detail::badness(a, n, o.atol, o.rtol);
    if (cls > worst_class || (cls == worst_class && bad > worst_bad)) {
      worst_class = cls;
      worst_bad = bad;
      worst = k;
    }
  }
  if (!entries.empty()) {
    r.worst_row = worst % Xm.n_rows;
    r.worst_col = worst / Xm.n_rows;
    r.analytic = A(worst);
    r.numeric = N(worst);
    r.abs_error = std::abs(r.analytic - r.numeric);
    r.rel_error = detail::rel_error(r.analytic, r.numeric, o.atol, o.rtol);
  }
  r.status = r.failed ? Status::fail : r.kinks ? Status::kink : Status::ok;
  if (r.status == Status::fail) r.diagnosis = diagnose(A, N, context, o.atol, o.rtol, mask);
  if (r.kinks && r.status == Status::kink)
    notes.push_back(fmt::format("{} entr{} at a kink (one-sided slopes differ)", r.kinks, r.kinks == 1 ? "y" : "ies"));
  return finish();
}

template <typename F>
GradCheckReport check_backward_impl(const std::string& name, F& f, const arma::mat& Xm, const arma::mat& dYm,
                                    const arma::mat& dX, const CheckOptions& options,
                                    const DiagnosisContext& context) {
  using Fn = F;
  const arma::mat Y = f(Xm);
  if (Y.n_rows != dYm.n_rows || Y.n_cols != dYm.n_cols) {
    GradCheckReport r;
    r.name = name;
    r.method = options.method;
    r.entries = Xm.n_elem;
    r.status = Status::fail;
    r.analytic = r.numeric = r.abs_error = r.rel_error = r.max_rel_error = arma::datum::nan;
    r.numeric_gradient.set_size(arma::size(Xm));
    r.numeric_gradient.fill(arma::datum::nan);
    r.diagnosis = fmt::format("shape mismatch: the upstream gradient dY is {} but f(X) is {} "
                              "(dY has the shape of the output)", detail::shape(dYm), detail::shape(Y));
    return r;
  }
  detail::InnerProduct<Fn> g(f, dYm);
  return check_gradient_impl(name, g, Xm, dX, options, context);
}

}  // namespace detail

template <typename F, typename eX, typename TX>
arma::mat numeric_gradient(F&& f, const arma::Base<eX, TX>& X, Method method) {
  constexpr bool in_double = std::is_same_v<eX, double>;
  static_assert(in_double, "wb::numeric_gradient works in double only: pass arma::mat, not arma::fmat "
                           "(convert with arma::conv_to<arma::mat>::from(x)).");
  if constexpr (in_double) return detail::numeric_gradient_impl(f, arma::mat(X.get_ref()), method);
  else return {};
}

template <typename F, typename eX, typename TX, typename eA, typename TA>
GradCheckReport check_gradient(const std::string& name, F&& f, const arma::Base<eX, TX>& X,
                               const arma::Base<eA, TA>& dX, const CheckOptions& options,
                               const DiagnosisContext& context) {
  constexpr bool in_double = std::is_same_v<eX, double> && std::is_same_v<eA, double>;
  static_assert(in_double, "wb::check_gradient checks in double only: pass arma::mat, not arma::fmat "
                           "(convert with arma::conv_to<arma::mat>::from(x)).");
  if constexpr (in_double)
    return detail::check_gradient_impl(name, f, arma::mat(X.get_ref()), arma::mat(dX.get_ref()), options, context);
  else return {};
}

template <typename F, typename eX, typename TX, typename eY, typename TY, typename eA, typename TA>
GradCheckReport check_backward(const std::string& name, F&& f, const arma::Base<eX, TX>& X,
                               const arma::Base<eY, TY>& dY, const arma::Base<eA, TA>& dX,
                               const CheckOptions& options, const DiagnosisContext& context) {
  constexpr bool in_double =
      std::is_same_v<eX, double> && std::is_same_v<eY, double> && std::is_same_v<eA, double>;
  static_assert(in_double, "wb::check_backward checks in double only: pass arma::mat, not arma::fmat "
                           "(convert with arma::conv_to<arma::mat>::from(x)).");
  if constexpr (in_double)
    return detail::check_backward_impl(name, f, arma::mat(X.get_ref()), arma::mat(dY.get_ref()),
                                       arma::mat(dX.get_ref()), options, context);
  else return {};
}

inline std::string table_header() {
  return fmt::format("{:<18} {:<6} {:<10} {:>7} {:>6} {:>5} {:>11} {:>13} {:>13} {:>9} {:>9} {:>9}  {}",
                     "check", "status", "method", "checked", "failed", "kinks", "worst", "analytic",
                     "numeric", "abs err", "rel err", "max rel", "remark");
}

inline std::string row(const GradCheckReport& r) {
  std::string worst;
  if (r.directional && !r.fell_back) worst = "direction";
  else if (r.checked == 0) worst = "-";
  else worst = fmt::format("({},{})", r.worst_row, r.worst_col);
  std::string remark = r.note;
  if (!r.diagnosis.empty()) remark += (remark.empty() ? "" : "; ") + r.diagnosis;
  return fmt::format("{:<18} {:<6} {:<10} {:>7} {:>6} {:>5} {:>11} {:>13} {:>13} {:>9} {:>9} {:>9}  {}",
                     r.name, status_word(r.status), method_name(r.method), r.checked, r.failed, r.kinks,
                     worst, detail::fmt_value(r.analytic), detail::fmt_value(r.numeric),
                     detail::fmt_error(r.abs_error), detail::fmt_error(r.rel_error),
                     detail::fmt_error(r.max_rel_error), remark);
}

inline std::string table(const std::vector<GradCheckReport>& reports) {
  std::string out = table_header() + '\n';
  for (const auto& r : reports) out += row(r) + '\n';
  return out;
}

inline bool all_passed(const std::vector<GradCheckReport>& reports) {
  return std::all_of(reports.begin(), reports.end(), [](const auto& r) { return r.passed(); });
}

}  // namespace wb
