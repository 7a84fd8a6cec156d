/// \file
/// \brief Chapter 7 exercises: the backward pass, one function per equation (A … E2) — your versions.
///
/// Replace each `not_implemented(...)` line with your code, then run `./workbook test --mine`.
/// The chapter program `build-mine/bin/07_backprop` checks each of these functions on its
/// own against numeric differentiation, and names the equation that is wrong.
///
/// The graph (计算图, computational graph), samples as columns (x is d × n, n examples):
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x},\quad \mathbf{h} = \phi(\mathbf{z}),\quad
///     \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h},\quad L = l(\mathbf{o}, y),\quad
///     s = \tfrac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big),\quad
///     J = L + s. \f]
/// Each function gets the upstream gradient as an argument: do not recompute it.
/// They must work for eT = float, double and std::complex<double> (the complex-step check).
#pragma once

#include <armadillo>
#include <utility>

#include "wb/error.hpp"

namespace wb {

/// Exercise 7.1, equation (A): the objective is the sum of the loss and the penalty.
/// Return the pair (∂J/∂L, ∂J/∂s).
/// \f[ J = L + s \quad\Rightarrow\quad \frac{\partial J}{\partial L} = ?
///     \quad\text{and}\quad \frac{\partial J}{\partial s} = ? \f]
template <typename eT>
std::pair<eT, eT> objective_partials() {
  not_implemented("7.1", "equation A: dJ/dL and dJ/ds", "exercises/wb/ex07_backprop.hpp");
}

/// Exercise 7.2, equation (B1): the gradient of the penalty
/// \f$ s = \frac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big) \f$
/// with respect to one weight matrix W (it is called once for W1, once for W2).
/// \f[ \frac{\partial s}{\partial \mathbf{W}} = \lambda \mathbf{W} \f]
/// Hint: mind the ½ in s.
template <typename eT>
arma::Mat<eT> penalty_gradient(const arma::Mat<eT>& W, typename arma::get_pod_type<eT>::result lambda) {
  not_implemented("7.2", "equation B1: ds/dW, weight decay", "exercises/wb/ex07_backprop.hpp");
}

/// Exercise 7.3, equation (B2): the gradient of J with respect to the output layer o (q × n).
/// `dL_do` is the local derivative of the loss (exercise 2.4, already divided by n).
/// \f[ \frac{\partial J}{\partial \mathbf{o}} = \mathrm{prod}\Big(\frac{\partial J}{\partial L},
///     \frac{\partial L}{\partial \mathbf{o}}\Big) = \frac{\partial J}{\partial L}\,
///     \frac{\partial L}{\partial \mathbf{o}} \f]
template <typename eT>
arma::Mat<eT> output_gradient(typename arma::Mat<eT>::elem_type dJ_dL, const arma::Mat<eT>& dL_do) {
  not_implemented("7.3", "equation B2: dJ/do", "exercises/wb/ex07_backprop.hpp");
}

/// Exercise 7.4, equation (C): the gradient of J with respect to the hidden layer h (h × n),
/// through o = W2 h (W2 is q × h, dJ_do is q × n; the result is h × n).
/// \f[ \frac{\partial J}{\partial \mathbf{h}} = \mathbf{W}^{(2)\top} \frac{\partial J}{\partial \mathbf{o}} \f]
/// Hint: `W2.t()`; check the sizes on paper first.
template <typename eT>
arma::Mat<eT> hidden_gradient(const arma::Mat<eT>& W2, const arma::Mat<eT>& dJ_do) {
  not_implemented("7.4", "equation C: dJ/dh", "exercises/wb/ex07_backprop.hpp");
}

/// Exercise 7.5, equation (D): the gradient of J with respect to the pre-activation z,
/// through the element-wise h = φ(z). `phi` is one of wb::ReLU, wb::Sigmoid, wb::Tanh;
/// `Phi::derivative(z)` is φ′(z), `Phi::f(z)` is φ(z).
/// \f[ \frac{\partial J}{\partial \mathbf{z}} = \frac{\partial J}{\partial \mathbf{h}} \odot \phi'(\mathbf{z}) \f]
/// Hint: ⊙ is Armadillo's `%`.
template <typename eT, typename Phi>
arma::Mat<eT> preactivation_gradient(const arma::Mat<eT>& dJ_dh, const arma::Mat<eT>& z, const Phi& phi) {
  not_implemented("7.5", "equation D: dJ/dz", "exercises/wb/ex07_backprop.hpp");
}

/// Exercise 7.6, equation (E1): the gradient of J with respect to W1 (h × d): the path
/// through z = W1 x plus the path through the penalty, where `ds_dW1` comes from (B1).
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(1)}} = \frac{\partial J}{\partial \mathbf{z}}\,\mathbf{x}^\top
///     + \frac{\partial J}{\partial s}\,\frac{\partial s}{\partial \mathbf{W}^{(1)}} \f]
template <typename eT>
arma::Mat<eT> first_weight_gradient(const arma::Mat<eT>& dJ_dz, const arma::Mat<eT>& x,
                                    typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW1) {
  not_implemented("7.6", "equation E1: dJ/dW1", "exercises/wb/ex07_backprop.hpp");
}

/// Exercise 7.7, equation (E2): the gradient of J with respect to W2 (q × h): the path
/// through o = W2 h plus the path through the penalty, where `ds_dW2` comes from (B1).
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(2)}} = \frac{\partial J}{\partial \mathbf{o}}\,\mathbf{h}^\top
///     + \frac{\partial J}{\partial s}\,\frac{\partial s}{\partial \mathbf{W}^{(2)}} \f]
template <typename eT>
arma::Mat<eT> second_weight_gradient(const arma::Mat<eT>& dJ_do, const arma::Mat<eT>& h,
                                     typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW2) {
  not_implemented("7.7", "equation E2: dJ/dW2", "exercises/wb/ex07_backprop.hpp");
}

}  // namespace wb
