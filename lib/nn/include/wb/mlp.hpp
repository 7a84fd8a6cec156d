/// \file
/// \brief The multilayer perceptron (784-256-10 by default, the notes' chapter 2 network) and
/// the textbook training step: the minibatch forward, its loss, the backward pass through the
/// learner's equations, the SGD step. Optionally deeper, with another activation, weight decay
/// or dropout.
///
/// This is the code the pages quote. The training loop (wb/train.hpp) runs the same step
/// faster by default, split over the cores (wb/fast_step.hpp); a test proves the two equal.
#pragma once

#include <armadillo>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "wb/fashion_mnist.hpp"
#include "wb/layers.hpp"
#include "wb/numeric.hpp"
#include "wb/random.hpp"

namespace wb {

/// The network: its hidden layers, activation and regularization. The defaults are the
/// notes' chapter 2 network, 784-256-10 with ReLU, no weight decay, no dropout.
struct MlpConfig {
  std::vector<arma::uword> hidden = {256};  ///< units per hidden layer
  ActivationKind activation = ActivationKind::relu;
  std::vector<double> dropout;  ///< dropout probability p ∈ [0, 1) per hidden layer (empty: none, 暂退法)
  double weight_decay = 0;      ///< λ of λ/2 Σ‖W‖², weights only, not biases (权重衰减)
  double init_sigma = 0.01;     ///< weights ~ N(0, σ²), as the notes' `init_weights`
};

/// What a forward pass is for: training (dropout active) or evaluation (dropout the identity).
enum class Mode { train, evaluate };

/// The mean loss of a minibatch and its number of correct predictions.
struct BatchLoss {
  double loss = 0;
  arma::uword correct = 0;
};

/// A multilayer perceptron, any number of hidden layers, samples as columns. With one hidden
/// layer (chapter 2):
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}, \quad \mathbf{h} = \phi(\mathbf{z}),
///     \quad \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h} + \mathbf{b}^{(2)} \f]
/// and with dropout in training, \f$\mathbf{h}' = \mathbf{h} \odot \mathbf{m}\f$ feeds the next layer
/// (exercises 6.1 and 6.2). Weight decay adds \f$\lambda\mathbf{W}\f$ to each weight gradient
/// (exercise 7.2, equation B1), never to a bias. With pReLU each hidden layer also learns its
/// slope α (exercises 3.3 and 3.4), without weight decay.
template <typename eT>
class Mlp {
 public:
  std::vector<Linear<eT>> layers;  ///< the hidden layers, then the output layer
  arma::Col<eT> alpha;   ///< pReLU only: the learned slope α of each hidden layer (PReLU::alpha at init)
  arma::Col<eT> dalpha;  ///< pReLU only: ∂J/∂α of each hidden layer, filled by backward()
  UniformSource dropout_rng{0};  ///< dropout's u ~ U[0, 1): one number per unit and example, in order

  Mlp(arma::uword inputs, arma::uword outputs, MlpConfig config = {}) : config_(checked(std::move(config))) {
    arma::uword in = inputs;
    for (arma::uword units : config_.hidden) {
      layers.emplace_back(in, units);
      in = units;
    }
    layers.emplace_back(in, outputs);
    const arma::uword hidden = config_.hidden.size();
    alpha.set_size(prelu() ? hidden : 0);
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
    dropout_rng = UniformSource(seed ^ 0x5eedd40b0075eedULL);
  }

