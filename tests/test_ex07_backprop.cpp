// Exercise tests of chapter 7: the backward equations A, B1, B2, C, D, E1, E2 (7.1 … 7.7).
//
// Each equation is checked on its own, as the chapter program checks it: the left-hand quantity
// is the input of the rest of the graph, J (s for B1) is differentiated numerically with respect
// to it, and the exercise function is fed NUMERIC upstream gradients, never another copy of the
// formula under test. The checker gets what it needs to name the classic mistakes (the batch
// size, the decay term λW, "φ instead of φ′", the row's own transpose), so a failing case says,
// e.g., "E1 dJ/dW1: missing λW (weight-decay) term". J uses test-local functions (loss,
// activations), so these tests depend on chapter 7's exercises only.
//
// A second case per equation runs the function in float (training) and double (checking), the
// two element types it must support, against the numeric reference.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <random>
#include <string>

#include "exercise_checks.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"
#include "wb/numeric.hpp"

using wb::test::require_close;
using wb::test::require_passed;

namespace {

/// The mean softmax cross-entropy of the logits o (q × n) against labels y (test-local).
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

// Test-local activations, φ and φ′ side by side (the learner's own activations are chapter 3's
// exercises; these tests must not depend on them).
struct Tanh {
  static constexpr const char* name = "tanh";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return arma::tanh(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) { return 1 - arma::square(arma::tanh(z)); }
};
struct Sigmoid {
  static constexpr const char* name = "sigmoid";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return 1 / (1 + arma::exp(-z)); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) { return f(z) % (1 - f(z)); }
};
struct ReLU {
  static constexpr const char* name = "relu";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return arma::clamp(z, 0, arma::datum::inf); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return arma::conv_to<arma::Mat<eT>>::from(z > 0);
  }
};

/// The notes' graph with unequal sizes (d = 5, h = 4, q = 3, n = 2), so that a missing
/// transpose changes a shape. `c_L`, `c_s` scale the two terms, J = c_L·L + c_s·s: with c ≠ 1
/// a function that ignores its ∂J/∂L or ∂J/∂s argument fails.
struct Graph {
  arma::mat x, W1, W2;
  arma::uvec y = {2, 0};
  double lambda = 0.05;
  double c_L = 1, c_s = 1;

  Graph() {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal(0.0, 1.0);
    x.set_size(5, 2);
    x.imbue([&] { return normal(rng); });
    W1.set_size(4, 5);
    W1.imbue([&] { return 0.5 * normal(rng); });
    W2.set_size(3, 4);
    W2.imbue([&] { return 0.5 * normal(rng); });
  }

  double n() const { return double(x.n_cols); }
  arma::mat z() const { return W1 * x; }
  template <typename Phi> arma::mat h() const { return Phi::f(z()); }
  double s() const { return penalty(W1, W2, lambda); }

  /// J as a function of both weight matrices (any element type; the rest fixed).
  template <typename Phi, typename eT>
  eT J(const arma::Mat<eT>& W1_, const arma::Mat<eT>& W2_) const {
    const arma::Mat<eT> o = W2_ * Phi::f(arma::Mat<eT>(W1_ * wb::convert<eT>(x)));
    return eT(c_L) * cross_entropy(o, y) + eT(c_s) * penalty(W1_, W2_, lambda);
  }
  /// J as a function of the output o, of h, of z (upstream fixed).
  double J_of_o(const arma::mat& o) const { return c_L * cross_entropy(o, y) + c_s * s(); }
  double J_of_h(const arma::mat& h) const { return J_of_o(W2 * h); }
  template <typename Phi> double J_of_z(const arma::mat& z) const { return J_of_h(Phi::f(z)); }

