/// \file
/// \brief Chapter 2 exercises, reference solutions: ReLU, softmax cross-entropy, accuracy, SGD.
///
/// The learner's copies of these functions live in `exercises/wb/ex02_mlp.hpp`, with the
/// same names and signatures. Samples are columns: `o` is q × n (q classes, n examples).
#pragma once

#include <armadillo>

#include "wb/numeric.hpp"

namespace wb {

// [exercise 2.1]
/// Exercise 2.1: the rectified linear unit, element-wise.
/// \f[ \mathrm{ReLU}(z) = \max(z, 0) \f]
template <typename eT>
arma::Mat<eT> relu(const arma::Mat<eT>& z) {
  arma::Mat<eT> h = z;  // one pass over z (arma::max(z, zeros) would first fill a matrix of zeros)
  h.transform([](eT v) { return v > eT(0) ? v : eT(0); });
  return h;
}
// [exercise 2.1]

// [exercise 2.2]
/// Exercise 2.2: the derivative of ReLU, element-wise (taken as 0 at z = 0, as PyTorch does).
/// \f[ \mathrm{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases} \f]
template <typename eT>
arma::Mat<eT> relu_derivative(const arma::Mat<eT>& z) {
  arma::Mat<eT> d = z;  // one pass, in the element type (z > 0 would build a matrix of integers)
  d.transform([](eT v) { return v > eT(0) ? eT(1) : eT(0); });
  return d;
}
// [exercise 2.2]

// [exercise 2.3]
/// Exercise 2.3: the mean softmax cross-entropy of the logits `o` (q × n) against the labels
/// `y` (n class indices), computed without overflow by subtracting each column's maximum.
/// \f[ L = \frac{1}{n}\sum_{i=1}^{n} \Big( \log \sum_{k} e^{o_{ki} - m_i} - (o_{y_i i} - m_i) \Big),
///     \qquad m_i = \max_k o_{ki} \f]
/// Templated on the element type, so the complex-step check can run it in
/// `std::complex<double>` (the shift m uses the real part only).
template <typename eT>
eT softmax_cross_entropy(const arma::Mat<eT>& o, const arma::uvec& y) {
  eT total(0);
  for (arma::uword i = 0; i < o.n_cols; ++i) {
    const auto oi = o.col(i);
    const auto m = max_real(oi);
    eT sum(0);
    for (arma::uword k = 0; k < o.n_rows; ++k) sum += std::exp(oi(k) - m);
    total += std::log(sum) - (oi(y(i)) - m);
  }
  return total / eT(o.n_cols);
}
// [exercise 2.3]

// [exercise 2.4]
/// Exercise 2.4: the gradient of the mean softmax cross-entropy with respect to the logits.
/// \f[ \frac{\partial L}{\partial \mathbf{o}_i} = \frac{1}{n}\big(\mathrm{softmax}(\mathbf{o}_i)
///     - \mathbf{e}_{y_i}\big) \f]
template <typename eT>
arma::Mat<eT> softmax_cross_entropy_gradient(const arma::Mat<eT>& o, const arma::uvec& y) {
  arma::Mat<eT> p = o;  // column by column, in place: e^{o − m}, then / (n Σ), then − 1/n at y_i
  const eT inv_n = eT(1) / eT(o.n_cols);
  for (arma::uword i = 0; i < p.n_cols; ++i) {
    eT* pi = p.colptr(i);
    const eT m = max_real(p.col(i));
    eT sum(0);
    for (arma::uword k = 0; k < p.n_rows; ++k) sum += (pi[k] = std::exp(pi[k] - m));
    const eT scale = inv_n / sum;
    for (arma::uword k = 0; k < p.n_rows; ++k) pi[k] *= scale;
    pi[y(i)] -= inv_n;
  }
  return p;
}
// [exercise 2.4]

// [exercise 2.5]
/// Exercise 2.5: the number of columns of `o` whose largest entry is at the true label.
/// (The notes' `accuracy` also returns a count; divide by n for the fraction.)
template <typename eT>
arma::uword correct_predictions(const arma::Mat<eT>& o, const arma::uvec& y) {
  const arma::urowvec predicted = arma::index_max(o, 0);
  return arma::accu(predicted.t() == y);
}
// [exercise 2.5]

// [exercise 2.6]
/// Exercise 2.6: one step of minibatch stochastic gradient descent, in place.
/// \f[ \mathbf{W} \leftarrow \mathbf{W} - \eta\, \frac{\partial J}{\partial \mathbf{W}} \f]
template <typename eT>
void sgd_step(arma::Mat<eT>& W, const arma::Mat<eT>& dJ_dW, eT lr) {
  W -= lr * dJ_dW;
}
// [exercise 2.6]

}  // namespace wb
