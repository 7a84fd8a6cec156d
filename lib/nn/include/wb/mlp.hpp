/// \file
/// \brief The two-layer perceptron of chapter 2 (784-256-10 by default) and its training loop:
/// minibatch SGD on the mean softmax cross-entropy, as in the notes' PyTorch program.
#pragma once

#include <armadillo>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/core.h>

#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/layers.hpp"
#include "wb/minibatches.hpp"
#include "wb/numeric.hpp"
#include "wb/runtime.hpp"

namespace wb {

/// The training settings, defaulting to the notes' experiment.
struct TrainConfig {
  int epochs = 50;             ///< passes over the training set
  double lr = 0.1;             ///< SGD learning rate η
  arma::uword batch_size = 256;
  arma::uword hidden = 256;    ///< hidden units
  double init_sigma = 0.01;    ///< weights ~ N(0, σ²), biases 0
  std::uint64_t seed = 42;     ///< initialization and shuffling
};

/// What one epoch measured. Loss and accuracy on the training set are running averages over
/// the epoch's minibatches, computed before each step, exactly as the notes compute them.
struct EpochStats {
  int epoch = 0;
  double train_loss = 0;
  double train_acc = 0;
  double test_acc = 0;
  double seconds = 0;  ///< the training pass alone (not the test evaluation)
};

/// A multilayer perceptron with one hidden layer:
/// \f[ \mathbf{Z} = \mathbf{W}_1\mathbf{X} + \mathbf{b}_1, \quad \mathbf{H} = \mathrm{ReLU}(\mathbf{Z}),
///     \quad \mathbf{O} = \mathbf{W}_2\mathbf{H} + \mathbf{b}_2 \f]
/// The buffers Z, H, O and the gradients are members, so a training step allocates little.
template <typename eT>
class Mlp {
 public:
  Linear<eT> layer1, layer2;
  Activation<ReLU> phi;

  Mlp(arma::uword inputs, arma::uword hidden, arma::uword outputs)
      : layer1(inputs, hidden), layer2(hidden, outputs) {}

  /// Weights from N(0, σ²), biases zero.
  void init(double sigma, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    layer1.init_normal(eT(sigma), rng);
    layer2.init_normal(eT(sigma), rng);
  }

  /// The forward pass; keeps Z and H for the backward pass. Returns the logits O.
  const arma::Mat<eT>& forward(const arma::Mat<eT>& X) {
    layer1.forward(X, Z_);
    phi.forward(Z_, H_);
    ScopedBlasThreads one(1);  // the output layer's GEMMs are small: one thread is faster
    layer2.forward(H_, O_);
    return O_;
  }

  /// The backward pass from ∂J/∂O: fills the parameter gradients of both layers.
  /// (∂J/∂X is not needed, so the GEMM W1ᵀ·∂J/∂Z is never computed.)
  void backward(const arma::Mat<eT>& X, const arma::Mat<eT>& dO) {
    {
      ScopedBlasThreads one(1);  // 10-row GEMMs: one thread is faster
      layer2.gradient(H_, dO);
      layer2.backward(dO, dH_);
    }
    phi.backward(Z_, dH_, dZ_);
    layer1.gradient(X, dZ_);
  }

  /// One SGD step on every parameter.
  void step(eT lr) {
    layer1.step(lr);
    layer2.step(lr);
  }

  /// The predicted class of every column of X, evaluated in chunks to bound memory.
  arma::uvec predict(const arma::fmat& X, arma::uword chunk = 2048) {
    arma::uvec labels(X.n_cols);
    for (arma::uword first = 0; first < X.n_cols; first += chunk) {
      const arma::uword last = std::min(first + chunk, X.n_cols) - 1;
      labels.subvec(first, last) = arma::index_max(forward(convert<eT>(X.cols(first, last))), 0).t();
    }
    return labels;
  }

  /// Fraction of correctly classified columns, with the learner's `correct_predictions`.
  double accuracy(const arma::fmat& X, const arma::uvec& y, arma::uword chunk = 2048) {
    arma::uword correct = 0;
    for (arma::uword first = 0; first < X.n_cols; first += chunk) {
      const arma::uword last = std::min(first + chunk, X.n_cols) - 1;
      correct += correct_predictions(forward(convert<eT>(X.cols(first, last))), y.subvec(first, last));
    }
    return double(correct) / double(X.n_cols);
  }

 private:
  arma::Mat<eT> Z_, H_, O_, dH_, dZ_;
};

/// Trains `net` on `train` with minibatch SGD; after every epoch evaluates on `test` and calls
/// `report`. Throws UserError when the loss becomes NaN or infinite, or grows above ten times
/// its starting value (a learning rate too large).
template <typename eT>
std::vector<EpochStats> train(Mlp<eT>& net, const Dataset& train_set, const Dataset& test_set,
                              const TrainConfig& config,
                              const std::function<void(const EpochStats&)>& report = {}) {
  Minibatches batches(train_set.size(), config.batch_size, config.seed + 1);
  arma::Mat<eT> X, dO;
  arma::uvec y;
  const eT lr = eT(config.lr);
  double first_loss = -1;
  std::vector<EpochStats> history;
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    Stopwatch clock;
    batches.shuffle();
    double loss_sum = 0;
    arma::uword correct = 0;
    //! [minibatch step]
    for (arma::uword k = 0; k < batches.count(); ++k) {
      const arma::uvec idx = batches.indices(k);
      X = convert<eT>(train_set.X.cols(idx));
      y = train_set.y.elem(idx);
      const arma::Mat<eT>& O = net.forward(X);
      const double loss = double(SoftmaxCrossEntropy::forward(O, y));
      if (first_loss < 0) first_loss = loss;
      if (!std::isfinite(loss) || loss > 10 * first_loss) {
        throw UserError(fmt::format(
            "training diverged in epoch {} (minibatch loss {:.4g}, started at {:.4g}): the "
            "learning rate {} is too large; try a smaller one, e.g. --lr {}",
            epoch, loss, first_loss, config.lr, config.lr / 10));
      }
      loss_sum += loss * double(idx.n_elem);
      correct += correct_predictions(O, y);
      SoftmaxCrossEntropy::backward(O, y, dO);
      net.backward(X, dO);
      net.step(lr);
    }
    //! [minibatch step]
    EpochStats stats;
    stats.epoch = epoch;
    stats.seconds = clock.seconds();
    stats.train_loss = loss_sum / double(train_set.size());
    stats.train_acc = double(correct) / double(train_set.size());
    stats.test_acc = net.accuracy(test_set.X, test_set.y);
    history.push_back(stats);
    if (report) report(stats);
  }
  return history;
}

}  // namespace wb
