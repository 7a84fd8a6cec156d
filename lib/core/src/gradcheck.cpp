// The gradient checker's parts that do not call the checked function: the names, the pass
// rule and its relatives, the choice of entries, the diagnosis and the table. The interface
// and its documentation are in wb/gradcheck.hpp, the templates in wb/gradcheck_impl.hpp.
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

/// h_k = ∛ε·max(1, |x_k|)
double central_step(double x) { return cbrt_eps * std::max(1.0, std::abs(x)); }

/// The step actually taken when x + h is rounded: (x + h) − x, exact in floating point.
double exact_step(double x, double h) {
  volatile double t = x + h;
  return t - x;
}

/// The pass rule |a − n| ≤ atol + rtol·max(|a|,|n|); non-finite values never pass.
bool within(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return false;
  return std::abs(a - n) <= atol + rtol * std::max(std::abs(a), std::abs(n));
}

/// Do two numeric references agree, as far as real differences can tell? The user's rule,
/// floored at atol 1e-7, rtol 1e-6 (central differences are good to about 1e-10, so a strict
/// rule, e.g. rtol 1e-12 for the complex step, must not make a guard misfire).
bool consistent(double a, double b, const CheckOptions& o) {
  return within(a, b, std::max(o.atol, 1e-7), std::max(o.rtol, 1e-6));
}

/// How many tolerances an entry is off (the "worst entry" ordering); +inf when not finite.
double badness(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  return std::abs(a - n) / (atol + rtol * std::max(std::abs(a), std::abs(n)));
}

/// |a − n| / max(|a|, |n|, atol/rtol): a rel error ≤ rtol implies the entry passes.
double rel_error(double a, double n, double atol, double rtol) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  const double floor = rtol > 0 ? atol / rtol : 0.0;
  const double d = std::max({std::abs(a), std::abs(n), floor});
  return d > 0 ? std::abs(a - n) / d : 0.0;
}

std::string shape(const arma::mat& M) { return fmt::format("{}×{}", M.n_rows, M.n_cols); }

/// k distinct entries out of n, seeded, in increasing order (all of them when k ≥ n or k = 0).
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

/// A seeded random unit direction, nonzero only on the entries [lo, hi).
arma::mat random_direction(const arma::SizeMat& s, arma::uword lo, arma::uword hi,
                                  std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  arma::mat V(s, arma::fill::zeros);
  for (arma::uword k = lo; k < hi; ++k) V(k) = normal(rng);
  const double norm = arma::norm(arma::vectorise(V));
  if (norm > 0) V /= norm;
  return V;
}

std::string fmt_value(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.6e}", v); }
std::string fmt_error(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.2e}", v); }

}  // namespace detail

std::string diagnose(const arma::mat& A, const arma::mat& N, const DiagnosisContext& context,
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
    return "missing transpose: the analytic gradient is the transpose of the numeric one "
           "(did you write x * dz.t() instead of dz * x.t()?)";
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

std::string table_header() {
  return fmt::format("{:<18} {:<6} {:<10} {:>7} {:>6} {:>5} {:>11} {:>13} {:>13} {:>9} {:>9} {:>9}  {}",
                     "check", "status", "method", "checked", "failed", "kinks", "worst", "analytic",
                     "numeric", "abs err", "rel err", "max rel", "remark");
}

std::string row(const GradCheckReport& r) {
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

std::string table(const std::vector<GradCheckReport>& reports) {
  std::string out = table_header() + '\n';
  for (const auto& r : reports) out += row(r) + '\n';
  return out;
}

bool all_passed(const std::vector<GradCheckReport>& reports) {
  return std::all_of(reports.begin(), reports.end(), [](const auto& r) { return r.passed(); });
}

}  // namespace wb
