// Exercise tests of chapter 1: two affine layers collapsed into one (1.1), least squares by the
// normal equations (1.2), the forward pass of a one-hidden-layer ReLU network (1.3), and a 2-2-1
// ReLU network for XOR (1.4). The catalogue (exercises/catalogue.json) says which case checks
// which exercise.
//
// Built twice: against solutions/ every case must pass, against the stubs in exercises/ every
// case must fail naming its exercise. The expected values come from closed forms or from
// independent long-double loops written here — never from the code under test, and never from
// another exercise (this file's ReLU is its own). Each case calls its own exercise first.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <string>
#include <vector>

#include "exercise_checks.hpp"
#include "wb/exercises.hpp"

using wb::test::require_close;

namespace {

arma::mat random_matrix(arma::uword rows, arma::uword cols, unsigned seed) {
  arma::arma_rng::set_seed(seed);
  return arma::randn<arma::mat>(rows, cols);
}

/// W x + b for one column, in long double.
template <typename eT>
std::vector<long double> affine(const arma::Mat<eT>& W, const arma::Col<eT>& b, const std::vector<long double>& x) {
  std::vector<long double> y(W.n_rows);
  for (arma::uword r = 0; r < W.n_rows; ++r) {
    y[r] = b(r);
    for (arma::uword c = 0; c < W.n_cols; ++c) y[r] += static_cast<long double>(W(r, c)) * x[c];
  }
  return y;
}

/// The two-layer network x ↦ W2 act(W1 x + b1) + b2 for every column of x, in long double,
/// with act the identity (relu = false) or max(z, 0) (relu = true): the reference.
template <typename eT>
arma::Mat<eT> reference_network(const arma::Mat<eT>& x, const arma::Mat<eT>& W1, const arma::Col<eT>& b1,
                                const arma::Mat<eT>& W2, const arma::Col<eT>& b2, bool relu) {
  arma::Mat<eT> o(W2.n_rows, x.n_cols);
  for (arma::uword i = 0; i < x.n_cols; ++i) {
    std::vector<long double> h = affine(W1, b1, std::vector<long double>(x.begin_col(i), x.end_col(i)));
    if (relu)
      for (long double& v : h) v = v > 0 ? v : 0.0L;
    const std::vector<long double> oi = affine(W2, b2, h);
    for (arma::uword k = 0; k < oi.size(); ++k) o(k, i) = eT(oi[k]);
  }
  return o;
}

/// The XOR points as columns, and which of them are of class 1.
template <typename eT>
arma::Mat<eT> xor_points() {
  return arma::Mat<eT>{{0, 0, 1, 1}, {0, 1, 0, 1}};
}
const bool xor_class_1[4] = {false, true, true, false};

}  // namespace

BOOST_AUTO_TEST_SUITE(collapse_affine)

BOOST_AUTO_TEST_CASE(gives_the_one_affine_map_of_two_random_layers) {
  const arma::mat W1 = random_matrix(5, 4, 1), W2 = random_matrix(3, 5, 2);
  const arma::vec b1 = random_matrix(5, 1, 3), b2 = random_matrix(3, 1, 4);
  arma::mat W;
  arma::vec b;
  wb::collapse_affine(W1, b1, W2, b2, W, b);
  // The affine map f(x) = W x + b is recovered from the two layers alone: b = f(0), and column
  // j of W is f(e_j) − f(0).
  const arma::mat at_zero = reference_network(arma::mat(4, 1, arma::fill::zeros), W1, b1, W2, b2, false);
  const arma::mat at_basis = reference_network(arma::mat(4, 4, arma::fill::eye), W1, b1, W2, b2, false);
  require_close("b (3 × 1), the two layers' output at x = 0", arma::mat(b), at_zero, 1e-12,
                {{"1.1 bias_second_only", arma::mat(b2)}, {"1.1 bias_first_only", arma::mat(W2 * b1)}});
  require_close("W (3 × 4), column j = f(e_j) − f(0)", W, arma::mat(at_basis.each_col() - at_zero.col(0)), 1e-12);
}

