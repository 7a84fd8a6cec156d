// replaces: relu relu_derivative softmax_cross_entropy softmax_cross_entropy_gradient correct_predictions sgd_step
// The classic mistakes of chapter 2's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex02_mlp.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
arma::Mat<eT> relu(const arma::Mat<eT>& z) {
  if (test::planted("2.1 returns_the_step")) return relu_derivative_reference(z);
  if (test::planted("2.1 keeps_the_negatives")) return arma::min(z, arma::Mat<eT>(arma::size(z), arma::fill::zeros));
  return relu_reference(z);
}

template <typename eT>
arma::Mat<eT> relu_derivative(const arma::Mat<eT>& z) {
  arma::Mat<eT> d = z;
  if (test::planted("2.2 one_at_zero")) d.transform([](eT v) { return v >= eT(0) ? eT(1) : eT(0); });
  else if (test::planted("2.2 returns_relu")) d = relu_reference(z);
  else d = relu_derivative_reference(z);
  return d;
}

template <typename eT>
eT softmax_cross_entropy(const arma::Mat<eT>& o, const arma::uvec& y) {
  if (test::planted("2.3 no_max_shift")) {
    eT total(0);
    for (arma::uword i = 0; i < o.n_cols; ++i) total += std::log(eT(arma::accu(arma::exp(o.col(i))))) - o(y(i), i);
    return total / eT(o.n_cols);
  }
  if (test::planted("2.3 sum_not_mean")) return softmax_cross_entropy_reference(o, y) * eT(o.n_cols);
  return softmax_cross_entropy_reference(o, y);
}

template <typename eT>
arma::Mat<eT> softmax_cross_entropy_gradient(const arma::Mat<eT>& o, const arma::uvec& y) {
  if (test::planted("2.4 no_mean")) return softmax_cross_entropy_gradient_reference(o, y) * eT(o.n_cols);
  if (test::planted("2.4 sign_flipped")) return arma::Mat<eT>(-softmax_cross_entropy_gradient_reference(o, y));
  return softmax_cross_entropy_gradient_reference(o, y);
}

template <typename eT>
arma::uword correct_predictions(const arma::Mat<eT>& o, const arma::uvec& y) {
  if (test::planted("2.5 index_min")) return arma::accu(arma::urowvec(arma::index_min(o, 0)).t() == y);
  if (test::planted("2.5 fraction_not_count")) return correct_predictions_reference(o, y) / o.n_cols;
  return correct_predictions_reference(o, y);
}

template <typename eT>
void sgd_step(arma::Mat<eT>& W, const arma::Mat<eT>& dJ_dW, eT lr) {
  if (test::planted("2.6 uphill")) W += lr * dJ_dW;
  else if (test::planted("2.6 no_learning_rate")) W -= dJ_dW;
  else sgd_step_reference(W, dJ_dW, lr);
}

}  // namespace wb
