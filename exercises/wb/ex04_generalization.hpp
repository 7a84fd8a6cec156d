/// \file
/// \brief Chapter 4 exercises: polynomial features, the squared loss and its gradient, least
/// squares, K-fold cross-validation — your versions.
///
/// Replace each `not_implemented(...)` line with your code; `./workbook check 4` tells you
/// whether it is right, `./workbook hint 4.1` helps. The chapter program
/// `build-mine/bin/04_generalization` fits the book's polynomials with exactly these functions.
/// Samples are columns: the inputs `x` are a 1 × n row, the features a d × n matrix (one
/// example per column), the targets `y` a 1 × n row and the weights `w` a d × 1 column.
#pragma once

#include <armadillo>

#include "wb/error.hpp"

namespace wb {

// [exercise 4.1]
/// Exercise 4.1: the book's polynomial features of the inputs `x` (1 × n): a d × n matrix
/// whose row i (i = 0 … d − 1) is the i-th power of x divided by i factorial, so that row 0
/// is all ones (it plays the bias). It must stay accurate for d = 20 and |x| up to 4, and
/// work for eT = float and double. Chapter 4's page, "The book's polynomial".
template <typename eT>
arma::Mat<eT> polynomial_features(const arma::Mat<eT>& x, arma::uword d) {
  not_implemented("4.1", x, d);
}
// [exercise 4.1]

// [exercise 4.2]
/// Exercise 4.2: the loss L (a scalar) of the linear model ŷ = wᵀx on n examples, with `w`
/// d × 1, `x` d × n and `y` 1 × n: D2L's squared loss of one example, (ŷ − y)² / 2, averaged
/// over the n examples. Must work for eT = float and double. Chapter 4's page, "The model,
/// its loss and its gradient".
template <typename eT>
eT squared_loss(const arma::Mat<eT>& w, const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  not_implemented("4.2", w, x, y);
}
// [exercise 4.2]

// [exercise 4.3]
/// Exercise 4.3: the gradient ∂L/∂w of the loss of exercise 4.2 with respect to the weights,
/// a d × 1 column like `w` (SGD subtracts it, times the learning rate, from w). Must work for
/// eT = float and double. Derived on chapter 4's page, "The model, its loss and its gradient".
template <typename eT>
arma::Mat<eT> squared_loss_gradient(const arma::Mat<eT>& w, const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  not_implemented("4.3", w, x, y);
}
// [exercise 4.3]

// [exercise 4.4]
/// Exercise 4.4: the least-squares weights for features `x` (d × n) and targets `y` (1 × n):
/// the d × 1 column w that makes the loss of exercise 4.2 smallest, and, when several do
/// (more features than examples, as through three points with a cubic), the one of smallest
/// norm. It must also cope with a feature matrix that is numerically singular in double (the
/// book's 20 features are), and work for eT = float and double. Chapter 4's page, "The exact
/// fit: least squares".
template <typename eT>
arma::Mat<eT> least_squares(const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  not_implemented("4.4", x, y);
}
// [exercise 4.4]

// [exercise 4.5]
/// Exercise 4.5: the validation indices of fold k of K-fold cross-validation
/// (0 ≤ k < K ≤ n). `order` holds the n example indices, already shuffled; cut it into K
/// consecutive blocks whose sizes differ by at most one, the larger blocks first, and return
/// block k (its entries, in their order). Over k = 0 … K − 1 the blocks must use every entry
/// exactly once. Chapter 4's page, "K-fold cross-validation".
inline arma::uvec kfold_fold(const arma::uvec& order, arma::uword K, arma::uword k) {
  not_implemented("4.5", order, K, k);
}
// [exercise 4.5]

}  // namespace wb
