/// \file
/// \brief Chapter 4: training and test error against capacity (the number of features) and
/// against the number of training examples, and the choice of capacity by K-fold
/// cross-validation on the training set alone.
#pragma once

#include <armadillo>

#include <random>
#include <vector>

#include "04_generalization/polynomial.hpp"
#include "wb/kfold.hpp"

namespace wb::ch4 {

/// The exact fit (least squares, exercise 4.4) of the first d features of `data`'s training
/// set, and its training and test loss.
struct ExactFit {
  arma::mat w;
  double train_loss = 0, test_loss = 0;
};

inline ExactFit fit_exact(const PolyData& data, arma::uword d, Loss loss) {
  ExactFit fit;
  fit.w = exact_weights(data.train_x(d), data.train_y());
  fit.train_loss = mean_loss(loss, fit.w, data.train_x(d), data.train_y());
  fit.test_loss = mean_loss(loss, fit.w, data.test_x(d), data.test_y());
  return fit;
}

/// The K-fold cross-validation loss of the exact fit with d features: each fold's model is
/// fitted on the other K − 1 folds of the training set and scored on its own fold; the test
/// set is never looked at.
inline double cv_loss(const PolyData& data, arma::uword d, const arma::uvec& order, arma::uword K, Loss loss) {
  const arma::mat x = data.train_x(d), y = data.train_y();
  return cross_validate(order, K, [&](const Fold& f) {
    const arma::mat w = exact_weights(x.cols(f.train), y.cols(f.train));
    return mean_loss(loss, w, x.cols(f.validation), y.cols(f.validation));
  });
}

/// One row of the capacity sweep: d features, fitted exactly and by SGD.
struct CapacityRow {
  arma::uword features = 0;
  double exact_train = 0, exact_test = 0;  ///< least squares
  double cv = 0;                           ///< K-fold CV loss of least squares (training set only)
  double sgd_train = 0, sgd_test = 0;      ///< SGD with the book's settings, after config.epochs
};

/// Train, test and cross-validation loss for d = 1 … max_features: the book's exercise "plot
/// the training loss against the model's complexity".
inline std::vector<CapacityRow> capacity_sweep(const PolyData& data, arma::uword max_features, const arma::uvec& order,
                                               arma::uword K, const SgdConfig& config, std::mt19937_64& rng) {
  std::vector<CapacityRow> rows;
  for (arma::uword d = 1; d <= max_features; ++d) {
    CapacityRow row;
    row.features = d;
    const ExactFit exact = fit_exact(data, d, config.loss);
    row.exact_train = exact.train_loss;
    row.exact_test = exact.test_loss;
    row.cv = cv_loss(data, d, order, K, config.loss);
    const SgdFit sgd = fit_sgd(data.train_x(d), data.train_y(), data.test_x(d), data.test_y(), config, rng);
    require_converging(sgd, fmt::format("{}-feature fit of the capacity sweep", d), config, data.train_x(d));
    row.sgd_train = sgd.train_loss.back();
    row.sgd_test = sgd.test_loss.back();
    rows.push_back(row);
  }
  return rows;
}

/// The row with the smallest cross-validation loss: the capacity K-fold CV chooses.
inline const CapacityRow& chosen_by_cv(const std::vector<CapacityRow>& rows) {
  const CapacityRow* best = &rows.front();
  for (const CapacityRow& r : rows)
    if (r.cv < best->cv) best = &r;
  return *best;
}

/// The exact fit's test loss with the first n examples of `pool` as the training set, for
/// d features, scored on `data`'s test set: the notes' third factor, the number of samples.
inline double test_loss_with(const PolyData& pool, arma::uword n, const PolyData& data, arma::uword d, Loss loss) {
  const arma::mat x = pool.features.submat(0, 0, d - 1, n - 1);
  const arma::mat w = exact_weights(x, pool.y.head_cols(n));
  return mean_loss(loss, w, data.test_x(d), data.test_y());
}

}  // namespace wb::ch4
