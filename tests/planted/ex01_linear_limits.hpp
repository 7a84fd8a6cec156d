// replaces: collapse_affine normal_equations mlp_forward xor_network
// The classic mistakes of chapter 1's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex01_linear_limits.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
void collapse_affine(const arma::Mat<eT>& W1, const arma::Col<eT>& b1, const arma::Mat<eT>& W2,
                     const arma::Col<eT>& b2, arma::Mat<eT>& W, arma::Col<eT>& b) {
  collapse_affine_reference(W1, b1, W2, b2, W, b);
  if (test::planted("1.1 bias_second_only")) b = b2;
  if (test::planted("1.1 bias_first_only")) b = W2 * b1;
}

template <typename eT>
arma::Mat<eT> normal_equations(const arma::Mat<eT>& x, const arma::Mat<eT>& y) {
  if (test::planted("1.2 not_transposed_back")) return arma::solve(x * x.t(), x * y.t());
  if (test::planted("1.2 gram_not_solved")) return y * x.t();
  return normal_equations_reference(x, y);
}

template <typename eT>
arma::Mat<eT> mlp_forward(const arma::Mat<eT>& x, const arma::Mat<eT>& W1, const arma::Col<eT>& b1,
                          const arma::Mat<eT>& W2, const arma::Col<eT>& b2) {
  if (test::planted("1.3 no_relu")) {
    arma::Mat<eT> z = W1 * x;
    z.each_col() += b1;
    arma::Mat<eT> o = W2 * z;
    o.each_col() += b2;
    return o;
  }
  const arma::Mat<eT> o = mlp_forward_reference(x, W1, b1, W2, b2);
  if (test::planted("1.3 relu_on_output")) return arma::clamp(o, eT(0), std::numeric_limits<eT>::max());
  return o;
}

template <typename eT>
void xor_network(arma::Mat<eT>& W1, arma::Col<eT>& b1, arma::Mat<eT>& W2, arma::Col<eT>& b2) {
  xor_network_reference(W1, b1, W2, b2);
  if (test::planted("1.4 identical_hidden_units")) b1 = {0, 0};
  if (test::planted("1.4 output_on_the_boundary")) b2 = {0};
}

}  // namespace wb
