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
#include "wb/lanes.hpp"
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
    dropped_active_.assign(hidden, false);
    alpha.set_size(config_.activation == ActivationKind::prelu ? hidden : 0);
    alpha.fill(eT(PReLU::alpha));
    dalpha.zeros(arma::size(alpha));
  }

  /// One hidden layer of `hidden` units, ReLU, no regularization: chapter 2's network.
  Mlp(arma::uword inputs, arma::uword hidden, arma::uword outputs) : Mlp(inputs, outputs, one_hidden(hidden)) {}

  const MlpConfig& config() const { return config_; }

  /// h of hidden layer `l` (0-based) in the last forward pass, before dropout: one column per
  /// example (gathered from the lanes, which each keep their own columns).
  arma::Mat<eT> hidden(std::size_t l) const {
    arma::Mat<eT> h(layers.at(l).W.n_rows, columns_);
    for (int lane = 0; lane < lanes_; ++lane) {
      const Span cols = share(lane, lanes_, columns_);
      if (!cols.empty()) columns_of(h, cols) = lane_[std::size_t(lane)].H[l];
    }
    return h;
  }

  /// Weights from N(0, σ²) as the notes' `init_weights`; biases from U(−1/√fan_in, 1/√fan_in),
  /// PyTorch's default for `nn.Linear`, which the notes keep. Also seeds dropout.
  void init(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (Linear<eT>& layer : layers) layer.init(eT(config_.init_sigma), rng);
    alpha.fill(eT(PReLU::alpha));
    dropout_rng_ = UniformSource(seed ^ 0x5eedd40b0075eedULL);
  }

  /// The forward pass; keeps what the backward pass needs. Returns the logits o.
  ///
  /// In lanes (wb/lanes.hpp), one per BLAS thread: each lane takes its share of the columns
  /// through every layer, GEMM, bias, activation and dropout, with the learner's functions on
  /// its columns, its GEMMs on one thread. The columns are independent until a gradient sums
  /// over them, so nothing waits for another lane before the logits.
  const arma::Mat<eT>& forward(const arma::Mat<eT>& X, Mode mode = Mode::evaluate) {
    prepare(X.n_cols, mode);
    ScopedBlasThreads one(1);  // each lane's GEMMs run on its own thread
    run_lanes(lanes_, [&](int lane) { forward_lane(lane, X); });
    finish_forward();
    return O_;
  }

  /// The backward pass from ∂J/∂o, after forward(X): fills every layer's dW and db.
  /// (∂J/∂X is not needed, so the GEMM W⁽¹⁾ᵀ·∂J/∂z is never computed.)
  ///
  /// Two rounds of lanes. By columns: each lane takes its columns of ∂J/∂o down through every
  /// layer to ∂J/∂z of the first one (each column is one example's chain rule). By weights:
  /// each lane computes the block of every dW_k that holds the weights from its share of layer
  /// k's inputs (see Linear::gradient), a sum over all the columns.
  void backward(const arma::Mat<eT>& X, const arma::Mat<eT>& dO) { backward_rounds(X, dO, nullptr); }

  /// One SGD step on every parameter, in lanes: each lane steps the blocks of the weight
  /// matrices whose gradients it computed.
  void step(eT lr) {
    run_lanes(lanes_, [&](int lane) {
      for (Linear<eT>& layer : layers) layer.step(lr, share(lane, lanes_, layer.W.n_cols));
    });
    step_small(lr);
  }

  /// backward(X, dO) then step(lr), with the same arithmetic, but each lane steps its block of
  /// every W_k right after computing it, while that block of dW_k is still in its cache.
  void backward_and_step(const arma::Mat<eT>& X, const arma::Mat<eT>& dO, eT lr) { backward_rounds(X, dO, &lr); }

  /// The mean loss of a minibatch and its number of correct predictions.
  struct BatchLoss {
    double loss = 0;
    arma::uword correct = 0;
  };

  /// The first half of a training step on the examples `idx` of `data`, in one round of lanes:
  /// each lane gathers its share of the examples, runs them forward (dropout on), computes
  /// their loss and ∂J/∂o with the learner's functions, and takes ∂J/∂o back down to ∂J/∂z of
  /// the first layer. Each lane's loss is the mean over its columns, so its ∂J/∂o is scaled by
  /// its share of the minibatch. Returns the minibatch's mean loss, computed before the step.
  BatchLoss forward_backward(const Dataset& data, const arma::uvec& idx) {
    const arma::uword n = idx.n_elem;
    prepare(n, Mode::train);
    ScopedBlasThreads one(1);
    X_.set_size(data.X.n_rows, n);
    dO_.set_size(arma::size(O_));
    prepare_backward(n);
    run_lanes(lanes_, [&](int lane) {
      const Span cols = share(lane, lanes_, n);
      LaneState& s = lane_[std::size_t(lane)];
      gather_columns(data, idx, X_, cols);
      forward_lane(lane, X_);
      s.loss_sum = 0;
      s.correct = 0;
      if (!cols.empty()) {
        s.y = data.y.elem(idx.subvec(cols.first, cols.last - 1));
        const arma::Mat<eT> o = columns_of(std::as_const(O_), cols);
        arma::Mat<eT> d = columns_of(dO_, cols);
        s.loss_sum = double(SoftmaxCrossEntropy::forward(o, s.y)) * double(cols.size());
        s.correct = correct_predictions(o, s.y);
        SoftmaxCrossEntropy::backward(o, s.y, d);
        if (cols.size() != n) d *= eT(cols.size()) / eT(n);  // ∂(mean over n)/∂o from ∂(mean over the lane's)/∂o
      }
      backward_lane(lane, dO_);
    });
    finish_forward();
    BatchLoss result;
    for (const LaneState& s : lane_) {
      result.loss += s.loss_sum / double(n);
      result.correct += s.correct;
    }
    return result;
  }

  /// The second half of the training step begun by forward_backward(): in one round of lanes,
  /// each lane computes its blocks of every ∂J/∂W and steps them; then the biases.
  void gradients_and_step(eT lr) {
    ScopedBlasThreads one(1);
    weights_round(X_, dO_, &lr);
  }

  /// The penalty λ/2 Σ‖W‖² over the weight matrices (0 without weight decay).
  double penalty() const {
    double sum = 0;
    for (const Linear<eT>& layer : layers) sum += double(arma::accu(arma::square(layer.W)));
    return config_.weight_decay / 2 * sum;
  }

  /// The predicted class of every column of X, evaluated in chunks of two minibatches to bound
  /// memory (a chunk of 2048 raised 02_mlp's peak by 12 MB).
  arma::uvec predict(const arma::fmat& X, arma::uword chunk = 512) {
    arma::uvec labels(X.n_cols);
    for (arma::uword first = 0; first < X.n_cols; first += chunk) {
      const arma::uword last = std::min(first + chunk, X.n_cols) - 1;
      labels.subvec(first, last) = arma::index_max(forward(convert<eT>(X.cols(first, last))), 0).t();
    }
    return labels;
  }

  /// Fraction of correctly classified columns, with the learner's `correct_predictions`.
  double accuracy(const arma::fmat& X, const arma::uvec& y, arma::uword chunk = 512) {
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
  /// backward() and, with `lr`, backward_and_step(): the round by columns, then by weights.
  void backward_rounds(const arma::Mat<eT>& X, const arma::Mat<eT>& dO, const eT* lr) {
    ScopedBlasThreads one(1);
    prepare_backward(dO.n_cols);
    run_lanes(lanes_, [&](int lane) { backward_lane(lane, dO); });
    weights_round(X, dO, lr);
  }

  /// The round by weights (see weights_lane), then each ∂J/∂b and, with `lr`, the small step.
  void weights_round(const arma::Mat<eT>& X, const arma::Mat<eT>& dO, const eT* lr) {
    run_lanes(lanes_, [&](int lane) { weights_lane(lane, X, dO, lr); });
    sum_lane_parts();
    if (lr) step_small(*lr);
  }

  /// Sizes the matrices of a forward pass of n columns in `mode`, with a lane per BLAS thread.
  void prepare(arma::uword n, Mode mode) {
    lanes_ = std::max(1, blas_threads());
    columns_ = n;
    for (std::size_t l = 0; l + 1 < layers.size(); ++l)
      dropped_active_[l] = mode == Mode::train && config_.dropout[l] > 0;  // evaluation: the identity
    O_.set_size(layers.back().W.n_rows, n);
    lane_.resize(std::size_t(lanes_));
  }

  /// Sizes ∂J/∂z of each hidden layer for a backward pass of n columns.
  void prepare_backward(arma::uword n) {
    dZ_.resize(layers.size() - 1);
    for (std::size_t l = 0; l < dZ_.size(); ++l) dZ_[l].set_size(layers[l].W.n_rows, n);
    for (Linear<eT>& layer : layers) layer.dW.set_size(arma::size(layer.W));
  }

  /// After a forward pass: the dropout stream moves past the numbers the lanes drew.
  void finish_forward() {
    for (std::size_t l = 0; l + 1 < layers.size(); ++l)
      if (dropped_active_[l]) dropout_rng_.skip<eT>(layers[l].W.n_rows * columns_);
  }

  /// Lane `lane`'s columns of X through every layer, up to its columns of the logits.
  void forward_lane(int lane, const arma::Mat<eT>& X) {
    const Span cols = share(lane, lanes_, X.n_cols);
    if (cols.empty()) return;
    const std::size_t hidden = layers.size() - 1;
    LaneState& s = lane_[std::size_t(lane)];
    for (std::vector<arma::Mat<eT>>* v : {&s.Z, &s.H, &s.dropped, &s.mask}) v->resize(hidden);
    const arma::Mat<eT> x = columns_of(X, cols);  // a view
    const auto input = [&](std::size_t l) -> const arma::Mat<eT>& { return l == 0 ? x : s.input_of(l, dropped_active_); };
    for (std::size_t l = 0; l < hidden; ++l) {
      layers[l].forward(input(l), s.Z[l]);
      arma::Mat<eT>& h = s.H[l];
      if (config_.activation == ActivationKind::prelu)
        h = leaky_relu(s.Z[l], alpha(l));  // pReLU: the leaky ReLU with this layer's learned α
      else
        with_activation(config_.activation, [&](auto phi) { Activation<decltype(phi)>::forward(s.Z[l], h); });
      //! [dropout forward]
      if (dropped_active_[l]) {
        s.U.set_size(arma::size(h));
        dropout_rng_.fill_part(s.U, cols.first * h.n_rows);  // u ~ U[0, 1), fresh per step
        s.dropped[l] = dropout_forward(h, s.U, config_.dropout[l], s.mask[l]);  // exercise 6.1
      }
      //! [dropout forward]
    }
    arma::Mat<eT> o = columns_of(O_, cols);
    layers.back().forward(input(hidden), o);
  }

  /// Lane `lane`'s columns of ∂J/∂o back through every layer: its part of each ∂J/∂b (a sum
  /// over its columns), of ∂J/∂α with pReLU, and its columns of each hidden layer's ∂J/∂z.
  void backward_lane(int lane, const arma::Mat<eT>& dO) {
    const std::size_t last = layers.size() - 1;
    const Span cols = share(lane, lanes_, dO.n_cols);
    LaneState& s = lane_[std::size_t(lane)];
    s.db.resize(layers.size());
    s.dalpha.zeros(alpha.n_elem);
    for (std::size_t k = last + 1; k-- > 0;) {  // k: the layer whose ∂J/∂y this lane has
      const arma::Mat<eT> dY = columns_of(k == last ? dO : std::as_const(dZ_[k]), cols);
      s.db[k] = arma::sum(dY, 1);  // this lane's part of ∂J/∂b_k
      if (k == 0 || cols.empty()) continue;
      const std::size_t l = k - 1;  // the hidden layer under k
      layers[k].backward(dY, s.dH);
      //! [dropout backward]
      if (dropped_active_[l]) s.dH = dropout_backward(s.dH, s.mask[l]);  // exercise 6.2, the forward pass's mask
      //! [dropout backward]
      arma::Mat<eT> dz = columns_of(dZ_[l], cols);
      if (config_.activation == ActivationKind::prelu) {
        s.dalpha(l) = prelu_alpha_gradient(s.Z[l], s.dH);  // ∂J/∂α, exercise 3.4 (a sum)
        dz = s.dH % leaky_relu_derivative(s.Z[l], alpha(l));
      } else {
        with_activation(config_.activation, [&](auto phi) { Activation<decltype(phi)>::backward(s.Z[l], s.dH, dz); });
      }
    }
  }

  /// Lane `lane`'s block of every weight gradient, ∂J/∂W_k = ∂J/∂y_k · in_kᵀ for the weights
  /// from its share of layer k's inputs, a sum over all the columns; with `lr`, the SGD step of
  /// each block right after it. No lane reads another's block.
  void weights_lane(int lane, const arma::Mat<eT>& X, const arma::Mat<eT>& dO, const eT* lr) {
    const std::size_t last = layers.size() - 1;
    for (std::size_t k = 0; k <= last; ++k) {
      Linear<eT>& layer = layers[k];
      const Span inputs = share(lane, lanes_, layer.W.n_cols);
      if (inputs.empty()) continue;
      const arma::Mat<eT>& dY = k == last ? dO : dZ_[k];
      if (k == 0) {
        layer.gradient(X, dY, inputs);
      } else {  // the input is h (or h after dropout) of layer k − 1, in the lanes' parts: a sum over them
        bool first = true;
        for (int part = 0; part < lanes_; ++part) {
          const Span cols = share(part, lanes_, dY.n_cols);
          if (cols.empty()) continue;
          layer.gradient(lane_[std::size_t(part)].input_of(k, dropped_active_), columns_of(dY, cols), inputs, !first);
          first = false;
        }
      }
      //! [weight decay]
      if (config_.weight_decay > 0) {  // ∂s/∂W = λW (exercise 7.2); the biases are not decayed
        arma::Mat<eT> dw = columns_of(layer.dW, inputs);
        dw += penalty_gradient(columns_of(std::as_const(layer.W), inputs), config_.weight_decay);
      }
      //! [weight decay]
      if (lr) layer.step(*lr, inputs);
    }
  }

  /// After the lanes: each ∂J/∂b (and ∂J/∂α) is the sum of the lanes' parts.
  void sum_lane_parts() {
    for (std::size_t k = 0; k < layers.size(); ++k) {
      layers[k].db = lane_[0].db[k];
      for (std::size_t lane = 1; lane < lane_.size(); ++lane) layers[k].db += lane_[lane].db[k];
    }
    if (config_.activation == ActivationKind::prelu) {
      dalpha = lane_[0].dalpha;
      for (std::size_t lane = 1; lane < lane_.size(); ++lane) dalpha += lane_[lane].dalpha;
    }
  }

  /// The step of the small parameters: the biases and pReLU's α.
  void step_small(eT lr) {
    for (Linear<eT>& layer : layers) layer.step_bias(lr);
    if (config_.activation == ActivationKind::prelu) sgd_step(alpha, dalpha, lr);
  }

  /// What one lane keeps between the forward and the backward pass, for its columns.
  struct LaneState {
    /// Per hidden layer: z, h = φ(z), h after dropout and the dropout mask, of this lane's
    /// columns. The lane owns them, so the learner's results are moved in, not copied.
    std::vector<arma::Mat<eT>> Z, H, dropped, mask;
    std::vector<arma::Col<eT>> db;       // per layer: the sum of this lane's columns of ∂J/∂y
    arma::Col<eT> dalpha;                // pReLU: this lane's part of ∂J/∂α
    arma::Mat<eT> U, dH;
    arma::uvec y;                        // the training step: the labels of this lane's columns,
    double loss_sum = 0;                 // their loss (the lane's mean times its columns)
    arma::uword correct = 0;             // and how many the net got right

    /// The input of layer l ≥ 1 for this lane's columns: h of the layer below, after dropout.
    const arma::Mat<eT>& input_of(std::size_t l, const std::vector<bool>& dropped_active) const {
      return dropped_active[l - 1] ? dropped[l - 1] : H[l - 1];
    }
  };

  MlpConfig config_;
  std::vector<arma::Mat<eT>> dZ_;  // per hidden layer, all columns
  std::vector<bool> dropped_active_;
  arma::Mat<eT> X_, O_, dO_;  // the training step's minibatch, its logits and ∂J/∂o
  std::vector<LaneState> lane_;
  int lanes_ = 1;             // the lanes of the last forward pass
  arma::uword columns_ = 0;  // and its columns
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
  prefer_huge_pages(train_set.bytes);  // the gather's page walks (wb/minibatches.hpp)
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
      // The minibatch forward, its loss, and ∂J/∂o back down to every ∂J/∂z: lane by lane
      // (wb/lanes.hpp), each lane on its share of the examples.
      const auto [loss, batch_correct] = net.forward_backward(train_set, idx);
      if (first_loss < 0) first_loss = loss;
      if (!std::isfinite(loss) || loss > 10 * first_loss) {
        throw UserError(fmt::format(
            "training diverged in epoch {} (minibatch loss {:.4g}, started at {:.4g}): the "
            "learning rate {} is too large; try a smaller one, e.g. --lr {}{}",
            epoch, loss, first_loss, config.lr, config.lr / 10, in_your_build()));
      }
      loss_sum += loss * double(idx.n_elem);
      correct += batch_correct;
      net.gradients_and_step(lr);  // every ∂J/∂W and ∂J/∂b, then W ← W − η ∂J/∂W
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

#ifdef WB_MLP_COMPILED
// Instantiated once, in wb::nn's library (lib/nn/src/mlp.cpp), for whoever links it.
extern template class Mlp<float>;
extern template class Mlp<double>;
extern template std::vector<EpochStats> train(Mlp<float>&, const Dataset&, const Dataset&, const TrainConfig&,
                                              const std::function<void(const EpochStats&)>&);
extern template std::vector<EpochStats> train(Mlp<double>&, const Dataset&, const Dataset&, const TrainConfig&,
                                              const std::function<void(const EpochStats&)>&);
#endif

}  // namespace wb
