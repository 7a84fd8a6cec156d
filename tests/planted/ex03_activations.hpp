// replaces: sigmoid sigmoid_derivative tanh_derivative leaky_relu leaky_relu_derivative prelu_alpha_gradient elu elu_derivative gelu gelu_derivative silu silu_derivative softplus softplus_derivative
// The classic mistakes of chapter 3's exercises, each written as a learner writes it; otherwise
// the reference (renamed *_reference in the generated copy of solutions/wb/ex03_activations.hpp).
#include "planted.hpp"

namespace wb {

template <typename eT>
arma::Mat<eT> sigmoid(const arma::Mat<eT>& z) {
  if (test::planted("3.1 exponent_sign")) return sigmoid_reference(arma::Mat<eT>(-z));  // 1/(1 + e^{z})
  return sigmoid_reference(z);
}

template <typename eT>
arma::Mat<eT> sigmoid_derivative(const arma::Mat<eT>& z) {
  const arma::Mat<eT> s = sigmoid_reference(z);
  if (test::planted("3.1 cancelling_form")) return s % (eT(1) - s);
  if (test::planted("3.1 derivative_is_sigma")) return s;
  return sigmoid_derivative_reference(z);
}

template <typename eT>
arma::Mat<eT> tanh_derivative(const arma::Mat<eT>& z) {
  if (test::planted("3.2 cancelling_form")) return eT(1) - arma::square(arma::tanh(z));
  if (test::planted("3.2 square_missing")) return eT(1) / arma::cosh(z);
  return tanh_derivative_reference(z);
}

template <typename eT>
arma::Mat<eT> leaky_relu(const arma::Mat<eT>& z, eT alpha) {
  if (test::planted("3.3 max_shortcut")) return arma::max(z, alpha * z);
  return leaky_relu_reference(z, alpha);
}

template <typename eT>
arma::Mat<eT> leaky_relu_derivative(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> d = z;
  if (!test::planted("3.3 one_at_zero")) return leaky_relu_derivative_reference(z, alpha);
  d.transform([alpha](eT v) { return v >= eT(0) ? eT(1) : alpha; });
  return d;
}

template <typename eT>
eT prelu_alpha_gradient(const arma::Mat<eT>& z, const arma::Mat<eT>& dJ_dh) {
  const arma::Mat<eT> zeros(arma::size(z), arma::fill::zeros);
  if (test::planted("3.4 positive_part")) return arma::accu(dJ_dh % arma::max(z, zeros));
  if (test::planted("3.4 upstream_unused")) return arma::accu(arma::min(z, zeros));
  return prelu_alpha_gradient_reference(z, dJ_dh);
}

template <typename eT>
arma::Mat<eT> elu(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> h = z;
  if (!test::planted("3.5 exp_minus_one")) return elu_reference(z, alpha);
  h.transform([alpha](eT v) { return v > eT(0) ? v : alpha * (std::exp(v) - eT(1)); });
  return h;
}

template <typename eT>
arma::Mat<eT> elu_derivative(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> d = z;
  if (!test::planted("3.5 one_at_zero")) return elu_derivative_reference(z, alpha);
  d.transform([alpha](eT v) { return v >= eT(0) ? eT(1) : alpha * std::exp(v); });
  return d;
}

template <typename eT>
arma::Mat<eT> gelu(const arma::Mat<eT>& z) {
  arma::Mat<eT> h = z;
  if (!test::planted("3.6 erf_form")) return gelu_reference(z);
  h.transform([](eT v) { return v * (eT(1) + std::erf(v / std::sqrt(eT(2)))) / eT(2); });
  return h;
}

template <typename eT>
arma::Mat<eT> gelu_derivative(const arma::Mat<eT>& z) {
  arma::Mat<eT> d = z;
  if (!test::planted("3.6 no_density_term")) return gelu_derivative_reference(z);
  d.transform([](eT v) { return std::erfc(-v / std::sqrt(eT(2))) / eT(2); });
  return d;
}

template <typename eT>
arma::Mat<eT> silu(const arma::Mat<eT>& z) {
  if (test::planted("3.7 z_missing")) return sigmoid_reference(z);
  return silu_reference(z);
}

template <typename eT>
arma::Mat<eT> silu_derivative(const arma::Mat<eT>& z) {
  if (test::planted("3.7 no_product_rule")) return sigmoid_reference(z);
  return silu_derivative_reference(z);
}

template <typename eT>
arma::Mat<eT> softplus(const arma::Mat<eT>& z) {
  if (test::planted("3.8 naive_log")) return arma::log(eT(1) + arma::exp(z));
  return softplus_reference(z);
}

template <typename eT>
arma::Mat<eT> softplus_derivative(const arma::Mat<eT>& z) {
  if (test::planted("3.8 derivative_mirrored")) return sigmoid_reference(arma::Mat<eT>(-z));
  return softplus_derivative_reference(z);
}

}  // namespace wb
