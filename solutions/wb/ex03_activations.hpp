/// \file
/// \brief Chapter 3 exercises, reference solutions: the activation functions φ and their
/// derivatives φ′ — sigmoid, tanh, leaky ReLU and pReLU, ELU, GELU, SiLU, softplus.
///
/// The learner's copies live in `exercises/wb/ex03_activations.hpp`, with the same names and
/// signatures (ReLU itself is exercises 2.1 and 2.2). Every function works entry by entry
/// and is templated on the element type: float for training, double for checking, and
/// std::complex<double> for the complex-step check where the formula is analytic (sigmoid,
/// tanh, SiLU). The formulas are the stable ones of chapter 3's page: finite and accurate
/// for inputs of ±1000.
#pragma once

#include <armadillo>
#include <cmath>
#include <complex>

#include "wb/numeric.hpp"

namespace wb {

// [exercise 3.1]
/// Exercise 3.1: the logistic sigmoid and its derivative, element-wise. The exponent is
/// never positive, so no intermediate overflows (the branch is on the real part: the complex
/// step sees one analytic formula on each side), and the derivative multiplies two sigmoids
/// instead of computing 1 − σ(z), which cancels to 0 for z > 37.
/// \f[ \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}, \qquad
///     \sigma'(z) = \sigma(z)\,\sigma(-z) \f]
template <typename eT>
arma::Mat<eT> sigmoid(const arma::Mat<eT>& z) {
  arma::Mat<eT> s = z;
  s.transform([](eT v) {
    if (real_part(v) >= 0) return eT(1) / (eT(1) + std::exp(-v));
    const eT e = std::exp(v);
    return e / (eT(1) + e);
  });
  return s;
}

/// The derivative of the sigmoid (exercise 3.1).
template <typename eT>
arma::Mat<eT> sigmoid_derivative(const arma::Mat<eT>& z) {
  return sigmoid(z) % sigmoid(arma::Mat<eT>(-z));
}
// [exercise 3.1]

// [exercise 3.2]
/// Exercise 3.2: tanh and its derivative, element-wise. The derivative is written with the
/// hyperbolic cosine: 1 − tanh² z is the same number on paper but cancels to 0 in double
/// for |z| > 19.
/// \f[ \tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad
///     \tanh' z = 1 - \tanh^2 z = \frac{1}{\cosh^2 z} \f]
template <typename eT>
arma::Mat<eT> tanh_activation(const arma::Mat<eT>& z) {
  return arma::tanh(z);
}

/// The derivative of tanh (exercise 3.2).
template <typename eT>
arma::Mat<eT> tanh_derivative(const arma::Mat<eT>& z) {
  return eT(1) / arma::square(arma::cosh(z));
}
// [exercise 3.2]

// [exercise 3.3]
/// Exercise 3.3: the leaky ReLU with slope α on the negative side, and its derivative with
/// respect to z, taken as α at z = 0 (as PyTorch does). With α a learned parameter it is
/// pReLU, whose α can be any number, also above 1.
/// \f[ \phi(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}, \qquad
///     \phi'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases} \f]
template <typename eT>
arma::Mat<eT> leaky_relu(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> h = z;
  h.transform([alpha](eT v) { return v > eT(0) ? v : alpha * v; });
  return h;
}

/// The derivative of the leaky ReLU with respect to z (exercise 3.3).
template <typename eT>
arma::Mat<eT> leaky_relu_derivative(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> d = z;
  d.transform([alpha](eT v) { return v > eT(0) ? eT(1) : alpha; });
  return d;
}
// [exercise 3.3]

// [exercise 3.4]
/// Exercise 3.4: pReLU's gradient with respect to its parameter α, one α shared by every
/// unit and example (PyTorch's `nn.PReLU()`), given the upstream gradient ∂J/∂h of h's
/// shape. α enters every entry, so the chain rule sums over all of them.
/// \f[ \frac{\partial J}{\partial \alpha} = \sum_{k,i} \frac{\partial J}{\partial h_{ki}}
///     \frac{\partial h_{ki}}{\partial \alpha}, \qquad
///     \frac{\partial h_{ki}}{\partial \alpha} = \min(z_{ki}, 0) \f]
template <typename eT>
eT prelu_alpha_gradient(const arma::Mat<eT>& z, const arma::Mat<eT>& dJ_dh) {
  return arma::accu(dJ_dh % arma::min(z, arma::zeros<arma::Mat<eT>>(arma::size(z))));
}
// [exercise 3.4]

// [exercise 3.5]
/// Exercise 3.5: the exponential linear unit and its derivative (taken as α at z = 0, which
/// for α = 1 is also the limit from the right). `std::expm1` keeps e^z − 1 accurate for z
/// near 0, where exp(z) − 1 loses the digits.
/// \f[ \phi(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}, \qquad
///     \phi'(z) = \begin{cases} 1 & z > 0 \\ \alpha\,e^{z} & z \le 0 \end{cases} \f]
template <typename eT>
arma::Mat<eT> elu(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> h = z;
  h.transform([alpha](eT v) { return v > eT(0) ? v : alpha * std::expm1(v); });
  return h;
}

/// The derivative of the ELU (exercise 3.5).
template <typename eT>
arma::Mat<eT> elu_derivative(const arma::Mat<eT>& z, eT alpha) {
  arma::Mat<eT> d = z;
  d.transform([alpha](eT v) { return v > eT(0) ? eT(1) : alpha * std::exp(v); });
  return d;
}
// [exercise 3.5]

// [exercise 3.6]
/// Exercise 3.6: the Gaussian error linear unit, z times the standard normal distribution
/// function Φ, and its derivative (φ_N is the normal density). Φ is written with `std::erfc`,
/// which keeps its digits in the left tail where 1 + erf(·) cancels.
/// \f[ \mathrm{GELU}(z) = z\,\Phi(z), \quad \Phi(z) = \tfrac{1}{2}\,\mathrm{erfc}\!\left(-\tfrac{z}{\sqrt{2}}\right),
///     \qquad \mathrm{GELU}'(z) = \Phi(z) + z\,\varphi_N(z), \quad \varphi_N(z) = \frac{e^{-z^2/2}}{\sqrt{2\pi}} \f]
template <typename eT>
arma::Mat<eT> gelu(const arma::Mat<eT>& z) {
  arma::Mat<eT> h = z;
  h.transform([](eT v) { return v * std::erfc(-v / std::sqrt(eT(2))) / eT(2); });
  return h;
}

/// The derivative of the GELU (exercise 3.6).
template <typename eT>
arma::Mat<eT> gelu_derivative(const arma::Mat<eT>& z) {
  arma::Mat<eT> d = z;
  d.transform([](eT v) {
    return std::erfc(-v / std::sqrt(eT(2))) / eT(2) + v * std::exp(-v * v / eT(2)) / std::sqrt(eT(2 * arma::datum::pi));
  });
  return d;
}
// [exercise 3.6]

// [exercise 3.7]
/// Exercise 3.7: the sigmoid-weighted linear unit (SiLU, also called swish) and its
/// derivative, built on exercise 3.1.
/// \f[ \mathrm{SiLU}(z) = z\,\sigma(z), \qquad \mathrm{SiLU}'(z) = \sigma(z) + z\,\sigma'(z) \f]
template <typename eT>
arma::Mat<eT> silu(const arma::Mat<eT>& z) {
  return z % sigmoid(z);
}

/// The derivative of the SiLU (exercise 3.7).
template <typename eT>
arma::Mat<eT> silu_derivative(const arma::Mat<eT>& z) {
  return sigmoid(z) + z % sigmoid_derivative(z);
}
// [exercise 3.7]

// [exercise 3.8]
/// Exercise 3.8: softplus, the smooth ReLU, and its derivative, which is the sigmoid of
/// exercise 3.1. Written so that the exponent is never positive and `std::log1p` keeps the
/// digits of log(1 + tiny).
/// \f[ \mathrm{softplus}(z) = \log(1 + e^{z}) = \max(z, 0) + \log\!\left(1 + e^{-|z|}\right),
///     \qquad \mathrm{softplus}'(z) = \sigma(z) \f]
template <typename eT>
arma::Mat<eT> softplus(const arma::Mat<eT>& z) {
  arma::Mat<eT> h = z;
  h.transform([](eT v) { return std::max(v, eT(0)) + std::log1p(std::exp(-std::abs(v))); });
  return h;
}

/// The derivative of softplus (exercise 3.8).
template <typename eT>
arma::Mat<eT> softplus_derivative(const arma::Mat<eT>& z) {
  return sigmoid(z);
}
// [exercise 3.8]

}  // namespace wb
