/// \file
/// \brief The layers chapter 2 trains with: Linear (affine), an activation, softmax
/// cross-entropy. Each has `forward`, `backward` (∂/∂input) and, where it has parameters,
/// `gradient` (∂/∂parameters), after mlpack's split. Samples are columns.
#pragma once

#include <armadillo>
#include <cblas.h>
#include <cmath>
#include <random>
#include <type_traits>
#include <utility>

#include "wb/lanes.hpp"

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

  /// One lane's block of ∂J/∂W: the columns `inputs` of dW (the weights from those inputs),
  /// from the rows `inputs` of X, read in place (no copy of the block):
  /// \f[ \frac{\partial J}{\partial \mathbf{W}_{:,a:b}} = \frac{\partial J}{\partial \mathbf{y}}
  ///     \mathbf{X}_{a:b,:}^\top \f]
  /// dW must already have W's size. Lanes with disjoint blocks may run this at the same time.
  /// With `accumulate`, the product is added to the block instead: X and dY may then be some
  /// of the columns, the block being the sum over all of them.
  void gradient(const arma::Mat<eT>& X, const arma::Mat<eT>& dY, Span inputs, bool accumulate = false) {
    if (inputs.empty()) return;
    const auto m = int(dY.n_rows), n = int(inputs.size()), k = int(dY.n_cols);
    const eT* x = X.memptr() + inputs.first;  // X(inputs.first, 0), leading dimension X.n_rows
    eT* dw = dW.colptr(inputs.first);
    const eT beta = accumulate ? eT(1) : eT(0);
    if constexpr (std::is_same_v<eT, float>)
      cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, dY.memptr(), m, x, int(X.n_rows), beta, dw, m);
    else
      cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, dY.memptr(), m, x, int(X.n_rows), beta, dw, m);
  }

  /// One SGD step on W and b with the learner's `sgd_step` (exercise 2.6).
  void step(eT lr) {
    step(lr, Span{0, W.n_cols});
    step_bias(lr);
  }

  /// One lane's block of the SGD step: the columns `inputs` of W, with the learner's `sgd_step`
  /// on that block (b is stepped once, by step_bias()).
  void step(eT lr, Span inputs) {
    if (inputs.empty()) return;
    arma::Mat<eT> w = columns_of(W, inputs);
    sgd_step(w, columns_of(std::as_const(dW), inputs), lr);
  }
  void step_bias(eT lr) { sgd_step(b, db, lr); }
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