  /// The forward pass; keeps z, h and the dropout masks for the backward pass. Returns the logits o.
  const arma::Mat<eT>& forward(const arma::Mat<eT>& X, Mode mode = Mode::evaluate) {
    const std::size_t hidden = layers.size() - 1;
    for (auto* v : {&Z_, &H_, &dropped_, &mask_}) v->resize(hidden);
    dropout_on_.assign(hidden, false);
    for (std::size_t l = 0; l < hidden; ++l) {
      layers[l].forward(input(l, X), Z_[l]);  // z = W x + b, x the layer's input
      activation_forward(l, Z_[l], H_[l]);    // h = φ(z)
      //! [dropout forward]
      dropout_on_[l] = mode == Mode::train && config_.dropout[l] > 0;  // evaluation: the identity
      if (dropout_on_[l]) {
        arma::Mat<eT> u(arma::size(H_[l]));
        dropout_rng.fill(u);  // u ~ U[0, 1), fresh per step
        dropped_[l] = dropout_forward(H_[l], u, config_.dropout[l], mask_[l]);  // h′ = h ⊙ m (exercise 6.1)
      }
      //! [dropout forward]
    }
    layers.back().forward(input(hidden, X), O_);  // o = W h′ + b
    return O_;
  }

  /// The backward pass from ∂J/∂o, after forward(X): fills every layer's dW and db (and dalpha),
  /// from the output layer down. (∂J/∂X is not needed, so W⁽¹⁾ᵀ ∂J/∂z is never computed.)
  void backward(const arma::Mat<eT>& X, const arma::Mat<eT>& dO) {
    arma::Mat<eT> dY = dO;  // ∂J/∂y of layer k, its output: o, then each z going down
    for (std::size_t k = layers.size(); k-- > 0;) {
      layers[k].gradient(input(k, X), dY);  // ∂J/∂W = ∂J/∂y xᵀ, ∂J/∂b = ∂J/∂y 1
      //! [weight decay]
      if (config_.weight_decay > 0)  // ∂s/∂W = λW (exercise 7.2); the biases are not decayed
        layers[k].dW += penalty_gradient(layers[k].W, config_.weight_decay);
      //! [weight decay]
      if (k == 0) break;
      const std::size_t l = k - 1;  // the hidden layer under layer k
      arma::Mat<eT> dH;
      layers[k].backward(dY, dH);  // ∂J/∂h′ = Wᵀ ∂J/∂y
      //! [dropout backward]
      if (dropout_on_[l]) dH = dropout_backward(dH, mask_[l]);  // ∂J/∂h = ∂J/∂h′ ⊙ m (exercise 6.2)
      //! [dropout backward]
      if (prelu()) dalpha(l) = prelu_alpha_gradient(Z_[l], dH);  // ∂J/∂α (exercise 3.4)
      activation_backward(l, Z_[l], dH, dY);  // ∂J/∂z = ∂J/∂h ⊙ φ′(z)
    }
  }

  /// One SGD step on every parameter with the learner's `sgd_step` (exercise 2.6):
  /// \f$ \theta \leftarrow \theta - \eta\, \partial J / \partial \theta \f$.
  void step(eT lr) {
    for (Linear<eT>& layer : layers) layer.step(lr);
    if (prelu()) sgd_step(alpha, dalpha, lr);
  }

  /// The penalty λ/2 Σ‖W‖² over the weight matrices (0 without weight decay).
  double penalty() const {
    double sum = 0;
    for (const Linear<eT>& layer : layers) sum += double(arma::accu(arma::square(layer.W)));
    return config_.weight_decay / 2 * sum;
  }

  /// The predicted class of every column of X, evaluated in chunks to bound memory.
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

  /// h = φ(z) for hidden layer l, with the learner's activation (pReLU: the leaky ReLU with
  /// layer l's learned α). The fast step calls it too.
  void activation_forward(std::size_t l, const arma::Mat<eT>& z, arma::Mat<eT>& h) const {
    if (prelu()) {
      h = leaky_relu(z, alpha(l));
      return;
    }
    with_activation(config_.activation, [&](auto phi) { Activation<decltype(phi)>::forward(z, h); });
  }

