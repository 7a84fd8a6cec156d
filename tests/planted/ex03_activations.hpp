// replaces: sigmoid sigmoid_derivative tanh_derivative
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

}  // namespace wb
