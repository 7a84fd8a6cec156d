// The gradient checker's numeric reference and its pass rule, the two things a check is made of
// (chapter 7's page quotes both from this file): the steps, the central difference, Ridders'
// extrapolation, the complex step (EntryProbe, one entry at a time, with the kink rule), the
// numeric gradient of every entry; and the rule an entry passes by, with its relatives. The
// check that uses them is in gradcheck_check.cpp, the diagnosis and the table in
// gradcheck_report.cpp; the interface and its documentation are in wb/gradcheck.hpp.
#include "gradcheck_parts.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <limits>

namespace wb {
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

// ------------------------------------------------------------------------------------------
// Calling f
// ------------------------------------------------------------------------------------------

/// f(X).
double eval(const Objective& f, const arma::mat& X) { return f.real(X); }

/// Im f(X), for X with a complex perturbation.
double eval_imag(const Objective& f, const arma::cx_mat& X) { return std::imag(f.complex(X)); }

// ------------------------------------------------------------------------------------------
// The numeric derivative of one entry
// ------------------------------------------------------------------------------------------

EntryProbe::EntryProbe(const Objective& f_, const arma::mat& X, Method m, double rs)
    : f(f_), W(X), method(m), ridders_step(rs) {
  if (f.complex && method == Method::complex_step) Wc = arma::cx_mat(X, arma::zeros<arma::mat>(arma::size(X)));
}

/// f(W) with entry k set to x_k.
double EntryProbe::at(arma::uword k, double x_k) {
  const double x = W(k);
  W(k) = x_k;
  const double v = eval(f, W);
  W(k) = x;
  return v;
}

/// The central difference along entry k, whatever the method.
double EntryProbe::central(arma::uword k) {
  return central_difference([&](double x_k) { return at(k, x_k); }, W(k));
}

/// The derivative along entry k; `error` receives Ridders' estimate (NaN otherwise).
double EntryProbe::derivative(arma::uword k, double& error) {
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
bool EntryProbe::is_kink(arma::uword k, double a, double f0, double atol, double rtol) {
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

}  // namespace detail

// ------------------------------------------------------------------------------------------
// The building blocks
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

}  // namespace wb
