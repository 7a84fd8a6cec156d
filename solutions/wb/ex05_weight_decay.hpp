/// \file
/// \brief Chapter 5 exercises, reference solutions: weight decay (权重衰减), the L2 penalty
/// (L2正则化), the decayed SGD step that gives the method its name, and the L1 penalty's
/// subgradient.
///
/// The penalty's gradient, ∂s/∂W = λW, is exercise 7.2 (`penalty_gradient`, equation B1):
/// it is not written twice. The learner's copies of these functions live in
/// `exercises/wb/ex05_weight_decay.hpp`, with the same names and signatures. Templated on the
/// element type: float for training, double for checking, and std::complex<double> for the
/// complex-step check of the penalty.
#pragma once

#include <armadillo>

namespace wb {

// [exercise 5.1]
/// Exercise 5.1: the L2 penalty (正则化项) of a weight vector or matrix, half the squared
/// norm times λ; the bias is not an argument, it is not penalized. Written with products, not
/// `abs` or `norm`, so that it is analytic for the complex step.
/// \f[ s = \frac{\lambda}{2}\,\|\mathbf{w}\|^2 = \frac{\lambda}{2}\sum_{j} w_j^2 \f]
template <typename eT>
eT l2_penalty(const arma::Mat<eT>& w, typename arma::get_pod_type<eT>::result lambda) {
  return eT(lambda / 2) * arma::accu(w % w);
}
// [exercise 5.1]

// [exercise 5.2]
/// Exercise 5.2: one SGD step on J = L + λ/2‖w‖², in place, written as weight decay: shrink w
/// by the factor 1 − ηλ, then step against the gradient of the loss alone, `dL_dw`.
/// \f[ \mathbf{w} \leftarrow (1 - \eta\lambda)\,\mathbf{w} - \eta\,\frac{\partial L}{\partial \mathbf{w}} \f]
template <typename eT>
void decayed_sgd_step(arma::Mat<eT>& w, const arma::Mat<eT>& dL_dw, eT lr, eT lambda) {
  w = (eT(1) - lr * lambda) * w - lr * dL_dw;
}
// [exercise 5.2]

// [exercise 5.3]
/// Exercise 5.3 (stretch): a subgradient of the L1 penalty λ‖w‖₁ = λ Σ|w_j|, entry by entry.
/// |w| has no derivative at 0, where every value in [−λ, λ] is a subgradient; this one takes 0
/// there, as `torch.sign` does.
/// \f[ \frac{\partial}{\partial w_j}\,\lambda\|\mathbf{w}\|_1 = \lambda\,\mathrm{sign}(w_j) \f]
template <typename eT>
arma::Mat<eT> l1_penalty_subgradient(const arma::Mat<eT>& w, eT lambda) {
  return lambda * arma::sign(w);
}
// [exercise 5.3]

}  // namespace wb
