// The gradient checker's words: the names of its methods and verdicts, the one-line diagnosis
// of a failing check (which classic mistake the analytic gradient matches), and the table the
// chapters print. The interface and its documentation are in wb/gradcheck.hpp.
#include "gradcheck_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
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
  return "no classic mistake matches: compare the analytic and the numeric value at the worst entry";
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
