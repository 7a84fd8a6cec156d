// Exercise tests of chapter 2: ReLU (2.1), its derivative (2.2), softmax cross-entropy (2.3)
// and its gradient (2.4), accuracy (2.5), the SGD step (2.6). The catalogue
// (exercises/catalogue.json) says which case checks which exercise.
//
// Built twice: against solutions/ every case must pass, against the stubs in exercises/ every
// case must fail naming its exercise. The expected values come from closed forms, from an
// independent long-double computation or from the gradient checker — never from the code
// under test. Each case calls its own exercise first, and every failure message starts with
// what is wrong.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <complex>
#include <limits>

#include "exercise_checks.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"

using wb::test::require_close;

namespace {

/// The softmax cross-entropy of column i, the textbook way, in long double (the reference).
long double reference_loss(const arma::mat& o, arma::uword i, arma::uword y) {
  long double m = o.col(i).max(), sum = 0;
  for (arma::uword k = 0; k < o.n_rows; ++k) sum += std::exp(static_cast<long double>(o(k, i)) - m);
  return std::log(sum) - (o(y, i) - m);
}

/// The mean over the columns of reference_loss.
double reference_mean_loss(const arma::mat& o, const arma::uvec& y) {
  long double total = 0;
  for (arma::uword i = 0; i < o.n_cols; ++i) total += reference_loss(o, i, y(i));
  return double(total / o.n_cols);
}

/// (softmax of each column − the one-hot vector of its label)/n, in long double: ∂L/∂o.
arma::mat reference_gradient(const arma::mat& o, const arma::uvec& y) {
  arma::mat g(arma::size(o));
  for (arma::uword i = 0; i < o.n_cols; ++i) {
    long double m = o.col(i).max(), sum = 0;
    for (arma::uword k = 0; k < o.n_rows; ++k) sum += std::exp(static_cast<long double>(o(k, i)) - m);
    for (arma::uword k = 0; k < o.n_rows; ++k)
      g(k, i) = double((std::exp(static_cast<long double>(o(k, i)) - m) / sum - (k == y(i) ? 1 : 0)) / o.n_cols);
  }
  return g;
}

arma::mat random_logits(arma::uword q, arma::uword n, double scale, unsigned seed = 7) {
  arma::arma_rng::set_seed(seed);
  return scale * arma::randn<arma::mat>(q, n);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(relu)

BOOST_AUTO_TEST_CASE(keeps_positive_entries_and_zeroes_the_rest) {
  const arma::fmat z = {{-2.0f, -0.0f, 0.0f}, {1e-30f, 3.5f, -1e-30f}};
  const arma::fmat h = wb::relu(z);
  require_close("relu(z)", h, arma::fmat{{0.0f, 0.0f, 0.0f}, {1e-30f, 3.5f, 0.0f}}, 0.0,
                {{"2.1 returns_the_step", arma::fmat{{0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 0.0f}}},
                 {"2.1 keeps_the_negatives", arma::fmat{{-2.0f, 0.0f, 0.0f}, {0.0f, 0.0f, -1e-30f}}}});
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double_and_keeps_the_shape) {
  const arma::mat z = {{-1.5, 2.25, 0.0}, {7.0, -1e300, 1e-300}};
  require_close("relu(z) in double", wb::relu(z), arma::mat{{0.0, 2.25, 0.0}, {7.0, 0.0, 1e-300}}, 0.0);
  const arma::fmat all_negative(4, 3, arma::fill::value(-1.0f));
  require_close("relu of an all-negative float matrix", wb::relu(all_negative), arma::fmat(4, 3, arma::fill::zeros), 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(relu_derivative)

BOOST_AUTO_TEST_CASE(is_a_step_taken_as_zero_at_zero) {
  const arma::mat z = {-3.0, -1e-12, 0.0, 1e-12, 4.0};
  require_close("relu_derivative(z) (0 at z = 0)", wb::relu_derivative(z), arma::mat{0.0, 0.0, 0.0, 1.0, 1.0}, 0.0,
                {{"2.2 one_at_zero", arma::mat{0.0, 0.0, 1.0, 1.0, 1.0}}, {"2.2 returns_relu", arma::mat{0.0, 0.0, 0.0, 1e-12, 4.0}}});
}

BOOST_AUTO_TEST_CASE(matches_central_differences_of_relu_away_from_zero) {
  const arma::mat z = random_logits(6, 5, 1.0);
  const arma::mat d = wb::relu_derivative(z);
  arma::mat numeric(arma::size(z));
  const double h = 1e-6;
  for (arma::uword i = 0; i < z.n_elem; ++i)
    numeric(i) = (std::max(z(i) + h, 0.0) - std::max(z(i) - h, 0.0)) / (2 * h);
  require_close("relu_derivative(z) against (relu(z + h) − relu(z − h))/2h", d, numeric, 1e-9);
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double_and_keeps_the_shape) {
  const arma::fmat z = {{-2.0f, 0.5f}, {3.0f, -0.25f}, {0.0f, 1e-20f}};
  require_close("relu_derivative(z) in float", wb::relu_derivative(z), arma::fmat{{0, 1}, {1, 0}, {0, 1}}, 0.0);
  const arma::mat zd = arma::conv_to<arma::mat>::from(z);
  require_close("relu_derivative(z) in double", wb::relu_derivative(zd), arma::mat{{0, 1}, {1, 0}, {0, 1}}, 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(softmax_cross_entropy)

BOOST_AUTO_TEST_CASE(equal_logits_give_the_log_of_the_number_of_classes) {
  const arma::mat o(10, 4, arma::fill::zeros);
  const arma::uvec y = {0, 3, 9, 5};
  require_close("L for ten equal logits (= ln 10)", wb::softmax_cross_entropy(o, y), std::log(10.0), 1e-15,
                {{"2.3 sum_not_mean", 4 * std::log(10.0)}});
}

BOOST_AUTO_TEST_CASE(is_the_batch_mean_of_the_textbook_formula) {
  const arma::mat o = random_logits(5, 7, 3.0);
  const arma::uvec y = {0, 1, 2, 3, 4, 0, 2};
  require_close("L, the mean over 7 examples", wb::softmax_cross_entropy(o, y), reference_mean_loss(o, y), 1e-13);
}

BOOST_AUTO_TEST_CASE(huge_logits_do_not_overflow) {
  // exp(1000) is inf in double; a stable implementation subtracts the column maximum first.
  const arma::mat o = {{1000.0, -1000.0}, {0.0, 1000.0}};  // 2 classes × 2 examples
  const arma::uvec y = {1, 0};
  // column 0: log(1 + e^-1000) - (0 - 1000) = 1000; column 1: log(1 + e^-2000) + 2000 = 2000
  require_close("L for logits of ±1000 (mean of 1000 and 2000)", wb::softmax_cross_entropy(o, y), 1500.0, 1e-9,
                {{"2.3 no_max_shift", arma::datum::inf}, {"2.3 no_max_shift", arma::datum::nan}});
}

BOOST_AUTO_TEST_CASE(huge_logits_do_not_overflow_in_float_either) {
  const arma::fmat o = arma::fvec{100.0f, 0.0f, -100.0f};
  const arma::uvec y = {0};
  require_close("L in float for logits 100, 0, −100", double(wb::softmax_cross_entropy(o, y)), 0.0, 1e-6);
}

BOOST_AUTO_TEST_CASE(is_analytic_for_the_complex_step) {
  // Chapter 7's complex-step check evaluates L on complex logits o + ih·e_k: then
  // Im L / h must be ∂L/∂o_k. That holds only if L is written with analytic operations
  // (exp, log, +, −; the shift by the column maximum using real parts only).
  const arma::mat o = random_logits(4, 3, 2.0, 11);
  const arma::uvec y = {3, 0, 1};
  const double h = 1e-20;
  arma::mat via_complex(arma::size(o)), reference(arma::size(o));
  for (arma::uword k = 0; k < o.n_elem; ++k) {
    arma::cx_mat oc(o, arma::zeros<arma::mat>(arma::size(o)));
    oc(k) += std::complex<double>(0.0, h);
    via_complex(k) = std::imag(wb::softmax_cross_entropy(oc, y)) / h;
    const double step = 1e-5;
    arma::mat plus = o, minus = o;
    plus(k) += step;
    minus(k) -= step;
    reference(k) = (reference_mean_loss(plus, y) - reference_mean_loss(minus, y)) / (2 * step);
  }
  require_close("Im L(o + ih·e_k)/h, the complex step, against central differences", via_complex, reference, 1e-8);
  const arma::cx_mat real_input(o, arma::zeros<arma::mat>(arma::size(o)));
  require_close("L in complex<double> at a real point", std::real(wb::softmax_cross_entropy(real_input, y)),
                reference_mean_loss(o, y), 1e-13);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(softmax_cross_entropy_gradient)

BOOST_AUTO_TEST_CASE(passes_the_gradient_checker) {
  // The checker differentiates the reference loss numerically; knowing the batch size, it
  // recognises a missing or doubled 1/n, a sign error, a transpose.
  const arma::mat o = random_logits(4, 3, 2.0);
  const arma::uvec y = {3, 0, 1};
  const arma::mat dL_do = wb::softmax_cross_entropy_gradient(o, y);
  wb::DiagnosisContext context;
  context.batch = double(o.n_cols);
  const auto L = [&](const arma::mat& o_) { return reference_mean_loss(o_, y); };
  const arma::mat right = reference_gradient(o, y);
  wb::test::require_passed(wb::check_gradient("2.4 dL/do", L, o, dL_do, {}, context), dL_do,
                           {{"2.4 no_mean", arma::mat(3.0 * right)}, {"2.4 sign_flipped", arma::mat(-right)}});
}

BOOST_AUTO_TEST_CASE(has_a_closed_form_for_two_classes) {
  // Two classes: dL/do_0 = (sigmoid(o_0 - o_1) - [y = 0]) / n, and dL/do_1 = -dL/do_0.
  const arma::mat o = {{2.0, -1.0, 0.5}, {0.0, 1.0, 0.5}};
  const arma::uvec y = {0, 0, 1};
  const arma::mat g = wb::softmax_cross_entropy_gradient(o, y);
  arma::mat expected(2, 3);
  for (arma::uword i = 0; i < 3; ++i) {
    const double s = 1.0 / (1.0 + std::exp(-(o(0, i) - o(1, i))));
    expected(0, i) = (s - (y(i) == 0 ? 1.0 : 0.0)) / 3.0;
    expected(1, i) = -expected(0, i);
  }
  require_close("dL/do for two classes, (σ(o₀ − o₁) − [y = 0])/n", g, expected, 1e-15,
                {{"2.4 no_mean", arma::mat(3.0 * expected)}, {"2.4 sign_flipped", arma::mat(-expected)}});
}

BOOST_AUTO_TEST_CASE(is_finite_for_huge_logits) {
  const arma::fmat o = {{500.0f, -500.0f}, {-500.0f, 500.0f}};
  const arma::uvec y = {1, 1};
  // softmax = (1, 0) and (0, 1); minus onehot(1); over n = 2
  require_close("dL/do in float for logits of ±500", wb::softmax_cross_entropy_gradient(o, y),
                arma::fmat{{0.5f, 0.0f}, {-0.5f, 0.0f}}, 1e-6);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(accuracy)

BOOST_AUTO_TEST_CASE(counts_columns_whose_largest_entry_is_at_the_label) {
  const arma::fmat o = {{0.9f, 0.1f, 0.2f, 5.0f}, {0.05f, 0.8f, 0.7f, -1.0f}, {0.05f, 0.1f, 0.9f, 0.0f}};
  // Predicted at the smallest entry, the columns give 1, 0, 0, 1; a fraction 4/4 cut to a whole number is 1.
  require_close("the columns right of four, all four right", double(wb::correct_predictions(o, arma::uvec{0, 1, 2, 0})),
                4.0, 0.0, {{"2.5 index_min", 0.0}, {"2.5 fraction_not_count", 1.0}});
  BOOST_TEST(wb::correct_predictions(o, arma::uvec{0, 1, 1, 1}) == 2u, "the first two of four columns are right");
  BOOST_TEST(wb::correct_predictions(o, arma::uvec{2, 2, 0, 2}) == 0u, "no column is right");
}

BOOST_AUTO_TEST_CASE(works_for_float_and_double) {
  const arma::mat o = {{-1.0, -3.0}, {-2.0, -0.5}};  // all negative: the largest is still the prediction
  BOOST_TEST(wb::correct_predictions(o, arma::uvec{0, 1}) == 2u, "in double, with negative logits");
  BOOST_TEST(wb::correct_predictions(arma::conv_to<arma::fmat>::from(o), arma::uvec{1, 1}) == 1u, "in float");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sgd_step)

BOOST_AUTO_TEST_CASE(moves_against_the_gradient_by_lr_times_it) {
  arma::fmat W = {{1.0f, -2.0f}, {0.5f, 0.0f}};
  const arma::fmat dW = {{10.0f, -10.0f}, {0.0f, 2.0f}};
  wb::sgd_step(W, dW, 0.1f);
  require_close("W after one step W − η·dW with η = 0.1", W, arma::fmat{{0.0f, -1.0f}, {0.5f, -0.2f}}, 1e-6,
                {{"2.6 uphill", arma::fmat{{2.0f, -3.0f}, {0.5f, 0.2f}}}, {"2.6 no_learning_rate", arma::fmat{{-9.0f, 8.0f}, {0.5f, -2.0f}}}});
}

BOOST_AUTO_TEST_CASE(updates_a_bias_vector_in_place) {
  arma::vec b = {1.0, 2.0, 3.0};
  const arma::vec db = {1.0, 0.0, -1.0};
  wb::sgd_step(b, db, 0.5);
  require_close("b after one step b − η·db with η = 0.5, in double", arma::mat(b), arma::mat(arma::vec{0.5, 2.0, 3.5}), 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()
