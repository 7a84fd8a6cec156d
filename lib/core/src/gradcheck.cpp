// The gradient checker's parts that do not call the checked function: the names, the pass
// rule and its relatives, the choice of entries, the verdict, the diagnosis and the table.
// The interface and its documentation are in wb/gradcheck.hpp, the templates in
// wb/gradcheck_impl.hpp.
#include "wb/gradcheck.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
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
