// Exercise tests of chapter 3: sigmoid (3.1), tanh (3.2), leaky ReLU (3.3), pReLU's gradient
// with respect to α (3.4), ELU (3.5), GELU (3.6), SiLU (3.7), softplus (3.8), each φ with its
// φ′. The catalogue (exercises/catalogue.json) says which case checks which exercise.
//
// Built twice: against solutions/ every case must pass, against the stubs in exercises/ every
// case must fail naming its exercise. The expected values come from closed forms, from the
// long-double reference (wb/activation_reference.hpp, in wb::core, which never sees the
// exercises) or from the gradient checker differentiating that reference — never from the
// code under test. Each case calls its own exercise first, and every failure message starts
// with what is wrong.
//
// Accuracy: the relative error against long double (wb::reference::relative_error: below the
// smallest normal number of the type, a true value that underflows may be returned as 0) must
// be at most 1e-12 in double and 1e-6 in float (float's ε is 6e-8); GELU's in float 1e-5, since
// Φ(z) multiplies the rounding of z/√2 by about z² far in the left tail.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <armadillo>
#include <cmath>
#include <complex>
#include <functional>
#include <string>

#include "exercise_checks.hpp"
#include "wb/activation_reference.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"

using wb::test::require_close;
using wb::test::require_passed;
namespace ref = wb::reference;

namespace {

constexpr double double_bound = 1e-12, float_bound = 1e-6;

/// The grid of the chapter's figures: z = −8, −7.9, …, 8 (161 points, 0 exactly at column 80).
arma::mat grid() {
  arma::mat z(1, 161);
  for (arma::uword i = 0; i < z.n_cols; ++i) z(i) = (double(i) - 80.0) / 10.0;
  return z;
}

/// Checks every entry of `got` (the exercise at the points z, in element type T) against the
/// long-double `exact`: relative error at most `bound`; the failure names the worst point, and
/// starts with a mistake's diagnosis when one of the `suspects` gives the same value there.
template <typename T>
void require_accurate(const std::string& what, const arma::Mat<T>& z, const arma::Mat<T>& got,
                      const std::function<ref::real(ref::real)>& exact, double bound,
                      const wb::test::Suspects<T>& suspects = {}) {
  if (got.n_rows != z.n_rows || got.n_cols != z.n_cols) {
    BOOST_ERROR(fmt::format("{}: expected a {}×{} result, got {}×{}", what, z.n_rows, z.n_cols, got.n_rows, got.n_cols));
    return;
  }
  arma::uword worst = 0;
  ref::real worst_error = -1;
  for (arma::uword i = 0; i < z.n_elem; ++i) {
    const ref::real e = ref::relative_error(got(i), exact(z(i)));
    if (e > worst_error) worst_error = e, worst = i;
  }
  if (worst_error <= bound) {
    BOOST_TEST(true);
    return;
  }
  const std::string detail =
      fmt::format("at z = {}: expected {:.17Lg}, got {:.17g} (relative error {:.3g}, allowed {:.3g})", double(z(worst)),
                  exact(z(worst)), double(got(worst)), double(worst_error), bound);
  std::string mistake;
  for (const auto& s : suspects)
    if (mistake.empty() && wb::test::same_result(double(got(worst)), double(s.value(worst)), 0.0))
      mistake = wb::test::diagnosis_of(s.mistake);
  BOOST_ERROR(what << (mistake.empty() ? " " + detail : ": " + mistake + "\n  " + detail));
}

/// What the classic mistakes of 3.1 and 3.2 compute at the points z, in element type T, from
/// the long-double reference rounded to T: σ(1 − σ), 1 − tanh² and 1/cosh.
template <typename T>
arma::Mat<T> at_points(const arma::Mat<T>& z, const std::function<T(T)>& f) {
  arma::Mat<T> out(arma::size(z));
  for (arma::uword i = 0; i < z.n_elem; ++i) out(i) = f(z(i));
  return out;
}
template <typename T>
wb::test::Suspects<T> sigmoid_derivative_mistakes(const arma::Mat<T>& z) {
  return {{"3.1 cancelling_form", at_points<T>(z, [](T v) { const T s = T(ref::sigmoid(v)); return s * (T(1) - s); })}};
}
template <typename T>
wb::test::Suspects<T> tanh_derivative_mistakes(const arma::Mat<T>& z) {
  return {{"3.2 cancelling_form", at_points<T>(z, [](T v) { const T t = T(ref::tanh(v)); return T(1) - t * t; })},
          {"3.2 square_missing", at_points<T>(z, [](T v) { return T(1) / std::cosh(v); })}};
}

/// The points of the accuracy checks: in double up to ±1000, in float without the points
/// whose values are subnormal floats (|z| ≈ 100 for σ: such values carry fewer digits).
const arma::mat wide_double = {{-1000, -700, -100, -30, -10, -3, -1, -0.25, -1e-10, 0, 1e-10, 0.25, 1, 3, 10, 30, 100, 700, 1000}};
const arma::fmat wide_float = {{-1000, -30, -10, -3, -1, -0.25, -1e-10, 0, 1e-10, 0.25, 1, 3, 10, 30, 1000}};

/// The checker's report on `dphi` over z: the gradient of Σ φ(z), with φ the long-double
/// reference, is φ′(z) entry by entry.
wb::GradCheckReport check_derivative(const std::string& name, const std::function<ref::real(ref::real)>& phi,
                                     const arma::mat& z, const arma::mat& dphi) {
  const auto sum_of_phi = [&](const arma::mat& v) {
    ref::real sum = 0;
    for (arma::uword i = 0; i < v.n_elem; ++i) sum += phi(v(i));
    return double(sum);
  };
  return wb::check_gradient(name, sum_of_phi, z, dphi);
}

/// The complex step of an element-wise φ: Im φ(z + ih)/h with h = 1e-20, every entry at once
/// (each entry of φ(z) depends on its own z only). Exact to rounding when φ is analytic.
template <typename F>
arma::mat complex_step(F&& phi_cx, const arma::mat& z) {
  const double h = 1e-20;
  const arma::cx_mat shifted(z, arma::mat(arma::size(z), arma::fill::value(h)));
  return arma::imag(phi_cx(shifted)) / h;
}

/// z as a complex matrix with zero imaginary parts.
arma::cx_mat complex_of(const arma::mat& z) { return arma::cx_mat(z, arma::zeros<arma::mat>(arma::size(z))); }

}  // namespace

