/// \file
/// \brief The gradient checker's templates: everything that calls the checked function f.
///
/// The second half of wb/gradcheck.hpp, which includes it at its end; read that header for
/// what the checker does. Here is how: the numeric derivative of one entry (`EntryProbe`), the
/// directional check, and the steps of a check, each a function of its own, in the order
/// `detail::check_gradient_impl` runs them. Internals live in `wb::detail`; what does not
/// depend on f (the pass rule, the choice of a sample, the verdict, the diagnosis, the table)
/// is compiled once, in lib/core/src/gradcheck.cpp.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "wb/gradcheck.hpp"

namespace wb::detail {

// ------------------------------------------------------------------------------------------
// What the templates use and gradcheck.cpp defines
// ------------------------------------------------------------------------------------------

/// ∛ε for double: the central-difference step that balances truncation (h²) and rounding (ε/h).
inline constexpr double cbrt_eps = 6.0554544523933395e-06;
/// The complex step: far below rounding, since there is no subtraction to cancel.
inline constexpr double complex_h = 1e-20;

/// h = ∛ε·max(1, |x|)
double central_step(double x);

/// The step actually taken when x + h is rounded: (x + h) − x, exact in floating point.
double exact_step(double x, double h);

/// The pass rule |a − n| ≤ atol + rtol·max(|a|,|n|); non-finite values never pass.
bool within(double a, double n, double atol, double rtol);

/// Do two numeric references agree, as far as real differences can tell? The user's rule,
/// floored at atol 1e-7, rtol 1e-6.
bool consistent(double a, double b, const CheckOptions& o);

/// How many tolerances an entry is off: |a − n| / (atol + rtol·max(|a|,|n|)); +inf when not finite.
double badness(double a, double n, double atol, double rtol);

/// |a − n| / max(|a|, |n|, atol/rtol): a rel error ≤ rtol implies the entry passes.
double rel_error(double a, double n, double atol, double rtol);

/// A and B have the same number of rows and of columns.
bool same_shape(const arma::mat& A, const arma::mat& B);

/// A has the shape of Bᵀ.
bool transposed_shape(const arma::mat& A, const arma::mat& B);

/// "rows×cols"
std::string shape(const arma::mat& M);

/// k distinct entries out of n, seeded, in increasing order (all of them when k ≥ n or k = 0).
std::vector<arma::uword> pick_entries(arma::uword n, arma::uword k, std::uint64_t seed);

/// A seeded random unit direction, nonzero only on the entries [lo, hi).
arma::mat random_direction(const arma::SizeMat& s, arma::uword lo, arma::uword hi, std::mt19937_64& rng);

/// "1 entry", "n entries"
std::string entries_count(arma::uword n);

/// The parts that are not empty, joined by "; ".
std::string join_notes(const std::vector<std::string>& parts);

/// The largest finite entry of M; NaN when there is none.
double largest_finite(const arma::mat& M);

/// A report that has checked nothing yet: `name`, `method`, X's number of entries, and the
/// numeric gradient NaN in X's shape.
GradCheckReport blank_report(const std::string& name, Method method, const arma::mat& X);

/// The report of a check that could not compare any entry: status `fail`, the values NaN (printed
/// "-"), the numeric gradient NaN in X's shape, and `diagnosis` saying which shapes differ.
GradCheckReport shape_failure(const std::string& name, Method method, const arma::mat& X,
                              const std::string& diagnosis);

// ------------------------------------------------------------------------------------------
// Calling f
// ------------------------------------------------------------------------------------------

/// f can also be evaluated in complex arithmetic (the complex step needs it).
template <typename F>
inline constexpr bool complex_callable = std::is_invocable_v<F&, const arma::cx_mat&>;

/// f(X) as a double.
template <typename F>
double eval(F& f, const arma::mat& X) {
  return static_cast<double>(f(X));
}

/// Im f(X), for X with a complex perturbation.
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

// ------------------------------------------------------------------------------------------
// The numeric derivative of one entry
// ------------------------------------------------------------------------------------------

// [central difference]
/// The central difference of g, a function of one real variable, at x:
/// g′(x) ≈ (g(x + h) − g(x − h)) / 2h with h = ∛ε·max(1, |x|).
/// x ± h are rounded to doubles: the steps actually taken are used, so 2h is the true distance.
template <typename G>
double central_difference(G&& g, double x) {
  const double h = central_step(x);
  const double h_plus = exact_step(x, h), h_minus = exact_step(x, -h);  // (x ± h) − x after rounding
  return (g(x + h_plus) - g(x + h_minus)) / (h_plus - h_minus);
}
// [central difference]

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

