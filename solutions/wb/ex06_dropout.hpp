/// \file
/// \brief Chapter 6 exercises, reference solutions: dropout (暂退法), forward and backward, and
/// DropConnect's forward pass for comparison.
///
/// Dropout zeroes the outputs of hidden units (activations, not weights) at random during
/// training, each unit of each example kept with probability 1 − p, and scales the kept ones
/// by 1/(1 − p) so that the expected value is unchanged; in evaluation it is the identity.
/// The learner's copies live in `exercises/wb/ex06_dropout.hpp`, with the same names and
/// signatures. Templated on the element type: float for training, double for checking.
#pragma once

#include <armadillo>

namespace wb {

// [exercise 6.1]
/// Exercise 6.1: dropout in training. With a matrix `u` of uniform random numbers in [0, 1)
/// of h's shape, entry (k, i) is kept when u_ki ≥ p; the mask m holds 1/(1 − p) where kept
/// and 0 elsewhere (all 0 when p = 1), and the output is h ⊙ m. The mask is returned through
/// `mask`: the backward pass needs exactly the same one.
/// \f[ m_{ki} = \frac{[u_{ki} \ge p]}{1 - p}, \qquad \mathbf{h}' = \mathbf{h} \odot \mathbf{m} \f]
template <typename eT>
arma::Mat<eT> dropout_forward(const arma::Mat<eT>& h, const arma::Mat<eT>& u, double p, arma::Mat<eT>& mask) {
  const eT keep = p < 1 ? eT(1 / (1 - p)) : eT(0);
  mask = u;
  mask.transform([&](eT v) { return v >= eT(p) ? keep : eT(0); });
  return h % mask;
}
// [exercise 6.1]

// [exercise 6.2]
/// Exercise 6.2: dropout's backward pass. h′ = h ⊙ m is element-wise with the mask held
/// fixed, so the gradient flows back through the kept units only, scaled as in the forward pass.
/// \f[ \frac{\partial J}{\partial \mathbf{h}} = \frac{\partial J}{\partial \mathbf{h}'} \odot \mathbf{m} \f]
template <typename eT>
arma::Mat<eT> dropout_backward(const arma::Mat<eT>& dJ_dh_drop, const arma::Mat<eT>& mask) {
  return dJ_dh_drop % mask;
}
// [exercise 6.2]

// [exercise 6.3]
/// Exercise 6.3: DropConnect, which drops *weights* instead of units' outputs (chapter 6's page
/// compares it with dropout, which is what the notes' 将某些单元的权重置为0 describes read per unit).
/// Weight (k, j) of W is kept when u_kj ≥ p and scaled by 1/(1 − p), and the masked matrix
/// multiplies the inputs a (one column per example; the columns share the mask). It is
/// exercise 6.1 applied to W instead of h.
/// \f[ M_{kj} = \frac{[u_{kj} \ge p]}{1 - p}, \qquad \mathbf{z} = (\mathbf{W} \odot \mathbf{M})\,\mathbf{a} \f]
template <typename eT>
arma::Mat<eT> dropconnect_forward(const arma::Mat<eT>& W, const arma::Mat<eT>& a, const arma::Mat<eT>& u, double p,
                                  arma::Mat<eT>& mask) {
  return dropout_forward(W, u, p, mask) * a;
}
// [exercise 6.3]

}  // namespace wb