// ------------------------------------------------------------------------------------------
// 3.1 sigmoid
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(sigmoid)

BOOST_AUTO_TEST_CASE(has_the_closed_form_values_and_the_largest_slope_one_quarter) {
  const double ln3 = std::log(3.0);
  const arma::mat z = {{0.0, ln3, -ln3}};
  require_close("σ(z) at z = 0, ln 3, −ln 3 (1/2, 3/4, 1/4)", wb::sigmoid(z), arma::mat{{0.5, 0.75, 0.25}}, 1e-15,
                {{"3.1 exponent_sign", arma::mat{{0.5, 0.25, 0.75}}}});
  require_close("σ′(z) at z = 0, ln 3, −ln 3 (1/4, 3/16, 3/16)", wb::sigmoid_derivative(z),
                arma::mat{{0.25, 3.0 / 16, 3.0 / 16}}, 1e-15, {{"3.1 derivative_is_sigma", arma::mat{{0.5, 0.75, 0.25}}}});
  const arma::mat d = wb::sigmoid_derivative(grid());
  BOOST_TEST(d.index_max() == 80u, "σ′ on the grid of the figures: the largest value must be at z = 0, not at z = "
                                       << grid()(d.index_max()));
}

BOOST_AUTO_TEST_CASE(derivative_passes_the_gradient_checker_on_the_grid_of_the_figures) {
  const arma::mat d = wb::sigmoid_derivative(grid());
  const wb::GradCheckReport r = check_derivative("3.1 σ′", ref::sigmoid, grid(), d);
  require_passed(r);
  BOOST_TEST(r.kinks == 0u, "σ′: the checker found a kink, but σ is smooth");
}

BOOST_AUTO_TEST_CASE(is_finite_and_accurate_at_plus_minus_1000_in_double_and_float) {
  require_accurate("σ(z) in double", wide_double, wb::sigmoid(wide_double), ref::sigmoid, double_bound);
  require_accurate("σ′(z) in double", wide_double, wb::sigmoid_derivative(wide_double), ref::sigmoid_derivative, double_bound,
                   sigmoid_derivative_mistakes(wide_double));
  require_accurate("σ(z) in float", wide_float, wb::sigmoid(wide_float), ref::sigmoid, float_bound);
  require_accurate("σ′(z) in float", wide_float, wb::sigmoid_derivative(wide_float), ref::sigmoid_derivative, float_bound,
                   sigmoid_derivative_mistakes(wide_float));
}

