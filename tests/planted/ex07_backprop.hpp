// replaces: first_weight_gradient
// The classic mistakes of chapter 7's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex07_backprop.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
arma::Mat<eT> first_weight_gradient(const arma::Mat<eT>& dJ_dz, const arma::Mat<eT>& x,
                                    typename arma::Mat<eT>::elem_type dJ_ds, const arma::Mat<eT>& ds_dW1) {
  if (test::planted("7.6 no_decay")) return dJ_dz * x.t();
  if (test::planted("7.6 decay_doubled")) return dJ_dz * x.t() + eT(2) * dJ_ds * ds_dW1;
  if (test::planted("7.6 upstream_unused")) return dJ_dz * x.t() + ds_dW1;
  return first_weight_gradient_reference(dJ_dz, x, dJ_ds, ds_dW1);
}

}  // namespace wb
