/// \file
/// \brief Chapter 6 exercises: dropout (暂退法), forward and backward, and DropConnect's forward
/// pass for comparison — your versions.
///
/// Replace each `not_implemented(...)` line with your code; `./workbook check 6` tells you
/// whether it is right, `./workbook hint 6.1` helps. The derivation is on chapter 6's page.
#pragma once

#include <armadillo>

#include "wb/error.hpp"

namespace wb {

// [exercise 6.1]
/// Exercise 6.1: dropout in training. Return h′, of h's shape (hidden units × examples), in
/// which each entry of h is either dropped (0) or kept and scaled so that E[h′] = h; an
/// entry (k, i) is kept when u(k, i) ≥ p, where `u` holds uniform random numbers in [0, 1)
/// of h's shape. Store in `mask` the factor each entry was multiplied by: the backward pass
/// reuses it. p is in [0, 1]; p = 1 drops everything. Must work for eT = float and double.
template <typename eT>
arma::Mat<eT> dropout_forward(const arma::Mat<eT>& h, const arma::Mat<eT>& u, double p, arma::Mat<eT>& mask) {
  not_implemented("6.1", h, u, p, mask);
}
// [exercise 6.1]

// [exercise 6.2]
/// Exercise 6.2: dropout's backward pass. Given ∂J/∂h′ (the gradient with respect to
/// dropout's output) and the mask of the forward pass, return ∂J/∂h, of the same shape.
/// Must work for eT = float and double.
template <typename eT>
arma::Mat<eT> dropout_backward(const arma::Mat<eT>& dJ_dh_drop, const arma::Mat<eT>& mask) {
  not_implemented("6.2", dJ_dh_drop, mask);
}
// [exercise 6.2]

// [exercise 6.3]
/// Exercise 6.3: DropConnect, which drops *weights* instead of units' outputs. Return z = W′a,
/// of W's rows × a's columns, where W′ is W (outputs × inputs) with each weight either
/// dropped (0) or kept and scaled so that E[z] = W a; weight (k, j) is kept when
/// u(k, j) ≥ p, where `u` holds uniform random numbers in [0, 1) of W's shape. Every column
/// of a (one example each) is multiplied by the same W′. Store in `mask` the factor each
/// weight was multiplied by. Must work for eT = float and double. Chapter 6's page compares
/// it with dropout ("Dropout is not DropConnect").
template <typename eT>
arma::Mat<eT> dropconnect_forward(const arma::Mat<eT>& W, const arma::Mat<eT>& a, const arma::Mat<eT>& u, double p,
                                  arma::Mat<eT>& mask) {
  not_implemented("6.3", W, a, u, p, mask);
}
// [exercise 6.3]

}  // namespace wb
