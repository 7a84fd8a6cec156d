/// \file
/// \brief Chapter 5 exercises: the L2 penalty, the decayed SGD step, the L1 subgradient — your
/// versions.
///
/// Replace each `not_implemented(...)` line with your code; `./workbook check 5` tells you
/// whether it is right, `./workbook hint 5.1` helps. The derivations are on chapter 5's page.
/// The penalty's gradient is exercise 7.2 (`penalty_gradient`), not one of these.
#pragma once

#include <armadillo>

#include "wb/error.hpp"

namespace wb {

// [exercise 5.1]
/// Exercise 5.1: the L2 penalty s of the weights `w` (a vector, or a matrix: every entry
/// counts) for the weight-decay strength λ — the term the notes add to the loss, equation (1)
/// of chapter 5's page. A scalar. The bias is not penalized, so it is not an argument. Must
/// work for eT = float, double and std::complex<double> (the complex-step check): use only
/// +, −, × on entries, no `abs` and no `norm`.
template <typename eT>
eT l2_penalty(const arma::Mat<eT>& w, typename arma::get_pod_type<eT>::result lambda) {
  not_implemented("5.1", w, lambda);
}
// [exercise 5.1]

// [exercise 5.2]
/// Exercise 5.2: one SGD step with learning rate `lr` on the objective L + s of exercise 5.1,
/// in place, given `dL_dw`, the gradient of the loss L alone (without the penalty), of w's
/// shape. Write it in the form that gives weight decay its name (chapter 5's page, "The
/// decayed step"). Must work for eT = float and double.
template <typename eT>
void decayed_sgd_step(arma::Mat<eT>& w, const arma::Mat<eT>& dL_dw, eT lr, eT lambda) {
  not_implemented("5.2", w, dL_dw, lr, lambda);
}
// [exercise 5.2]

// [exercise 5.3]
/// Exercise 5.3 (stretch): a subgradient of the L1 penalty λ‖w‖₁ (λ times the sum of the
/// entries' absolute values) with respect to w, of w's shape. Where an entry is 0 the penalty
/// has no derivative; return 0 there. Must work for eT = float and double. Chapter 5's page,
/// "The L1 penalty".
template <typename eT>
arma::Mat<eT> l1_penalty_subgradient(const arma::Mat<eT>& w, eT lambda) {
  not_implemented("5.3", w, lambda);
}
// [exercise 5.3]

}  // namespace wb
