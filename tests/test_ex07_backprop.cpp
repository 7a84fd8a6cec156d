// Exercise tests of chapter 7: one test case per equation (A, B1, B2, C, D, E1, E2).
//
// Each case checks one exercise function against the gradient checker: the left-hand quantity
// is the input of the rest of the graph, J (s for B1) is differentiated numerically with
// respect to it, and the function is fed the NUMERIC upstream gradient, never another copy of
// the formula under test. The loss here is a test-local softmax cross-entropy, so these tests
// depend on chapter 7's functions only (not on exercises 2.3/2.4).
//
// Against the stubs every case must fail naming its exercise: each case calls its chapter 7
// function before anything else that could throw, and never catches the exception.
#define BOOST_TEST_MODULE test_ex07_backprop
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <random>
#include <string>


#include "wb/activations.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"
#include "wb/numeric.hpp"

namespace {

/// The mean softmax cross-entropy of the logits o (q × n) against labels y, any element type.
/// (Test-local: the reference for J, independent of exercise 2.3.)
template <typename eT>
eT cross_entropy(const arma::Mat<eT>& o, const arma::uvec& y) {
  eT total(0);
  for (arma::uword i = 0; i < o.n_cols; ++i) {
    eT sum(0);
    for (arma::uword k = 0; k < o.n_rows; ++k) sum += std::exp(o(k, i));
    total += std::log(sum) - o(y(i), i);
  }
  return total / eT(double(o.n_cols));
}

template <typename eT>
eT penalty(const arma::Mat<eT>& W1, const arma::Mat<eT>& W2, double lambda) {
  return eT(lambda / 2) * (arma::accu(W1 % W1) + arma::accu(W2 % W2));
}

/// The notes' graph with unequal sizes (d = 5, h = 4, q = 3, n = 2), so a missing transpose
/// changes a shape. `c_L`, `c_s` scale the two terms of J = c_L·L + c_s·s: with c ≠ 1 a
/// function that ignores its dJ/dL or dJ/ds argument fails.
struct Graph {
  arma::mat x, W1, W2;
  arma::uvec y;
  double lambda = 0.05;
  double c_L = 1, c_s = 1;

  explicit Graph(std::uint64_t seed = 7) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    x.set_size(5, 2);
    x.imbue([&] { return normal(rng); });
    W1.set_size(4, 5);
    W1.imbue([&] { return 0.5 * normal(rng); });
    W2.set_size(3, 4);
    W2.imbue([&] { return 0.5 * normal(rng); });
    y = {2, 0};
  }

  /// J as a function of every variable, for any element type and activation.
  template <typename Phi, typename eT>
  eT J(const arma::Mat<eT>& x_, const arma::Mat<eT>& W1_, const arma::Mat<eT>& W2_) const {
    const arma::Mat<eT> o = W2_ * Phi::f(arma::Mat<eT>(W1_ * x_));
    return eT(c_L) * cross_entropy(o, y) + eT(c_s) * penalty(W1_, W2_, lambda);
  }
  arma::mat z() const { return W1 * x; }
  template <typename Phi>
  arma::mat h() const { return Phi::f(z()); }
  double s() const { return penalty(W1, W2, lambda); }
  /// ∂J/∂s, numerically: J as a function of (L, s) is c_L·L + c_s·s.
  double dJ_ds_numeric() const {
    return wb::numeric_gradient([&](const arma::mat& v) { return c_L * v(0) + c_s * v(1); }, arma::vec{1.0, s()})(1);
  }
};

void require_ok(const wb::GradCheckReport& r) {
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::ok, "expected ok:\n" << wb::table_header() << "\n" << wb::row(r));
}

}  // namespace

BOOST_AUTO_TEST_CASE(equation_A_gives_the_partial_derivatives_of_J_with_respect_to_L_and_s) {
  const auto [dJ_dL, dJ_ds] = wb::objective_partials<double>();
  // J = L + s as a function of the pair (L, s), at an arbitrary point.
  const auto J_of_Ls = [](const auto& v) { return v(0) + v(1); };
  require_ok(wb::check_gradient("A   dJ/dL,dJ/ds", J_of_Ls, arma::vec{0.7, 0.2}, arma::vec{dJ_dL, dJ_ds}));
}

BOOST_AUTO_TEST_CASE(equation_B1_gives_the_gradient_of_the_penalty_s_for_both_weight_matrices) {
  const Graph g;
  const arma::mat ds_dW1 = wb::penalty_gradient(g.W1, g.lambda);
  const arma::mat ds_dW2 = wb::penalty_gradient(g.W2, g.lambda);
  const auto s_of_W1 = [&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return penalty<eT>(W, wb::convert<eT>(g.W2), g.lambda);
  };
  const auto s_of_W2 = [&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return penalty<eT>(wb::convert<eT>(g.W1), W, g.lambda);
  };
  require_ok(wb::check_gradient("B1  ds/dW1", s_of_W1, g.W1, ds_dW1));
  require_ok(wb::check_gradient("B1  ds/dW2", s_of_W2, g.W2, ds_dW2));
  // The same function runs in float (training) and agrees with the double result.
  const arma::fmat ds_dW1_float = wb::penalty_gradient(arma::fmat(arma::conv_to<arma::fmat>::from(g.W1)), float(g.lambda));
  BOOST_TEST(arma::approx_equal(arma::conv_to<arma::mat>::from(ds_dW1_float), ds_dW1, "absdiff", 1e-6));
}

