/// \file
/// \brief The layers chapter 2 trains with: Linear (affine), an activation, softmax
/// cross-entropy. Each has `forward`, `backward` (∂/∂input) and, where it has parameters,
/// `gradient` (∂/∂parameters), after mlpack's split. Samples are columns.
#pragma once

#include <armadillo>
#include <cmath>
#include <random>
#include <utility>

#include "wb/exercises.hpp"  // ReLU, softmax cross-entropy, SGD: yours or the reference

#include "wb/activations.hpp"

namespace wb {

/// An affine layer \f$ \mathbf{y} = \mathbf{W}\mathbf{x} + \mathbf{b} \f$ with W of size
/// out × in. Templated on the element type: float for training, double for checking.
template <typename eT>
class Linear {
 public:
  arma::Mat<eT> W;   ///< weights, out × in
  arma::Col<eT> b;   ///< bias, out
  arma::Mat<eT> dW;  ///< ∂J/∂W, filled by gradient()
  arma::Col<eT> db;  ///< ∂J/∂b, filled by gradient()

  Linear() = default;
  Linear(arma::uword in, arma::uword out) : W(out, in, arma::fill::zeros), b(out, arma::fill::zeros) {}

  /// Weights drawn from N(0, σ²), as the notes' `nn.init.normal_(m.weight, std=0.01)`; biases
  /// from U(−1/√fan_in, 1/√fan_in), PyTorch's default for `nn.Linear`, which the notes leave as
  /// it is (their `init_weights` touches the weights only).
  template <typename Rng>
  void init(eT sigma, Rng& rng) {
    std::normal_distribution<double> normal(0.0, double(sigma));
    W.imbue([&] { return eT(normal(rng)); });
    const double bound = 1.0 / std::sqrt(double(W.n_cols));
    std::uniform_real_distribution<double> uniform(-bound, bound);
    b.imbue([&] { return eT(uniform(rng)); });
  }

  /// \f[ \mathbf{y} = \mathbf{W}\mathbf{x} + \mathbf{b}\mathbf{1}^\top \f]
  void forward(const arma::Mat<eT>& X, arma::Mat<eT>& Y) const {
    Y = W * X;
    Y.each_col() += b;
  }

  /// \f[ \frac{\partial J}{\partial \mathbf{x}} = \mathbf{W}^\top \frac{\partial J}{\partial \mathbf{y}} \f]
  void backward(const arma::Mat<eT>& dY, arma::Mat<eT>& dX) const { dX = W.t() * dY; }

  /// \f[ \frac{\partial J}{\partial \mathbf{W}} = \frac{\partial J}{\partial \mathbf{y}} \mathbf{x}^\top,
  ///     \qquad \frac{\partial J}{\partial \mathbf{b}} = \frac{\partial J}{\partial \mathbf{y}} \mathbf{1} \f]
  void gradient(const arma::Mat<eT>& X, const arma::Mat<eT>& dY) {
    dW = dY * X.t();
    db = arma::sum(dY, 1);
  }

  /// One SGD step on W and b with the learner's `sgd_step` (exercise 2.6):
  /// \f[ \mathbf{W} \leftarrow \mathbf{W} - \eta \frac{\partial J}{\partial \mathbf{W}}, \qquad
  ///     \mathbf{b} \leftarrow \mathbf{b} - \eta \frac{\partial J}{\partial \mathbf{b}} \f]
  void step(eT lr) {
    sgd_step(W, dW, lr);
    sgd_step(b, db, lr);
  }
};

/// An element-wise activation layer \f$ \mathbf{h} = \phi(\mathbf{z}) \f$.
template <typename Phi>
struct Activation {
  /// \f[ \mathbf{h} = \phi(\mathbf{z}) \f]
  template <typename eT>
  static void forward(const arma::Mat<eT>& Z, arma::Mat<eT>& H) { H = Phi::f(Z); }
  /// \f[ \frac{\partial J}{\partial \mathbf{z}} = \frac{\partial J}{\partial \mathbf{h}} \odot \phi'(\mathbf{z}) \f]
  template <typename eT>
  static void backward(const arma::Mat<eT>& Z, const arma::Mat<eT>& dH, arma::Mat<eT>& dZ) {
    dZ = dH % Phi::derivative(Z);
  }
};

/// Mean softmax cross-entropy over the columns of the logits o, against labels y.
struct SoftmaxCrossEntropy {
  /// \f[ L = \frac{1}{n}\sum_i -\log \mathrm{softmax}(\mathbf{o}_i)_{y_i} \f]
  template <typename eT>
  static eT forward(const arma::Mat<eT>& O, const arma::uvec& y) { return softmax_cross_entropy(O, y); }
  /// \f[ \frac{\partial L}{\partial \mathbf{o}} = \frac{1}{n}\big(\mathrm{softmax}(\mathbf{o}) - \mathrm{onehot}(y)\big) \f]
  template <typename eT>
  static void backward(const arma::Mat<eT>& O, const arma::uvec& y, arma::Mat<eT>& dO) {
    dO = softmax_cross_entropy_gradient(O, y);
  }
};

}  // namespace wb
