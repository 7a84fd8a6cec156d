/// \file
/// \brief Chapter 4 exercises, reference solutions: the book's polynomial features, the squared
/// loss of a linear model and its gradient, the least-squares fit, and the folds of K-fold
/// cross-validation.
///
/// The learner's copies live in `exercises/wb/ex04_generalization.hpp`, with the same names and
/// signatures. Samples are columns: the inputs `x` are a 1 × n row, the features a d × n
/// matrix (one example per column), the targets `y` a 1 × n row and the weights `w` a d × 1
/// column, so the model's predictions are the row \f$\hat{\mathbf{y}} = \mathbf{w}^\top\mathbf{x}\f$.
#pragma once

#include <armadillo>

#include <algorithm>

namespace wb {

// [exercise 4.1]
/// Exercise 4.1: the book's polynomial features of the inputs `x` (1 × n): row i of the
/// d × n result is \f$x^i / i!\f$ for i = 0 … d − 1, so row 0 is all ones (the bias). Each row
/// is the one above times x/i, which never forms the large \f$x^i\f$ or \f$i!\f$ on its own.
/// \f[ \phi_0(x) = 1, \qquad \phi_i(x) = \frac{x^i}{i!} = \phi_{i-1}(x)\,\frac{x}{i} \f]
template <typename eT>
arma::Mat<eT> polynomial_features(const arma::Mat<eT>& x, arma::uword d) {
  arma::Mat<eT> phi(d, x.n_cols, arma::fill::ones);
  for (arma::uword i = 1; i < d; ++i) phi.row(i) = phi.row(i - 1) % x / eT(i);
  return phi;
}
// [exercise 4.1]

// [exercise 4.2]
/// Exercise 4.2: the loss of the linear model \f$\hat{y} = \mathbf{w}^\top\mathbf{x}\f$ on n
/// examples (`w` d × 1, `x` d × n, `y` 1 × n): D2L's squared loss
/// \f$l = \frac{1}{2}(\hat{y} - y)^2\f$, averaged over the examples.
/// \f[ L(\mathbf{w}) = \frac{1}{2n}\sum_{i=1}^{n}\left(\mathbf{w}^\top\mathbf{x}_i - y_i\right)^2 \f]
template <typename eT>
eT squared_loss(const arma::Mat<eT>& w, const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  const arma::Mat<eT> r = w.t() * x - y;  // the residuals ŷ − y, 1 × n
  return arma::accu(arma::square(r)) / eT(2 * x.n_cols);
}
// [exercise 4.2]

// [exercise 4.3]
/// Exercise 4.3: the gradient of the mean squared loss L(w) of exercise 4.2 with respect to
/// the weights, a d × 1 column: the features weighted by the residuals, averaged.
/// \f[ \frac{\partial L}{\partial \mathbf{w}} = \frac{1}{n}\,\mathbf{x}\left(\mathbf{x}^\top\mathbf{w} - \mathbf{y}^\top\right) \f]
template <typename eT>
arma::Mat<eT> squared_loss_gradient(const arma::Mat<eT>& w, const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  return x * (x.t() * w - y.t()) / eT(x.n_cols);
}
// [exercise 4.3]

// [exercise 4.4]
/// Exercise 4.4: the least-squares weights, the w (d × 1) that minimizes
/// \f$\lVert\mathbf{x}^\top\mathbf{w} - \mathbf{y}^\top\rVert^2\f$, and of these the one of
/// smallest norm when there are several (more features than examples, or features that are
/// numerically dependent): the pseudo-inverse solution, computed by LAPACK through the singular
/// value decomposition (`gelsd`), never by inverting \f$\mathbf{x}\mathbf{x}^\top\f$.
/// \f[ \mathbf{w} = \left(\mathbf{x}^\top\right)^{+}\mathbf{y}^\top \f]
template <typename eT>
arma::Mat<eT> least_squares(const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  return arma::solve(x.t(), y.t(), arma::solve_opts::force_approx);
}
// [exercise 4.4]

// [exercise 4.5]
/// Exercise 4.5: the validation indices of fold k (0 ≤ k < K ≤ n) of K-fold
/// cross-validation. `order` (n example indices, already shuffled) is cut into K consecutive
/// blocks whose sizes differ by at most one, the larger blocks first; fold k is block k.
/// \f[ \text{fold } k = \left(o_{s_k}, \dots, o_{s_{k+1}-1}\right), \qquad
///     s_k = k\left\lfloor \frac{n}{K} \right\rfloor + \min(k,\ n \bmod K) \f]
inline arma::uvec kfold_fold(const arma::uvec& order, arma::uword K, arma::uword k) {
  const arma::uword q = order.n_elem / K, r = order.n_elem % K;
  return order.subvec(k * q + std::min(k, r), arma::size(q + (k < r ? 1 : 0), 1));
}
// [exercise 4.5]

}  // namespace wb