BOOST_AUTO_TEST_CASE(equation_B2_gives_the_gradient_of_J_with_respect_to_the_output_o) {
  Graph g;
  const arma::mat o = g.W2 * wb::Tanh::f(g.z());
  const double s = g.s();
  // ∂L/∂o, the local derivative, numerically (the input of B2, not what is checked).
  const arma::mat dL_do = wb::numeric_gradient([&](const auto& o_) { return cross_entropy(o_, g.y); }, o);
  for (const double c_L : {1.0, 2.5}) {  // 2.5: the dJ/dL argument must be used
    g.c_L = c_L;
    const arma::mat dJ_do = wb::output_gradient(c_L, dL_do);
    const auto J_of_o = [&](const auto& o_) {
      using eT = typename std::decay_t<decltype(o_)>::elem_type;
      return eT(g.c_L) * cross_entropy(o_, g.y) + eT(s);
    };
    require_ok(wb::check_gradient("B2  dJ/do", J_of_o, o, dJ_do));
  }
}

BOOST_AUTO_TEST_CASE(equation_C_gives_the_gradient_of_J_with_respect_to_the_hidden_layer_h) {
  const Graph g;
  const arma::mat h = g.h<wb::Tanh>();
  const double s = g.s();
  const auto J_of_o = [&](const auto& o_) { return cross_entropy(o_, g.y) + s; };
  const arma::mat dJ_do = wb::numeric_gradient(J_of_o, arma::mat(g.W2 * h));  // numeric upstream
  const arma::mat dJ_dh = wb::hidden_gradient(g.W2, dJ_do);
  const auto J_of_h = [&](const auto& h_) {
    using eT = typename std::decay_t<decltype(h_)>::elem_type;
    return cross_entropy(arma::Mat<eT>(wb::convert<eT>(g.W2) * h_), g.y) + eT(s);
  };
  require_ok(wb::check_gradient("C   dJ/dh", J_of_h, h, dJ_dh));
}

template <typename Phi>
void check_equation_D() {
  const Graph g;
  const arma::mat z = g.z();
  const double s = g.s();
  const auto J_of_h = [&](const arma::mat& h_) { return cross_entropy(arma::mat(g.W2 * h_), g.y) + s; };
  const arma::mat dJ_dh = wb::numeric_gradient(J_of_h, g.h<Phi>());  // numeric upstream
  const arma::mat dJ_dz = wb::preactivation_gradient(dJ_dh, z, Phi{});
  const auto J_of_z = [&](const arma::mat& z_) { return cross_entropy(arma::mat(g.W2 * Phi::f(z_)), g.y) + s; };
  require_ok(wb::check_gradient(std::string("D   dJ/dz ") + Phi::name, J_of_z, z, dJ_dz));
}

BOOST_AUTO_TEST_CASE(equation_D_gives_the_gradient_of_J_with_respect_to_z_for_each_activation) {
  check_equation_D<wb::Tanh>();  // first: needs chapter 7 only
  check_equation_D<wb::Sigmoid>();
  check_equation_D<wb::ReLU>();  // uses exercises 2.1 and 2.2 as φ and φ′
}

BOOST_AUTO_TEST_CASE(equation_E1_gives_the_gradient_of_J_with_respect_to_W1_through_z_and_s) {
  using Phi = wb::Tanh;
  Graph g;
  for (const double c_s : {1.0, 3.0}) {  // 3: the dJ/ds argument must be used
    g.c_s = c_s;
    // Numeric upstream gradients: dJ/dz (J as a function of z), dJ/ds = c_s, ds/dW1.
    const double s = g.s();
    const auto J_of_z = [&](const arma::mat& z_) { return cross_entropy(arma::mat(g.W2 * Phi::f(z_)), g.y) + c_s * s; };
    const arma::mat dJ_dz = wb::numeric_gradient(J_of_z, g.z());
    const double dJ_ds = g.dJ_ds_numeric();
    const arma::mat ds_dW1 = wb::numeric_gradient([&](const arma::mat& W) { return penalty(W, g.W2, g.lambda); }, g.W1);
    const arma::mat dJ_dW1 = wb::first_weight_gradient(dJ_dz, g.x, dJ_ds, ds_dW1);
    const auto J_of_W1 = [&](const auto& W) {
      using eT = typename std::decay_t<decltype(W)>::elem_type;
      return g.J<Phi, eT>(wb::convert<eT>(g.x), W, wb::convert<eT>(g.W2));
    };
    require_ok(wb::check_gradient("E1  dJ/dW1", J_of_W1, g.W1, dJ_dW1));
  }
}

BOOST_AUTO_TEST_CASE(equation_E2_gives_the_gradient_of_J_with_respect_to_W2_through_o_and_s) {
  using Phi = wb::Tanh;
  Graph g;
  for (const double c_s : {1.0, 3.0}) {  // 3: the dJ/ds argument must be used
    g.c_s = c_s;
    const double s = g.s();
    const arma::mat h = g.h<Phi>();
    const auto J_of_o = [&](const arma::mat& o_) { return cross_entropy(o_, g.y) + c_s * s; };
    const arma::mat dJ_do = wb::numeric_gradient(J_of_o, arma::mat(g.W2 * h));
    const double dJ_ds = g.dJ_ds_numeric();
    const arma::mat ds_dW2 = wb::numeric_gradient([&](const arma::mat& W) { return penalty(g.W1, W, g.lambda); }, g.W2);
    const arma::mat dJ_dW2 = wb::second_weight_gradient(dJ_do, h, dJ_ds, ds_dW2);
    const auto J_of_W2 = [&](const auto& W) {
      using eT = typename std::decay_t<decltype(W)>::elem_type;
      return g.J<Phi, eT>(wb::convert<eT>(g.x), wb::convert<eT>(g.W1), W);
    };
    require_ok(wb::check_gradient("E2  dJ/dW2", J_of_W2, g.W2, dJ_dW2));
  }
}
