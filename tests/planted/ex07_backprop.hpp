// replaces: objective_partials penalty_gradient output_gradient hidden_gradient preactivation_gradient first_weight_gradient second_weight_gradient
// The classic mistakes of chapter 7's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex07_backprop.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
std::pair<eT, eT> objective_partials() {
  if (test::planted("7.1 penalty_ignored")) return {eT(1), eT(0)};
  if (test::planted("7.1 loss_ignored")) return {eT(0), eT(1)};
  return objective_partials_reference<eT>();
}

template <typename eT>
arma::Mat<eT> penalty_gradient(const arma::Mat<eT>& W, typename arma::get_pod_type<eT>::result lambda) {
  if (test::planted("7.2 doubled")) return 2 * lambda * W;
  if (test::planted("7.2 lambda_missing")) return W;
  return penalty_gradient_reference(W, lambda);
}

template <typename eT>
arma::Mat<eT> output_gradient(typename arma::Mat<eT>::elem_type dJ_dL, const arma::Mat<eT>& dL_do) {
  if (test::planted("7.3 upstream_unused")) return dL_do;
  if (test::planted("7.3 added_not_multiplied")) return dL_do + dJ_dL;
  return output_gradient_reference(dJ_dL, dL_do);
}

template <typename eT>
arma::Mat<eT> hidden_gradient(const arma::Mat<eT>& W2, const arma::Mat<eT>& dJ_do) {
  if (test::planted("7.4 not_transposed")) return dJ_do.t() * W2;
  if (test::planted("7.4 sign_flipped")) return -W2.t() * dJ_do;
  return hidden_gradient_reference(W2, dJ_do);
}

template <typename eT, typename Phi>
arma::Mat<eT> preactivation_gradient(const arma::Mat<eT>& dJ_dh, const arma::Mat<eT>& z, const Phi& phi) {
  if (test::planted("7.5 phi_not_derivative")) return dJ_dh % phi.f(z);
  if (test::planted("7.5 upstream_unused")) return phi.derivative(z);
  return preactivation_gradient_reference(dJ_dh, z, phi);
}

template <typename eT>
arma::Mat<eT> first_weight_gradient(const arma::Mat<eT>& dJ_dz, const arma::Mat<eT>& x,
                                    typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW1) {
  if (test::planted("7.6 no_decay")) return dJ_dz * x.t();
  if (test::planted("7.6 decay_doubled")) return dJ_dz * x.t() + eT(2) * dJ_ds * ds_dW1;
  if (test::planted("7.6 upstream_unused")) return dJ_dz * x.t() + ds_dW1;
  return first_weight_gradient_reference(dJ_dz, x, dJ_ds, ds_dW1);
}

template <typename eT>
arma::Mat<eT> second_weight_gradient(const arma::Mat<eT>& dJ_do, const arma::Mat<eT>& h,
                                     typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW2) {
  if (test::planted("7.7 no_decay")) return dJ_do * h.t();
  if (test::planted("7.7 decay_doubled")) return dJ_do * h.t() + eT(2) * dJ_ds * ds_dW2;
  if (test::planted("7.7 upstream_unused")) return dJ_do * h.t() + ds_dW2;
  return second_weight_gradient_reference(dJ_do, h, dJ_ds, ds_dW2);
}

}  // namespace wb