BOOST_AUTO_TEST_CASE(is_exact_in_float_for_small_integers) {
  const arma::fmat W1 = {{1, 2}, {0, -1}, {3, 1}};  // 3 × 2
  const arma::fvec b1 = {1, 0, -2};
  const arma::fmat W2 = {{1, 0, 2}};  // 1 × 3
  const arma::fvec b2 = {0.5f};
  arma::fmat W;
  arma::fvec b;
  wb::collapse_affine(W1, b1, W2, b2, W, b);
  // W = 1·(1, 2) + 2·(3, 1) = (7, 4); b = 1·1 + 0·0 + 2·(−2) + 0.5 = −2.5
  require_close("W in float for small integer layers", W, arma::fmat{{7, 4}}, 0.0);
  require_close("b in float for small integer layers", arma::fmat(b), arma::fmat{-2.5f}, 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(normal_equations)

BOOST_AUTO_TEST_CASE(recovers_the_weights_of_noiseless_data) {
  // Two outputs from three features (two inputs and a row of ones): y = W_true x exactly.
  const arma::mat inputs = random_matrix(2, 30, 5);
  const arma::mat x = arma::join_cols(inputs, arma::ones<arma::rowvec>(30));
  const arma::mat W_true = {{2.5, -1.0, 0.25}, {0.0, 3.0, -2.0}};
  const arma::mat W = wb::normal_equations(x, arma::mat(W_true * x));
  require_close("W (2 × 3) for data with no noise", W, W_true, 1e-10, {{"1.2 not_transposed_back", arma::mat(W_true.t())},
                                                                 {"1.2 gram_not_solved", arma::mat(W_true * x * x.t())}});
}

BOOST_AUTO_TEST_CASE(gives_the_textbook_slope_and_intercept) {
  // A straight line through noisy points: slope = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)², intercept = ȳ − slope·t̄.
  const arma::rowvec t = 10.0 * random_matrix(1, 40, 6);
  const arma::rowvec y = 0.7 * t - 2.0 + random_matrix(1, 40, 7);
  const arma::mat W = wb::normal_equations(arma::mat(arma::join_cols(t, arma::ones<arma::rowvec>(40))), arma::mat(y));
  long double tm = 0, ym = 0, sty = 0, stt = 0;
  for (arma::uword i = 0; i < 40; ++i) tm += t(i) / 40.0L, ym += y(i) / 40.0L;
  for (arma::uword i = 0; i < 40; ++i) sty += (t(i) - tm) * (y(i) - ym), stt += (t(i) - tm) * (t(i) - tm);
  const double slope = double(sty / stt), intercept = double(ym - sty / stt * tm);
  require_close("(slope, intercept) of the least-squares line", W, arma::mat{{slope, intercept}}, 1e-10);
}

BOOST_AUTO_TEST_CASE(works_in_float) {
  // Points on y = 2t + 1 with residuals +0.5, −0.5, −0.5, +0.5 at t = 0, 1, 2, 3: these residuals
  // are orthogonal to t and to 1, so the least-squares line is exactly y = 2t + 1.
  const arma::fmat x = {{0, 1, 2, 3}, {1, 1, 1, 1}};
  const arma::fmat y = {{1.5f, 2.5f, 4.5f, 7.5f}};
  require_close("(slope, intercept) in float", wb::normal_equations(x, y), arma::fmat{{2, 1}}, 1e-5);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mlp_forward)

BOOST_AUTO_TEST_CASE(matches_a_loop_over_units_and_examples) {
  const arma::mat x = random_matrix(3, 6, 8), W1 = random_matrix(4, 3, 9), W2 = random_matrix(2, 4, 10);
  const arma::vec b1 = random_matrix(4, 1, 11), b2 = random_matrix(2, 1, 12);
  const arma::mat o = wb::mlp_forward(x, W1, b1, W2, b2);
  const arma::mat right = reference_network(x, W1, b1, W2, b2, true);
  require_close("o (2 × 6) of a 3-4-2 ReLU network", o, right, 1e-12,
                {{"1.3 no_relu", reference_network(x, W1, b1, W2, b2, false)},
                 {"1.3 relu_on_output", arma::mat(arma::clamp(right, 0.0, arma::datum::inf))}});
}

BOOST_AUTO_TEST_CASE(zeroes_negative_preactivations) {
  // W1 = −I on positive inputs: every pre-activation is negative, so h = 0 and o = b2 everywhere.
  const arma::fmat x = {{1, 2, 3}, {4, 5, 6}};
  const arma::fmat W1 = -arma::eye<arma::fmat>(2, 2), W2 = {{7, 8}};
  const arma::fvec b1 = {0, 0}, b2 = {-0.25f};
  require_close("o in float when every hidden unit is off", wb::mlp_forward(x, W1, b1, W2, b2),
                arma::fmat{{-0.25f, -0.25f, -0.25f}}, 0.0);
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat x = arma::conv_to<arma::fmat>::from(random_matrix(2, 5, 13));
  const arma::fmat W1 = arma::conv_to<arma::fmat>::from(random_matrix(3, 2, 14));
  const arma::fmat W2 = arma::conv_to<arma::fmat>::from(random_matrix(1, 3, 15));
  const arma::fvec b1 = {0.5f, -0.5f, 0.0f}, b2 = {1.0f};
  require_close("o in float", wb::mlp_forward(x, W1, b1, W2, b2), reference_network(x, W1, b1, W2, b2, true), 1e-5);
  const arma::mat xd = {{-1, 0, 2}}, W1d = arma::vec{1, -1}, W2d = {{1, 1}};  // o = |x|
  const arma::vec b1d = {0, 0}, b2d = {0};
  require_close("o = max(x, 0) + max(−x, 0) = |x| in double", wb::mlp_forward(xd, W1d, b1d, W2d, b2d),
                arma::mat{{1, 0, 2}}, 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(xor_network)

BOOST_AUTO_TEST_CASE(has_the_sizes_of_a_2_2_1_network) {
  arma::mat W1, W2;
  arma::vec b1, b2;
  wb::xor_network(W1, b1, W2, b2);
  BOOST_TEST((W1.n_rows == 2 && W1.n_cols == 2), "W1 must be 2 × 2 (hidden × inputs), got " << W1.n_rows << " × " << W1.n_cols);
  BOOST_TEST(b1.n_elem == 2u, "b1 must have 2 entries (one per hidden unit), got " << b1.n_elem);
  BOOST_TEST((W2.n_rows == 1 && W2.n_cols == 2), "W2 must be 1 × 2 (output × hidden), got " << W2.n_rows << " × " << W2.n_cols);
  BOOST_TEST(b2.n_elem == 1u, "b2 must have 1 entry, got " << b2.n_elem);
}

template <typename eT>
void check_separates_xor(const std::string& type) {
  arma::Mat<eT> W1, W2;
  arma::Col<eT> b1, b2;
  wb::xor_network(W1, b1, W2, b2);
  BOOST_REQUIRE_MESSAGE(W1.n_rows == 2 && W1.n_cols == 2 && b1.n_elem == 2 && W2.n_rows == 1 && W2.n_cols == 2 &&
                            b2.n_elem == 1,
                        "the weights (" << type << ") do not have the sizes of a 2-2-1 network");
  const arma::Mat<eT> o = reference_network(xor_points<eT>(), W1, b1, W2, b2, true);
  // Two classic mistakes, recognised from the weights and the outputs.
  std::string mistake;
  if (arma::approx_equal(W1.row(0), W1.row(1), "absdiff", 0) && b1(0) == b1(1))
    mistake = wb::test::diagnosis_of("1.4 identical_hidden_units") + "\n  ";
  else if (arma::any(arma::vectorise(o) == eT(0)))
    mistake = wb::test::diagnosis_of("1.4 output_on_the_boundary") + "\n  ";
  bool shown = false;  // the diagnosis goes with the first wrong point
  for (arma::uword i = 0; i < 4; ++i) {
    const bool positive = o(0, i) > 0, negative = o(0, i) < 0;
    if (xor_class_1[i] ? positive : negative) {
      BOOST_TEST(true);
      continue;
    }
    BOOST_ERROR((shown ? "" : mistake) << "the output at (" << xor_points<eT>()(0, i) << ", " << xor_points<eT>()(1, i)
                                       << ") must be " << (xor_class_1[i] ? "positive (class 1)" : "negative (class 0)")
                                       << ", got " << o(0, i) << " (" << type << ")");
    shown = true;
  }
}

BOOST_AUTO_TEST_CASE(separates_the_four_points_in_double) { check_separates_xor<double>("double"); }

BOOST_AUTO_TEST_CASE(separates_the_four_points_in_float) { check_separates_xor<float>("float"); }

BOOST_AUTO_TEST_SUITE_END()
