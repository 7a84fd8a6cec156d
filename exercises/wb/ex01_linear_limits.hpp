/// \file
/// \brief Chapter 1 exercises: two affine layers collapsed into one, least squares by the
/// normal equations, the forward pass of a small ReLU network, a network for XOR — your versions.
///
/// Replace each `not_implemented(...)` line with your code. `./workbook check 1` builds and
/// tests them and tells you what is wrong; `./workbook hint 1.1` gives a hint (again for the
/// next one). The chapter program `build-mine/bin/01_linear_limits` runs exactly these
/// functions. Samples are columns: `x` is d × n (d inputs, n examples).
#pragma once

#include <armadillo>

#include "wb/error.hpp"

namespace wb {

// [exercise 1.1]
/// Exercise 1.1: two affine layers, x ↦ W2 (W1 x + b1) + b2, with W1 of h × d, b1 of h,
/// W2 of q × h and b2 of q, are one affine map x ↦ W x + b. Compute that W (q × d) and b
/// (q), storing them in `W` and `b`. Must work for eT = float and double. Chapter 1's page,
/// "Affine maps collapse".
template <typename eT>
void collapse_affine(const arma::Mat<eT>& W1, const arma::Col<eT>& b1, const arma::Mat<eT>& W2,
                     const arma::Col<eT>& b2, arma::Mat<eT>& W, arma::Col<eT>& b) {
  not_implemented("1.1", W1, b1, W2, b2, W, b);
}
// [exercise 1.1]

// [exercise 1.2]
/// Exercise 1.2: least squares through the normal equations. Given features `x` (p × n, one
/// column per example, the last row all ones for the bias; for a straight line the rows are t
/// and 1) and targets `y` (q × n), return the weights W (q × p) that minimise the sum of
/// squared errors ‖W x − y‖², found by solving the normal equations (a p × p linear system;
/// use arma::solve, never inv). Must work for eT = float and double. Chapter 1's page,
/// "Least squares".
template <typename eT>
arma::Mat<eT> normal_equations(const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  not_implemented("1.2", x, y);
}
// [exercise 1.2]

// [exercise 1.3]
/// Exercise 1.3: the forward pass of a network with one hidden layer of ReLU units, for every
/// column of x (d × n): the pre-activation with W1 (h × d) and b1 (h), ReLU, then the output
/// layer W2 (q × h) and b2 (q). Return o, q × n. Write the ReLU here (this exercise does not
/// use chapter 2's). Must work for eT = float and double. Chapter 1's page, "XOR".
template <typename eT>
arma::Mat<eT> mlp_forward(const arma::Mat<eT>& x, const arma::Mat<eT>& W1, const arma::Col<eT>& b1,
                          const arma::Mat<eT>& W2, const arma::Col<eT>& b2) {
  not_implemented("1.3", x, W1, b1, W2, b2);
}
// [exercise 1.3]

// [exercise 1.4]
/// Exercise 1.4: choose the weights of a ReLU network with 2 inputs, 2 hidden units and 1
/// output — W1 (2 × 2), b1 (2), W2 (1 × 2), b2 (1) — whose output o is positive on the XOR
/// points of class 1, (0, 1) and (1, 0), and negative on (0, 0) and (1, 1). Set the four
/// arguments. Must work for eT = float and double. Chapter 1's page, "XOR".
template <typename eT>
void xor_network(arma::Mat<eT>& W1, arma::Col<eT>& b1, arma::Mat<eT>& W2, arma::Col<eT>& b2) {
  not_implemented("1.4", W1, b1, W2, b2);
}
// [exercise 1.4]

}  // namespace wb
