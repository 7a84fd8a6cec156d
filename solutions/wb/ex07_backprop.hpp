/// \file
/// \brief Chapter 7 exercises, reference solutions: the backward pass of the notes' two-layer
/// network with L2 regularization, one function per equation (A, B1, B2, C, D, E1, E2).
///
/// The graph (计算图, computational graph), samples as columns (x is d × n, n examples):
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x},\quad \mathbf{h} = \phi(\mathbf{z}),\quad
///     \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h},\quad L = l(\mathbf{o}, y),\quad
///     s = \tfrac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big),\quad
///     J = L + s. \f]
/// Each function computes one left-hand side from the quantities on its right, exactly as
/// the notes write it: the upstream gradient comes in as an argument, never recomputed, so
/// the chapter 7 program can check every equation on its own.
///
/// The learner's copies of these functions live in `exercises/wb/ex07_backprop.hpp`, with
/// the same names and signatures. Templated on the element type: float for training, double
/// for checking.
#pragma once

#include <armadillo>
#include <utility>

namespace wb {

// [exercise 7.1]
/// Exercise 7.1, equation (A): the objective is the sum of the loss and the penalty, so both
/// partial derivatives are one. Returns the pair (∂J/∂L, ∂J/∂s).
/// \f[ J = L + s \quad\Rightarrow\quad \frac{\partial J}{\partial L} = 1
///     \quad\text{and}\quad \frac{\partial J}{\partial s} = 1 \f]
template <typename eT>
std::pair<eT, eT> objective_partials() {
  return {eT(1), eT(1)};
}
// [exercise 7.1]

// [exercise 7.2]
/// Exercise 7.2, equation (B1): the gradient of the penalty
/// \f$ s = \frac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big) \f$
/// with respect to one weight matrix (call it once for W1, once for W2): 权重衰减, weight decay.
/// \f[ \frac{\partial s}{\partial \mathbf{W}} = \lambda \mathbf{W} \f]
template <typename eT>
arma::Mat<eT> penalty_gradient(const arma::Mat<eT>& W, typename arma::get_pod_type<eT>::result lambda) {
  return lambda * W;
}
// [exercise 7.2]

// [exercise 7.3]
/// Exercise 7.3, equation (B2): the gradient of J with respect to the output layer o (q × n).
/// `dL_do` is the local derivative of the loss, from `softmax_cross_entropy_gradient`
/// (exercise 2.4: the softmax minus the one-hot labels, divided by the batch size n).
/// \f[ \frac{\partial J}{\partial \mathbf{o}} = \mathrm{prod}\Big(\frac{\partial J}{\partial L},
///     \frac{\partial L}{\partial \mathbf{o}}\Big) = \frac{\partial J}{\partial L}\,
///     \frac{\partial L}{\partial \mathbf{o}} \f]
template <typename eT>
arma::Mat<eT> output_gradient(typename arma::Mat<eT>::elem_type dJ_dL, const arma::Mat<eT>& dL_do) {
  return dJ_dL * dL_do;
}
// [exercise 7.3]

// [exercise 7.4]
/// Exercise 7.4, equation (C): the gradient of J with respect to the hidden layer h (h × n),
/// through o = W2 h (W2 is q × h).
/// \f[ \frac{\partial J}{\partial \mathbf{h}} = \mathrm{prod}\Big(\frac{\partial J}{\partial \mathbf{o}},
///     \frac{\partial \mathbf{o}}{\partial \mathbf{h}}\Big) = \mathbf{W}^{(2)\top}
///     \frac{\partial J}{\partial \mathbf{o}} \f]
template <typename eT>
arma::Mat<eT> hidden_gradient(const arma::Mat<eT>& W2, const arma::Mat<eT>& dJ_do) {
  return W2.t() * dJ_do;
}
// [exercise 7.4]

// [exercise 7.5]
/// Exercise 7.5, equation (D): the gradient of J with respect to the pre-activation z,
/// through the element-wise h = φ(z). `phi` is one of wb::ReLU, wb::Sigmoid, wb::Tanh
/// (wb/activations.hpp); `Phi::derivative(z)` is φ′(z).
/// \f[ \frac{\partial J}{\partial \mathbf{z}} = \mathrm{prod}\Big(\frac{\partial J}{\partial \mathbf{h}},
///     \frac{\partial \mathbf{h}}{\partial \mathbf{z}}\Big) = \frac{\partial J}{\partial \mathbf{h}}
///     \odot \phi'(\mathbf{z}) \f]
template <typename eT, typename Phi>
arma::Mat<eT> preactivation_gradient(const arma::Mat<eT>& dJ_dh, const arma::Mat<eT>& z, const Phi& phi) {
  return dJ_dh % phi.derivative(z);
}
// [exercise 7.5]

// [exercise 7.6]
/// Exercise 7.6, equation (E1): the gradient of J with respect to the first weights W1 (h × d):
/// the path through z = W1 x plus the path through the penalty s, where `ds_dW1` = λ W1 (B1).
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(1)}} = \mathrm{prod}\Big(\frac{\partial J}{\partial \mathbf{z}},
///     \frac{\partial \mathbf{z}}{\partial \mathbf{W}^{(1)}}\Big) + \mathrm{prod}\Big(\frac{\partial J}{\partial s},
///     \frac{\partial s}{\partial \mathbf{W}^{(1)}}\Big) = \frac{\partial J}{\partial \mathbf{z}}\,\mathbf{x}^\top
///     + \lambda \mathbf{W}^{(1)} \f]
template <typename eT>
arma::Mat<eT> first_weight_gradient(const arma::Mat<eT>& dJ_dz, const arma::Mat<eT>& x,
                                    typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW1) {
  return dJ_dz * x.t() + dJ_ds * ds_dW1;
}
// [exercise 7.6]

// [exercise 7.7]
/// Exercise 7.7, equation (E2): the gradient of J with respect to the second weights W2 (q × h):
/// the path through o = W2 h plus the path through the penalty s, where `ds_dW2` = λ W2 (B1).
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(2)}} = \mathrm{prod}\Big(\frac{\partial J}{\partial \mathbf{o}},
///     \frac{\partial \mathbf{o}}{\partial \mathbf{W}^{(2)}}\Big) + \mathrm{prod}\Big(\frac{\partial J}{\partial s},
///     \frac{\partial s}{\partial \mathbf{W}^{(2)}}\Big) = \frac{\partial J}{\partial \mathbf{o}}\,\mathbf{h}^\top
///     + \lambda \mathbf{W}^{(2)} \f]
template <typename eT>
arma::Mat<eT> second_weight_gradient(const arma::Mat<eT>& dJ_do, const arma::Mat<eT>& h,
                                     typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW2) {
  return dJ_do * h.t() + dJ_ds * ds_dW2;
}
// [exercise 7.7]

}  // namespace wb
