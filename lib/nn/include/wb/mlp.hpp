/// \file
/// \brief The multilayer perceptron (784-256-10 by default, the notes' chapter 2 network) and
/// its training loop: minibatch SGD on the mean softmax cross-entropy, as in the notes'
/// PyTorch program; optionally deeper, with another activation, weight decay or dropout.
#pragma once

#include <armadillo>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/layers.hpp"
#include "wb/minibatches.hpp"
#include "wb/numeric.hpp"
#include "wb/random.hpp"
#include "wb/runtime.hpp"

namespace wb {

/// The network: its hidden layers, activation and regularization. The defaults are the
/// notes' chapter 2 network, 784-256-10 with ReLU, no weight decay, no dropout.
struct MlpConfig {
  std::vector<arma::uword> hidden = {256};  ///< units per hidden layer
  ActivationKind activation = ActivationKind::relu;
  std::vector<double> dropout;  ///< dropout probability per hidden layer (empty: none, 暂退法)
  double weight_decay = 0;      ///< λ of λ/2 Σ‖W‖², weights only, not biases (权重衰减)
  double init_sigma = 0.01;     ///< weights ~ N(0, σ²), as the notes' `init_weights`
};

/// The training loop's settings, defaulting to the notes' experiment.
struct TrainConfig {
  int epochs = 50;               ///< passes over the training set
  double lr = 0.1;               ///< SGD learning rate η
  arma::uword batch_size = 256;  ///< examples per minibatch
  std::uint64_t seed = 42;       ///< initialization, shuffling and dropout
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

/// What a forward pass is for: training (dropout active) or evaluation (dropout the identity).
enum class Mode { train, evaluate };

/// A multilayer perceptron, any number of hidden layers, samples as columns. With one hidden
/// layer (chapter 2):
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}, \quad \mathbf{h} = \phi(\mathbf{z}),
///     \quad \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h} + \mathbf{b}^{(2)} \f]
/// and with dropout in training, \f$\mathbf{h}' = \mathbf{h} \odot \mathbf{m}\f$ feeds the next layer
/// (exercises 6.1 and 6.2). Weight decay adds \f$\lambda\mathbf{W}\f$ to each weight gradient
/// (exercise 7.2, equation B1), never to a bias. With pReLU each hidden layer also learns its
/// slope α (exercises 3.3 and 3.4), without weight decay. The intermediate matrices are members, so a
/// training step allocates little.
template <typename eT>
class Mlp {
 public:
  std::vector<Linear<eT>> layers;  ///< the hidden layers, then the output layer
  arma::Col<eT> alpha;   ///< pReLU only: the learned slope α of each hidden layer (PReLU::alpha at init)
  arma::Col<eT> dalpha;  ///< pReLU only: ∂J/∂α of each hidden layer, filled by backward()

  Mlp(arma::uword inputs, arma::uword outputs, MlpConfig config = {}) : config_(std::move(config)) {
    if (!config_.dropout.empty() && config_.dropout.size() != config_.hidden.size())
      throw UsageError(fmt::format("--dropout: give one probability per hidden layer ({}), not {}",
                                   config_.hidden.size(), config_.dropout.size()));
    for (double p : config_.dropout)
      if (!(p >= 0 && p < 1))  // p = 1 keeps nothing: no gradient reaches the layers below
        throw UsageError(fmt::format("--dropout: must be a number in [0, 1) per hidden layer, not {:g}", p));
    config_.dropout.resize(config_.hidden.size(), 0.0);
    arma::uword in = inputs;
    for (arma::uword units : config_.hidden) {
      layers.emplace_back(in, units);
      in = units;
    }
    layers.emplace_back(in, outputs);
    const std::size_t hidden = config_.hidden.size();
    Z_.resize(hidden);
    H_.resize(hidden);
    U_.resize(hidden);
    mask_.resize(hidden);
    dropped_.resize(hidden);
    dropped_active_.assign(hidden, false);
    alpha.set_size(config_.activation == ActivationKind::prelu ? hidden : 0);
    alpha.fill(eT(PReLU::alpha));
    dalpha.zeros(arma::size(alpha));
  }

