/// \file
/// \brief The gradient checker's templates: everything that calls the checked function f.
///
/// The second half of wb/gradcheck.hpp, which includes it at its end; read that header for
/// what the checker does. Internals live in `wb::detail`; what does not depend on f (the pass
/// rule, the choice of a sample, the diagnosis, the table) is compiled once, in
/// lib/core/src/gradcheck.cpp.
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

/// h_k = ∛ε·max(1, |x_k|)
double central_step(double x);

/// The step actually taken when x + h is rounded: (x + h) − x, exact in floating point.
double exact_step(double x, double h);

/// The pass rule |a − n| ≤ atol + rtol·max(|a|,|n|); non-finite values never pass.
bool within(double a, double n, double atol, double rtol);

/// Do two numeric references agree, as far as real differences can tell? The user's rule,
/// floored at atol 1e-7, rtol 1e-6.
bool consistent(double a, double b, const CheckOptions& o);

/// How many tolerances an entry is off (the "worst entry" ordering); +inf when not finite.
double badness(double a, double n, double atol, double rtol);

/// |a − n| / max(|a|, |n|, atol/rtol): a rel error ≤ rtol implies the entry passes.
double rel_error(double a, double n, double atol, double rtol);

/// "rows×cols"
std::string shape(const arma::mat& M);

/// k distinct entries out of n, seeded, in increasing order (all of them when k ≥ n or k = 0).
std::vector<arma::uword> pick_entries(arma::uword n, arma::uword k, std::uint64_t seed);

/// A seeded random unit direction, nonzero only on the entries [lo, hi).
arma::mat random_direction(const arma::SizeMat& s, arma::uword lo, arma::uword hi, std::mt19937_64& rng);

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

template <typename F>
arma::mat numeric_gradient_impl(F& f, const arma::mat& Xm, Method method) {
  if constexpr (!complex_callable<F>) {
    if (method == Method::complex_step) method = Method::richardson;
  }
  EntryProbe<F> probe(f, Xm, method, CheckOptions{}.ridders_step);
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
  if constexpr (!complex_callable<Fn>) {
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
    const arma::mat V = random_direction(arma::size(Xm), 0, Xm.n_elem, rng);
    const Directional d = directional(f, Xm, A, V, r.method, o);
    if (d.central_instead) notes.push_back("Ridders' steps crossed a kink: central slope used");
    if constexpr (complex_callable<Fn>) {
      if (!d.pass && r.method == Method::complex_step) {
        const Directional c = directional(f, Xm, A, V, Method::central, o);
        if (!consistent(c.numeric, d.numeric, o)) {
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
      r.rel_error = r.max_rel_error = rel_error(d.analytic, d.numeric, o.atol, o.rtol);
      r.error_estimate = d.error;
      notes.insert(notes.begin(), "directional: one random unit direction v, ⟨dX,v⟩ vs the numeric slope");
      return finish();
    }
    r.fell_back = true;
    const arma::uword want = o.samples ? o.samples : o.fallback_samples;
    std::vector<arma::uword> located;
    int budget = 400;
    if (want != 0 && want < Xm.n_elem)  // otherwise every entry is checked anyway
      locate(f, Xm, A, r.method, o, 0, Xm.n_elem, rng, budget, std::max<arma::uword>(want, 32), located);
    std::vector<arma::uword> sample = pick_entries(Xm.n_elem, want, o.seed + 1);
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
    entries = pick_entries(Xm.n_elem, k, o.seed);
    if (entries.size() < Xm.n_elem)
      notes.push_back(fmt::format("sampled {} of {} entries (seed {})", entries.size(), Xm.n_elem, o.seed));
  }

  EntryProbe<Fn> probe(f, Xm, r.method, o.ridders_step);
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
      if (within(A(k), N(k), o.atol, o.rtol)) continue;
      const double c = probe.central(k);
      if (!consistent(c, N(k), o)) {
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
  if constexpr (complex_callable<Fn>) {
    if (r.method == Method::complex_step && same) {
      EntryProbe<Fn> real_probe(f, Xm, Method::richardson, o.ridders_step);
      for (arma::uword k : entries) {
        if (within(A(k), N(k), o.atol, o.rtol)) continue;
        double err;
        if (!consistent(real_probe.derivative(k, err), N(k), o)) {
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
                                shape(A), shape(Xm));
    return finish();
  }

  // Classify every checked entry.
  const double f0 = o.detect_kinks ? eval(f, Xm) : 0.0;
  arma::uword worst = entries.empty() ? 0 : entries.front();
  double worst_bad = -1;
  int worst_class = -1;  // 2 failed, 1 kink, 0 pass: a failing entry outranks a kink
  for (arma::uword k : entries) {
    const double a = A(k), n = N(k);
    int cls = 0;
    if (!within(a, n, o.atol, o.rtol)) {
      if (o.detect_kinks && probe.is_kink(k, a, f0, o.atol, o.rtol)) {
        cls = 1;
        ++r.kinks;
        mask(k) = 0;  // a kink says nothing about the classic mistakes
      } else {
        cls = 2;
        ++r.failed;
      }
    }
    if (cls != 1) r.max_rel_error = std::max(r.max_rel_error, rel_error(a, n, o.atol, o.rtol));
    const double bad = badness(a, n, o.atol, o.rtol);
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
    r.rel_error = rel_error(r.analytic, r.numeric, o.atol, o.rtol);
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
                              "(dY has the shape of the output)", shape(dYm), shape(Y));
    return r;
  }
  InnerProduct<Fn> g(f, dYm);
  return check_gradient_impl(name, g, Xm, dX, options, context);
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
