/// \file
/// \brief Activation functions as stateless classes: \f$\phi\f$ and \f$\phi'\f$ side by side.
///
/// Each class has `f(z)` and `derivative(z)`, element-wise, templated on the element type so
/// the same code runs in float (training) and double (checking), and calls the exercise
/// functions: ReLU those of chapter 2 (2.1, 2.2), every other one those of chapter 3
/// (3.1 – 3.8). Its members:
///  - `name`: the command-line name (`02_mlp --activation gelu`);
///  - `smooth`: φ is analytic *as implemented*, so it also runs in std::complex<double> and
///    the checker's complex step applies (chapter 7 decides on it). False for the ReLU family
///    (a kink at 0; ELU's second derivative jumps there) and for GELU and softplus, which are
///    smooth on paper but whose stable formulas use std::erfc and std::log1p, functions that
///    `<complex>` does not have;
///  - `exercise`: the exercise whose functions it calls (where to look when it misbehaves).
///
/// The one list of the activations a program can choose at run time is ActivationKind,
/// activation_names() and with_activation(), at the end of this file.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "wb/error.hpp"
#include "wb/exercises.hpp"  // relu, sigmoid, …: yours or the reference

namespace wb {

/// \f[ \phi(z) = \max(z, 0), \qquad \phi'(z) = [z > 0] \f]
struct ReLU {
  static constexpr const char* name = "relu";
  static constexpr bool smooth = false;  ///< kinked at 0
  static constexpr const char* exercise = "2.2";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return relu(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return relu_derivative(z);
  }
};

/// \f[ \phi(z) = \frac{1}{1 + e^{-z}}, \qquad \phi'(z) = \phi(z)\,(1 - \phi(z)) = \sigma(z)\,\sigma(-z) \f]
struct Sigmoid {
  static constexpr const char* name = "sigmoid";
  static constexpr bool smooth = true;
  static constexpr const char* exercise = "3.1";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return sigmoid(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return sigmoid_derivative(z);
  }
};

/// \f[ \phi(z) = \tanh z, \qquad \phi'(z) = 1 - \tanh^2 z = \frac{1}{\cosh^2 z} \f]
struct Tanh {
  static constexpr const char* name = "tanh";
  static constexpr bool smooth = true;
  static constexpr const char* exercise = "3.2";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return tanh_activation(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return tanh_derivative(z);
  }
};

/// The leaky ReLU with PyTorch's default slope α = 0.01:
/// \f[ \phi(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}, \qquad
///     \phi'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases} \f]
struct LeakyReLU {
  static constexpr const char* name = "leaky_relu";
  static constexpr bool smooth = false;  ///< kinked at 0
  static constexpr const char* exercise = "3.3";
  static constexpr double alpha = 0.01;
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return leaky_relu(z, eT(alpha)); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return leaky_relu_derivative(z, eT(alpha));
  }
};

/// pReLU: the leaky ReLU whose slope α is a parameter, here at PyTorch's initial value 0.25
/// (`nn.PReLU()`). wb::Mlp learns one α per hidden layer with the gradient of exercise 3.4;
/// these two functions are pReLU at its initial α.
struct PReLU {
  static constexpr const char* name = "prelu";
  static constexpr bool smooth = false;  ///< kinked at 0
  static constexpr const char* exercise = "3.3";
  static constexpr double alpha = 0.25;  ///< the initial slope
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return leaky_relu(z, eT(alpha)); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return leaky_relu_derivative(z, eT(alpha));
  }
};

/// The exponential linear unit with α = 1 (PyTorch's default):
/// \f[ \phi(z) = \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0 \end{cases}, \qquad
///     \phi'(z) = \begin{cases} 1 & z > 0 \\ \alpha e^{z} & z \le 0 \end{cases} \f]
struct ELU {
  static constexpr const char* name = "elu";
  static constexpr bool smooth = false;  ///< φ″ jumps at 0
  static constexpr const char* exercise = "3.5";
  static constexpr double alpha = 1.0;
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return elu(z, eT(alpha)); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return elu_derivative(z, eT(alpha));
  }
};

/// The Gaussian error linear unit, exact form (not the tanh approximation):
/// \f[ \phi(z) = z\,\Phi(z), \qquad \phi'(z) = \Phi(z) + z\,\varphi_N(z) \f]
struct GELU {
  static constexpr const char* name = "gelu";
  static constexpr bool smooth = false;  ///< smooth, but std::erfc has no complex overload
  static constexpr const char* exercise = "3.6";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return gelu(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) { return gelu_derivative(z); }
};

/// The sigmoid-weighted linear unit (swish):
/// \f[ \phi(z) = z\,\sigma(z), \qquad \phi'(z) = \sigma(z) + z\,\sigma'(z) \f]
struct SiLU {
  static constexpr const char* name = "silu";
  static constexpr bool smooth = true;
  static constexpr const char* exercise = "3.7";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return silu(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) { return silu_derivative(z); }
};

/// The smooth ReLU:
/// \f[ \phi(z) = \log(1 + e^{z}), \qquad \phi'(z) = \sigma(z) \f]
struct Softplus {
  static constexpr const char* name = "softplus";
  static constexpr bool smooth = false;  ///< smooth, but std::log1p has no complex overload
  static constexpr const char* exercise = "3.8";
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return softplus(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return softplus_derivative(z);
  }
};

/// The activations a program can choose at run time (`02_mlp --activation tanh`), in the
/// order of activation_names(). Adding one: its struct above, a value here, a case in
/// with_activation and its name in activation_names().
enum class ActivationKind { relu, sigmoid, tanh, leaky_relu, prelu, elu, gelu, silu, softplus };

/// Every activation's command-line name, in the order of ActivationKind: "relu", "sigmoid", …
const std::vector<std::string>& activation_names();

/// The command-line name of `kind`.
inline std::string activation_name(ActivationKind kind) { return activation_names()[static_cast<int>(kind)]; }

/// The activation named `name`; UsageError (exit 64) listing the names otherwise.
ActivationKind activation_from_string(const std::string& name);

/// Calls `f` with the activation's struct (wb::ReLU{}, wb::Sigmoid{}, …): code templated on
/// the activation, chosen at run time.
template <typename F>
decltype(auto) with_activation(ActivationKind kind, F&& f) {
  switch (kind) {
    case ActivationKind::sigmoid: return f(Sigmoid{});
    case ActivationKind::tanh: return f(Tanh{});
    case ActivationKind::leaky_relu: return f(LeakyReLU{});
    case ActivationKind::prelu: return f(PReLU{});
    case ActivationKind::elu: return f(ELU{});
    case ActivationKind::gelu: return f(GELU{});
    case ActivationKind::silu: return f(SiLU{});
    case ActivationKind::softplus: return f(Softplus{});
    case ActivationKind::relu: break;
  }
  return f(ReLU{});
}

inline const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = {ReLU::name,  Sigmoid::name, Tanh::name, LeakyReLU::name, PReLU::name,
                                                 ELU::name,   GELU::name,    SiLU::name, Softplus::name};
  return names;
}

inline ActivationKind activation_from_string(const std::string& name) {
  const auto& names = activation_names();
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == name) return static_cast<ActivationKind>(k);
  std::string valid;
  for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
  throw UsageError("--activation: must be one of " + valid + ", not " + name);
}

}  // namespace wb
