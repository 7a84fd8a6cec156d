/// \file
/// \brief Chapter 5, `--selection`: dropping features against weight decay on chapter 4's
/// polynomial data. The notes: 简单去限制丢弃特征很呆很不灵活 — simply restricting the model
/// by dropping features is blunt and inflexible. Keeping the first k of the 20 features xⁱ/i!
/// moves the model's capacity one whole feature at a time; the penalty λ/2 Σ wᵢ² on all 20
/// moves it continuously. Both are fitted in closed form, so nothing here depends on SGD.
#pragma once

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "04_generalization/polynomial.hpp"

namespace wb::ch05 {

/// Chapter 4's data for `seed`: its program draws exactly this first (100 training and 100
/// test examples, features xⁱ/i! for i = 0 … 19).
inline ch4::PolyData chapter4_data(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  return ch4::make_data(rng, 100, 100, 20);
}

/// One fitted model and how it does.
struct Fit {
  double setting = 0;     ///< k features kept, or λ
  double df = 0;          ///< degrees of freedom: k, or tr of the ridge's hat matrix
  double train_loss = 0;  ///< mean ½(ŷ − y)² (exercise 4.2)
  double test_loss = 0;
};

/// Least squares on the first k features (exercise 4.4): k degrees of freedom.
inline Fit keep_first(const ch4::PolyData& data, arma::uword k) {
  const arma::mat w = ch4::exact_weights(data.train_x(k), data.train_y());
  return {double(k), double(k), ch4::mean_loss(ch4::Loss::half, w, data.train_x(k), data.train_y()),
          ch4::mean_loss(ch4::Loss::half, w, data.test_x(k), data.test_y())};
}

/// All features with weight decay on every weight but w₀ (the constant feature, a bias):
/// the minimizer of J = (1/n) Σ ½(wᵀxᵢ − yᵢ)² + λ/2 Σ_{i≥1} wᵢ², the least-squares solution of
/// \f[ \begin{pmatrix} \mathbf{X}^\top \\ \sqrt{n\lambda}\,\mathbf{D} \end{pmatrix}\mathbf{w}
///     \approx \begin{pmatrix} \mathbf{y}^\top \\ \mathbf{0} \end{pmatrix}, \qquad
///     \mathbf{D} = \mathrm{diag}(0, 1, \dots, 1), \f]
/// solved through the QR decomposition of the stacked matrix, A = QR (no XXᵀ formed: the
/// features span 20 orders of magnitude). Its degrees of freedom are the trace of the hat
/// matrix Xᵀ(XXᵀ + nλD)⁻¹X = Q₁Q₁ᵀ, Q₁ the first n rows of Q: ‖Q₁‖²_F, from d at λ = 0
/// down to 1 (w₀ alone) as λ grows.
inline Fit decay_all(const ch4::PolyData& data, double lambda) {
  const arma::uword d = data.features.n_rows, n = data.n_train;
  arma::mat D = arma::eye(d, d);
  D(0, 0) = 0;
  const arma::mat A = arma::join_cols(data.train_x(d).t(), std::sqrt(double(n) * lambda) * D);
  const arma::vec b = arma::join_cols(arma::vec(data.train_y().t()), arma::vec(d, arma::fill::zeros));
  arma::mat Q, R;
  arma::qr_econ(Q, R, A);
  const arma::mat w = arma::solve(arma::trimatu(R), Q.t() * b);
  const double df = arma::accu(arma::square(Q.head_rows(n)));
  return {lambda, df, ch4::mean_loss(ch4::Loss::half, w, data.train_x(d), data.train_y()),
          ch4::mean_loss(ch4::Loss::half, w, data.test_x(d), data.test_y())};
}

/// λ = 0, then 10⁻²⁰ … 10 at `per_decade` values a decade: the weights of the smallest
/// features xⁱ/i! (about 10⁻⁸ for i = 19) already yield to λ ≈ 10⁻¹⁶.
inline std::vector<double> selection_lambdas(int per_decade) {
  std::vector<double> lambdas = {0};
  for (int e = -20 * per_decade; e <= per_decade; ++e) lambdas.push_back(std::pow(10.0, double(e) / per_decade));
  return lambdas;
}

/// The sweeps on one data set: k = 1 … 20; λ a decade apart, for the table; and λ a tenth of
/// a decade apart, for the figure and the best λ.
struct Selection {
  std::vector<Fit> kept, decayed, decayed_fine;
};

inline Selection compare_selection(const ch4::PolyData& data) {
  Selection s;
  for (arma::uword k = 1; k <= data.features.n_rows; ++k) s.kept.push_back(keep_first(data, k));
  for (double lambda : selection_lambdas(1)) s.decayed.push_back(decay_all(data, lambda));
  for (double lambda : selection_lambdas(10)) s.decayed_fine.push_back(decay_all(data, lambda));
  return s;
}

/// The fit with the lowest test loss.
inline const Fit& best(const std::vector<Fit>& fits) {
  return *std::min_element(fits.begin(), fits.end(),
                           [](const Fit& a, const Fit& b) { return a.test_loss < b.test_loss; });
}

}  // namespace wb::ch05
