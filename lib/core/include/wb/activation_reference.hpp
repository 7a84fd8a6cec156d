/// \file
/// \brief The activation functions and their derivatives in long double, one number at a
/// time: the reference that chapter 3's program and tests compare the exercises with.
///
/// x86-64's long double has a 64-bit mantissa (ε ≈ 1.1e-19) and an exponent range up to
/// about 1e±4932, so e^{1000} is finite here and every value below is accurate to far more
/// digits than a double holds. The formulas are nonetheless the stable ones (no exponent
/// above 0 where it is avoidable, `erfc`, `expm1`, `log1p`, 1/cosh² instead of 1 − tanh²):
/// a reference must not cancel either. Kept in wb::core, which knows nothing of the
/// exercises, so it cannot inherit a mistake from them.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace wb::reference {

using real = long double;

inline real relu(real z) { return z > 0 ? z : 0; }
inline real relu_derivative(real z) { return z > 0 ? 1 : 0; }

inline real sigmoid(real z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }
inline real sigmoid_derivative(real z) { return sigmoid(z) * sigmoid(-z); }

inline real tanh(real z) { return std::tanh(z); }
inline real tanh_derivative(real z) {
  const real c = std::cosh(z);
  return 1 / (c * c);
}

inline real leaky_relu(real z, real alpha) { return z > 0 ? z : alpha * z; }
inline real leaky_relu_derivative(real z, real alpha) { return z > 0 ? 1 : alpha; }

inline real elu(real z, real alpha) { return z > 0 ? z : alpha * std::expm1(z); }
inline real elu_derivative(real z, real alpha) { return z > 0 ? 1 : alpha * std::exp(z); }

/// Φ, the standard normal distribution function.
inline real normal_cdf(real z) { return std::erfc(-z / std::sqrt(real(2))) / 2; }
/// The standard normal density.
inline real normal_pdf(real z) { return std::exp(-z * z / 2) / std::sqrt(2 * real(3.14159265358979323846264338327950288L)); }

inline real gelu(real z) { return z * normal_cdf(z); }
inline real gelu_derivative(real z) { return normal_cdf(z) + z * normal_pdf(z); }

inline real silu(real z) { return z * sigmoid(z); }
inline real silu_derivative(real z) { return sigmoid(z) + z * sigmoid_derivative(z); }

inline real softplus(real z) { return (z > 0 ? z : 0) + std::log1p(std::exp(-std::fabs(z))); }
inline real softplus_derivative(real z) { return sigmoid(z); }

/// The relative error of `got` (a float or double result) against the reference `exact`:
/// |got − exact| / max(|exact|, smallest normal T). Below the smallest normal number of T the
/// error is measured against that number: a true value that underflows T (σ(−1000) ≈ 5e-435)
/// is then right when the result is 0 or a correctly rounded subnormal, and a NaN is never
/// right (the result is +inf).
template <typename T>
real relative_error(T got, real exact) {
  const real scale = std::max(std::fabs(exact), real(std::numeric_limits<T>::min()));
  const real error = std::fabs(real(got) - exact) / scale;
  return std::isnan(error) ? std::numeric_limits<real>::infinity() : error;
}

}  // namespace wb::reference
