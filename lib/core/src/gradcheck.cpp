// The gradient checker, compiled once: the names, the pass rule and its relatives, the numeric
// derivative of one entry (EntryProbe), the directional check, the steps of a check in the order
// detail::check_gradient_impl runs them, the verdict, the diagnosis and the table. The checked
// function arrives as an Objective (wb/gradcheck.hpp), whatever the callable was. The interface
// and its documentation are in wb/gradcheck.hpp.
#include "wb/gradcheck.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "wb/error.hpp"

namespace wb {

// ------------------------------------------------------------------------------------------
// Names
// ------------------------------------------------------------------------------------------

const char* method_name(Method m) {
  switch (m) {
    case Method::central: return "central";
    case Method::richardson: return "richardson";
    case Method::complex_step: return "complex";
  }
  return "?";
}

Method method_from_string(const std::string& s) {
  if (s == "central") return Method::central;
  if (s == "richardson" || s == "ridders") return Method::richardson;
  if (s == "complex" || s == "complex_step" || s == "complex-step") return Method::complex_step;
  throw UserError("unknown gradient-check method '" + s + "': use central, richardson or complex",
                  exit_usage);
}

const char* status_word(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::fail: return "FAIL";
    case Status::kink: return "kink";
  }
  return "?";
}

namespace detail {

// ------------------------------------------------------------------------------------------
// Steps, the pass rule and its relatives
// ------------------------------------------------------------------------------------------

/// ∛ε for double: the central-difference step that balances truncation (h²) and rounding (ε/h).
constexpr double cbrt_eps = 6.0554544523933395e-06;
/// The complex step: far below rounding, since there is no subtraction to cancel.
constexpr double complex_h = 1e-20;

/// h = ∛ε·max(1, |x|)
double central_step(double x) { return cbrt_eps * std::max(1.0, std::abs(x)); }

/// (x + h) − x: the step actually taken once x + h is rounded, exact in floating point.
double exact_step(double x, double h) {
  volatile double t = x + h;  // volatile: the sum is rounded to double before x is subtracted
  return t - x;
}

// [pass rule]
/// The pass rule: |a − n| ≤ atol + rtol·max(|a|, |n|), a analytic, n numeric.
bool within(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return false;  // NaN or ∞ never passes
  return std::abs(a - n) <= atol + rtol * std::max(std::abs(a), std::abs(n));
}
// [pass rule]

/// within(a, b) under the user's rule floored at atol 1e-7, rtol 1e-6: central differences are
/// good to about 1e-10, so a strict rule (e.g. rtol 1e-12 for the complex step) must not make
/// a guard that compares two numeric references misfire.
bool consistent(double a, double b, const CheckOptions& o) {
  return within(a, b, std::max(o.atol, 1e-7), std::max(o.rtol, 1e-6));
}

/// |a − n| / (atol + rtol·max(|a|,|n|)), the "worst entry" ordering; +∞ when not finite.
double badness(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  return std::abs(a - n) / (atol + rtol * std::max(std::abs(a), std::abs(n)));
}

/// |a − n| / max(|a|, |n|, atol/rtol); +∞ when not finite.
double rel_error(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  const double floor = rtol > 0 ? atol / rtol : 0.0;
  const double d = std::max({std::abs(a), std::abs(n), floor});
  return d > 0 ? std::abs(a - n) / d : 0.0;
}

/// A.n_rows = B.n_rows and A.n_cols = B.n_cols
bool same_shape(const arma::mat& A, const arma::mat& B) { return A.n_rows == B.n_rows && A.n_cols == B.n_cols; }

/// A.n_rows = B.n_cols and A.n_cols = B.n_rows
bool transposed_shape(const arma::mat& A, const arma::mat& B) {
  return A.n_rows == B.n_cols && A.n_cols == B.n_rows;
}

/// "rows×cols"
std::string shape(const arma::mat& M) { return fmt::format("{}×{}", M.n_rows, M.n_cols); }

/// max over the finite entries of M; NaN when there is none.
double largest_finite(const arma::mat& M) {
  const arma::uvec finite = arma::find_finite(M);
  return finite.is_empty() ? arma::datum::nan : arma::max(M.elem(finite));
}

/// "1 entry", "n entries"
std::string entries_count(arma::uword n) { return fmt::format("{} entr{}", n, n == 1 ? "y" : "ies"); }

/// The parts that are not empty, joined by "; ".
std::string join_notes(const std::vector<std::string>& parts) {
  std::string all;
  for (const std::string& part : parts)
    if (!part.empty()) all += (all.empty() ? "" : "; ") + part;
  return all;
}

// ------------------------------------------------------------------------------------------
// Which entries
// ------------------------------------------------------------------------------------------

/// A seeded partial Fisher–Yates shuffle of 0 … n−1: its first k, sorted.
std::vector<arma::uword> pick_entries(arma::uword n, arma::uword k, std::uint64_t seed) {
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

/// v = g / ‖g‖ with g_k ~ N(0, 1) for lo ≤ k < hi and g_k = 0 elsewhere.
arma::mat random_direction(const arma::SizeMat& s, arma::uword lo, arma::uword hi, std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  arma::mat V(s, arma::fill::zeros);
  for (arma::uword k = lo; k < hi; ++k) V(k) = normal(rng);
  const double norm = arma::norm(arma::vectorise(V));
  if (norm > 0) V /= norm;
  return V;
}

GradCheckReport blank_report(const std::string& name, Method method, const arma::mat& X);
GradCheckReport shape_failure(const std::string& name, Method method, const arma::mat& X,
                              const std::string& diagnosis);

// ------------------------------------------------------------------------------------------
// Calling f
// ------------------------------------------------------------------------------------------

/// f(X).
double eval(const Objective& f, const arma::mat& X) { return f.real(X); }

/// Im f(X), for X with a complex perturbation.
double eval_imag(const Objective& f, const arma::cx_mat& X) { return std::imag(f.complex(X)); }

/// g(X) = ⟨dY, f(X)⟩: the scalar whose gradient is the backward pass of f for upstream dY,
/// with a complex side exactly when f has one. f and dY must outlive it.
Objective inner_product(const MatrixFunction& f, const arma::mat& dY) {
  Objective g;
  g.real = [&f, &dY](const arma::mat& X) { return arma::accu(dY % f.real(X)); };
  if (f.complex) {
    const arma::cx_mat dYc(dY, arma::zeros<arma::mat>(arma::size(dY)));
    g.complex = [&f, dYc](const arma::cx_mat& X) { return arma::accu(dYc % f.complex(X)); };
  }
  return g;
}

// ------------------------------------------------------------------------------------------
// The numeric derivative of one entry
// ------------------------------------------------------------------------------------------


/// Evaluates the numeric derivative of f along entry k of the working copy W (restored after).
struct EntryProbe {
  const Objective& f;
  arma::mat W;      // working copy of X, perturbed one entry at a time
  arma::cx_mat Wc;  // complex working copy (complex step only)
  Method method;
  double ridders_step;

  EntryProbe(const Objective& f_, const arma::mat& X, Method m, double rs) : f(f_), W(X), method(m), ridders_step(rs) {
    if (f.complex) {
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
        if (f.complex) {
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
Directional directional(const Objective& f, const arma::mat& X, const arma::mat& A, const arma::mat& V,
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
    if (f.complex) {
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
void locate(const Objective& f, const arma::mat& X, const arma::mat& A, Method method, const CheckOptions& o,
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

GradCheckReport check_gradient_impl(const std::string& name, const Objective& f, const arma::mat& X, const arma::mat& A,
                                    const CheckOptions& options, const DiagnosisContext& context);

/// After a failed directional check: the entries that bisection on the direction locates, plus
/// a seeded sample of `samples` (else `fallback_samples`) others, in increasing order.
std::vector<arma::uword> fallback_entries(const Objective& f, const Directional& d, std::mt19937_64& rng, Check& c) {
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
Choice choose_entries(const Objective& f, Check& c) {
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
void numeric_values(EntryProbe& probe, Check& c) {
  c.errors.set_size(arma::size(c.X));
  c.errors.fill(arma::datum::nan);
  for (arma::uword k : c.entries) c.report.numeric_gradient(k) = probe.derivative(k, c.errors(k));
  c.report.checked = c.entries.size();
}

/// Step 3 (richardson), the Ridders repair. Ridders' steps (up to ridders_step·max(1,|x|)) may
/// cross a kink that the central step does not: where a mismatching Ridders value is
/// contradicted by the central difference, the central one is the reference (and the kink
/// rule still applies to it).
void repair_ridders(EntryProbe& probe, Check& c) {
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
bool complex_step_contradicted(const Objective& f, const Check& c) {
  EntryProbe real_probe(f, c.X, Method::richardson, c.o.ridders_step);
  const arma::mat& N = c.report.numeric_gradient;
  for (arma::uword k : c.entries) {
    if (within(c.A(k), N(k), c.o.atol, c.o.rtol)) continue;
    double error;
    if (!consistent(real_probe.derivative(k, error), N(k), c.o)) return true;
  }
  return false;
}

/// The whole check again with richardson, when the complex step was contradicted.
GradCheckReport rerun_with_richardson(const Objective& f, const Check& c) {
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
std::vector<EntryClass> classify_entries(EntryProbe& probe, const Check& c) {
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
GradCheckReport check_gradient_impl(const std::string& name, const Objective& f, const arma::mat& X, const arma::mat& A,
                                    const CheckOptions& options, const DiagnosisContext& context) {
  Check c(X, A, options, context, blank_report(name, options.method, X));
  if (!f.complex) {
    if (c.report.method == Method::complex_step) {
      c.report.method = Method::richardson;
      c.notes.push_back("complex step needs f written for any element type (a generic lambda): used richardson");
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
  EntryProbe probe(f, X, c.report.method, options.ridders_step);
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
GradCheckReport check_backward_impl(const std::string& name, const MatrixFunction& f, const arma::mat& X, const arma::mat& dY,
                                    const arma::mat& dX, const CheckOptions& options,
                                    const DiagnosisContext& context) {
  const arma::mat Y = f.real(X);
  if (!same_shape(Y, dY))
    return shape_failure(name, options.method, X,
                         fmt::format("shape mismatch: the upstream gradient dY is {} but f(X) is {} "
                                     "(dY has the shape of the output)", shape(dY), shape(Y)));
  const Objective g = inner_product(f, dY);
  return check_gradient_impl(name, g, X, dX, options, context);
}

/// Every entry's numeric derivative (complex step → richardson when f cannot take cx_mat).
arma::mat numeric_gradient_impl(const Objective& f, const arma::mat& X, Method method) {
  if (!f.complex) {
    if (method == Method::complex_step) method = Method::richardson;
  }
  EntryProbe probe(f, X, method, CheckOptions{}.ridders_step);
  arma::mat N(arma::size(X));
  double error;
  for (arma::uword k = 0; k < X.n_elem; ++k) N(k) = probe.derivative(k, error);
  return N;
}

/// pick_entries(n, samples, seed), with samples = fallback_samples for a directional check
/// that could not run (a transposed shape).
std::vector<arma::uword> sampled_entries(Check& c) {
  const arma::uword n = c.X.n_elem;
  arma::uword k = c.o.samples;
  if (k == 0 && c.o.directional) k = c.o.fallback_samples;  // directional with a wrong shape
  std::vector<arma::uword> entries = pick_entries(n, k, c.o.seed);
  if (entries.size() < n)
    c.notes.push_back(fmt::format("sampled {} of {} entries (seed {})", entries.size(), n, c.o.seed));
  return entries;
}

// ------------------------------------------------------------------------------------------
// Reports
// ------------------------------------------------------------------------------------------

/// report.note = the notes, joined by "; ".
GradCheckReport Check::finish() {
  report.note = join_notes(notes);
  return report;
}

/// Nothing checked yet: the numeric gradient NaN in X's shape.
GradCheckReport blank_report(const std::string& name, Method method, const arma::mat& X) {
  GradCheckReport r;
  r.name = name;
  r.method = method;
  r.entries = X.n_elem;
  r.numeric_gradient.set_size(arma::size(X));
  r.numeric_gradient.fill(arma::datum::nan);
  return r;
}

/// status fail, every value NaN: there is no entry to compare.
GradCheckReport shape_failure(const std::string& name, Method method, const arma::mat& X,
                              const std::string& diagnosis) {
  GradCheckReport r = blank_report(name, method, X);
  r.status = Status::fail;
  r.analytic = r.numeric = r.abs_error = r.rel_error = r.max_rel_error = arma::datum::nan;
  r.diagnosis = diagnosis;
  return r;
}

/// ⟨dX, v⟩ and the slope along v as the worst "entry".
void report_direction(const Directional& d, Check& c) {
  GradCheckReport& r = c.report;
  r.analytic = d.analytic;
  r.numeric = d.numeric;
  r.abs_error = std::abs(d.analytic - d.numeric);
  r.rel_error = r.max_rel_error = rel_error(d.analytic, d.numeric, c.o.atol, c.o.rtol);
  r.error_estimate = d.error;
  c.notes.insert(c.notes.begin(), "directional: one random unit direction v, ⟨dX,v⟩ vs the numeric slope");
}

namespace {

/// mask(k) = 1 for the listed entries k, 0 elsewhere.
arma::umat mask_of(const std::vector<arma::uword>& entries, const arma::SizeMat& s) {
  arma::umat mask(s, arma::fill::zeros);
  for (arma::uword k : entries) mask(k) = 1;
  return mask;
}

/// Entry k as the report's worst entry: its (row, col) in X.
void place_worst(GradCheckReport& r, arma::uword k, const arma::mat& X) {
  r.worst_row = k % X.n_rows;
  r.worst_col = k / X.n_rows;
}

/// The position in c.entries of the worst entry: the highest class first (fail, then kink,
/// then pass), then the most tolerances off (badness).
std::size_t worst_entry(const Check& c, const std::vector<EntryClass>& classes) {
  const arma::mat& N = c.report.numeric_gradient;
  const auto rank = [&](std::size_t i) {
    const arma::uword k = c.entries[i];
    return std::make_pair(classes[i], badness(c.A(k), N(k), c.o.atol, c.o.rtol));
  };
  std::size_t worst = 0;
  for (std::size_t i = 1; i < c.entries.size(); ++i)
    if (rank(worst) < rank(i)) worst = i;
  return worst;
}

}  // namespace

/// failed = checked, the first checked entry as the worst, diagnosis: transpose or shape mismatch.
GradCheckReport transposed_failure(Check& c) {
  GradCheckReport& r = c.report;
  r.status = Status::fail;
  r.failed = r.checked;
  r.analytic = r.abs_error = r.rel_error = r.max_rel_error = arma::datum::nan;
  if (!c.entries.empty()) {
    place_worst(r, c.entries.front(), c.X);
    r.numeric = r.numeric_gradient(c.entries.front());
  }
  r.diagnosis = diagnose(c.A, r.numeric_gradient, c.context, c.o.atol, c.o.rtol,
                         mask_of(c.entries, arma::size(c.X)));
  if (r.diagnosis.rfind("missing transpose", 0) != 0)
    r.diagnosis = fmt::format("shape mismatch: the analytic gradient is {} but the input is {}",
                              shape(c.A), shape(c.X));
  return c.finish();
}

/// status = fail if any entry fails, else kink if any entry is a kink, else ok; max_rel_error
/// over the non-kink entries; the diagnosis looks at the non-kink entries only (a kink says
/// nothing about the classic mistakes).
void summarize(Check& c, const std::vector<EntryClass>& classes) {
  GradCheckReport& r = c.report;
  const arma::mat& N = r.numeric_gradient;
  std::vector<arma::uword> telling;  // the entries that are not kinks
  for (std::size_t i = 0; i < c.entries.size(); ++i) {
    const arma::uword k = c.entries[i];
    if (classes[i] == EntryClass::kink) {
      ++r.kinks;
      continue;
    }
    telling.push_back(k);
    if (classes[i] == EntryClass::fail) ++r.failed;
    r.max_rel_error = std::max(r.max_rel_error, rel_error(c.A(k), N(k), c.o.atol, c.o.rtol));
  }
  if (!c.entries.empty()) {
    const arma::uword k = c.entries[worst_entry(c, classes)];
    place_worst(r, k, c.X);
    r.analytic = c.A(k);
    r.numeric = N(k);
    r.abs_error = std::abs(r.analytic - r.numeric);
    r.rel_error = rel_error(r.analytic, r.numeric, c.o.atol, c.o.rtol);
  }
  r.status = r.failed ? Status::fail : r.kinks ? Status::kink : Status::ok;
  if (r.status == Status::fail)
    r.diagnosis = diagnose(c.A, N, c.context, c.o.atol, c.o.rtol, mask_of(telling, arma::size(c.X)));
  if (r.status == Status::kink)
    c.notes.push_back(entries_count(r.kinks) + " at a kink (one-sided slopes differ)");
}

}  // namespace detail

// ------------------------------------------------------------------------------------------
// The checks and their building blocks
// ------------------------------------------------------------------------------------------

// [central difference]
// The central difference of g at x, g′(x) ≈ (g(x + h) − g(x − h)) / 2h with h = ∛ε·max(1, |x|):
// x ± h are rounded to doubles, so the steps actually taken are used and 2h is the true distance.
double central_difference(const std::function<double(double)>& g, double x) {
  const double h = detail::central_step(x);
  const double h_plus = detail::exact_step(x, h), h_minus = detail::exact_step(x, -h);  // (x ± h) − x after rounding
  return (g(x + h_plus) - g(x + h_minus)) / (h_plus - h_minus);
}
// [central difference]

Derivative ridders(const std::function<double(double)>& g, double h0) {
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

// ------------------------------------------------------------------------------------------
// The diagnosis
// ------------------------------------------------------------------------------------------

namespace {

/// P ≈ Q for diagnose(): the same shape, and the pass rule holds on every counted entry (where
/// the mask is nonzero; every entry when `use_mask` is false).
struct Matches {
  const arma::umat& mask;
  bool use_mask;
  double atol, rtol;

  bool counts(arma::uword k) const { return !use_mask || mask(k) != 0; }
  bool operator()(const arma::mat& P, const arma::mat& Q) const {
    if (!detail::same_shape(P, Q)) return false;
    for (arma::uword k = 0; k < P.n_elem; ++k)
      if (counts(k) && !detail::within(P(k), Q(k), atol, rtol)) return false;
    return true;
  }
};

/// With batch size n > 1: A ≈ n·N (missing 1/batch) or A ≈ N/n (extra 1/batch), where with a
/// decay term D = λW only the loss part scales, A ≈ factor·(N − D) + D. With D: A ≈ N − D
/// (missing decay) or A ≈ N + D (λ vs 2λ). Empty when none of them holds.
std::string batch_or_decay(const Matches& matches, const arma::mat& A, const arma::mat& N,
                           const DiagnosisContext& context) {
  const arma::mat& D = context.decay;
  const bool has_decay = !D.is_empty() && detail::same_shape(D, N);
  const double n = context.batch;
  const auto batch_matches = [&](double factor) {
    return matches(A, factor * N) || (has_decay && matches(A, factor * (N - D) + D));
  };
  if (n > 1 && batch_matches(n))
    return fmt::format("missing 1/batch factor: the analytic gradient is {:g} × the numeric one "
                       "(the loss is the mean over the batch: divide the sum by n = {:g})", n, n);
  if (n > 1 && batch_matches(1.0 / n))
    return fmt::format("extra 1/batch factor: the analytic gradient is the numeric one divided by "
                       "{:g} (the mean over the batch is taken twice)", n);
  if (has_decay && matches(A, N - D))
    return "missing λW (weight-decay) term: ∂s/∂W = λW must be added to the gradient";
  if (has_decay && matches(A, N + D))
    return "λ vs 2λ: the decay term is counted twice (∂/∂W of λ/2‖W‖² is λW, not 2λW)";
  return "";
}

/// A ≈ c·N with the least-squares c = ⟨A, N⟩ / ⟨N, N⟩ over the counted entries, c ≠ 1 beyond
/// 10·rtol. Empty when it does not hold.
std::string constant_factor(const Matches& matches, const arma::mat& A, const arma::mat& N) {
  double an = 0, nn = 0;
  for (arma::uword k = 0; k < N.n_elem; ++k)
    if (matches.counts(k)) {
      an += A(k) * N(k);
      nn += N(k) * N(k);
    }
  if (nn <= 0 || !std::isfinite(an)) return "";
  const double c = an / nn;
  if (std::abs(c - 1.0) > 10 * matches.rtol && matches(A, c * N))
    return fmt::format("off by a constant factor: the analytic gradient is {:.6g} × the numeric one", c);
  return "";
}

}  // namespace

std::string diagnose(const arma::mat& A, const arma::mat& N, const DiagnosisContext& context,
                     double atol, double rtol, const arma::umat& mask) {
  const Matches matches{mask, !mask.is_empty() && arma::size(mask) == arma::size(N), atol, rtol};
  if (detail::transposed_shape(A, N) && matches(A.t(), N)) {
    const std::string& hint = context.transpose_hint;
    return "missing transpose: the analytic gradient is the transpose of the numeric one" +
           (hint.empty() ? "" : " (" + hint + ")");
  }
  if (!detail::same_shape(A, N))
    return fmt::format("shape mismatch: the analytic gradient is {} but the input is {} "
                       "(a gradient has the shape of what it differentiates)",
                       detail::shape(A), detail::shape(N));
  if (matches(A, -N)) return "sign error: the analytic gradient is minus the numeric one (check every − sign)";
  if (std::string d = batch_or_decay(matches, A, N, context); !d.empty()) return d;
  for (const Hypothesis& h : context.hypotheses)
    if (matches(A, h.candidate)) return h.message;
  if (std::string d = constant_factor(matches, A, N); !d.empty()) return d;
  return "no classic mistake matches: compare the worst entry above";
}

// ------------------------------------------------------------------------------------------
// The table
// ------------------------------------------------------------------------------------------

namespace {

/// A value with 7 significant digits, "-" for NaN.
std::string fmt_value(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.6e}", v); }

/// An error with 3 significant digits, "-" for NaN.
std::string fmt_error(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.2e}", v); }

/// The columns of the table, for the header and for each row.
constexpr const char* columns = "{:<18} {:<6} {:<10} {:>7} {:>6} {:>5} {:>11} {:>13} {:>13} {:>9} {:>9} {:>9}  {}";

}  // namespace

std::string table_header() {
  return fmt::format(columns, "check", "status", "method", "checked", "failed", "kinks", "worst", "analytic",
                     "numeric", "abs err", "rel err", "max rel", "remark");
}

std::string row(const GradCheckReport& r) {
  std::string worst;
  if (r.directional && !r.fell_back) worst = "direction";
  else if (r.checked == 0) worst = "-";
  else worst = fmt::format("({},{})", r.worst_row, r.worst_col);
  return fmt::format(columns, r.name, status_word(r.status), method_name(r.method), r.checked, r.failed,
                     r.kinks, worst, fmt_value(r.analytic), fmt_value(r.numeric), fmt_error(r.abs_error),
                     fmt_error(r.rel_error), fmt_error(r.max_rel_error), detail::join_notes({r.note, r.diagnosis}));
}

std::string table(const std::vector<GradCheckReport>& reports) {
  std::string out = table_header() + '\n';
  for (const auto& r : reports) out += row(r) + '\n';
  return out;
}

bool all_passed(const std::vector<GradCheckReport>& reports) {
  return std::all_of(reports.begin(), reports.end(), [](const auto& r) { return r.passed(); });
}

}  // namespace wb
