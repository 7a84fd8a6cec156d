/// \file
/// \brief Activation functions as stateless classes: \f$\phi\f$ and \f$\phi'\f$ side by side.
///
/// Each class has `f(z)` and `derivative(z)`, element-wise, templated on the element type so
/// the same code runs in float (training), double (checking) and std::complex<double>
/// (the complex-step check; ReLU has no complex extension and is excluded there).
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "wb/error.hpp"
#include "wb/exercises.hpp"  // relu, relu_derivative: yours or the reference

namespace wb {

/// \f[ \phi(z) = \max(z, 0), \qquad \phi'(z) = [z > 0] \f]
struct ReLU {
  static constexpr const char* name = "relu";
  static constexpr bool smooth = false;  ///< kinked at 0
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return relu(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    return relu_derivative(z);
  }
};

/// \f[ \phi(z) = \frac{1}{1 + e^{-z}}, \qquad \phi'(z) = \phi(z)\,(1 - \phi(z)) \f]
struct Sigmoid {
  static constexpr const char* name = "sigmoid";
  static constexpr bool smooth = true;
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) {
    return eT(1) / (eT(1) + arma::exp(-z));
  }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    const arma::Mat<eT> s = f(z);
    return s % (eT(1) - s);
  }
};

/// \f[ \phi(z) = \tanh z, \qquad \phi'(z) = 1 - \tanh^2 z \f]
struct Tanh {
  static constexpr const char* name = "tanh";
  static constexpr bool smooth = true;
  template <typename eT> static arma::Mat<eT> f(const arma::Mat<eT>& z) { return arma::tanh(z); }
  template <typename eT> static arma::Mat<eT> derivative(const arma::Mat<eT>& z) {
    const arma::Mat<eT> t = arma::tanh(z);
    return eT(1) - t % t;
  }
};

/// The activations a program can choose at run time (`02_mlp --activation tanh`).
enum class ActivationKind { relu, sigmoid, tanh };

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
    case ActivationKind::relu: break;
  }
  return f(ReLU{});
}

inline const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = {ReLU::name, Sigmoid::name, Tanh::name};
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
