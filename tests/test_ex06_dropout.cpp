// Exercise tests of chapter 6: dropout forward (6.1) and backward (6.2), DropConnect (6.3).
//
// The random numbers u are given to the function, so every case is exact or, for the
// statistical ones, seeded, with bands of four standard deviations of the estimate (the count
// of zeros is binomial; a mean of N independent draws has standard error σ/√N).
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <string>

#include "exercise_checks.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"
#include "wb/random.hpp"

using wb::test::require_close;

BOOST_AUTO_TEST_SUITE(dropout_forward)

BOOST_AUTO_TEST_CASE(keeps_the_entries_where_u_is_at_least_p_and_scales_them_by_one_over_one_minus_p) {
  const arma::mat h = {{1.0, 2.0, 3.0}, {-4.0, 5.0, 6.0}};
  const arma::mat u = {{0.1, 0.5, 0.9}, {0.75, 0.49, 0.0}};
  arma::mat mask;
  const arma::mat dropped = wb::dropout_forward(h, u, 0.5, mask);
  require_close("h′ with p = 0.5 (kept where u ≥ 0.5, times 2)", dropped, arma::mat{{0.0, 4.0, 6.0}, {-8.0, 0.0, 0.0}}, 1e-15,
                {{"6.1 no_scale", arma::mat{{0.0, 2.0, 3.0}, {-4.0, 0.0, 0.0}}},
                 {"6.1 keep_test_reversed", arma::mat{{2.0, 0.0, 0.0}, {0.0, 10.0, 12.0}}}});
  require_close("the mask with p = 0.5", mask, arma::mat{{0.0, 2.0, 2.0}, {2.0, 0.0, 0.0}}, 1e-15);
}

BOOST_AUTO_TEST_CASE(is_the_identity_for_p_zero_and_drops_everything_for_p_one) {
  const arma::mat h = arma::reshape(arma::regspace(0.0, 15.0), 2, 8);  // the book's 0 … 15
  arma::mat u(2, 8);
  wb::UniformSource(3).fill(u);
  arma::mat mask;
  require_close("h′ with p = 0", wb::dropout_forward(h, u, 0.0, mask), h, 0.0);
  require_close("h′ with p = 1", wb::dropout_forward(h, u, 1.0, mask), arma::mat(2, 8, arma::fill::zeros), 0.0,
                {{"6.1 divides_by_zero_at_p_1", arma::mat(2, 8, arma::fill::value(arma::datum::nan))}});
  BOOST_TEST(mask.is_finite(), "the mask with p = 1 has non-finite entries (1/(1 − p) with p = 1?): " << mask);
}

BOOST_AUTO_TEST_CASE(drops_a_fraction_p_and_keeps_the_mean) {
  // 100 000 entries: the count of zeros is binomial, mean N·p, standard deviation √(N·p(1 − p)).
  const double p = 0.3;
  const arma::mat h(200, 500, arma::fill::ones);
  arma::mat u(arma::size(h));
  wb::UniformSource(11).fill(u);
  arma::mat mask;
  const arma::mat dropped = wb::dropout_forward(h, u, p, mask);
  const double N = double(h.n_elem);
  const double zeros = double(arma::accu(dropped == 0.0));
  const double band = 4 * std::sqrt(N * p * (1 - p));
  BOOST_TEST(std::abs(zeros - N * p) <= band,
             "dropped " << zeros << " of " << N << " entries; with p = 0.3 expected " << N * p << " ± " << band);
  BOOST_TEST(std::abs(arma::mean(arma::vectorise(dropped)) - 1.0) <= 4 * std::sqrt(p / (1 - p) / N),
             "the mean of h′ is " << arma::mean(arma::vectorise(dropped)) << ", not E[h′] = h = 1: scale kept entries by 1/(1 − p)");
}

