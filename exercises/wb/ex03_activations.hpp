/// \file
/// \brief Chapter 3 exercises: activation functions φ and their derivatives φ′ — your versions.
///
/// Replace each `not_implemented(...)` line with your code. `./workbook check 3` builds and
/// tests them and tells you what is wrong; `./workbook hint 3.1` gives a hint (again for the
/// next one). Every function works entry by entry on a matrix z and returns a matrix of z's
/// shape (except 3.4, a number). `build-mine/bin/02_mlp --activation sigmoid` trains the
/// notes' network with your sigmoid, and `build-mine/bin/03_activations` checks and draws
/// them all. ReLU itself is exercises 2.1 and 2.2. Chapter 3's page derives every formula.
#pragma once

#include <armadillo>
#include <cmath>
#include <complex>

#include "wb/error.hpp"
#include "wb/numeric.hpp"

namespace wb {

// [exercise 3.1]
/// Exercise 3.1: the logistic sigmoid σ(z) of every entry of z, and its derivative σ′(z).
/// Both must stay finite and accurate (relative error at most 1e-12 in double and 1e-6 in
/// float, what the tests allow) for entries of ±1000, and work for eT = float, double and
/// std::complex<double> (the complex-step check: use only +, −, ×, ÷ and std::exp on entries,
/// and wb::real_part(v) where you need to compare an entry with 0). Chapter 3's page, "Sigmoid".
template <typename eT>
arma::Mat<eT> sigmoid(const arma::Mat<eT>& z) {
  not_implemented("3.1", z);
}

/// The derivative of the sigmoid (exercise 3.1).
template <typename eT>
arma::Mat<eT> sigmoid_derivative(const arma::Mat<eT>& z) {
  not_implemented("3.1", z);
}
// [exercise 3.1]

// [exercise 3.2]
/// Exercise 3.2: tanh of every entry of z (named tanh_activation so that it does not clash
/// with std::tanh and arma::tanh), and its derivative. The derivative must stay accurate
/// where it is tiny (|z| of 20 to 1000), and both must work for eT = float, double and
/// std::complex<double>. Chapter 3's page, "Tanh".
template <typename eT>
arma::Mat<eT> tanh_activation(const arma::Mat<eT>& z) {
  not_implemented("3.2", z);
}

/// The derivative of tanh (exercise 3.2).
template <typename eT>
arma::Mat<eT> tanh_derivative(const arma::Mat<eT>& z) {
  not_implemented("3.2", z);
}
// [exercise 3.2]

// [exercise 3.3]
/// Exercise 3.3: the leaky ReLU with slope `alpha` for z ≤ 0, and its derivative with
/// respect to z, taken as `alpha` at z = 0 exactly. It must be right for any alpha (pReLU
/// learns alpha, and nothing keeps it below 1), for eT = float and double. Chapter 3's
/// page, "Leaky ReLU and pReLU".
template <typename eT>
arma::Mat<eT> leaky_relu(const arma::Mat<eT>& z, eT alpha) {
  not_implemented("3.3", z, alpha);
}

/// The derivative of the leaky ReLU with respect to z (exercise 3.3).
template <typename eT>
arma::Mat<eT> leaky_relu_derivative(const arma::Mat<eT>& z, eT alpha) {
  not_implemented("3.3", z, alpha);
}
// [exercise 3.3]

// [exercise 3.4]
/// Exercise 3.4: pReLU is the leaky ReLU of exercise 3.3 with alpha learned, one alpha
/// shared by every entry of z. Given z and the upstream gradient dJ_dh = ∂J/∂h (z's shape)
/// of h = prelu(z, alpha), return the number ∂J/∂alpha. Must work for eT = float and
/// double. Chapter 3's page, "Leaky ReLU and pReLU".
template <typename eT>
eT prelu_alpha_gradient(const arma::Mat<eT>& z, const arma::Mat<eT>& dJ_dh) {
  not_implemented("3.4", z, dJ_dh);
}
// [exercise 3.4]

// [exercise 3.5]
/// Exercise 3.5: the ELU with parameter `alpha` (α(eᶻ − 1) on the negative side), and its
/// derivative, taken as alpha at z = 0. Both must be accurate for z close to 0 (say
/// z = −1e-10, relative error at most 1e-12 in double and 1e-6 in float) and finite for ±1000, for eT = float and double.
/// Chapter 3's page, "ELU".
template <typename eT>
arma::Mat<eT> elu(const arma::Mat<eT>& z, eT alpha) {
  not_implemented("3.5", z, alpha);
}

/// The derivative of the ELU (exercise 3.5).
template <typename eT>
arma::Mat<eT> elu_derivative(const arma::Mat<eT>& z, eT alpha) {
  not_implemented("3.5", z, alpha);
}
// [exercise 3.5]

// [exercise 3.6]
/// Exercise 3.6: the GELU, z times the probability that a standard normal variable is at
/// most z, and its derivative. Both must stay accurate far in the left tail (z = −10 to −30,
/// where the values are tiny) and finite for ±1000, for eT = float and double. Chapter 3's
/// page, "GELU".
template <typename eT>
arma::Mat<eT> gelu(const arma::Mat<eT>& z) {
  not_implemented("3.6", z);
}

/// The derivative of the GELU (exercise 3.6).
template <typename eT>
arma::Mat<eT> gelu_derivative(const arma::Mat<eT>& z) {
  not_implemented("3.6", z);
}
// [exercise 3.6]

// [exercise 3.7]
/// Exercise 3.7: the SiLU (also called swish), z weighted by its own sigmoid, and its
/// derivative. Accurate for ±1000, for eT = float, double and std::complex<double>; you may
/// use your functions of exercise 3.1. Chapter 3's page, "SiLU".
template <typename eT>
arma::Mat<eT> silu(const arma::Mat<eT>& z) {
  not_implemented("3.7", z);
}

/// The derivative of the SiLU (exercise 3.7).
template <typename eT>
arma::Mat<eT> silu_derivative(const arma::Mat<eT>& z) {
  not_implemented("3.7", z);
}
// [exercise 3.7]

// [exercise 3.8]
/// Exercise 3.8: softplus, log(1 + eᶻ) for every entry of z, and its derivative. It must
/// not overflow for z = 1000 and must keep its digits for z = −30 (a value near 1e-13),
/// for eT = float and double. You may use your functions of exercise 3.1. Chapter 3's page,
/// "Softplus".
template <typename eT>
arma::Mat<eT> softplus(const arma::Mat<eT>& z) {
  not_implemented("3.8", z);
}

/// The derivative of softplus (exercise 3.8).
template <typename eT>
arma::Mat<eT> softplus_derivative(const arma::Mat<eT>& z) {
  not_implemented("3.8", z);
}
// [exercise 3.8]

}  // namespace wb
