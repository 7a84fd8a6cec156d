/// \file
/// \brief Chapter 1 exercises, reference solutions: two affine layers collapsed into one, least
/// squares by the normal equations, the forward pass of a one-hidden-layer ReLU network, and a
/// network of two hidden units that computes XOR.
///
/// The learner's copies of these functions live in `exercises/wb/ex01_linear_limits.hpp`, with
/// the same names and signatures. Samples are columns: `x` is d × n (n examples).
#pragma once

#include <armadillo>
#include <limits>

namespace wb {

// [exercise 1.1]
/// Exercise 1.1: the single affine map equal to two stacked ones,
/// \f$\mathbf{W}^{(2)}(\mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}) + \mathbf{b}^{(2)}
/// = \mathbf{W}\mathbf{x} + \mathbf{b}\f$ for every \f$\mathbf{x}\f$:
/// \f[ \mathbf{W} = \mathbf{W}^{(2)}\mathbf{W}^{(1)}, \qquad
///     \mathbf{b} = \mathbf{W}^{(2)}\mathbf{b}^{(1)} + \mathbf{b}^{(2)} \f]
template <typename eT>
void collapse_affine(const arma::Mat<eT>& W1, const arma::Col<eT>& b1, const arma::Mat<eT>& W2,
                     const arma::Col<eT>& b2, arma::Mat<eT>& W, arma::Col<eT>& b) {
  W = W2 * W1;
  b = W2 * b1 + b2;
}
// [exercise 1.1]

// [exercise 1.2]
/// Exercise 1.2: the least-squares weights \f$\mathbf{W}\f$ (q × p) that minimise
/// \f$\lVert\mathbf{W}\mathbf{x} - \mathbf{y}\rVert_F^2\f$ for features \f$\mathbf{x}\f$ (p × n,
/// samples as columns, a row of ones last for the bias) and targets \f$\mathbf{y}\f$ (q × n),
/// from the normal equations \f$\mathbf{W}\mathbf{x}\mathbf{x}^\top = \mathbf{y}\mathbf{x}^\top\f$:
/// \f[ \mathbf{W} = \left( (\mathbf{x}\mathbf{x}^\top)^{-1}\, \mathbf{x}\,\mathbf{y}^\top \right)^{\!\top} \f]
/// (solved, not inverted; \f$\mathbf{x}\mathbf{x}^\top\f$ is symmetric, so the transposed
/// system has the same matrix).
template <typename eT>
arma::Mat<eT> normal_equations(const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  return arma::solve(x * x.t(), x * y.t()).t();
}
// [exercise 1.2]

// [exercise 1.3]
/// Exercise 1.3: the forward pass of a network with one ReLU hidden layer, every column of x:
/// \f[ \mathbf{o} = \mathbf{W}^{(2)} \max\!\left(\mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}, 0\right)
///     + \mathbf{b}^{(2)} \f]
template <typename eT>
arma::Mat<eT> mlp_forward(const arma::Mat<eT>& x, const arma::Mat<eT>& W1, const arma::Col<eT>& b1,
                          const arma::Mat<eT>& W2, const arma::Col<eT>& b2) {
  arma::Mat<eT> z = W1 * x;
  z.each_col() += b1;
  arma::Mat<eT> o = W2 * arma::clamp(z, eT(0), std::numeric_limits<eT>::max());  // max(z, 0)
  o.each_col() += b2;
  return o;
}
// [exercise 1.3]

// [exercise 1.4]
/// Exercise 1.4: weights of a 2-2-1 ReLU network whose output is positive exactly on the two
/// XOR points of class 1, (0, 1) and (1, 0). Both hidden units see x₁ + x₂; the second
/// fires only when both inputs are on, and the output subtracts it twice:
/// \f[ h_1 = \max(x_1 + x_2, 0), \quad h_2 = \max(x_1 + x_2 - 1, 0), \quad
///     o = h_1 - 2h_2 - \tfrac12 \f]
template <typename eT>
void xor_network(arma::Mat<eT>& W1, arma::Col<eT>& b1, arma::Mat<eT>& W2, arma::Col<eT>& b2) {
  W1 = {{1, 1}, {1, 1}};
  b1 = {0, -1};
  W2 = {{1, -2}};
  b2 = {-0.5};
}
// [exercise 1.4]

}  // namespace wb
