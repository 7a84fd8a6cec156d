/// \file
/// \brief Small numeric helpers that work for real and complex element types alike.
#pragma once

#include <armadillo>
#include <algorithm>
#include <complex>
#include <stdexcept>
#include <type_traits>

namespace wb {

/// The real part of a scalar (the scalar itself when it is real).
template <typename eT>
auto real_part(const eT& x) {
  if constexpr (arma::is_cx<eT>::value) return x.real();
  else return x;
}

/// The entry of largest real part, as a value of the element type. For a real matrix this is
/// `v.max()`; for a complex one (the complex-step check) it is real, so subtracting it
/// shifts only the real parts and keeps the perturbation in the imaginary parts intact.
/// One pass over the entries, no temporary (it runs once per column of every minibatch).
template <typename T1>
typename T1::elem_type max_real(const T1& v) {
  using eT = typename T1::elem_type;
  if (v.n_elem == 0) throw std::logic_error("max_real(): the matrix is empty");
  auto best = real_part(eT(v(0)));
  for (arma::uword k = 1; k < v.n_elem; ++k) best = std::max(best, real_part(eT(v(k))));
  return eT(best);
}

/// X as a matrix of element type eT: a copy converted entry by entry (float → double for a
/// check, double → std::complex<double> for the complex step), or X itself, uncopied, when its
/// element type is already eT. The one conversion helper of the workbook.
template <typename eT, typename T1>
decltype(auto) convert(const arma::Base<typename T1::elem_type, T1>& X) {
  if constexpr (std::is_same_v<typename T1::elem_type, eT> && std::is_same_v<T1, arma::Mat<eT>>) {
    return X.get_ref();
  } else {
    return arma::conv_to<arma::Mat<eT>>::from(X.get_ref());
  }
}

}  // namespace wb