  /// One hidden layer of `hidden` units, ReLU, no regularization: chapter 2's network.
  Mlp(arma::uword inputs, arma::uword hidden, arma::uword outputs) : Mlp(inputs, outputs, one_hidden(hidden)) {}

  const MlpConfig& config() const { return config_; }

  /// h of hidden layer `l` (0-based) in the last forward pass, before dropout: one column per example.
  const arma::Mat<eT>& hidden(std::size_t l) const { return H_.at(l); }

  /// Weights from N(0, σ²) as the notes' `init_weights`; biases from U(−1/√fan_in, 1/√fan_in),
  /// PyTorch's default for `nn.Linear`, which the notes keep. Also seeds dropout.
  void init(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (Linear<eT>& layer : layers) layer.init(eT(config_.init_sigma), rng);
    alpha.fill(eT(PReLU::alpha));
    dropout_rng_ = UniformSource(seed ^ 0x5eedd40b0075eedULL);
  }

  /// The forward pass; keeps what the backward pass needs. Returns the logits o.
  const arma::Mat<eT>& forward(const arma::Mat<eT>& X, Mode mode = Mode::evaluate) {
    const arma::Mat<eT>* in = &X;
    for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
      layers[l].forward(*in, Z_[l]);
      if (config_.activation == ActivationKind::prelu)
        H_[l] = leaky_relu(Z_[l], alpha(l));  // pReLU: the leaky ReLU with this layer's learned α
      else
        with_activation(config_.activation, [&](auto phi) { Activation<decltype(phi)>::forward(Z_[l], H_[l]); });
      in = &H_[l];
      //! [dropout forward]
      dropped_active_[l] = mode == Mode::train && config_.dropout[l] > 0;  // evaluation: the identity
      if (dropped_active_[l]) {
        U_[l].set_size(arma::size(H_[l]));
        dropout_rng_.fill(U_[l]);                                             // u ~ U[0, 1), fresh per step
        dropped_[l] = dropout_forward(H_[l], U_[l], config_.dropout[l], mask_[l]);  // exercise 6.1
        in = &dropped_[l];
      }
      //! [dropout forward]
    }
    ScopedBlasThreads one(1);  // the output layer's GEMMs are small: one thread is faster
    layers.back().forward(*in, O_);
    return O_;
  }

  /// The backward pass from ∂J/∂o, after forward(X): fills every layer's dW and db.
  /// (∂J/∂X is not needed, so the GEMM W⁽¹⁾ᵀ·∂J/∂z is never computed.)
  void backward(const arma::Mat<eT>& X, const arma::Mat<eT>& dO) {
    const std::size_t last = layers.size() - 1;
    {
      ScopedBlasThreads one(1);  // 10-row GEMMs: one thread is faster
      layers[last].gradient(last == 0 ? X : input_of(last), dO);
      if (last > 0) layers[last].backward(dO, dH_);
    }
    for (std::size_t l = last; l-- > 0;) {
      //! [dropout backward]
      if (dropped_active_[l]) dH_ = dropout_backward(dH_, mask_[l]);  // exercise 6.2, the forward pass's mask
      //! [dropout backward]
      if (config_.activation == ActivationKind::prelu) {
        dalpha(l) = prelu_alpha_gradient(Z_[l], dH_);  // ∂J/∂α, exercise 3.4
        dZ_ = dH_ % leaky_relu_derivative(Z_[l], alpha(l));
      } else {
        with_activation(config_.activation, [&](auto phi) { Activation<decltype(phi)>::backward(Z_[l], dH_, dZ_); });
      }
      layers[l].gradient(l == 0 ? X : input_of(l), dZ_);
      if (l > 0) layers[l].backward(dZ_, dH_);
    }
    //! [weight decay]
    if (config_.weight_decay > 0)  // ∂s/∂W = λW (exercise 7.2) on every weight matrix; the biases are not decayed
      for (Linear<eT>& layer : layers) layer.dW += penalty_gradient(layer.W, config_.weight_decay);
    //! [weight decay]
  }