BOOST_AUTO_TEST_CASE(scales_the_second_moment_by_one_over_one_minus_p) {
  // E[h′²] = E[h²]/(1 − p): a kept entry is h/(1 − p), so h′² is h²/(1 − p)² with probability
  // 1 − p. Given h, the mean of h′² over N entries has variance mean(h⁴)·p/(1 − p)³/N.
  for (const double p : {0.2, 0.5}) {
    arma::mat h(200, 500), u(200, 500), mask;
    wb::UniformSource source(17);
    source.fill(h);
    h *= 2.0;  // h uniform in [0, 2): E[h] = 1, E[h²] = 4/3
    source.fill(u);
    const arma::mat dropped = wb::dropout_forward(h, u, p, mask);
    const double N = double(h.n_elem);
    const double expected = arma::mean(arma::vectorise(arma::square(h))) / (1 - p);
    const double band = 4 * std::sqrt(arma::mean(arma::vectorise(arma::pow(h, 4))) * p / std::pow(1 - p, 3) / N);
    const double got = arma::mean(arma::vectorise(arma::square(dropped)));
    BOOST_TEST(std::abs(got - expected) <= band, "with p = " << p << " the mean of h′² is " << got << ", expected E[h²]/(1 − p) = "
                                                             << expected << " ± " << band << ": the kept entries' scale is wrong");
  }
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat h = {{1.0f, -2.0f}, {3.0f, 4.0f}};
  const arma::fmat u = {{0.9f, 0.1f}, {0.2f, 0.95f}};
  arma::fmat mask;
  require_close("h′ in float with p = 0.25", wb::dropout_forward(h, u, 0.25, mask),
                arma::fmat{{4.0f / 3, 0.0f}, {0.0f, 16.0f / 3}}, 1e-6);
  arma::mat mask_d;
  require_close("h′ in double with p = 0.25", wb::dropout_forward(arma::conv_to<arma::mat>::from(h),
                arma::conv_to<arma::mat>::from(u), 0.25, mask_d), arma::mat{{4.0 / 3, 0.0}, {0.0, 16.0 / 3}}, 1e-6);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dropout_backward)

BOOST_AUTO_TEST_CASE(passes_the_gradient_checker_with_the_forward_mask_held_fixed) {
  arma::arma_rng::set_seed(5);
  const arma::mat h = arma::randn<arma::mat>(4, 3), upstream = arma::randn<arma::mat>(4, 3);
  arma::mat u(4, 3);
  wb::UniformSource(8).fill(u);
  const arma::mat mask = arma::conv_to<arma::mat>::from(u >= 0.4) / 0.6;  // the forward pass's mask, independent of 6.1
  const arma::mat dJ_dh = wb::dropout_backward(upstream, mask);
  // h′ = h ⊙ m with the SAME m: the checker differentiates ⟨upstream, h ⊙ m⟩ with respect to h.
  wb::test::require_passed(
      wb::check_backward("6.2 dJ/dh", [&](const arma::mat& h_) { return arma::mat(h_ % mask); }, h, upstream, dJ_dh), dJ_dh,
      {{"6.2 no_mask", upstream}, {"6.2 mask_not_scaled", arma::mat(upstream % arma::conv_to<arma::mat>::from(mask > 0))}});
}

namespace {

/// A planted bug: a backward pass that draws a fresh mask instead of reusing the forward pass's.
arma::mat backward_with_a_fresh_mask(const arma::mat& upstream, double p, wb::UniformSource& source) {
  arma::mat u(arma::size(upstream));
  source.fill(u);
  return wb::dropout_backward(upstream, arma::mat(arma::conv_to<arma::mat>::from(u >= p) / (1 - p)));
}

}  // namespace

