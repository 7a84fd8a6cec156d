/// \file
/// \brief K-fold cross-validation (K折交叉验证): a seeded order of the examples, the training and
/// validation indices of each fold, and the mean validation error over the folds.
///
/// The cut into folds is exercise 4.5 (`wb::kfold_fold`), reached through the seam; this
/// header builds the rest on it: the training indices of fold k are the other K − 1 folds.
#pragma once

#include <armadillo>

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

#include "wb/exercises.hpp"

namespace wb {

/// 0, 1, …, n − 1 in a random order drawn from `rng` (std::shuffle): the same engine state
/// gives the same order.
inline arma::uvec shuffled_indices(arma::uword n, std::mt19937_64& rng) {
  arma::uvec order(n);
  std::iota(order.begin(), order.end(), arma::uword(0));
  std::shuffle(order.begin(), order.end(), rng);
  return order;
}

/// The examples of one fold: `validation` is fold k, `train` the other K − 1 folds, in order.
struct Fold {
  arma::uvec train, validation;
};

/// Fold k of K over `order` (n shuffled example indices), 0 ≤ k < K, 2 ≤ K ≤ n. Throws
/// std::invalid_argument for K or k out of range (a caller's bug: programs check --folds first).
inline Fold kfold_split(const arma::uvec& order, arma::uword K, arma::uword k) {
  if (K < 2 || K > order.n_elem || k >= K)
    throw std::invalid_argument("kfold_split: need 2 ≤ K ≤ n and k < K, got K = " + std::to_string(K) +
                                ", k = " + std::to_string(k) + ", n = " + std::to_string(order.n_elem));
  Fold fold;
  fold.validation = kfold_fold(order, K, k);
  for (arma::uword j = 0; j < K; ++j)
    if (j != k) fold.train = arma::join_cols(fold.train, kfold_fold(order, K, j));
  return fold;
}

/// K-fold cross-validation: the mean over the K folds of `validation_error(fold)`, where the
/// caller fits a model on `fold.train` and returns its error on `fold.validation`.
/// \f[ \mathrm{CV}_K = \frac{1}{K}\sum_{k=0}^{K-1} E_k \f]
inline double cross_validate(const arma::uvec& order, arma::uword K,
                             const std::function<double(const Fold&)>& validation_error) {
  double sum = 0;
  for (arma::uword k = 0; k < K; ++k) sum += validation_error(kfold_split(order, K, k));
  return sum / double(K);
}

}  // namespace wb