  /// One SGD step on every parameter.
  void step(eT lr) {
    for (Linear<eT>& layer : layers) layer.step(lr);
    if (config_.activation == ActivationKind::prelu) sgd_step(alpha, dalpha, lr);
  }

  /// The penalty λ/2 Σ‖W‖² over the weight matrices (0 without weight decay).
  double penalty() const {
    double sum = 0;
    for (const Linear<eT>& layer : layers) sum += double(arma::accu(arma::square(layer.W)));
    return config_.weight_decay / 2 * sum;
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
  static MlpConfig one_hidden(arma::uword hidden) {
    MlpConfig c;
    c.hidden = {hidden};
    return c;
  }
  /// The input of layer l ≥ 1 in the last forward pass: h of the layer below, after dropout.
  const arma::Mat<eT>& input_of(std::size_t l) const { return dropped_active_[l - 1] ? dropped_[l - 1] : H_[l - 1]; }

  MlpConfig config_;
  std::vector<arma::Mat<eT>> Z_, H_, U_, mask_, dropped_;  // per hidden layer
  std::vector<bool> dropped_active_;
  arma::Mat<eT> O_, dH_, dZ_;
  UniformSource dropout_rng_{0};
};

/// What a learner should suspect when training misbehaves in their build (empty otherwise).
inline std::string in_your_build() {
  if (std::string(exercise_tree) != "exercises") return "";
  return " — or, in your build, exercise 2.4 (∂L/∂o) or 2.6 (the SGD step) may have a sign or a factor wrong: "
         "./workbook check 2";
}

/// Trains `net` on `train` with minibatch SGD; after every epoch evaluates on `test` and calls
/// `report`. Throws UserError when the loss becomes NaN or infinite or grows above ten times its
/// starting value within an epoch (diverging: a learning rate too large), or when an epoch's
/// mean loss ends above the first minibatch's (not learning).
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
      gather_columns(train_set.X, idx, X);
      y = train_set.y.elem(idx);
      const arma::Mat<eT>& O = net.forward(X, Mode::train);
      const double loss = double(SoftmaxCrossEntropy::forward(O, y));
      if (first_loss < 0) first_loss = loss;
      if (!std::isfinite(loss) || loss > 10 * first_loss) {
        throw UserError(fmt::format(
            "training diverged in epoch {} (minibatch loss {:.4g}, started at {:.4g}): the "
            "learning rate {} is too large; try a smaller one, e.g. --lr {}{}",
            epoch, loss, first_loss, config.lr, config.lr / 10, in_your_build()));
      }
      loss_sum += loss * double(idx.n_elem);
      correct += correct_predictions(O, y);
      SoftmaxCrossEntropy::backward(O, y, dO);
      net.backward(X, dO);
      net.step(lr);
      if (interrupted()) stop_if_interrupted(fmt::format("epoch {} of {}", epoch, config.epochs));
    }
    //! [minibatch step]
    EpochStats stats;
    stats.epoch = epoch;
    stats.seconds = clock.seconds();
    stats.train_loss = loss_sum / double(train_set.size());
    stats.train_acc = double(correct) / double(train_set.size());
    stats.test_acc = net.accuracy(test_set.X, test_set.y);
    if (stats.train_loss > 1.1 * first_loss)
      throw UserError(fmt::format("training is not learning: the mean loss of epoch {} ({:.4g}) is above the first "
                                  "minibatch's ({:.4g}); lower the learning rate, e.g. --lr {}{}",
                                  epoch, stats.train_loss, first_loss, config.lr / 10, in_your_build()));
    history.push_back(stats);
    if (report) report(stats);
  }
  return history;
}

}  // namespace wb
