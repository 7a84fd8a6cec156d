// replaces: dropout_forward dropout_backward dropconnect_forward
// The classic mistakes of chapter 6's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex06_dropout.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
arma::Mat<eT> dropout_forward(const arma::Mat<eT>& h, const arma::Mat<eT>& u, double p, arma::Mat<eT>& mask) {
  if (test::planted("6.1 no_scale")) mask = arma::conv_to<arma::Mat<eT>>::from(u >= eT(p));
  else if (test::planted("6.1 divides_by_zero_at_p_1")) mask = arma::conv_to<arma::Mat<eT>>::from(u >= eT(p)) / eT(1 - p);
  else if (test::planted("6.1 keep_test_reversed")) mask = arma::conv_to<arma::Mat<eT>>::from(u < eT(p)) / eT(1 - p);
  else return dropout_forward_reference(h, u, p, mask);
  return h % mask;
}

template <typename eT>
arma::Mat<eT> dropout_backward(const arma::Mat<eT>& dJ_dh_drop, const arma::Mat<eT>& mask) {
  if (test::planted("6.2 no_mask")) return dJ_dh_drop;
  if (test::planted("6.2 mask_not_scaled")) return dJ_dh_drop % arma::conv_to<arma::Mat<eT>>::from(mask > eT(0));
  return dropout_backward_reference(dJ_dh_drop, mask);
}

template <typename eT>
arma::Mat<eT> dropconnect_forward(const arma::Mat<eT>& W, const arma::Mat<eT>& a, const arma::Mat<eT>& u, double p,
                                  arma::Mat<eT>& mask) {
  if (test::planted("6.3 no_scale")) {
    mask = arma::conv_to<arma::Mat<eT>>::from(u >= eT(p));
    return (W % mask) * a;
  }
  if (test::planted("6.3 transposed")) return a.t() * dropout_forward_reference(W, u, p, mask).t();
  return dropconnect_forward_reference(W, a, u, p, mask);
}

}  // namespace wb
