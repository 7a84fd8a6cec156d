/// \file
/// \brief Chapter 5: choosing λ by K-fold cross-validation on the 20 training samples — the
/// book's exercise "use a validation set to find the optimal λ. Is it really optimal? Does this
/// matter?".
///
/// A validation set carved once from 20 samples would leave few to fit and fewer to judge by,
/// so every sample serves once for validation: each of K folds trains the book's `train(λ)` (the
/// same SGD, the same start w₀) on the other K − 1 folds and scores it on its own,
/// \f[ \mathrm{CV}_K(\lambda) = \frac{1}{K}\sum_{k=0}^{K-1} L\!\left(\mathbf{w}_{-k}(\lambda);\ \text{fold } k\right),
///     \qquad \hat\lambda = \arg\min_{\lambda} \mathrm{CV}_K(\lambda), \f]
/// over the sweep's λ. Only then is the test set looked at: the test loss of train(λ̂) on all 20
/// samples, against the lowest test loss of the sweep, the best λ in hindsight.
#pragma once

#include <armadillo>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "05_weight_decay/regression.hpp"
#include "wb/kfold.hpp"

namespace wb::ch05 {

/// The samples at the indices `idx`, in that order.
inline Samples subset(const Samples& data, const arma::uvec& idx) { return {data.x.cols(idx), data.y.cols(idx)}; }

/// CV_K(λ) of the book's train(λ) from `init`: fold k's model is trained on the other folds of
/// `order` (shuffled indices of `train`), and L is taken on fold k after the last epoch.
//! [cv loss]
inline double cv_loss(const Samples& train, const Model& init, double lambda, const arma::uvec& order, arma::uword K,
                      const Settings& s, std::uint64_t seed) {
  return cross_validate(order, K, [&](const Fold& f) {
    const Problem fold{subset(train, f.train), subset(train, f.validation)};  // "test" is fold k
    return ch05::train(fold, init, lambda, s, seed).losses.back().test;      // L(w₋ₖ(λ); fold k)
  });
}
//! [cv loss]

/// λ chosen on the training set, and what the test set says about it afterwards.
struct LambdaChoice {
  std::vector<double> lambdas, cv, test;  ///< per λ: CV_K(λ), and the test loss of train(λ) on all samples
  std::size_t chosen = 0;                 ///< argmin of CV_K: λ̂
  std::size_t best = 0;                   ///< argmin of the test loss: the best λ in hindsight
  double chosen_lambda() const { return lambdas[chosen]; }
  double best_lambda() const { return lambdas[best]; }
  /// test(λ̂) / test(λ_best) ≥ 1: what choosing without the test set costs.
  double ratio() const { return test[chosen] / test[best]; }
};

/// λ̂ = argmin CV_K(λ) over `lambdas`, given the test losses `test` of the runs on all training
/// samples (one per λ, which the choice never reads).
inline LambdaChoice choose_lambda(const Problem& p, const Model& init, const std::vector<double>& lambdas,
                                  const std::vector<double>& test, const arma::uvec& order, arma::uword K,
                                  const Settings& s, std::uint64_t seed) {
  LambdaChoice c{lambdas, {}, test};
  for (double lambda : lambdas) c.cv.push_back(cv_loss(p.train, init, lambda, order, K, s, seed));
  c.chosen = std::size_t(std::min_element(c.cv.begin(), c.cv.end()) - c.cv.begin());
  c.best = std::size_t(std::min_element(c.test.begin(), c.test.end()) - c.test.begin());
  return c;
}

}  // namespace wb::ch05
