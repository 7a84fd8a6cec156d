// replaces: l2_penalty decayed_sgd_step l1_penalty_subgradient
// The classic mistakes of chapter 5's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex05_weight_decay.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
eT l2_penalty(const arma::Mat<eT>& w, typename arma::get_pod_type<eT>::result lambda) {
  if (test::planted("5.1 no_half")) return eT(lambda) * arma::accu(w % w);
  if (test::planted("5.1 norm_not_squared")) return eT(lambda / 2) * std::sqrt(arma::accu(w % w));
  return l2_penalty_reference(w, lambda);
}

template <typename eT>
void decayed_sgd_step(arma::Mat<eT>& w, const arma::Mat<eT>& dL_dw, eT lr, eT lambda) {
  if (test::planted("5.2 growth")) w = (eT(1) + lr * lambda) * w - lr * dL_dw;
  else if (test::planted("5.2 decay_twice")) w = (eT(1) - lr * lambda) * w - lr * (dL_dw + lambda * w);
  else decayed_sgd_step_reference(w, dL_dw, lr, lambda);
}

template <typename eT>
arma::Mat<eT> l1_penalty_subgradient(const arma::Mat<eT>& w, eT lambda) {
  if (test::planted("5.3 penalty_not_slope")) return lambda * arma::abs(w);
  if (test::planted("5.3 l2_gradient")) return lambda * w;
  return l1_penalty_subgradient_reference(w, lambda);
}

}  // namespace wb