  /// The numeric upstream gradients the rows are fed.
  double dJ_dL() const { return c_L; }  // J = c_L·L + c_s·s is linear: its slopes are exact
  double dJ_ds() const { return c_s; }
  arma::mat ds_dW(const arma::mat& W) const {
    return wb::numeric_gradient([&](const arma::mat& V) { return lambda / 2 * arma::accu(V % V); }, W);
  }
  arma::mat dL_do(const arma::mat& o) const {
    return wb::numeric_gradient([&](const arma::mat& o_) { return cross_entropy(o_, y); }, o);
  }
  arma::mat dJ_do(const arma::mat& o) const {
    return wb::numeric_gradient([&](const arma::mat& o_) { return J_of_o(o_); }, o);
  }
  arma::mat dJ_dh(const arma::mat& h) const {
    return wb::numeric_gradient([&](const arma::mat& h_) { return J_of_h(h_); }, h);
  }
  template <typename Phi> arma::mat dJ_dz() const {
    return wb::numeric_gradient([&](const arma::mat& z_) { return J_of_z<Phi>(z_); }, z());
  }

  /// What the checker may use to name a mistake: the batch size, and the row's variables.
  wb::DiagnosisContext context(const std::string& transpose_hint = "") const {
    wb::DiagnosisContext c;
    c.batch = n();
    c.transpose_hint = transpose_hint;
    return c;
  }
};

/// An analytic gradient of double inputs computed in float, as a double matrix.
template <typename F>
arma::mat in_float(F&& f) {
  return arma::conv_to<arma::mat>::from(f());
}

arma::fmat fl(const arma::mat& A) { return wb::convert<float>(A); }

}  // namespace

BOOST_AUTO_TEST_SUITE(equation_A)

