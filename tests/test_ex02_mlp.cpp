// Exercise tests of chapter 2: ReLU, softmax cross-entropy, accuracy, SGD.
//
// Built twice: against solutions/ every case must pass, against the stubs in exercises/
// every case must fail naming its exercise (tests/expect_every_case_fails.cmake). The
// expected values come from closed forms or from an independent long-double computation,
// never from the code under test.
#define BOOST_TEST_MODULE exercises of chapter 2
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <limits>

#include "wb/exercises.hpp"

namespace {

// The softmax cross-entropy of one column, the textbook way, in long double.
long double reference_loss(const arma::mat& o, arma::uword i, arma::uword y) {
  long double m = o.col(i).max(), sum = 0;
  for (arma::uword k = 0; k < o.n_rows; ++k) sum += std::exp(static_cast<long double>(o(k, i)) - m);
  return std::log(sum) - (o(y, i) - m);
}

arma::mat random_logits(arma::uword q, arma::uword n, double scale) {
  arma::arma_rng::set_seed(7);
  return scale * arma::randn<arma::mat>(q, n);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(relu_exercises)

BOOST_AUTO_TEST_CASE(relu_keeps_positive_entries_and_zeroes_the_rest) {
  const arma::fmat z = {{-2.0f, -0.0f, 0.0f}, {1e-30f, 3.5f, -1e-30f}};
  const arma::fmat h = wb::relu(z);
  const arma::fmat expected = {{0.0f, 0.0f, 0.0f}, {1e-30f, 3.5f, 0.0f}};
  BOOST_REQUIRE_EQUAL(h.n_rows, 2u);
  BOOST_REQUIRE_EQUAL(h.n_cols, 3u);
  BOOST_TEST(arma::approx_equal(h, expected, "absdiff", 0.0f));
}

BOOST_AUTO_TEST_CASE(relu_works_in_double_too) {
  const arma::mat z = {-1.5, 2.25};
  const arma::mat h = wb::relu(z);
  BOOST_TEST(h(0) == 0.0);
  BOOST_TEST(h(1) == 2.25);
}

BOOST_AUTO_TEST_CASE(relu_derivative_is_a_step_at_zero_taken_as_zero_there) {
  const arma::mat z = {-3.0, -1e-12, 0.0, 1e-12, 4.0};
  const arma::mat d = wb::relu_derivative(z);
  const arma::mat expected = {0.0, 0.0, 0.0, 1.0, 1.0};
  BOOST_TEST(arma::approx_equal(d, expected, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(relu_derivative_matches_central_differences_of_relu_away_from_zero) {
  const arma::mat z = random_logits(6, 5, 1.0);
  const arma::mat d = wb::relu_derivative(z);
  const double h = 1e-6;
  for (arma::uword i = 0; i < z.n_elem; ++i) {
    if (std::abs(z(i)) < 10 * h) continue;
    const double numeric = (std::max(z(i) + h, 0.0) - std::max(z(i) - h, 0.0)) / (2 * h);
    BOOST_TEST(std::abs(d(i) - numeric) <= 1e-9);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(softmax_cross_entropy_exercises)

BOOST_AUTO_TEST_CASE(equal_logits_give_the_log_of_the_number_of_classes) {
  const arma::mat o(10, 4, arma::fill::zeros);
  const arma::uvec y = {0, 3, 9, 5};
  BOOST_TEST(std::abs(wb::softmax_cross_entropy(o, y) - std::log(10.0)) <= 1e-15);
}

BOOST_AUTO_TEST_CASE(the_loss_is_the_batch_mean_of_the_textbook_formula) {
  const arma::mat o = random_logits(5, 7, 3.0);
  const arma::uvec y = {0, 1, 2, 3, 4, 0, 2};
  long double expected = 0;
  for (arma::uword i = 0; i < o.n_cols; ++i) expected += reference_loss(o, i, y(i));
  expected /= o.n_cols;
  BOOST_TEST(std::abs(wb::softmax_cross_entropy(o, y) - double(expected)) <= 1e-13);
}

BOOST_AUTO_TEST_CASE(huge_logits_do_not_overflow) {
  // exp(1000) is inf in double; a stable implementation subtracts the column maximum first.
  const arma::mat o = {{1000.0, -1000.0}, {0.0, 1000.0}};  // 2 classes × 2 examples
  const arma::uvec y = {1, 0};
  const double loss = wb::softmax_cross_entropy(o, y);
  // column 0: log(1 + e^-1000) - (0 - 1000) = 1000; column 1: log(1 + e^-2000) + 2000 = 2000
  BOOST_REQUIRE(std::isfinite(loss));
  BOOST_TEST(std::abs(loss - 1500.0) <= 1e-9);
}

BOOST_AUTO_TEST_CASE(huge_logits_do_not_overflow_in_float_either) {
  const arma::fmat o = arma::fvec{100.0f, 0.0f, -100.0f};
  const arma::uvec y = {0};
  const float loss = wb::softmax_cross_entropy(o, y);
  BOOST_REQUIRE(std::isfinite(loss));
  BOOST_TEST(std::abs(loss) <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(the_gradient_is_softmax_minus_onehot_over_the_batch_size) {
  // Two classes: dL/do_0 = (sigmoid(o_0 - o_1) - [y = 0]) / n, and dL/do_1 = -dL/do_0.
  const arma::mat o = {{2.0, -1.0, 0.5}, {0.0, 1.0, 0.5}};
  const arma::uvec y = {0, 0, 1};
  const arma::mat g = wb::softmax_cross_entropy_gradient(o, y);
  BOOST_REQUIRE_EQUAL(g.n_rows, 2u);
  BOOST_REQUIRE_EQUAL(g.n_cols, 3u);
  for (arma::uword i = 0; i < 3; ++i) {
    const double s = 1.0 / (1.0 + std::exp(-(o(0, i) - o(1, i))));
    const double expected = (s - (y(i) == 0 ? 1.0 : 0.0)) / 3.0;
    BOOST_TEST(std::abs(g(0, i) - expected) <= 1e-15);
    BOOST_TEST(std::abs(g(1, i) + expected) <= 1e-15);
  }
}

BOOST_AUTO_TEST_CASE(the_gradient_matches_central_differences_of_the_textbook_loss) {
  const arma::mat o = random_logits(4, 3, 2.0);
  const arma::uvec y = {3, 0, 1};
  const arma::mat g = wb::softmax_cross_entropy_gradient(o, y);
  const double h = 1e-5;
  for (arma::uword k = 0; k < o.n_elem; ++k) {
    arma::mat plus = o, minus = o;
    plus(k) += h;
    minus(k) -= h;
    const arma::uword i = k / o.n_rows;
    const double numeric = double(reference_loss(plus, i, y(i)) - reference_loss(minus, i, y(i))) / (2 * h) / 3.0;
    BOOST_TEST(std::abs(g(k) - numeric) <= 1e-9);
  }
}

BOOST_AUTO_TEST_CASE(the_gradient_of_huge_logits_is_finite) {
  const arma::fmat o = {{500.0f, -500.0f}, {-500.0f, 500.0f}};
  const arma::uvec y = {1, 1};
  const arma::fmat g = wb::softmax_cross_entropy_gradient(o, y);
  BOOST_REQUIRE(g.is_finite());
  BOOST_TEST(std::abs(g(0, 0) - 0.5f) <= 1e-6f);   // p = (1, 0), y = 1: (1 - 0) / 2
  BOOST_TEST(std::abs(g(1, 0) + 0.5f) <= 1e-6f);   // (0 - 1) / 2
  BOOST_TEST(std::abs(g(0, 1)) <= 1e-6f);          // p = (0, 1) = onehot
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(accuracy_and_sgd_exercises)

BOOST_AUTO_TEST_CASE(correct_predictions_counts_columns_whose_argmax_is_the_label) {
  const arma::fmat o = {{0.9f, 0.1f, 0.2f, 5.0f},
                        {0.05f, 0.8f, 0.7f, -1.0f},
                        {0.05f, 0.1f, 0.9f, 0.0f}};
  BOOST_TEST(wb::correct_predictions(o, arma::uvec{0, 1, 2, 0}) == 4u);
  BOOST_TEST(wb::correct_predictions(o, arma::uvec{0, 1, 1, 1}) == 2u);
  BOOST_TEST(wb::correct_predictions(o, arma::uvec{2, 2, 0, 2}) == 0u);
}

BOOST_AUTO_TEST_CASE(an_sgd_step_moves_against_the_gradient_by_lr_times_it) {
  arma::fmat W = {{1.0f, -2.0f}, {0.5f, 0.0f}};
  const arma::fmat dW = {{10.0f, -10.0f}, {0.0f, 2.0f}};
  wb::sgd_step(W, dW, 0.1f);
  const arma::fmat expected = {{0.0f, -1.0f}, {0.5f, -0.2f}};
  BOOST_TEST(arma::approx_equal(W, expected, "absdiff", 1e-6f));
}

BOOST_AUTO_TEST_CASE(an_sgd_step_updates_a_bias_vector_in_place) {
  arma::vec b = {1.0, 2.0, 3.0};
  const arma::vec db = {1.0, 0.0, -1.0};
  wb::sgd_step(b, db, 0.5);
  BOOST_TEST(std::abs(b(0) - 0.5) <= 1e-15);
  BOOST_TEST(std::abs(b(1) - 2.0) <= 1e-15);
  BOOST_TEST(std::abs(b(2) - 3.5) <= 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()
