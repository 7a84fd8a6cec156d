/// \file
/// \brief Chapter 7 exercises: the backward pass, one function per equation (A … E2) — your versions.
///
/// Replace each `not_implemented(...)` line with your code. `./workbook check 7` tests each
/// function on its own against numeric differentiation and names the classic mistakes;
/// `build-mine/bin/07_backprop` prints the same checks as a table. The derivations are on
/// chapter 7's page, one section per equation.
///
/// The graph (计算图), samples as columns (x is d × n, n examples):
/// z = W1 x, h = φ(z), o = W2 h, L = the mean softmax cross-entropy of o, s = λ/2 (‖W1‖² + ‖W2‖²),
/// J = L + s. Each function gets its upstream gradient as an argument: do not recompute it.
/// Every function must work for eT = float (training) and double (checking).
#pragma once

#include <armadillo>
#include <utility>

#include "wb/error.hpp"

namespace wb {

// [exercise 7.1]
/// Exercise 7.1, equation A: the partial derivatives of the objective J = L + s with respect
/// to the loss L and to the penalty s. Return the pair (∂J/∂L, ∂J/∂s).
template <typename eT>
std::pair<eT, eT> objective_partials() {
  not_implemented("7.1");
}
// [exercise 7.1]

// [exercise 7.2]
/// Exercise 7.2, equation B1: ∂s/∂W, the gradient of the penalty
/// s = λ/2 (‖W1‖² + ‖W2‖²) with respect to one weight matrix W (it is called once for W1,
/// once for W2): a matrix of W's shape. This is weight decay (权重衰减).
template <typename eT>
arma::Mat<eT> penalty_gradient(const arma::Mat<eT>& W, typename arma::get_pod_type<eT>::result lambda) {
  not_implemented("7.2", W, lambda);
}
// [exercise 7.2]

// [exercise 7.3]
/// Exercise 7.3, equation B2: ∂J/∂o, the gradient of J with respect to the output layer o
/// (q × n), from ∂J/∂L (equation A) and ∂L/∂o (`dL_do`, q × n, computed by exercise 2.4 and
/// already divided by the batch size).
template <typename eT>
arma::Mat<eT> output_gradient(typename arma::Mat<eT>::elem_type dJ_dL, const arma::Mat<eT>& dL_do) {
  not_implemented("7.3", dJ_dL, dL_do);
}
// [exercise 7.3]

// [exercise 7.4]
/// Exercise 7.4, equation C: ∂J/∂h, the gradient of J with respect to the hidden layer h,
/// an h × n matrix, through o = W2 h, from W2 (q × h) and ∂J/∂o (q × n).
template <typename eT>
arma::Mat<eT> hidden_gradient(const arma::Mat<eT>& W2, const arma::Mat<eT>& dJ_do) {
  not_implemented("7.4", W2, dJ_do);
}
// [exercise 7.4]

// [exercise 7.5]
/// Exercise 7.5, equation D: ∂J/∂z, the gradient of J with respect to the pre-activation z
/// (h × n), through h = φ(z) applied entry by entry, from ∂J/∂h (h × n) and z. `phi` is the
/// activation's struct (wb::ReLU, wb::Tanh, …): `phi.f(z)` is φ(z) and `phi.derivative(z)`
/// is φ′(z).
template <typename eT, typename Phi>
arma::Mat<eT> preactivation_gradient(const arma::Mat<eT>& dJ_dh, const arma::Mat<eT>& z, const Phi& phi) {
  not_implemented("7.5", dJ_dh, z, phi);
}
// [exercise 7.5]

// [exercise 7.6]
/// Exercise 7.6, equation E1: ∂J/∂W1, the gradient of J with respect to the first weights
/// (h × d). W1 reaches J through z = W1 x and through the penalty s: you get ∂J/∂z (h × n),
/// the input x (d × n), ∂J/∂s (equation A) and ∂s/∂W1 (equation B1).
template <typename eT>
arma::Mat<eT> first_weight_gradient(const arma::Mat<eT>& dJ_dz, const arma::Mat<eT>& x,
                                    typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW1) {
  not_implemented("7.6", dJ_dz, x, dJ_ds, ds_dW1);
}
// [exercise 7.6]

// [exercise 7.7]
/// Exercise 7.7, equation E2: ∂J/∂W2, the gradient of J with respect to the second weights
/// (q × h). W2 reaches J through o = W2 h and through the penalty s: you get ∂J/∂o (q × n),
/// the hidden layer h (h × n), ∂J/∂s (equation A) and ∂s/∂W2 (equation B1).
template <typename eT>
arma::Mat<eT> second_weight_gradient(const arma::Mat<eT>& dJ_do, const arma::Mat<eT>& h,
                                     typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW2) {
  not_implemented("7.7", dJ_do, h, dJ_ds, ds_dW2);
}
// [exercise 7.7]

}  // namespace wb
