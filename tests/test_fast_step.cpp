// The fast training step (lib/nn/src/fast_step.cpp) against the textbook step (wb::textbook_step,
// lib/nn/include/wb/mlp.hpp): from the same initialization and seed, over several minibatches,
// with dropout 0.2,0.5, weight decay and pReLU, or plain ReLU, on one, two and three lanes, the
// parameters agree — in double to 1e-12 relative, in float within the bound derived below.
//
// The same file is also compiled against the planted tree (tests/planted/) and run with the
// learner's mistake "2.2 one_at_zero", ReLU′(0) = 1 (test_fast_step_planted,
// WB_PLANTED_RELU_DERIVATIVE): both steps must then agree with each other and both show it.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cstdint>
#include <vector>

#include "wb/fast_step.hpp"
#include "wb/minibatches.hpp"
#include "wb/mlp.hpp"
#include "wb/runtime.hpp"

#ifndef WB_PLANTED_RELU_DERIVATIVE
#define WB_PLANTED_RELU_DERIVATIVE 0
#endif

BOOST_AUTO_TEST_SUITE(fast_step)

namespace {

// 60 "images" of 20 pixels stored as bytes, X = bytes / 255 as the loader computes it, so the
// fast step's byte gather reads the same numbers as the textbook step's X.cols(idx).
wb::Dataset byte_images(unsigned seed) {
  arma::arma_rng::set_seed(seed);
  const arma::Mat<std::uint8_t> bytes = arma::randi<arma::Mat<std::uint8_t>>(20, 60, arma::distr_param(0, 255));
  wb::Dataset d;
  d.bytes.assign(bytes.begin(), bytes.end());
  d.X = arma::conv_to<arma::fmat>::from(bytes) / 255.0f;
  d.y = arma::randi<arma::uvec>(60, arma::distr_param(0, 9));
  return d;
}

enum class Net { relu, relu_dropout_decay, prelu_dropout_decay };

// A 20-12-9-10 network, weights from N(0, 0.3²) (large enough that every unit matters).
wb::MlpConfig config_of(Net kind) {
  wb::MlpConfig c;
  c.hidden = {12, 9};
  c.init_sigma = 0.3;
  if (kind != Net::relu) {
    c.dropout = {0.2, 0.5};
    c.weight_decay = 0.01;
  }
  if (kind == Net::prelu_dropout_decay) c.activation = wb::ActivationKind::prelu;
  return c;
}

const char* name_of(Net kind) {
  return kind == Net::relu ? "ReLU" : kind == Net::relu_dropout_decay ? "ReLU, dropout, decay" : "pReLU, dropout, decay";
}

// The largest difference between the two nets' parameters, relative to the largest parameter.
template <typename eT>
double relative_difference(const wb::Mlp<eT>& a, const wb::Mlp<eT>& b) {
  double diff = 0, scale = 0;
  const auto add = [&](const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
    diff = std::max(diff, double(arma::abs(x - y).max()));
    scale = std::max(scale, double(arma::abs(x).max()));
  };
  for (std::size_t k = 0; k < a.layers.size(); ++k) {
    add(a.layers[k].W, b.layers[k].W);
    add(a.layers[k].b, b.layers[k].b);
  }
  if (a.alpha.n_elem > 0) add(a.alpha, b.alpha);
  return diff / scale;
}

// Trains two copies of one initialized net for `steps` minibatches of 33 (the lanes get 11 each,
// or 16 and 17) and 27, one with each step; with `same_masks`, checks each minibatch's loss and
// correct count; returns the parameters' relative difference at the end.
template <typename eT>
double train_both(wb::Mlp<eT>& textbook, wb::Mlp<eT>& fast, const wb::Dataset& data, int steps, bool same_masks = true) {
  wb::Minibatches batches(data.size(), 33, 7);
  wb::FastStep<eT> fast_step;
  batches.shuffle();
  for (int k = 0; k < steps; ++k) {
    const arma::uvec idx = batches.indices(arma::uword(k % 2));  // a full minibatch of 33, then the short one of 27
    const wb::BatchLoss a = wb::textbook_step(textbook, data, idx, eT(0.5));
    const wb::BatchLoss b = fast_step.step(fast, data, idx, eT(0.5));
    if (!same_masks) continue;
    BOOST_TEST(std::abs(a.loss - b.loss) <= 1e-5 * a.loss, "step " << k << ": the loss before the step");
    BOOST_TEST(a.correct == b.correct, "step " << k);
  }
  return relative_difference(textbook, fast);
}

}  // namespace