BOOST_AUTO_TEST_CASE(must_use_the_forward_mask_a_fresh_mask_fails_the_checker) {
  arma::arma_rng::set_seed(6);
  const arma::mat h = arma::randn<arma::mat>(5, 4), upstream = arma::randn<arma::mat>(5, 4);
  wb::UniformSource source(21);
  arma::mat u(5, 4);
  source.fill(u);
  const arma::mat mask = arma::conv_to<arma::mat>::from(u >= 0.5) / 0.5;  // the forward pass's mask
  const auto forward = [&](const arma::mat& h_) { return arma::mat(h_ % mask); };
  wb::test::require_passed(
      wb::check_backward("6.2 dJ/dh with the forward mask", forward, h, upstream, wb::dropout_backward(upstream, mask)));
  const wb::GradCheckReport planted = wb::check_backward("6.2 dJ/dh with a fresh mask (planted)", forward, h, upstream,
                                                         backward_with_a_fresh_mask(upstream, 0.5, source));
  BOOST_TEST(!planted.passed(), "a backward pass that drew a new mask passed the gradient checker:\n" << wb::row(planted));
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat upstream = {{1.0f, 2.0f}, {3.0f, 4.0f}}, mask = {{0.0f, 2.0f}, {2.0f, 0.0f}};
  require_close("dJ/dh in float", wb::dropout_backward(upstream, mask), arma::fmat{{0.0f, 4.0f}, {6.0f, 0.0f}}, 0.0);
  require_close("dJ/dh in double", wb::dropout_backward(arma::conv_to<arma::mat>::from(upstream), arma::conv_to<arma::mat>::from(mask)),
                arma::mat{{0.0, 4.0}, {6.0, 0.0}}, 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dropconnect_forward)

BOOST_AUTO_TEST_CASE(masks_each_weight_then_multiplies_the_inputs) {
  const arma::mat W = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  const arma::mat a = {{1.0, 0.0}, {1.0, 1.0}, {1.0, -1.0}};  // two examples, one per column
  const arma::mat u = {{0.9, 0.1, 0.7}, {0.2, 0.6, 0.5}};     // keep where u ≥ 0.5
  arma::mat mask;
  const arma::mat z = wb::dropconnect_forward(W, a, u, 0.5, mask);
  // W′ = [[2, 0, 6], [0, 10, 12]]; z = W′a, worked by hand
  // Unscaled, W′ = [[1, 0, 3], [0, 5, 6]]; transposed, z is (W′a)ᵀ.
  require_close("z = W′a with p = 0.5", z, arma::mat{{8.0, -6.0}, {22.0, -2.0}}, 1e-14,
                {{"6.3 no_scale", arma::mat{{4.0, -3.0}, {11.0, -1.0}}}, {"6.3 transposed", arma::mat{{8.0, 22.0}, {-6.0, -2.0}}}});
  require_close("the mask of W with p = 0.5", mask, arma::mat{{2.0, 0.0, 2.0}, {0.0, 2.0, 2.0}}, 1e-15);
}

BOOST_AUTO_TEST_CASE(is_W_times_a_for_p_zero_and_zero_for_p_one) {
  arma::mat W(3, 4), a(4, 2), u(3, 4), mask;
  wb::UniformSource source(4);
  source.fill(W);
  source.fill(a);
  source.fill(u);
  require_close("z with p = 0", wb::dropconnect_forward(W, a, u, 0.0, mask), arma::mat(W * a), 1e-14);
  require_close("z with p = 1", wb::dropconnect_forward(W, a, u, 1.0, mask), arma::mat(3, 2, arma::fill::zeros), 0.0);
}

BOOST_AUTO_TEST_CASE(keeps_the_mean_and_leaves_two_units_uncorrelated) {
  // Two units whose weight rows are almost the same: dropping *inputs* would make their outputs
  // move together (correlation near 1); dropping each *weight* on its own leaves them
  // uncorrelated. Per unit, E[z_k] = (W a)_k and Var z_k = p/(1 − p) Σ_j W_kj² a_j².
  const double p = 0.5;
  const arma::uword n = 64, draws = 20000;
  arma::mat W(2, n), a(n, 1), u(2, n), mask;
  wb::UniformSource source(9);
  source.fill(a);
  arma::rowvec w(n);
  source.fill(w);
  W.row(0) = w;
  W.row(1) = w + 0.05;
  arma::mat z(2, draws);
  for (arma::uword d = 0; d < draws; ++d) {
    source.fill(u);
    z.col(d) = wb::dropconnect_forward(W, a, u, p, mask);
  }
  const arma::vec mean = arma::mean(z, 1), expected_mean = W * a;
  const arma::vec variance = p / (1 - p) * (arma::square(W) * arma::square(a));
  for (arma::uword k = 0; k < 2; ++k) {
    const double band = 4 * std::sqrt(variance(k) / double(draws));
    BOOST_TEST(std::abs(mean(k) - expected_mean(k)) <= band, "unit " << k << ": the mean of z over " << draws << " draws is "
               << mean(k) << ", expected (W a) = " << expected_mean(k) << " ± " << band << " (scale kept weights by 1/(1 − p))");
    const double got = arma::var(arma::rowvec(z.row(k)));
    BOOST_TEST(std::abs(got - variance(k)) <= 0.08 * variance(k), "unit " << k << ": the variance of z is " << got
               << ", expected p/(1 − p)·Σ W²a² = " << variance(k) << " ± 8%");
  }
  const double correlation = arma::as_scalar(arma::cor(arma::rowvec(z.row(0)), arma::rowvec(z.row(1))));
  BOOST_TEST(std::abs(correlation) <= 4 / std::sqrt(double(draws)),
             "the two units' outputs have correlation " << correlation << ", expected 0 ± " << 4 / std::sqrt(double(draws))
             << ": each weight needs its own random number (u has W's shape), not one per input");
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat W = {{1.0f, -2.0f}, {3.0f, 4.0f}}, u = {{0.9f, 0.1f}, {0.3f, 0.8f}};
  const arma::fmat a = arma::fvec{1.0f, 2.0f};  // one example
  arma::fmat mask;
  // p = 0.25: W′ = [[4/3, 0], [4, 16/3]]
  require_close("z in float with p = 0.25", wb::dropconnect_forward(W, a, u, 0.25, mask),
                arma::fmat(arma::fvec{4.0f / 3, 4.0f + 32.0f / 3}), 1e-5);
  arma::mat mask_d;
  require_close("z in double with p = 0.25",
                wb::dropconnect_forward(arma::conv_to<arma::mat>::from(W), arma::conv_to<arma::mat>::from(a),
                                        arma::conv_to<arma::mat>::from(u), 0.25, mask_d),
                arma::mat(arma::vec{4.0 / 3, 4.0 + 32.0 / 3}), 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()