BOOST_AUTO_TEST_CASE(is_analytic_for_the_complex_step) {
  const arma::mat z = grid();
  const arma::mat via_complex = complex_step([](const arma::cx_mat& v) { return wb::sigmoid(v); }, z);
  require_accurate("Im σ(z + ih)/h, the complex step, against σ′", z, via_complex, ref::sigmoid_derivative, double_bound);
  require_accurate("σ in complex<double> at real points", z, arma::mat(arma::real(wb::sigmoid(complex_of(z)))),
                   ref::sigmoid, double_bound);
  require_accurate("σ′ in complex<double> at real points", z,
                   arma::mat(arma::real(wb::sigmoid_derivative(complex_of(z)))), ref::sigmoid_derivative, double_bound);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.2 tanh
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(tanh_activation)

BOOST_AUTO_TEST_CASE(plus_one_is_twice_the_sigmoid_of_twice_the_input) {
  const arma::mat z = grid();
  const arma::mat t = wb::tanh_activation(z);
  arma::mat twice_sigmoid(arma::size(z));
  for (arma::uword i = 0; i < z.n_elem; ++i) twice_sigmoid(i) = double(2 * ref::sigmoid(2 * ref::real(z(i))));
  require_close("tanh(z) + 1 against 2σ(2z) on the grid", arma::mat(t + 1.0), twice_sigmoid, 1e-12);
  require_close("tanh′(0), the largest slope", wb::tanh_derivative(arma::mat{0.0})(0), 1.0, 1e-15);
}

BOOST_AUTO_TEST_CASE(derivative_passes_the_gradient_checker_on_the_grid_of_the_figures) {
  const arma::mat d = wb::tanh_derivative(grid());
  const wb::GradCheckReport r = check_derivative("3.2 tanh′", ref::tanh, grid(), d);
  require_passed(r, d, tanh_derivative_mistakes(grid()));
  BOOST_TEST(d.index_max() == 80u, "tanh′ on the grid: the largest value must be at z = 0");
}

BOOST_AUTO_TEST_CASE(derivative_stays_accurate_where_one_minus_tanh_squared_cancels) {
  // tanh(20) rounds to 1 in double, so 1 − tanh² gives 0 where the truth is 1.7e-17.
  require_accurate("tanh′(z) in double", wide_double, wb::tanh_derivative(wide_double), ref::tanh_derivative, double_bound,
                   tanh_derivative_mistakes(wide_double));
  require_accurate("tanh(z) in double", wide_double, wb::tanh_activation(wide_double), ref::tanh, double_bound);
  require_accurate("tanh′(z) in float", wide_float, wb::tanh_derivative(wide_float), ref::tanh_derivative, float_bound,
                   tanh_derivative_mistakes(wide_float));
  require_accurate("tanh(z) in float", wide_float, wb::tanh_activation(wide_float), ref::tanh, float_bound);
}

BOOST_AUTO_TEST_CASE(is_analytic_for_the_complex_step) {
  const arma::mat z = grid();
  const arma::mat via_complex = complex_step([](const arma::cx_mat& v) { return wb::tanh_activation(v); }, z);
  require_accurate("Im tanh(z + ih)/h, the complex step, against tanh′", z, via_complex, ref::tanh_derivative,
                   double_bound);
  require_accurate("tanh′ in complex<double> at real points", z,
                   arma::mat(arma::real(wb::tanh_derivative(complex_of(z)))), ref::tanh_derivative, double_bound);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.3 leaky ReLU
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(leaky_relu)

BOOST_AUTO_TEST_CASE(keeps_positive_entries_and_scales_the_rest_by_alpha) {
  const arma::fmat z = {{-2.0f, 0.0f, 3.5f}, {1e-30f, -0.5f, -100.0f}};
  require_close("leaky_relu(z, 0.01) in float", wb::leaky_relu(z, 0.01f),
                arma::fmat{{-0.02f, 0.0f, 3.5f}, {1e-30f, -0.005f, -1.0f}}, 1e-7);
  const arma::mat zd = arma::conv_to<arma::mat>::from(z);
  require_close("leaky_relu(z, 0.25) in double", wb::leaky_relu(zd, 0.25),
                arma::mat{{-0.5, 0.0, 3.5}, {double(1e-30f), -0.125, -25.0}}, 1e-15);
  require_close("leaky_relu(z, 2) (a learned α may exceed 1)", wb::leaky_relu(zd, 2.0),
                arma::mat{{-4.0, 0.0, 3.5}, {double(1e-30f), -1.0, -200.0}}, 1e-15,
                {{"3.3 max_shortcut", arma::mat(arma::max(zd, 2.0 * zd))}});
}

BOOST_AUTO_TEST_CASE(derivative_is_one_or_alpha_and_alpha_at_zero) {
  const arma::mat z = {{-3.0, -1e-12, 0.0, 1e-12, 4.0}};
  require_close("leaky_relu_derivative(z, 0.1) (α at z = 0)", wb::leaky_relu_derivative(z, 0.1),
                arma::mat{{0.1, 0.1, 0.1, 1.0, 1.0}}, 0.0, {{"3.3 one_at_zero", arma::mat{{0.1, 0.1, 1.0, 1.0, 1.0}}}});
  require_close("leaky_relu_derivative(z, 3) in float", wb::leaky_relu_derivative(arma::conv_to<arma::fmat>::from(z), 3.0f),
                arma::fmat{{3, 3, 3, 1, 1}}, 0.0);
}

BOOST_AUTO_TEST_CASE(derivative_passes_the_gradient_checker_with_one_kink_at_zero) {
  const arma::mat d = wb::leaky_relu_derivative(grid(), 0.1);
  const wb::GradCheckReport r = check_derivative("3.3 leaky_relu′", [](ref::real v) { return ref::leaky_relu(v, 0.1L); },
                                                 grid(), d);
  require_passed(r);
  BOOST_TEST(r.status == wb::Status::kink, "leaky_relu′ on the grid: the entry z = 0 must be reported as a kink");
  BOOST_TEST(r.kinks == 1u, "leaky_relu′: exactly one kink expected (z = 0), found " << r.kinks);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.4 pReLU's gradient with respect to α
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(prelu_alpha_gradient)

BOOST_AUTO_TEST_CASE(sums_the_upstream_gradient_times_the_negative_part) {
  const arma::mat z = {{-2.0, 1.0}, {0.0, -0.5}}, dJ_dh = {{1.0, 5.0}, {7.0, 2.0}};
  // h = α·z where z ≤ 0, so ∂J/∂α = 1·(−2) + 5·0 + 7·0 + 2·(−0.5) = −3
  // With max(z, 0) instead of min(z, 0): 5·1 = 5; without ∂J/∂h: −2 − 0.5 = −2.5.
  require_close("∂J/∂α for z = [−2 1; 0 −0.5], ∂J/∂h = [1 5; 7 2]", double(wb::prelu_alpha_gradient(z, dJ_dh)), -3.0,
                1e-15, {{"3.4 positive_part", 5.0}, {"3.4 upstream_unused", -2.5}});
  require_close("∂J/∂α in float", double(wb::prelu_alpha_gradient(arma::conv_to<arma::fmat>::from(z),
                                                                   arma::conv_to<arma::fmat>::from(dJ_dh))),
                -3.0, 1e-6);
}

BOOST_AUTO_TEST_CASE(passes_the_gradient_checker_with_respect_to_alpha) {
  arma::arma_rng::set_seed(31);
  const arma::mat z = 2.0 * arma::randn<arma::mat>(5, 4), dJ_dh = arma::randn<arma::mat>(5, 4);
  const double g = wb::prelu_alpha_gradient(z, dJ_dh);
  for (double alpha : {0.25, 1.5}) {
    // J(α) = Σ ∂J/∂h ⊙ prelu(z, α), the reference in long double: its α-derivative is ∂J/∂α.
    const auto J = [&](const arma::mat& a) {
      ref::real sum = 0;
      for (arma::uword i = 0; i < z.n_elem; ++i) sum += dJ_dh(i) * ref::leaky_relu(z(i), a(0));
      return double(sum);
    };
    require_passed(wb::check_gradient(fmt::format("3.4 ∂J/∂α at α = {}", alpha), J, arma::mat{alpha}, arma::mat{g}));
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.5 ELU
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(elu)

BOOST_AUTO_TEST_CASE(has_the_closed_form_values) {
  const double ln2 = std::log(2.0);
  const arma::mat z = {{-ln2, 0.0, 3.0}};
  require_close("elu(z, 1) at z = −ln 2, 0, 3 (−1/2, 0, 3)", wb::elu(z, 1.0), arma::mat{{-0.5, 0.0, 3.0}}, 1e-15);
  require_close("elu(z, 2) at z = −ln 2, 0, 3 (−1, 0, 3)", wb::elu(z, 2.0), arma::mat{{-1.0, 0.0, 3.0}}, 1e-15);
  require_close("elu_derivative(z, 2) at z = −ln 2, 0, 3 (1, 2 at z = 0, 1)", wb::elu_derivative(z, 2.0),
                arma::mat{{1.0, 2.0, 1.0}}, 1e-15, {{"3.5 one_at_zero", arma::mat{{1.0, 1.0, 1.0}}}});
}

BOOST_AUTO_TEST_CASE(derivative_passes_the_gradient_checker_with_a_kink_only_when_alpha_is_not_one) {
  const arma::mat d1 = wb::elu_derivative(grid(), 1.0);
  const wb::GradCheckReport smooth = check_derivative("3.5 elu′, α = 1", [](ref::real v) { return ref::elu(v, 1); },
                                                      grid(), d1);
  require_passed(smooth);
  BOOST_TEST(smooth.kinks == 0u, "elu′ with α = 1: φ′ is continuous at 0 (1 on both sides), yet a kink was found");
  const arma::mat d2 = wb::elu_derivative(grid(), 0.5);
  const wb::GradCheckReport kinked = check_derivative("3.5 elu′, α = 0.5", [](ref::real v) { return ref::elu(v, 0.5L); },
                                                      grid(), d2);
  require_passed(kinked);
  BOOST_TEST(kinked.kinks == 1u, "elu′ with α = 0.5: the slope jumps from 0.5 to 1 at z = 0, one kink expected");
}

BOOST_AUTO_TEST_CASE(is_accurate_near_zero_and_at_plus_minus_1000) {
  // exp(z) − 1 at z = −1e-10 keeps only 7 digits: std::expm1 keeps all of them.
  const auto f = [](ref::real v) { return ref::elu(v, 1); };
  const auto d = [](ref::real v) { return ref::elu_derivative(v, 1); };
  require_accurate("elu(z, 1) in double", wide_double, wb::elu(wide_double, 1.0), f, double_bound,
                   {{"3.5 exp_minus_one", at_points<double>(wide_double, [](double v) { return v > 0 ? v : std::exp(v) - 1; })}});
  require_accurate("elu′(z, 1) in double", wide_double, wb::elu_derivative(wide_double, 1.0), d, double_bound);
  require_accurate("elu(z, 1) in float", wide_float, wb::elu(wide_float, 1.0f), f, float_bound);
  require_accurate("elu′(z, 1) in float", wide_float, wb::elu_derivative(wide_float, 1.0f), d, float_bound);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.6 GELU
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(gelu)

BOOST_AUTO_TEST_CASE(has_the_closed_form_values) {
  const arma::mat z = grid();
  const arma::mat g = wb::gelu(z), g_minus = wb::gelu(arma::mat(-z));
  // Φ(z) + Φ(−z) = 1, so GELU(z) − GELU(−z) = z.
  require_close("gelu(z) − gelu(−z) against z on the grid", arma::mat(g - g_minus), z, 1e-14);
  require_close("gelu(0)", g(80), 0.0, 0.0);
  require_close("gelu′(0) (= Φ(0) = 1/2)", wb::gelu_derivative(arma::mat{0.0})(0), 0.5, 1e-16);
  require_close("gelu(1) (= Φ(1))", g(90), 0.841344746068542948585232545632, 1e-15);
}

BOOST_AUTO_TEST_CASE(derivative_passes_the_gradient_checker_on_the_grid_of_the_figures) {
  const arma::mat d = wb::gelu_derivative(grid());
  require_passed(check_derivative("3.6 gelu′", ref::gelu, grid(), d), d,
                 {{"3.6 no_density_term", at_points<double>(grid(), [](double v) { return std::erfc(-v / std::sqrt(2.0)) / 2; })}});
}

BOOST_AUTO_TEST_CASE(is_accurate_in_the_left_tail_and_at_plus_minus_1000) {
  // ½(1 + erf(z/√2)) cancels to 0 for z < −8.3 in double, while Φ(−30) is 4.9e-198.
  const arma::mat tail = {{-1000, -100, -37, -30, -20, -10, -3, -1, 0, 1, 3, 10, 1000}};
  const arma::fmat tail_float = {{-1000, -30, -10, -3, -1, 0, 1, 3, 10, 1000}};
  require_accurate("gelu(z) in double", tail, wb::gelu(tail), ref::gelu, double_bound,
                   {{"3.6 erf_form", at_points<double>(tail, [](double v) { return v * (1 + std::erf(v / std::sqrt(2.0))) / 2; })}});
  require_accurate("gelu′(z) in double", tail, wb::gelu_derivative(tail), ref::gelu_derivative, double_bound);
  require_accurate("gelu(z) in float", tail_float, wb::gelu(tail_float), ref::gelu, 1e-5);
  require_accurate("gelu′(z) in float", tail_float, wb::gelu_derivative(tail_float), ref::gelu_derivative, 1e-5);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.7 SiLU
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(silu)

BOOST_AUTO_TEST_CASE(is_z_times_the_sigmoid_and_its_derivative_passes_the_gradient_checker) {
  const arma::mat z = grid();
  const arma::mat sigma = at_points<double>(z, [](double v) { return double(ref::sigmoid(v)); });
  require_accurate("silu(z) on the grid", z, wb::silu(z), ref::silu, double_bound, {{"3.7 z_missing", sigma}});
  const arma::mat d = wb::silu_derivative(z);
  require_passed(check_derivative("3.7 silu′", ref::silu, z, d), d, {{"3.7 no_product_rule", sigma}});
}

BOOST_AUTO_TEST_CASE(is_accurate_at_plus_minus_1000_in_double_and_float) {
  require_accurate("silu(z) in double", wide_double, wb::silu(wide_double), ref::silu, double_bound);
  require_accurate("silu′(z) in double", wide_double, wb::silu_derivative(wide_double), ref::silu_derivative, double_bound);
  require_accurate("silu(z) in float", wide_float, wb::silu(wide_float), ref::silu, float_bound);
  require_accurate("silu′(z) in float", wide_float, wb::silu_derivative(wide_float), ref::silu_derivative, float_bound);
}

BOOST_AUTO_TEST_CASE(is_analytic_for_the_complex_step) {
  const arma::mat z = grid();
  const arma::mat via_complex = complex_step([](const arma::cx_mat& v) { return wb::silu(v); }, z);
  require_accurate("Im silu(z + ih)/h, the complex step, against silu′", z, via_complex, ref::silu_derivative,
                   double_bound);
  require_accurate("silu′ in complex<double> at real points", z,
                   arma::mat(arma::real(wb::silu_derivative(complex_of(z)))), ref::silu_derivative, double_bound);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------
// 3.8 softplus
// ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(softplus)

BOOST_AUTO_TEST_CASE(is_log_of_one_plus_exp_and_its_derivative_is_the_sigmoid) {
  const arma::mat z = grid();
  const arma::mat s = wb::softplus(z), s_minus = wb::softplus(arma::mat(-z));
  // log(1 + e^z) − log(1 + e^−z) = z
  require_close("softplus(z) − softplus(−z) against z on the grid", arma::mat(s - s_minus), z, 1e-14);
  require_close("softplus(0) (= ln 2)", s(80), std::log(2.0), 1e-16);
  require_accurate("softplus′(z) against σ(z) on the grid", z, wb::softplus_derivative(z), ref::sigmoid, double_bound,
                   {{"3.8 derivative_mirrored", at_points<double>(z, [](double v) { return double(ref::sigmoid(-v)); })}});
  require_passed(check_derivative("3.8 softplus′", ref::softplus, z, wb::softplus_derivative(z)));
}

BOOST_AUTO_TEST_CASE(is_accurate_at_plus_minus_1000_in_double_and_float) {
  // log(1 + e^1000) overflows; log(1 + e^−30) keeps 3 digits of its 9.4e-14.
  require_accurate("softplus(z) in double", wide_double, wb::softplus(wide_double), ref::softplus, double_bound,
                   {{"3.8 naive_log", at_points<double>(wide_double, [](double v) { return std::log(1 + std::exp(v)); })}});
  require_accurate("softplus′(z) in double", wide_double, wb::softplus_derivative(wide_double), ref::softplus_derivative,
                   double_bound);
  require_accurate("softplus(z) in float", wide_float, wb::softplus(wide_float), ref::softplus, float_bound);
  require_accurate("softplus′(z) in float", wide_float, wb::softplus_derivative(wide_float), ref::softplus_derivative,
                   float_bound);
}

BOOST_AUTO_TEST_SUITE_END()
