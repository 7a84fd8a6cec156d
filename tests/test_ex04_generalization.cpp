// Exercise tests of chapter 4: polynomial features (4.1), the squared loss (4.2) and its
// gradient (4.3), least squares (4.4), the folds of K-fold cross-validation (4.5). The
// catalogue (exercises/catalogue.json) says which case checks which exercise.
//
// Built twice: against solutions/ every case must pass, against the stubs in exercises/ every
// case must fail naming its exercise. Expected values come from hand computations, from an
// independent long-double evaluation, from properties that characterize the answer (the
// normal equations of least squares, the residual being zero) or from the gradient checker —
// never from the code under test. Each case calls its own exercise first and no other.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <set>

#include "exercise_checks.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"

using wb::test::require_close;

namespace {

/// x^i / i! in long double, the textbook way (std::pow and a factorial): the reference of 4.1.
long double power_over_factorial(long double x, unsigned i) {
  long double factorial = 1;
  for (unsigned k = 2; k <= i; ++k) factorial *= k;
  return std::pow(x, static_cast<long double>(i)) / factorial;
}

/// The largest relative difference |got − ref| / |ref| over the entries (ref never 0 here).
template <typename eT>
double largest_relative_error(const arma::Mat<eT>& got, const arma::mat& x, unsigned rows) {
  double worst = 0;
  for (unsigned i = 0; i < rows; ++i)
    for (arma::uword j = 0; j < x.n_cols; ++j) {
      const long double ref = power_over_factorial(x(0, j), i);
      worst = std::max(worst, double(std::abs((static_cast<long double>(got(i, j)) - ref) / ref)));
    }
  return worst;
}

/// The squared loss written out entry by entry in long double: the reference of 4.2 and the
/// function whose gradient 4.3 must be.
double reference_squared_loss(const arma::mat& w, const arma::mat& x, const arma::mat& y) {
  long double sum = 0;
  for (arma::uword i = 0; i < x.n_cols; ++i) {
    long double yhat = 0;
    for (arma::uword k = 0; k < x.n_rows; ++k) yhat += static_cast<long double>(w(k)) * x(k, i);
    sum += (yhat - y(i)) * (yhat - y(i)) / 2;
  }
  return double(sum / x.n_cols);
}

/// The small problem worked by hand on chapter 4's page: ŷ = (1, 3, 5), y = (1, 2, 7), so the
/// residuals are (0, 1, −2), L = (0 + 1 + 4)/(2·3) = 5/6 and ∂L/∂w = x rᵀ/3 = (−1/3, −1).
const arma::mat hand_w = arma::mat(arma::vec{1.0, 2.0});
const arma::mat hand_x = {{1.0, 1.0, 1.0}, {0.0, 1.0, 2.0}};
const arma::mat hand_y = {{1.0, 2.0, 7.0}};

/// Five features 1, x, x²/2!, x³/3!, x⁴/4! of the three inputs −1, 0.5, 2 (computed here, not by 4.1).
arma::mat five_features_of_three_points() {
  const double x[] = {-1.0, 0.5, 2.0};
  arma::mat phi(5, 3);
  for (unsigned i = 0; i < 5; ++i)
    for (unsigned j = 0; j < 3; ++j) phi(i, j) = double(power_over_factorial(x[j], i));
  return phi;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(polynomial_features)

BOOST_AUTO_TEST_CASE(gives_powers_over_factorials_with_a_row_of_ones_first) {
  const arma::mat x = {{-2.0, 0.0, 0.5, 3.0}};
  const arma::mat phi = wb::polynomial_features(x, 4);
  const arma::mat expected = {{1.0, 1.0, 1.0, 1.0},
                              {-2.0, 0.0, 0.5, 3.0},
                              {2.0, 0.0, 0.125, 4.5},               // x²/2
                              {-8.0 / 6, 0.0, 0.125 / 6, 27.0 / 6}};  // x³/6
  const arma::mat raw_powers = {{1.0, 1.0, 1.0, 1.0}, {-2.0, 0.0, 0.5, 3.0}, {4.0, 0.0, 0.25, 9.0}, {-8.0, 0.0, 0.125, 27.0}};
  const arma::mat from_x = {{-2.0, 0.0, 0.5, 3.0},  // x, x²/2, x³/6, x⁴/24: no row of ones
                            {2.0, 0.0, 0.125, 4.5},
                            {-8.0 / 6, 0.0, 0.125 / 6, 27.0 / 6},
                            {16.0 / 24, 0.0, 0.0625 / 24, 81.0 / 24}};
  require_close("the features 1, x, x²/2!, x³/3! of x = (−2, 0, 0.5, 3)", phi, expected, 1e-15,
                {{"4.1 no_factorial", raw_powers}, {"4.1 no_row_of_ones", from_x}});
}

BOOST_AUTO_TEST_CASE(stay_accurate_for_twenty_features_in_double_and_float) {
  const arma::mat x = {{-4.0, -3.0, -0.7, 0.3, 1.0, 2.5, 4.0}};
  const arma::mat phi = wb::polynomial_features(x, 20);
  BOOST_REQUIRE_MESSAGE(phi.n_rows == 20 && phi.n_cols == x.n_cols,
                        "20 features of 7 inputs: expected a 20×7 matrix, got " << phi.n_rows << "×" << phi.n_cols);
  const double in_double = largest_relative_error(phi, x, 20);
  BOOST_TEST(in_double <= 1e-13, "x^i/i! for i up to 19 in double: the largest relative error is "
                                     << in_double << " (allowed 1e-13); is row i x^i divided by i!?");
  const arma::fmat phi_f = wb::polynomial_features(arma::fmat(arma::conv_to<arma::fmat>::from(x)), 20);
  const double in_float = largest_relative_error(phi_f, x, 20);
  BOOST_TEST(in_float <= 1e-5, "x^i/i! for i up to 19 in float: the largest relative error is "
                                   << in_float << " (allowed 1e-5)");
}

BOOST_AUTO_TEST_CASE(one_feature_is_the_bias_alone) {
  const arma::fmat x = {{-1.5f, 2.0f, 7.0f}};
  require_close("one feature (d = 1) of three inputs: the row of ones", wb::polynomial_features(x, 1),
                arma::fmat(1, 3, arma::fill::ones), 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(squared_loss)

BOOST_AUTO_TEST_CASE(is_half_the_mean_squared_residual) {
  const double L = wb::squared_loss(hand_w, hand_x, hand_y);
  require_close("L for residuals (0, 1, −2): (0 + 1 + 4) / (2·3)", L, 5.0 / 6.0, 1e-15,
                {{"4.2 no_half", 5.0 / 3.0}, {"4.2 sum_not_mean", 2.5}});
}

BOOST_AUTO_TEST_CASE(matches_a_long_double_reference_in_double_and_float) {
  arma::arma_rng::set_seed(41);
  const arma::mat w = arma::randn<arma::mat>(5, 1), x = arma::randn<arma::mat>(5, 37), y = arma::randn<arma::mat>(1, 37);
  const double L = wb::squared_loss(w, x, y);
  require_close("L of 37 random examples with 5 features, in double", L, reference_squared_loss(w, x, y), 1e-13);
  const float Lf = wb::squared_loss(arma::fmat(arma::conv_to<arma::fmat>::from(w)), arma::fmat(arma::conv_to<arma::fmat>::from(x)),
                                    arma::fmat(arma::conv_to<arma::fmat>::from(y)));
  require_close("the same L in float", double(Lf), reference_squared_loss(w, x, y), 1e-5 * reference_squared_loss(w, x, y));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(squared_loss_gradient)

BOOST_AUTO_TEST_CASE(is_the_residual_weighted_mean_of_the_features) {
  const arma::mat g = wb::squared_loss_gradient(hand_w, hand_x, hand_y);
  require_close("∂L/∂w for residuals (0, 1, −2): x rᵀ / 3", g, arma::mat(arma::vec{-1.0 / 3.0, -1.0}), 1e-15,
                {{"4.3 no_mean", arma::mat(arma::vec{-1.0, -3.0})}, {"4.3 residual_sign", arma::mat(arma::vec{1.0 / 3.0, 1.0})}});
}

BOOST_AUTO_TEST_CASE(passes_the_gradient_checker) {
  arma::arma_rng::set_seed(43);
  const arma::mat w = arma::randn<arma::mat>(6, 1), x = arma::randn<arma::mat>(6, 25), y = arma::randn<arma::mat>(1, 25);
  const arma::mat g = wb::squared_loss_gradient(w, x, y);
  wb::DiagnosisContext context;
  context.batch = 25;  // names a missing or extra 1/n
  wb::test::require_passed(wb::check_gradient(
      "4.3 dL/dw", [&](const arma::mat& w_) { return reference_squared_loss(w_, x, y); }, w, g, {}, context));
}

BOOST_AUTO_TEST_CASE(works_in_float_and_is_zero_where_the_model_fits_exactly) {
  const arma::fmat g = wb::squared_loss_gradient(arma::fmat(arma::conv_to<arma::fmat>::from(hand_w)),
                                                 arma::fmat(arma::conv_to<arma::fmat>::from(hand_x)),
                                                 arma::fmat(arma::conv_to<arma::fmat>::from(hand_y)));
  require_close("∂L/∂w of the hand example in float", g, arma::fmat(arma::fvec{-1.0f / 3.0f, -1.0f}), 1e-6);
  const arma::mat exact_y = hand_w.t() * hand_x;  // ŷ = y: every residual is 0
  require_close("∂L/∂w where the model fits every example exactly", wb::squared_loss_gradient(hand_w, hand_x, exact_y),
                arma::mat(2, 1, arma::fill::zeros), 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(least_squares)

BOOST_AUTO_TEST_CASE(recovers_the_weights_of_noiseless_data) {
  arma::arma_rng::set_seed(47);
  const arma::mat x = arma::randn<arma::mat>(4, 30), w_true = arma::mat(arma::vec{5.0, 1.2, -3.4, 5.6});
  const arma::mat y = w_true.t() * x;
  require_close("w from 30 noiseless examples of ŷ = wᵀx with w = (5, 1.2, −3.4, 5.6)", wb::least_squares(x, y),
                w_true, 1e-12,
                {{"4.4 returns_a_row", arma::mat(w_true.t())}, {"4.4 gram_not_solved", arma::mat(x * x.t() * w_true)}});
}

BOOST_AUTO_TEST_CASE(leaves_a_residual_orthogonal_to_every_feature) {
  // The least-squares w is characterized by the normal equations x (xᵀw − yᵀ) = 0.
  arma::arma_rng::set_seed(53);
  const arma::mat x = arma::randn<arma::mat>(5, 40), y = arma::randn<arma::mat>(1, 40);
  const arma::mat w = wb::least_squares(x, y);
  BOOST_REQUIRE_MESSAGE(w.n_rows == 5 && w.n_cols == 1, "5 features: expected w of 5×1, got " << w.n_rows << "×" << w.n_cols);
  const arma::mat normal = x * (x.t() * w - y.t());
  require_close("x (xᵀw − yᵀ), zero at the least-squares w (the normal equations)", normal,
                arma::mat(5, 1, arma::fill::zeros), 1e-11);
}

BOOST_AUTO_TEST_CASE(gives_the_smallest_norm_fit_through_three_points) {
  // Five features, three examples: infinitely many w fit exactly; the smallest lies in the span of
  // the examples, w = x c with xᵀx c = yᵀ (a 3×3 system, solved here independently).
  const arma::mat x = five_features_of_three_points();
  const arma::mat y = {{1.0, -2.0, 0.5}};
  const arma::mat w = wb::least_squares(x, y);
  const arma::mat smallest = x * arma::solve(x.t() * x, y.t());
  require_close("w of smallest norm through 3 points with 5 features", w, smallest, 1e-10);
}

BOOST_AUTO_TEST_CASE(works_in_float) {
  const arma::fmat x = {{1.0f, 1.0f, 1.0f, 1.0f}, {-1.0f, 0.0f, 1.0f, 2.0f}};
  const arma::fmat y = {{0.0f, 1.0f, 2.0f, 5.0f}};  // the best line is 1.2 + 1.6·x (by hand: Sxy/Sxx = 8/5)
  require_close("the least-squares line through (−1, 0), (0, 1), (1, 2), (2, 5) in float", wb::least_squares(x, y),
                arma::fmat(arma::fvec{1.2f, 1.6f}), 1e-5);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(kfold_fold)

BOOST_AUTO_TEST_CASE(cuts_ten_indices_into_folds_of_four_three_and_three) {
  const arma::uvec order = {3, 7, 1, 9, 0, 5, 2, 8, 6, 4};
  const auto as_mat = [](const arma::uvec& u) { return arma::mat(arma::conv_to<arma::mat>::from(u)); };
  require_close("fold 0 of 3 over 10 indices (the first 4)", as_mat(wb::kfold_fold(order, 3, 0)),
                arma::mat(arma::vec{3.0, 7.0, 1.0, 9.0}), 0.0, {{"4.5 equal_folds", arma::mat(arma::vec{3.0, 7.0, 1.0})}});
  require_close("fold 1 of 3 (the next 3)", as_mat(wb::kfold_fold(order, 3, 1)), arma::mat(arma::vec{0.0, 5.0, 2.0}), 0.0,
                {{"4.5 ceil_size", arma::mat(arma::vec{0.0, 5.0, 2.0, 8.0})}});
  require_close("fold 2 of 3 (the last 3)", as_mat(wb::kfold_fold(order, 3, 2)), arma::mat(arma::vec{8.0, 6.0, 4.0}), 0.0);
}

BOOST_AUTO_TEST_CASE(the_folds_use_every_index_once_with_sizes_differing_by_at_most_one) {
  arma::arma_rng::set_seed(59);
  const arma::uvec order = arma::shuffle(arma::regspace<arma::uvec>(0, 102));  // n = 103, K = 5: 21 21 21 20 20
  std::multiset<arma::uword> seen;
  const arma::uword expected_sizes[] = {21, 21, 21, 20, 20};
  for (arma::uword k = 0; k < 5; ++k) {
    const arma::uvec fold = wb::kfold_fold(order, 5, k);
    BOOST_TEST(fold.n_elem == expected_sizes[k],
               "fold " << k << " of 5 over 103 indices has " << fold.n_elem << " entries, expected " << expected_sizes[k]);
    seen.insert(fold.begin(), fold.end());
  }
  BOOST_TEST(seen.size() == 103u, "the 5 folds hold " << seen.size() << " entries in all, expected 103");
  for (arma::uword i = 0; i < 103; ++i) BOOST_TEST(seen.count(i) == 1u, "index " << i << " is in " << seen.count(i) << " folds");
}

BOOST_AUTO_TEST_CASE(leave_one_out_when_K_is_n) {
  const arma::uvec order = {4, 2, 0, 3, 1};
  for (arma::uword k = 0; k < 5; ++k) {
    const arma::uvec fold = wb::kfold_fold(order, 5, k);
    BOOST_TEST((fold.n_elem == 1 && fold(0) == order(k)),
               "fold " << k << " of 5 over 5 indices must be the single index " << order(k));
  }
}

BOOST_AUTO_TEST_SUITE_END()
