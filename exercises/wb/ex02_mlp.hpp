/// \file
/// \brief Chapter 2 exercises: ReLU, softmax cross-entropy, accuracy, SGD — your versions.
///
/// Replace each `not_implemented(...)` line with your code, then run `./workbook test --mine`.
/// The chapter program `build-mine/bin/02_mlp` trains with exactly these functions.
/// Samples are columns: `o` is q × n (q classes, n examples), `y` holds n class indices.
#pragma once

#include <armadillo>

#include "wb/error.hpp"
#include "wb/numeric.hpp"

namespace wb {

/// Exercise 2.1: the rectified linear unit, element-wise.
/// \f[ \mathrm{ReLU}(z) = \max(z, 0) \f]
/// Hint: `arma::clamp`, or a comparison `z > 0` multiplied element-wise (`%`) with z.
template <typename eT>
arma::Mat<eT> relu(const arma::Mat<eT>& z) {
  not_implemented("2.1", "ReLU", "exercises/wb/ex02_mlp.hpp");
}

/// Exercise 2.2: the derivative of ReLU, element-wise; take it as 0 at z = 0.
/// \f[ \mathrm{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases} \f]
template <typename eT>
arma::Mat<eT> relu_derivative(const arma::Mat<eT>& z) {
  not_implemented("2.2", "ReLU derivative", "exercises/wb/ex02_mlp.hpp");
}

/// Exercise 2.3: the mean softmax cross-entropy of the logits `o` (q × n) against the labels
/// `y`, computed without overflow: subtract each column's maximum before `exp`.
/// \f[ L = \frac{1}{n}\sum_{i=1}^{n} \Big( \log \sum_{k} e^{o_{ki} - m_i} - (o_{y_i i} - m_i) \Big),
///     \qquad m_i = \max_k o_{ki} \f]
/// It must also work for eT = std::complex<double> (the complex-step check of chapter 7):
/// take the maximum with `max_real(o.col(i))` from wb/numeric.hpp.
template <typename eT>
eT softmax_cross_entropy(const arma::Mat<eT>& o, const arma::uvec& y) {
  not_implemented("2.3", "softmax cross-entropy", "exercises/wb/ex02_mlp.hpp");
}

/// Exercise 2.4: the gradient of the mean softmax cross-entropy with respect to the logits.
/// \f[ \frac{\partial L}{\partial \mathbf{o}_i} = \frac{1}{n}\big(\mathrm{softmax}(\mathbf{o}_i)
///     - \mathbf{e}_{y_i}\big) \f]
template <typename eT>
arma::Mat<eT> softmax_cross_entropy_gradient(const arma::Mat<eT>& o, const arma::uvec& y) {
  not_implemented("2.4", "softmax cross-entropy gradient", "exercises/wb/ex02_mlp.hpp");
}

/// Exercise 2.5: the number of columns of `o` whose largest entry is at the true label.
/// Hint: `arma::index_max(o, 0)`.
template <typename eT>
arma::uword correct_predictions(const arma::Mat<eT>& o, const arma::uvec& y) {
  not_implemented("2.5", "accuracy", "exercises/wb/ex02_mlp.hpp");
}

/// Exercise 2.6: one step of minibatch stochastic gradient descent, in place.
/// \f[ \mathbf{W} \leftarrow \mathbf{W} - \eta\, \frac{\partial J}{\partial \mathbf{W}} \f]
template <typename eT>
void sgd_step(arma::Mat<eT>& W, const arma::Mat<eT>& dJ_dW, eT lr) {
  not_implemented("2.6", "SGD step", "exercises/wb/ex02_mlp.hpp");
}

}  // namespace wb
