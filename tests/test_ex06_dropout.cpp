// Exercise tests of chapter 6: dropout forward (6.1) and backward (6.2).
//
// The random numbers u are given to the function, so every case is exact or, for the
// statistical ones, seeded, with bands of four standard deviations of a binomial count.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>

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
  require_close("h′ with p = 0.5 (kept where u ≥ 0.5, times 2)", dropped, arma::mat{{0.0, 4.0, 6.0}, {-8.0, 0.0, 0.0}}, 1e-15);
  require_close("the mask with p = 0.5", mask, arma::mat{{0.0, 2.0, 2.0}, {2.0, 0.0, 0.0}}, 1e-15);
}

BOOST_AUTO_TEST_CASE(is_the_identity_for_p_zero_and_drops_everything_for_p_one) {
  const arma::mat h = arma::reshape(arma::regspace(0.0, 15.0), 2, 8);  // the book's 0 … 15
  arma::mat u(2, 8);
  wb::UniformSource(3).fill(u);
  arma::mat mask;
  require_close("h′ with p = 0", wb::dropout_forward(h, u, 0.0, mask), h, 0.0);
  require_close("h′ with p = 1", wb::dropout_forward(h, u, 1.0, mask), arma::mat(2, 8, arma::fill::zeros), 0.0);
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
      wb::check_backward("6.2 dJ/dh", [&](const arma::mat& h_) { return arma::mat(h_ % mask); }, h, upstream, dJ_dh));
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat upstream = {{1.0f, 2.0f}, {3.0f, 4.0f}}, mask = {{0.0f, 2.0f}, {2.0f, 0.0f}};
  require_close("dJ/dh in float", wb::dropout_backward(upstream, mask), arma::fmat{{0.0f, 4.0f}, {6.0f, 0.0f}}, 0.0);
  require_close("dJ/dh in double", wb::dropout_backward(arma::conv_to<arma::mat>::from(upstream), arma::conv_to<arma::mat>::from(mask)),
                arma::mat{{0.0, 4.0}, {6.0, 0.0}}, 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