BOOST_AUTO_TEST_CASE(gives_the_partial_derivatives_of_J_with_respect_to_L_and_s) {
  const auto [dJ_dL, dJ_ds] = wb::objective_partials<double>();
  const auto [dJ_dL_f, dJ_ds_f] = wb::objective_partials<float>();
  // J = L + s as a function of the pair (L, s), at an arbitrary point.
  const auto J_of_Ls = [](const arma::vec& v) { return v(0) + v(1); };
  require_passed(wb::check_gradient("A dJ/dL,dJ/ds", J_of_Ls, arma::vec{0.7, 0.2}, arma::vec{dJ_dL, dJ_ds}),
                 arma::vec{dJ_dL, dJ_ds}, {{"7.1 penalty_ignored", arma::vec{1.0, 0.0}}, {"7.1 loss_ignored", arma::vec{0.0, 1.0}}});
  require_close("A in float: (dJ/dL, dJ/ds)", arma::mat{double(dJ_dL_f), double(dJ_ds_f)}, arma::mat{dJ_dL, dJ_ds}, 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equation_B1)

BOOST_AUTO_TEST_CASE(gives_the_gradient_of_the_penalty_for_both_weight_matrices) {
  const Graph g;  // λ = 0.05: a function that ignores λ fails
  const arma::mat ds_dW1 = wb::penalty_gradient(g.W1, g.lambda);
  const arma::mat ds_dW2 = wb::penalty_gradient(g.W2, g.lambda);
  const auto check = [&](const char* name, const arma::mat& W, const arma::mat& analytic, const arma::mat& other) {
    wb::DiagnosisContext c;
    c.decay = g.lambda * W;  // knowing λW, the checker names "λ vs 2λ"
    const auto s_of_W = [&](const arma::mat& V) { return penalty(V, other, g.lambda); };
    require_passed(wb::check_gradient(name, s_of_W, W, analytic, {}, c), analytic,
                   {{"7.2 doubled", arma::mat(2 * g.lambda * W)}, {"7.2 lambda_missing", W}});
  };
  check("B1 ds/dW1", g.W1, ds_dW1, g.W2);
  check("B1 ds/dW2", g.W2, ds_dW2, g.W1);
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const Graph g;
  const arma::mat reference = g.ds_dW(g.W1);
  require_close("B1 ds/dW1 in float", in_float([&] { return wb::penalty_gradient(fl(g.W1), float(g.lambda)); }), reference, 1e-6);
  require_close("B1 ds/dW1 in double", wb::penalty_gradient(g.W1, g.lambda), reference, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equation_B2)

BOOST_AUTO_TEST_CASE(gives_the_gradient_of_J_with_respect_to_the_output_o) {
  Graph g;
  const arma::mat o = g.W2 * g.h<Tanh>();
  for (const double c_L : {1.0, 2.5}) {  // 2.5: the dJ/dL argument must be used
    g.c_L = c_L;
    const arma::mat dL_do = g.dL_do(o), dJ_do = wb::output_gradient(g.dJ_dL(), dL_do);
    require_passed(wb::check_gradient("B2 dJ/do", [&](const arma::mat& o_) { return g.J_of_o(o_); }, o, dJ_do,
                                      {}, g.context()),
                   dJ_do, {{"7.3 upstream_unused", dL_do}, {"7.3 added_not_multiplied", arma::mat(dL_do + c_L)}});
  }
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  Graph g;
  g.c_L = 2.5;
  const arma::mat o = g.W2 * g.h<Tanh>();
  const arma::mat dL_do = g.dL_do(o), reference = g.dJ_do(o);
  require_close("B2 dJ/do in float", in_float([&] { return wb::output_gradient(2.5f, fl(dL_do)); }), reference, 1e-6);
  require_close("B2 dJ/do in double", wb::output_gradient(2.5, dL_do), reference, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equation_C)

BOOST_AUTO_TEST_CASE(gives_the_gradient_of_J_with_respect_to_the_hidden_layer_h) {
  const Graph g;
  const arma::mat h = g.h<Tanh>();
  const arma::mat dJ_do = g.dJ_do(g.W2 * h), dJ_dh = wb::hidden_gradient(g.W2, dJ_do);
  const arma::mat right = g.W2.t() * dJ_do;
  require_passed(wb::check_gradient("C dJ/dh", [&](const arma::mat& h_) { return g.J_of_h(h_); }, h, dJ_dh, {},
                                    g.context("W2.t() * dJ_do, not dJ_do.t() * W2")),
                 dJ_dh, {{"7.4 not_transposed", arma::mat(right.t())}, {"7.4 sign_flipped", arma::mat(-right)}});
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const Graph g;
  const arma::mat h = g.h<Tanh>();
  const arma::mat dJ_do = g.dJ_do(g.W2 * h), reference = g.dJ_dh(h);
  require_close("C dJ/dh in float", in_float([&] { return wb::hidden_gradient(fl(g.W2), fl(dJ_do)); }), reference, 1e-6);
  require_close("C dJ/dh in double", wb::hidden_gradient(g.W2, dJ_do), reference, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equation_D)

template <typename Phi>
void check_equation_D() {
  const Graph g;
  const arma::mat z = g.z();
  const arma::mat dJ_dh = g.dJ_dh(g.h<Phi>());  // numeric upstream
  const arma::mat dJ_dz = wb::preactivation_gradient(dJ_dh, z, Phi{});
  wb::DiagnosisContext c = g.context();
  require_passed(wb::check_gradient(std::string("D dJ/dz (") + Phi::name + ")",
                                    [&](const arma::mat& z_) { return g.J_of_z<Phi>(z_); }, z, dJ_dz, {}, c),
                 dJ_dz,
                 {{"7.5 phi_not_derivative", arma::mat(dJ_dh % Phi::f(z))}, {"7.5 upstream_unused", arma::mat(Phi::derivative(z))}});
}

BOOST_AUTO_TEST_CASE(gives_the_gradient_of_J_with_respect_to_z_for_each_activation) {
  check_equation_D<Tanh>();
  check_equation_D<Sigmoid>();
  check_equation_D<ReLU>();  // no entry of z is within a step of 0 here: no kink
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const Graph g;
  const arma::mat z = g.z(), dJ_dh = g.dJ_dh(g.h<Tanh>()), reference = g.dJ_dz<Tanh>();
  require_close("D dJ/dz in float", in_float([&] { return wb::preactivation_gradient(fl(dJ_dh), fl(z), Tanh{}); }),
                reference, 1e-6);
  require_close("D dJ/dz in double", wb::preactivation_gradient(dJ_dh, z, Tanh{}), reference, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equation_E1)

BOOST_AUTO_TEST_CASE(gives_the_gradient_of_J_with_respect_to_W1_through_z_and_s) {
  Graph g;
  for (const double c_s : {1.0, 3.0}) {  // 3: the dJ/ds argument must be used
    g.c_s = c_s;
    const arma::mat ds_dW1 = g.ds_dW(g.W1);
    const arma::mat dJ_dz = g.dJ_dz<Tanh>(), through_z = dJ_dz * g.x.t();
    const arma::mat dJ_dW1 = wb::first_weight_gradient(dJ_dz, g.x, g.dJ_ds(), ds_dW1);
    wb::DiagnosisContext c = g.context("dJ_dz * x.t(), not x * dJ_dz.t()");
    c.decay = c_s * ds_dW1;
    const auto J_of_W1 = [&](const arma::mat& W) { return g.J<Tanh>(W, g.W2); };
    require_passed(wb::check_gradient("E1 dJ/dW1", J_of_W1, g.W1, dJ_dW1, {}, c), dJ_dW1,
                   {{"7.6 no_decay", through_z},
                    {"7.6 decay_doubled", arma::mat(through_z + 2 * c_s * ds_dW1)},
                    {"7.6 upstream_unused", arma::mat(through_z + ds_dW1)}});
  }
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  Graph g;
  g.c_s = 3.0;
  const arma::mat dJ_dz = g.dJ_dz<Tanh>(), ds_dW1 = g.ds_dW(g.W1);
  const arma::mat reference = wb::numeric_gradient([&](const arma::mat& W) { return g.J<Tanh>(W, g.W2); }, g.W1);
  require_close("E1 dJ/dW1 in float",
                in_float([&] { return wb::first_weight_gradient(fl(dJ_dz), fl(g.x), 3.0f, fl(ds_dW1)); }), reference, 1e-5);
  require_close("E1 dJ/dW1 in double", wb::first_weight_gradient(dJ_dz, g.x, 3.0, ds_dW1), reference, 1e-8);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equation_E2)

BOOST_AUTO_TEST_CASE(gives_the_gradient_of_J_with_respect_to_W2_through_o_and_s) {
  Graph g;
  for (const double c_s : {1.0, 3.0}) {  // 3: the dJ/ds argument must be used
    g.c_s = c_s;
    const arma::mat h = g.h<Tanh>();
    const arma::mat ds_dW2 = g.ds_dW(g.W2);
    const arma::mat dJ_do = g.dJ_do(g.W2 * h), through_o = dJ_do * h.t();
    const arma::mat dJ_dW2 = wb::second_weight_gradient(dJ_do, h, g.dJ_ds(), ds_dW2);
    wb::DiagnosisContext c = g.context("dJ_do * h.t(), not h * dJ_do.t()");
    c.decay = c_s * ds_dW2;
    const auto J_of_W2 = [&](const arma::mat& W) { return g.J<Tanh>(g.W1, W); };
    require_passed(wb::check_gradient("E2 dJ/dW2", J_of_W2, g.W2, dJ_dW2, {}, c), dJ_dW2,
                   {{"7.7 no_decay", through_o},
                    {"7.7 decay_doubled", arma::mat(through_o + 2 * c_s * ds_dW2)},
                    {"7.7 upstream_unused", arma::mat(through_o + ds_dW2)}});
  }
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  Graph g;
  g.c_s = 3.0;
  const arma::mat h = g.h<Tanh>(), dJ_do = g.dJ_do(g.W2 * h), ds_dW2 = g.ds_dW(g.W2);
  const arma::mat reference = wb::numeric_gradient([&](const arma::mat& W) { return g.J<Tanh>(g.W1, W); }, g.W2);
  require_close("E2 dJ/dW2 in float",
                in_float([&] { return wb::second_weight_gradient(fl(dJ_do), fl(h), 3.0f, fl(ds_dW2)); }), reference, 1e-5);
  require_close("E2 dJ/dW2 in double", wb::second_weight_gradient(dJ_do, h, 3.0, ds_dW2), reference, 1e-8);
}

BOOST_AUTO_TEST_SUITE_END()
