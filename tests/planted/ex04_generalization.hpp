// replaces: polynomial_features squared_loss squared_loss_gradient least_squares kfold_fold
// The classic mistakes of chapter 4's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex04_generalization.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
arma::Mat<eT> polynomial_features(const arma::Mat<eT>& x, arma::uword d) {
  arma::Mat<eT> phi(d, x.n_cols, arma::fill::ones);
  if (test::planted("4.1 no_factorial")) {
    for (arma::uword i = 1; i < d; ++i) phi.row(i) = phi.row(i - 1) % x;
    return phi;
  }
  if (test::planted("4.1 no_row_of_ones")) {
    phi.row(0) = x;
    for (arma::uword i = 1; i < d; ++i) phi.row(i) = phi.row(i - 1) % x / eT(i + 1);
    return phi;
  }
  return polynomial_features_reference(x, d);
}

template <typename eT>
eT squared_loss(const arma::Mat<eT>& w, const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  if (test::planted("4.2 no_half")) return squared_loss_reference(w, x, y) * eT(2);
  if (test::planted("4.2 sum_not_mean")) return arma::accu(arma::square(w.t() * x - y)) / eT(2);
  return squared_loss_reference(w, x, y);
}

template <typename eT>
arma::Mat<eT> least_squares(const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  if (test::planted("4.4 returns_a_row")) return y * arma::pinv(x);
  if (test::planted("4.4 gram_not_solved")) return x * y.t();
  return least_squares_reference(x, y);
}

template <typename eT>
arma::Mat<eT> squared_loss_gradient(const arma::Mat<eT>& w, const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  if (test::planted("4.3 no_mean")) return x * (x.t() * w - y.t());
  if (test::planted("4.3 residual_sign")) return x * (y.t() - x.t() * w) / eT(x.n_cols);
  return squared_loss_gradient_reference(w, x, y);
}

inline arma::uvec kfold_fold(const arma::uvec& order, arma::uword K, arma::uword k) {
  const arma::uword n = order.n_elem;
  if (test::planted("4.5 equal_folds")) return order.subvec(k * (n / K), arma::size(n / K, 1));
  if (test::planted("4.5 ceil_size")) {
    const arma::uword size = (n + K - 1) / K;
    return order.subvec(k * size, arma::size(std::min(size, n - k * size), 1));
  }
  return kfold_fold_reference(order, K, k);
}

}  // namespace wb
