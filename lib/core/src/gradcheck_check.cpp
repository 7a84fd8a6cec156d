// The gradient checker's check, step by step, in the order detail::check_gradient_impl runs
// them: which entries (all, a seeded sample, or none when one random direction passes), their
// numeric values, the Ridders repair and the complex step's validation, the class of every entry
// (pass, kink, fail), and the report with its verdict. The checked function arrives as an
// Objective (wb/gradcheck.hpp), whatever the callable was. The numeric values and the pass rule
// come from gradcheck.cpp, the diagnosis from gradcheck_report.cpp.
#include "gradcheck_parts.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace wb::detail {

// ------------------------------------------------------------------------------------------
// Small helpers
// ------------------------------------------------------------------------------------------

/// max over the finite entries of M; NaN when there is none.
double largest_finite(const arma::mat& M) {
  const arma::uvec finite = arma::find_finite(M);
  return finite.is_empty() ? arma::datum::nan : arma::max(M.elem(finite));
}

/// "1 entry", "n entries"
std::string entries_count(arma::uword n) { return fmt::format("{} entr{}", n, n == 1 ? "y" : "ies"); }

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
// A backward pass as a scalar function
// ------------------------------------------------------------------------------------------

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

}  // namespace wb::detail