  /// f(W) with entry k set to x_k.
  double at(arma::uword k, double x_k) {
    const double x = W(k);
    W(k) = x_k;
    const double v = eval(f, W);
    W(k) = x;
    return v;
  }

  /// The central difference along entry k, whatever the method.
  double central(arma::uword k) {
    return central_difference([&](double x_k) { return at(k, x_k); }, W(k));
  }

  /// The derivative along entry k; `error` receives Ridders' estimate (NaN otherwise).
  double derivative(arma::uword k, double& error) {
    const double x = W(k);
    error = arma::datum::nan;
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
    return arma::datum::nan;
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

// ------------------------------------------------------------------------------------------
// The directional check
// ------------------------------------------------------------------------------------------

/// The slope of f along one direction v, and ⟨dX, v⟩.
struct Directional {
  double analytic = 0, numeric = 0, error = arma::datum::nan;
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

// ------------------------------------------------------------------------------------------
// A check, step by step
// ------------------------------------------------------------------------------------------

/// A check under way: what it compares, and the report it fills in step by step.
struct Check {
  const arma::mat& X;                ///< the input
  const arma::mat& A;                ///< the analytic gradient (X's shape, or transposed)
  const CheckOptions& o;             ///< the method, the tolerances, the modes
  const DiagnosisContext& context;   ///< what diagnose() may use
  GradCheckReport report;            ///< report.method is the method in use
  std::vector<std::string> notes;    ///< how the check ran; joined into report.note by finish()
  std::vector<arma::uword> entries;  ///< the entries compared one by one, in increasing order
  arma::mat errors;                  ///< Ridders' error estimate per entry (NaN where there is none)

  Check(const arma::mat& X_, const arma::mat& A_, const CheckOptions& o_, const DiagnosisContext& context_,
        GradCheckReport report_)
      : X(X_), A(A_), o(o_), context(context_), report(std::move(report_)) {}

  /// The report, with the notes.
  GradCheckReport finish();
};

/// What a checked entry turned out to be. Ordered: a failing entry outranks a kink, a kink a pass.
enum class EntryClass { pass, kink, fail };

/// The entries of a check without a directional pass: all of them, or a seeded sample of
/// `samples` (`fallback_samples` for a directional check on a transposed shape).
std::vector<arma::uword> sampled_entries(Check& c);

/// A directional check that passed: the report shows ⟨dX, v⟩ and the numeric slope along v.
void report_direction(const Directional& d, Check& c);

/// A gradient of the transposed shape: every checked entry is wrong where it stands. The
/// diagnosis is the missing transpose when Aᵀ matches the numeric values, else a shape mismatch.
GradCheckReport transposed_failure(Check& c);

/// The verdict from the class of every checked entry: the counts, the worst entry, the status,
/// the diagnosis (kinks left out) and a note on the kinks.
void summarize(Check& c, const std::vector<EntryClass>& classes);

/// The outcome of choosing the entries.
enum class Choice {
  entries,               ///< c.entries are to be checked one by one
  direction_passed,      ///< the directional check passed: nothing more to check
  complex_contradicted,  ///< the complex step along v was contradicted by real differences
};

template <typename F>
GradCheckReport check_gradient_impl(const std::string& name, F& f, const arma::mat& X, const arma::mat& A,
                                    const CheckOptions& options, const DiagnosisContext& context);

/// After a failed directional check: the entries that bisection on the direction locates, plus
/// a seeded sample of `samples` (else `fallback_samples`) others, in increasing order.
template <typename F>
std::vector<arma::uword> fallback_entries(F& f, const Directional& d, std::mt19937_64& rng, Check& c) {
  c.report.fell_back = true;
  const arma::uword n = c.X.n_elem, want = c.o.samples ? c.o.samples : c.o.fallback_samples;
  std::vector<arma::uword> located;
  int budget = 400;
  if (want != 0 && want < n)  // otherwise every entry is checked anyway
    locate(f, c.X, c.A, c.report.method, c.o, 0, n, rng, budget, std::max<arma::uword>(want, 32), located);
  const std::vector<arma::uword> sample = pick_entries(n, want, c.o.seed + 1);
  std::vector<arma::uword> entries = located;
  entries.insert(entries.end(), sample.begin(), sample.end());
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  c.notes.insert(c.notes.begin(),
                 fmt::format("directional check failed (⟨dX,v⟩ = {:.6e}, numeric {:.6e}): per-entry on "
                             "{} located + {} sampled entries",
                             d.analytic, d.numeric, located.size(), sample.size()));
  return entries;
}

/// Step 1, which entries to check one by one: all of them or a seeded sample; in directional
/// mode (X's shape only), none when the slope along one random direction v passes, else
/// `fallback_entries`.
template <typename F>
Choice choose_entries(F& f, Check& c) {
  if (!c.o.directional || !same_shape(c.A, c.X)) {
    c.entries = sampled_entries(c);
    return Choice::entries;
  }
  c.report.directional = true;
  std::mt19937_64 rng(c.o.seed);
  const arma::mat V = random_direction(arma::size(c.X), 0, c.X.n_elem, rng);
  const Directional d = directional(f, c.X, c.A, V, c.report.method, c.o);
  if (d.central_instead) c.notes.push_back("Ridders' steps crossed a kink: central slope used");
  if (!d.pass && c.report.method == Method::complex_step &&
      !consistent(directional(f, c.X, c.A, V, Method::central, c.o).numeric, d.numeric, c.o))
    return Choice::complex_contradicted;
  if (d.pass) {
    report_direction(d, c);
    return Choice::direction_passed;
  }
  c.entries = fallback_entries(f, d, rng, c);
  return Choice::entries;
}

/// Step 2, the numeric value n_k of every chosen entry, into report.numeric_gradient (NaN
/// elsewhere), and Ridders' error estimates, into c.errors.
template <typename F>
void numeric_values(EntryProbe<F>& probe, Check& c) {
  c.errors.set_size(arma::size(c.X));
  c.errors.fill(arma::datum::nan);
  for (arma::uword k : c.entries) c.report.numeric_gradient(k) = probe.derivative(k, c.errors(k));
  c.report.checked = c.entries.size();
}

/// Step 3 (richardson), the Ridders repair. Ridders' steps (up to ridders_step·max(1,|x|)) may
/// cross a kink that the central step does not: where a mismatching Ridders value is
/// contradicted by the central difference, the central one is the reference (and the kink
/// rule still applies to it).
template <typename F>
void repair_ridders(EntryProbe<F>& probe, Check& c) {
  arma::mat& N = c.report.numeric_gradient;
  arma::uword replaced = 0;
  for (arma::uword k : c.entries) {
    if (within(c.A(k), N(k), c.o.atol, c.o.rtol)) continue;
    const double central = probe.central(k);
    if (!consistent(central, N(k), c.o)) {
      N(k) = central;
      c.errors(k) = arma::datum::nan;
      ++replaced;
    }
  }
  if (replaced)
    c.notes.push_back("Ridders' steps crossed a kink at " + entries_count(replaced) +
                      ": central differences used there");
}

/// Step 3 (complex step), its validation. The complex step is only valid where f is
/// complex-analytic: ReLU compiles for cx_mat but its complex extension is meaningless. True
/// when a mismatching entry's complex-step value is contradicted by real (Ridders) differences.
template <typename F>
bool complex_step_contradicted(F& f, const Check& c) {
  EntryProbe<F> real_probe(f, c.X, Method::richardson, c.o.ridders_step);
  const arma::mat& N = c.report.numeric_gradient;
  for (arma::uword k : c.entries) {
    if (within(c.A(k), N(k), c.o.atol, c.o.rtol)) continue;
    double error;
    if (!consistent(real_probe.derivative(k, error), N(k), c.o)) return true;
  }
  return false;
}

/// The whole check again with richardson, when the complex step was contradicted.
template <typename F>
GradCheckReport rerun_with_richardson(F& f, const Check& c) {
  CheckOptions real = c.o;
  real.method = Method::richardson;
  GradCheckReport again = check_gradient_impl(c.report.name, f, c.X, c.A, real, c.context);
  again.note = join_notes({"complex step contradicted by real differences (f is not complex-analytic, "
                           "e.g. ReLU): used richardson",
                           again.note});
  return again;
}

/// Step 4, the class of every checked entry: pass when it passes the rule, else kink when the
/// kink rule (see GradCheckReport) explains it, else fail.
template <typename F>
std::vector<EntryClass> classify_entries(EntryProbe<F>& probe, const Check& c) {
  const double f0 = c.o.detect_kinks ? eval(probe.f, c.X) : 0.0;
  const arma::mat& N = c.report.numeric_gradient;
  const auto classify = [&](arma::uword k) {
    const double a = c.A(k);
    if (within(a, N(k), c.o.atol, c.o.rtol)) return EntryClass::pass;
    if (c.o.detect_kinks && probe.is_kink(k, a, f0, c.o.atol, c.o.rtol)) return EntryClass::kink;
    return EntryClass::fail;
  };
  std::vector<EntryClass> classes;
  for (arma::uword k : c.entries) classes.push_back(classify(k));
  return classes;
}

/// The check of a scalar f: choose the entries, compute their numeric values, repair or
/// validate them (richardson, complex step), classify them, summarize.
template <typename F>
GradCheckReport check_gradient_impl(const std::string& name, F& f, const arma::mat& X, const arma::mat& A,
                                    const CheckOptions& options, const DiagnosisContext& context) {
  Check c(X, A, options, context, blank_report(name, options.method, X));
  if constexpr (!complex_callable<F>) {
    if (c.report.method == Method::complex_step) {
      c.report.method = Method::richardson;
      c.notes.push_back("complex step needs f templated on the element type: used richardson");
    }
  }
  const bool same = same_shape(A, X);
  if (!same && !transposed_shape(A, X)) {
    c.report = shape_failure(name, c.report.method, X, diagnose(A, X, context, options.atol, options.rtol));
    return c.finish();
  }
  switch (choose_entries(f, c)) {
    case Choice::complex_contradicted: return rerun_with_richardson(f, c);
    case Choice::direction_passed: return c.finish();
    case Choice::entries: break;
  }
  EntryProbe<F> probe(f, X, c.report.method, options.ridders_step);
  numeric_values(probe, c);
  if (c.report.method == Method::richardson && same) repair_ridders(probe, c);
  c.report.error_estimate = largest_finite(c.errors);
  if (c.report.method == Method::complex_step && same && complex_step_contradicted(f, c))
    return rerun_with_richardson(f, c);
  if (!same) return transposed_failure(c);
  summarize(c, classify_entries(probe, c));
  return c.finish();
}

/// The check of a backward pass: the check of g(X) = ⟨dY, f(X)⟩, once dY has f(X)'s shape.
template <typename F>
GradCheckReport check_backward_impl(const std::string& name, F& f, const arma::mat& X, const arma::mat& dY,
                                    const arma::mat& dX, const CheckOptions& options,
                                    const DiagnosisContext& context) {
  const arma::mat Y = f(X);
  if (!same_shape(Y, dY))
    return shape_failure(name, options.method, X,
                         fmt::format("shape mismatch: the upstream gradient dY is {} but f(X) is {} "
                                     "(dY has the shape of the output)", shape(dY), shape(Y)));
  InnerProduct<F> g(f, dY);
  return check_gradient_impl(name, g, X, dX, options, context);
}

/// Every entry's numeric derivative (complex step → richardson when f cannot take cx_mat).
template <typename F>
arma::mat numeric_gradient_impl(F& f, const arma::mat& X, Method method) {
  if constexpr (!complex_callable<F>) {
    if (method == Method::complex_step) method = Method::richardson;
  }
  EntryProbe<F> probe(f, X, method, CheckOptions{}.ridders_step);
  arma::mat N(arma::size(X));
  double error;
  for (arma::uword k = 0; k < X.n_elem; ++k) N(k) = probe.derivative(k, error);
  return N;
}

}  // namespace wb::detail

namespace wb {

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

}  // namespace wb