  /// ∂J/∂z = ∂J/∂h ⊙ φ′(z) for hidden layer l (equation D), with the learner's φ′.
  void activation_backward(std::size_t l, const arma::Mat<eT>& z, const arma::Mat<eT>& dH, arma::Mat<eT>& dZ) const {
    if (prelu()) {
      dZ = dH % leaky_relu_derivative(z, alpha(l));
      return;
    }
    with_activation(config_.activation, [&](auto phi) { Activation<decltype(phi)>::backward(z, dH, dZ); });
  }

 private:
  static MlpConfig one_hidden(arma::uword hidden) {
    MlpConfig c;
    c.hidden = {hidden};
    return c;
  }

  bool prelu() const { return config_.activation == ActivationKind::prelu; }

  /// The configuration, its dropout list filled to one p per hidden layer; throws
  /// std::invalid_argument when it cannot describe a network.
  static MlpConfig checked(MlpConfig c);

  /// The input of layer k: X for the first, else h of the layer below, after dropout when it was on.
  const arma::Mat<eT>& input(std::size_t k, const arma::Mat<eT>& X) const {
    if (k == 0) return X;
    return dropout_on_[k - 1] ? dropped_[k - 1] : H_[k - 1];
  }

  MlpConfig config_;
  std::vector<arma::Mat<eT>> Z_, H_, dropped_, mask_;  // per hidden layer: z, h, h′ = h ⊙ m, m
  std::vector<bool> dropout_on_;                       // per hidden layer, in the last forward pass
  arma::Mat<eT> O_;                                    // the logits of the last forward pass
};

template <typename eT>
MlpConfig Mlp<eT>::checked(MlpConfig c) {
  if (c.hidden.empty()) throw std::invalid_argument("MlpConfig: at least one hidden layer");
  if (!c.dropout.empty() && c.dropout.size() != c.hidden.size())
    throw std::invalid_argument("MlpConfig: one dropout probability per hidden layer, or none");
  for (double p : c.dropout)
    if (!(p >= 0 && p < 1))  // p = 1 keeps nothing: no gradient would reach the layers below
      throw std::invalid_argument("MlpConfig: each dropout probability must be in [0, 1)");
  c.dropout.resize(c.hidden.size(), 0.0);
  return c;
}

/// The minibatch of examples `idx`: one example per column, in eT.
template <typename eT>
arma::Mat<eT> minibatch(const Dataset& data, const arma::uvec& idx) {
  return convert<eT>(data.X.cols(idx));
}

/// One step of minibatch SGD on the examples `idx` of `data`, as the pages write it: the forward
/// pass with dropout on, the mean loss, the backward pass, the step. Returns the minibatch's
/// loss and correct predictions, computed before the step.
template <typename eT>
BatchLoss textbook_step(Mlp<eT>& net, const Dataset& data, const arma::uvec& idx, eT lr) {
  //! [minibatch step]
  const arma::Mat<eT> X = minibatch<eT>(data, idx);
  const arma::uvec y = data.y.elem(idx);
  const arma::Mat<eT>& O = net.forward(X, Mode::train);  // o, the logits
  const BatchLoss batch{double(SoftmaxCrossEntropy::forward(O, y)), correct_predictions(O, y)};  // L
  arma::Mat<eT> dO;
  SoftmaxCrossEntropy::backward(O, y, dO);  // ∂L/∂o (exercise 2.4)
  net.backward(X, dO);                      // every ∂J/∂W, ∂J/∂b (equations B–E)
  net.step(lr);                             // W ← W − η ∂J/∂W (exercise 2.6)
  //! [minibatch step]
  return batch;
}

#ifdef WB_MLP_COMPILED
// Instantiated once, in wb::nn's library (lib/nn/src/mlp.cpp), for whoever links it.
extern template class Mlp<float>;
extern template class Mlp<double>;
extern template BatchLoss textbook_step(Mlp<float>&, const Dataset&, const arma::uvec&, float);
extern template BatchLoss textbook_step(Mlp<double>&, const Dataset&, const arma::uvec&, double);
#endif

}  // namespace wb
