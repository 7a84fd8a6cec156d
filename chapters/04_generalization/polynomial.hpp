/// \file
/// \brief Chapter 4: the book's polynomial regression — the data, the linear model on the
/// features xⁱ/i!, its minibatch SGD fit, the exact least-squares fit, and the curvature that
/// explains both.
///
/// The exercise functions of `ex04_generalization.hpp` do the mathematics (features 4.1, loss
/// 4.2, gradient 4.3, least squares 4.4), and chapter 2's `sgd_step` (2.6) the update; this
/// header strings them together the way the book's `train` function does.
#pragma once

#include <armadillo>
#include <fmt/core.h>

#include <cmath>
#include <stdexcept>
#include <random>
#include <string>
#include <vector>

#include "wb/error.hpp"
#include "wb/exercise_guard.hpp"
#include "wb/exercises.hpp"
#include "wb/minibatches.hpp"
#include "wb/runtime.hpp"

namespace wb::ch4 {

// The exercises as this chapter calls them: a size mistake inside one, or a result of the wrong
// size, stops the program with an error naming the exercise (in your build; never here).

/// The first d features xⁱ/i! of the inputs x (1 × n): exercise 4.1, d × n.
inline arma::mat features_of(const arma::mat& x, arma::uword d) {
  return expect_size("4.1", "the features", d, x.n_cols, guarded("4.1", [&] { return polynomial_features(x, d); }));
}

/// ∂L/∂w of the half loss (exercise 4.3), a column like w.
inline arma::mat gradient_of(const arma::mat& w, const arma::mat& x, const arma::mat& y) {
  return expect_size("4.3", "dL/dw", w.n_rows, 1, guarded("4.3", [&] { return squared_loss_gradient(w, x, y); }));
}

/// The least-squares weights of features x and labels y (exercise 4.4), d × 1. LAPACK's own
/// failures (a singular x·xᵀ, say) are named too.
inline arma::mat exact_weights(const arma::mat& x, const arma::mat& y) {
  try {
    return expect_size("4.4", "w", x.n_rows, 1, guarded("4.4", [&] { return least_squares(x, y); }));
  } catch (const std::runtime_error& e) {
    throw_exercise_error("4.4", std::string("LAPACK stopped inside it: ") + e.what() +
                                    " (with more features than examples x·xᵀ is singular: solve xᵀw = yᵀ itself)");
  }
}

/// The book's cubic: y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! (+ noise), as weights of the features.
inline const arma::mat& true_weights() {
  static const arma::mat w = arma::mat(arma::vec{5.0, 1.2, -3.4, 5.6});
  return w;
}

/// The book's data: n inputs x ~ N(0, 1), their features xⁱ/i! (i < max_degree, exercise 4.1)
/// and the targets y = cubic(x) + ε, ε ~ N(0, σ²). Columns are examples; the first `n_train`
/// are the training set, the rest the test set.
struct PolyData {
  arma::mat x;         ///< 1 × n inputs
  arma::mat features;  ///< max_degree × n, row i = xⁱ/i!
  arma::mat y;         ///< 1 × n targets
  arma::uword n_train = 0;

