/// \file
/// \brief Chapter 6: dropout against DropConnect, measured. Two output units of a layer,
/// \f$z_k = \mathbf{W}_{k,:}\mathbf{a}' + b_k\f$ and \f$z_l\f$, are sampled many times with the
/// same input \f$\mathbf{a}\f$ (the last hidden layer of the trained network on one test image)
/// under each method, and the sample moments are set beside their closed forms.
#pragma once

#include <armadillo>
#include <cmath>
#include <cstdint>

#include "wb/exercises.hpp"
#include "wb/random.hpp"

namespace wb::ch06 {

/// What one method did to the two units, over all draws.
struct MaskSamples {
  arma::mat z;              ///< 2 × draws: row 0 is z_k, row 1 is z_l
  double dropped = 0;  ///< the fraction of the masked entries that were zeroed
  arma::vec mean() const { return arma::mean(z, 1); }
  arma::vec variance() const { return arma::var(z, 0, 1); }
  double correlation() const { return arma::as_scalar(arma::cor(z.row(0), z.row(1))); }
};

//! [dropout draws]
/// Dropout on the input a (exercise 6.1): one mask entry per unit of a, shared by both rows of
/// W, which is why z_k and z_l move together. All draws at once: column d is draw d.
inline MaskSamples dropout_draws(const arma::mat& W, const arma::vec& b, const arma::vec& a, double p,
                                 arma::uword draws, std::uint64_t seed) {
  const arma::mat A = arma::repmat(a, 1, draws);
  arma::mat u(arma::size(A)), mask;
  UniformSource(seed).fill(u);
  MaskSamples s;
  s.z = W * dropout_forward(A, u, p, mask);
  s.z.each_col() += b;
  s.dropped = double(arma::accu(mask == 0.0)) / double(mask.n_elem);
  return s;
}
//! [dropout draws]

//! [dropconnect draws]
/// DropConnect on W (exercise 6.3): one mask entry per weight, a fresh mask for every draw
/// (every example), so z_k and z_l see independent masks.
inline MaskSamples dropconnect_draws(const arma::mat& W, const arma::vec& b, const arma::vec& a, double p,
                                     arma::uword draws, std::uint64_t seed) {
  UniformSource source(seed);
  arma::mat u(arma::size(W)), mask;
  MaskSamples s;
  s.z.set_size(W.n_rows, draws);
  double zeros = 0;
  for (arma::uword d = 0; d < draws; ++d) {
    source.fill(u);
    s.z.col(d) = dropconnect_forward(W, arma::mat(a), u, p, mask) + b;
    zeros += double(arma::accu(mask == 0.0));
  }
  s.dropped = zeros / double(W.n_elem * draws);
  return s;
}
//! [dropconnect draws]

/// The closed forms, from \f$z_k = \sum_j W_{kj} a_j m_j + b_k\f$ with \f$E[m] = 1\f$ and
/// \f$\mathrm{Var}\,m = p/(1 - p)\f$: the same mean and variance per unit for both methods;
/// the covariance of two units is \f$\frac{p}{1-p}\sum_j W_{kj} W_{lj} a_j^2\f$ under dropout
/// (shared m_j) and 0 under DropConnect (independent m_kj and m_lj).
struct ClosedForm {
  arma::vec mean, variance;
  double dropout_correlation = 0;
};

inline ClosedForm closed_form(const arma::mat& W, const arma::vec& b, const arma::vec& a, double p) {
  ClosedForm c;
  const double r = p / (1 - p);
  c.mean = W * a + b;
  c.variance = r * (arma::square(W) * arma::square(a));
  const double covariance = r * arma::accu(W.row(0).t() % W.row(1).t() % arma::square(a));
  c.dropout_correlation = covariance / std::sqrt(c.variance(0) * c.variance(1));
  return c;
}

}  // namespace wb::ch06
