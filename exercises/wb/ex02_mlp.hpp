/// \file
/// \brief Chapter 2 exercises: ReLU, softmax cross-entropy, accuracy, SGD — your versions.
///
/// Replace each `not_implemented(...)` line with your code. `./workbook check 2` builds and
/// tests them and tells you what is wrong; `./workbook hint 2.1` gives a hint (again for the
/// next one). The chapter program `build-mine/bin/02_mlp` trains with exactly these functions.
/// Samples are columns: `o` is q × n (q classes, n examples), `y` holds n class indices.
#pragma once

#include <armadillo>

#include "wb/error.hpp"
#include "wb/numeric.hpp"

namespace wb {

// [exercise 2.1]
/// Exercise 2.1: the rectified linear unit of every entry of z — the activation φ of the
/// hidden layer, h = φ(z). Return a matrix of z's shape. Must work for eT = float (training)
/// and double (checking). Chapter 2's page, "The model".
template <typename eT>
arma::Mat<eT> relu(const arma::Mat<eT>& z) {
  not_implemented("2.1", z);
}
// [exercise 2.1]

// [exercise 2.2]
/// Exercise 2.2: the derivative of ReLU at every entry of z, φ′(z), taken as 0 where z = 0
/// (ReLU has no derivative there; PyTorch makes the same choice). Return a matrix of z's
/// shape and element type. Must work for eT = float and double.
template <typename eT>
arma::Mat<eT> relu_derivative(const arma::Mat<eT>& z) {
  not_implemented("2.2", z);
}
// [exercise 2.2]

// [exercise 2.3]
/// Exercise 2.3: the loss L, the mean over the n columns of −log softmax(o_i) at the true
/// class y(i), for logits `o` (q × n). It must stay finite for logits of ±1000 (in double)
/// and ±100 (in float), and work for eT = float, double and std::complex<double> (chapter
/// 7's complex-step check): use only +, −, ×, ÷, std::exp and std::log on entries, and
/// wb::max_real (wb/numeric.hpp) where you need a column's largest entry. Chapter 2's page.
template <typename eT>
eT softmax_cross_entropy(const arma::Mat<eT>& o, const arma::uvec& y) {
  not_implemented("2.3", o, y);
}
// [exercise 2.3]

// [exercise 2.4]
/// Exercise 2.4: ∂L/∂o, the gradient of the loss of exercise 2.3 with respect to the logits,
/// a q × n matrix. Must work for eT = float and double, and stay finite for huge logits.
/// Derived on chapter 7's page, equation B2.
template <typename eT>
arma::Mat<eT> softmax_cross_entropy_gradient(const arma::Mat<eT>& o, const arma::uvec& y) {
  not_implemented("2.4", o, y);
}
// [exercise 2.4]

// [exercise 2.5]
/// Exercise 2.5: the number of columns of `o` whose largest entry is at row y(i), the true
/// label (the notes' `accuracy` counts the same way; dividing by n gives the fraction).
/// Must work for eT = float and double.
template <typename eT>
arma::uword correct_predictions(const arma::Mat<eT>& o, const arma::uvec& y) {
  not_implemented("2.5", o, y);
}
// [exercise 2.5]

// [exercise 2.6]
/// Exercise 2.6: one step of minibatch stochastic gradient descent with learning rate `lr`:
/// change the parameters `W` in place, given ∂J/∂W of W's shape. Called for every weight
/// matrix and every bias vector. Must work for eT = float and double.
template <typename eT>
void sgd_step(arma::Mat<eT>& W, const arma::Mat<eT>& dJ_dW, eT lr) {
  not_implemented("2.6", W, dJ_dW, lr);
}
// [exercise 2.6]

}  // namespace wb