  arma::uword n_test() const { return x.n_cols - n_train; }
  /// The first d features of the training (or test) examples.
  arma::mat train_x(arma::uword d) const { return features.submat(0, 0, d - 1, n_train - 1); }
  arma::mat test_x(arma::uword d) const { return features.submat(0, n_train, d - 1, x.n_cols - 1); }
  arma::mat train_y() const { return y.head_cols(n_train); }
  arma::mat test_y() const { return y.tail_cols(n_test()); }
};

/// Draws the book's data from `rng` through one N(0, 1) distribution: first the n_train +
/// n_test inputs, then their noise (as the book draws `features`, then the label noise).
/// The targets come from the cubic itself, not from the features, so a wrong exercise 4.1
/// shows in the fits instead of hiding in the data.
inline PolyData make_data(std::mt19937_64& rng, arma::uword n_train, arma::uword n_test, arma::uword max_degree,
                          double noise = 0.1) {
  std::normal_distribution<double> normal(0.0, 1.0);
  PolyData d;
  d.n_train = n_train;
  d.x.set_size(1, n_train + n_test);
  d.y.set_size(1, n_train + n_test);
  for (double& v : d.x) v = normal(rng);
  for (arma::uword j = 0; j < d.x.n_cols; ++j) {
    const double x = d.x(j);
    d.y(j) = 5.0 + 1.2 * x - 3.4 * x * x / 2 + 5.6 * x * x * x / 6 + noise * normal(rng);
  }
  d.features = features_of(d.x, max_degree);
  return d;
}

/// Which squared loss trains and is reported: D2L's l = ½(ŷ − y)² (its definition, and the
/// MXNet code's `L2Loss`), or PyTorch's `nn.MSELoss`, l = (ŷ − y)², which the book's PyTorch
/// code uses: twice the loss, twice the gradient, so SGD at η takes the steps of 2η.
enum class Loss { half, mse };

/// The factor c of l = c·½(ŷ − y)²: 1 for `half`, 2 for `mse`.
inline double loss_factor(Loss loss) { return loss == Loss::mse ? 2.0 : 1.0; }

/// The mean loss of w on (x, y) in the chosen convention: c·L(w), L from exercise 4.2.
inline double mean_loss(Loss loss, const arma::mat& w, const arma::mat& x, const arma::mat& y) {
  return loss_factor(loss) * guarded("4.2", [&] { return squared_loss(w, x, y); });
}

/// The settings of the book's `train`: SGD with learning rate 0.01 on minibatches of 10.
struct SgdConfig {
  int epochs = 400;
  double lr = 0.01;
  arma::uword batch_size = 10;
  Loss loss = Loss::half;
};

/// An SGD fit: the weights and the mean training and test loss after every epoch.
struct SgdFit {
  arma::mat w;                           ///< d × 1
  std::vector<double> train_loss, test_loss;
  int diverged_in_epoch = 0;             ///< 0, or the epoch whose loss was no longer finite
};

/// Trains ŷ = wᵀx with minibatch SGD as the book's `train` does: w starts uniform in
/// ±1/√d (PyTorch's `nn.Linear` without bias); each epoch visits the training examples in a
/// new random order, in minibatches; each minibatch takes one step
/// w ← w − η·c·∂L/∂w (exercises 4.3 and 2.6). Stops at the first epoch whose loss is not
/// finite and records it in `diverged_in_epoch`: the caller decides what that means.
inline SgdFit fit_sgd(const arma::mat& x_train, const arma::mat& y_train, const arma::mat& x_test,
                      const arma::mat& y_test, const SgdConfig& config, std::mt19937_64& rng) {
  SgdFit fit;
  const arma::uword d = x_train.n_rows;
  std::uniform_real_distribution<double> uniform(-1.0 / std::sqrt(double(d)), 1.0 / std::sqrt(double(d)));
  fit.w.set_size(d, 1);
  for (double& v : fit.w) v = uniform(rng);
  Minibatches batches(x_train.n_cols, config.batch_size, rng());
  const double c = loss_factor(config.loss);
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    batches.shuffle();
    //! [sgd step]
    for (arma::uword k = 0; k < batches.count(); ++k) {
      const arma::uvec idx = batches.indices(k);
      const arma::mat dL_dw = c * gradient_of(fit.w, x_train.cols(idx), y_train.cols(idx));
      sgd_step(fit.w, dL_dw, config.lr);
    }
    //! [sgd step]
    fit.train_loss.push_back(mean_loss(config.loss, fit.w, x_train, y_train));
    fit.test_loss.push_back(mean_loss(config.loss, fit.w, x_test, y_test));
    if (interrupted()) stop_if_interrupted(fmt::format("epoch {} of the polynomial fit", epoch));
    if (!std::isfinite(fit.train_loss.back()) || !std::isfinite(fit.test_loss.back())) {
      fit.diverged_in_epoch = epoch;
      break;
    }
  }
  return fit;
}

/// The shape of the loss surface: L(w) is a quadratic whose Hessian is (1/n)·x·xᵀ (times c).
/// Its largest eigenvalue bounds the learning rates for which SGD's full-batch step is stable,
/// η < 2/λ_max; its smallest sets how fast the slowest direction converges, by a factor
/// (1 − ηλ_min) per step. σ_max/σ_min of x is the condition number of the feature matrix.
struct Curvature {
  arma::vec lambda;                       ///< eigenvalues of (1/n)·x·xᵀ (the half loss), descending
  double lambda_max = 0, lambda_min = 0;  ///< the largest and the smallest of them
  double cond = 0;                        ///< σ_max/σ_min of x = √(λ_max/λ_min)

  /// How many directions a run of `steps` SGD steps at effective rate η·c has moved along:
  /// those with η·c·λ·steps > 1, where (1 − η·c·λ)^steps < 1/e of the initial error is left.
  arma::uword resolved(double eta_c, double steps) const { return arma::accu(lambda * eta_c * steps > 1.0); }
};

/// The curvature of the half loss on the features x (d × n, d ≤ n), from the SVD of x.
inline Curvature curvature(const arma::mat& x) {
  const arma::vec s = arma::svd(x);  // descending
  Curvature c;
  c.lambda = arma::square(s) / double(x.n_cols);
  c.lambda_max = c.lambda(0);
  c.lambda_min = c.lambda(c.lambda.n_elem - 1);
  c.cond = s(0) / s(s.n_elem - 1);
  return c;
}

/// The same features without the 1/i! of exercise 4.1: row i times i!, the raw powers xⁱ.
inline arma::mat raw_powers(const arma::mat& features) {
  arma::mat raw = features;
  double factorial = 1;
  for (arma::uword i = 1; i < raw.n_rows; ++i) raw.row(i) *= (factorial *= double(i));
  return raw;
}

/// Throws UserError for a fit that diverged: which fit, in which epoch, and the learning rate
/// that would be stable, 2/(c·λ_max).
inline void require_converging(const SgdFit& fit, const std::string& what, const SgdConfig& config,
                               const arma::mat& x_train) {
  if (fit.diverged_in_epoch == 0) return;
  const double limit = 2 / (loss_factor(config.loss) * curvature(x_train).lambda_max);
  throw UserError(fmt::format("SGD diverged in epoch {} of the {} (the loss is no longer finite): the learning rate "
                              "{} is above 2/λ_max = {:.3g} for these features; try --lr {:.2g}",
                              fit.diverged_in_epoch, what, config.lr, limit, limit / 2));
}

}  // namespace wb::ch4