BOOST_AUTO_TEST_CASE(in_double_the_fast_step_computes_the_textbook_step_to_1e_12) {
  const wb::Dataset data = byte_images(1);
  const int saved = wb::blas_threads();
  for (int lanes : {1, 2, 3}) {
    wb::set_threads(lanes);
    for (Net kind : {Net::relu, Net::relu_dropout_decay, Net::prelu_dropout_decay}) {
      wb::Mlp<double> textbook(20, 10, config_of(kind));
      textbook.init(11);
      wb::Mlp<double> fast = textbook;
      const arma::mat W1 = textbook.layers[0].W;
      const double difference = train_both(textbook, fast, data, 4);
      BOOST_TEST(difference <= 1e-12, lanes << " lanes, " << name_of(kind) << ": relative difference " << difference);
      // and the steps moved the parameters far more than that: the comparison is not vacuous
      BOOST_TEST(arma::abs(textbook.layers[0].W - W1).max() >= 1e-3, name_of(kind));
      if (kind == Net::prelu_dropout_decay) BOOST_TEST(std::abs(textbook.alpha(1) - 0.25) >= 1e-4);
    }
  }
  wb::set_threads(saved);
}

// The dropout masks are the same draws: a fast net whose dropout numbers come from another seed
// ends far from the textbook net, so the agreement above cannot hold with different masks.
BOOST_AUTO_TEST_CASE(the_agreement_needs_the_same_dropout_masks) {
  const wb::Dataset data = byte_images(2);
  const int saved = wb::blas_threads();
  wb::set_threads(2);
  wb::Mlp<double> textbook(20, 10, config_of(Net::relu_dropout_decay));
  textbook.init(11);
  wb::Mlp<double> fast = textbook;
  fast.dropout_rng = wb::UniformSource(12345);
  const double difference = train_both(textbook, fast, data, 2, false);
  BOOST_TEST(difference >= 1e-3, "other masks, relative difference " << difference);
  wb::set_threads(saved);
}

// In float both steps round each operation to 24 bits, but they add in different orders (the
// lanes' partial sums of ∂J/∂b and of the ∂J/∂W blocks, the GEMMs' own blocking). A sum of n
// terms added in another order differs by at most about n·ε times the sum of the terms' sizes:
// with n ≤ 33 examples and ε = 6e-8, 2e-6. A step moves a parameter by η = 0.5 times its
// gradient, and the gradients here are smaller than the parameters, so 2e-6 of the largest
// parameter bounds the difference after a few steps; measured with OpenBLAS: 0 on one lane,
// 3e-8 to 6e-8 on two (a unit in the last place). One wrong mask or factor differs by 1e-3 or
// more (the test above).
BOOST_AUTO_TEST_CASE(in_float_the_fast_step_computes_the_textbook_step_to_rounding) {
  const wb::Dataset data = byte_images(3);
  const int saved = wb::blas_threads();
  for (int lanes : {1, 2}) {
    wb::set_threads(lanes);
    for (Net kind : {Net::relu, Net::relu_dropout_decay, Net::prelu_dropout_decay}) {
      wb::Mlp<float> textbook(20, 10, config_of(kind));
      textbook.init(11);
      wb::Mlp<float> fast = textbook;
      const double difference = train_both(textbook, fast, data, 4);
      BOOST_TEST_MESSAGE(lanes << " lanes, " << name_of(kind) << ", float: relative difference " << difference);
      BOOST_TEST(difference <= 2e-6, lanes << " lanes, " << name_of(kind) << ": relative difference " << difference);
    }
  }
  wb::set_threads(saved);
}

// A learner's ReLU′ that is 1 at z = 0 (planted in test_fast_step_planted): hidden units whose
// weights and bias are 0 have z = 0 for every example. The reference ReLU′ stops the gradient
// there, so their weights stay exactly 0; the planted one lets it through, and they move — in
// the textbook step and in the fast step alike, which still agree to 1e-12.
BOOST_AUTO_TEST_CASE(a_learners_relu_derivative_changes_both_steps_the_same_way) {
  BOOST_TEST_REQUIRE(wb::relu_derivative(arma::mat{0.0})(0) == double(WB_PLANTED_RELU_DERIVATIVE));
  const wb::Dataset data = byte_images(4);
  const int saved = wb::blas_threads();
  wb::set_threads(2);
  wb::Mlp<double> textbook(20, 10, config_of(Net::relu_dropout_decay));
  textbook.init(11);
  textbook.layers[0].W.head_rows(3).zeros();  // units 0, 1, 2 of the first hidden layer: z = 0
  textbook.layers[0].b.head(3).zeros();
  wb::Mlp<double> fast = textbook;
  BOOST_TEST(train_both(textbook, fast, data, 2) <= 1e-12);
  for (const wb::Mlp<double>* net : {&textbook, &fast}) {
    const double moved = arma::abs(net->layers[0].W.head_rows(3)).max();
    if (WB_PLANTED_RELU_DERIVATIVE)
      BOOST_TEST(moved >= 1e-4, "with ReLU′(0) = 1 the units with z = 0 learn: their weights moved by " << moved);
    else
      BOOST_TEST(moved == 0.0, "with ReLU′(0) = 0 the units with z = 0 stay still; their weights moved by " << moved);
  }
  wb::set_threads(saved);
}

BOOST_AUTO_TEST_SUITE_END()
