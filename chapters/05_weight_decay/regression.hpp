/// \file
/// \brief Chapter 5: the book's weight-decay experiment (D2L, "Weight decay") — a linear
/// regression with d = 200 inputs and only 20 training samples, trained by minibatch SGD with
/// the decayed step — and its closed form, the ridge solution.
///
/// Samples are columns: x is d × n and y is 1 × n. The model is ŷ = wᵀx + b with the squared
/// loss l = (ŷ − y)²/2; the objective is J = L + λ/2‖w‖², the bias not penalized.
#pragma once

#include <fmt/format.h>

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "wb/exercises.hpp"
#include "wb/minibatches.hpp"
#include "wb/runtime.hpp"

namespace wb::ch05 {

/// The experiment's settings, by default the book's: `n_train, n_test, num_inputs,
/// batch_size = 20, 100, 200, 5`, `true_w = 0.01`, `true_b = 0.05`, `num_epochs, lr = 100, 0.003`.
struct Settings {
  arma::uword inputs = 200;    ///< d, the number of inputs
  arma::uword n_train = 20;    ///< training samples
  arma::uword n_test = 100;    ///< test samples
  double true_w = 0.01;        ///< every entry of the true weight vector
  double true_b = 0.05;        ///< the true bias
  double noise = 0.01;         ///< σ of the noise ε
  arma::uword batch_size = 5;  ///< samples per minibatch
  double lr = 0.003;           ///< η
  int epochs = 100;            ///< passes over the training set
};

/// Samples as columns: x is d × n, y is 1 × n.
struct Samples {
  arma::mat x;
  arma::rowvec y;
  arma::uword size() const { return x.n_cols; }
};

/// The training and the test set.
struct Problem {
  Samples train, test;
};

/// `d2l.synthetic_data`: n samples x ~ N(0, I) with y = wᵀx + b + ε, ε ~ N(0, σ²), for the true
/// w = (0.01, …, 0.01) and b = 0.05.
inline Samples synthetic_data(const Settings& s, arma::uword n, std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Samples data;
  data.x.set_size(s.inputs, n);
  data.x.imbue([&] { return normal(rng); });
  data.y = s.true_w * arma::sum(data.x, 0) + s.true_b;
  data.y.for_each([&](double& v) { v += s.noise * normal(rng); });
  return data;
}

/// The linear model ŷ = wᵀx + b. The bias is a vector of one entry, so that the SGD step of
/// exercise 2.6 updates it as it updates every bias of the MLP.
struct Model {
  arma::vec w;
  arma::vec b = arma::vec(1, arma::fill::zeros);
};

/// The book's `init_params`: w ~ N(0, 1), b = 0.
inline Model init_model(arma::uword inputs, std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Model m;
  m.w.set_size(inputs);
  m.w.imbue([&] { return normal(rng); });
  return m;
}

/// The predictions ŷ = wᵀx + b, one per column of x.
inline arma::rowvec predict(const Model& m, const arma::mat& x) { return m.w.t() * x + m.b(0); }

/// The book's squared loss, averaged over the samples: \f$ L = \frac{1}{n}\sum_i \frac{1}{2}(\hat y_i - y_i)^2 \f$.
inline double squared_loss(const Model& m, const Samples& data) {
  const arma::rowvec r = predict(m, data.x) - data.y;
  return arma::dot(r, r) / (2.0 * double(data.size()));
}

/// The objective J = L + s with the L2 penalty s = λ/2‖w‖² of exercise 5.1 (the bias not
/// penalized): equation (1) of the page.
inline double objective(const Model& m, const Samples& data, double lambda) {
  return squared_loss(m, data) + l2_penalty(m.w, lambda);
}

/// The gradient of the squared loss L (without the penalty) over the columns of x.
struct Gradient {
  arma::vec dw;  ///< ∂L/∂w, d × 1
  arma::vec db;  ///< ∂L/∂b, 1 × 1
};

/// With the residuals r = ŷ − y (1 × n):
/// \f[ \frac{\partial L}{\partial \mathbf{w}} = \frac{1}{n}\,\mathbf{x}\,\mathbf{r}^\top, \qquad
///     \frac{\partial L}{\partial b} = \frac{1}{n}\sum_i r_i . \f]
/// ∂L/∂w is a combination of the columns of x: it lies in the span of the inputs.
inline Gradient loss_gradient(const Model& m, const arma::mat& x, const arma::rowvec& y) {
  const arma::rowvec r = predict(m, x) - y;
  const double n = double(x.n_cols);
  return {x * r.t() / n, arma::vec{arma::accu(r) / n}};
}

/// What a run measured after each epoch: L on the training and on the test set.
struct EpochLosses {
  double train = 0, test = 0;
};

/// One training run.
struct Run {
  double lambda = 0;
  Model model;                      ///< after the last epoch
  std::vector<EpochLosses> losses;  ///< one entry per epoch
  arma::uword steps = 0;            ///< SGD steps taken
  /// The largest |difference|, over every step, between the decayed step (exercise 5.2) and
  /// the plain SGD step on J with the penalty's gradient (exercises 7.2 and 2.6).
  double step_difference = 0;
};

/// One minibatch step on J = L + λ/2‖w‖²: the weights through the decayed step of exercise
/// 5.2, the bias through the plain SGD step of exercise 2.6 (not decayed). Returns the largest
/// difference between the decayed step and the same step written as SGD on J, with the
/// penalty's gradient λw of exercise 7.2: the two are the same formula, to rounding.
inline double sgd_step_on_J(Model& m, const arma::mat& x, const arma::rowvec& y, double lambda, double lr) {
  //! [decayed step]
  const Gradient g = loss_gradient(m, x, y);
  arma::vec on_J = m.w;                                            // w before the step
  decayed_sgd_step(m.w, g.dw, lr, lambda);                         // (1 − ηλ)w − η∇L, exercise 5.2
  const arma::mat dJ_dw = g.dw + penalty_gradient(on_J, lambda);  // ∇L + λw, exercise 7.2 (equation B1)
  sgd_step(on_J, dJ_dw, lr);                                       // w − η(∇L + λw), exercise 2.6
  sgd_step(m.b, g.db, lr);                                         // the bias: no decay
  //! [decayed step]
  return arma::abs(m.w - on_J).max();
}

/// The book's `train(lambd)`: minibatch SGD from `init` on the training set, reshuffled every
/// epoch (seeded), with L on both sets recorded after every epoch.
inline Run train(const Problem& p, const Model& init, double lambda, const Settings& s, std::uint64_t seed) {
  Run run;
  run.lambda = lambda;
  run.model = init;
  Minibatches batches(p.train.size(), s.batch_size, seed);
  for (int epoch = 1; epoch <= s.epochs; ++epoch) {
    batches.shuffle();
    for (arma::uword k = 0; k < batches.count(); ++k) {
      const arma::uvec idx = batches.indices(k);
      const double d = sgd_step_on_J(run.model, p.train.x.cols(idx), p.train.y.cols(idx), lambda, s.lr);
      run.step_difference = std::max(run.step_difference, d);
      ++run.steps;
    }
    run.losses.push_back({squared_loss(run.model, p.train), squared_loss(run.model, p.test)});
    if (interrupted()) stop_if_interrupted(fmt::format("epoch {} of the run with λ = {:g}", epoch, lambda));
  }
  return run;
}

/// The part of v orthogonal to the columns of x: v − QQᵀv, with x = QR (LAPACK's QR). For the
/// training inputs this is the part of w that the loss's gradient never touches.
inline arma::vec orthogonal_part(const arma::mat& x, const arma::vec& v) {
  arma::mat Q, R;
  arma::qr_econ(Q, R, x);
  return v - Q * (Q.t() * v);
}

/// The closed form (ridge regression), λ > 0: the minimizer of J(w, b). ∂J/∂b = 0 gives
/// b = ȳ − x̄ᵀw, and with the centred data x_c = x − x̄1ᵀ, y_c = y − ȳ1ᵀ,
/// \f[ \left(\mathbf{x}_c\mathbf{x}_c^\top + n\lambda\mathbf{I}\right)\mathbf{w}^* = \mathbf{x}_c\,\mathbf{y}_c^\top, \f]
/// a d × d symmetric positive definite system, solved by LAPACK.
inline Model ridge(const Samples& train, double lambda) {
  const arma::vec x_mean = arma::mean(train.x, 1);
  const double y_mean = arma::mean(train.y);
  const arma::mat xc = train.x.each_col() - x_mean;
  const arma::rowvec yc = train.y - y_mean;
  const double n = double(train.size());
  const arma::mat A = xc * xc.t() + n * lambda * arma::eye(train.x.n_rows, train.x.n_rows);
  Model m;
  m.w = arma::solve(A, xc * yc.t(), arma::solve_opts::likely_sympd);
  m.b(0) = y_mean - arma::dot(x_mean, m.w);
  return m;
}

/// Full-batch gradient descent on J, run until a step no longer changes (w, b): the check
/// that the iteration's fixed point is the closed form.
struct Descent {
  Model model;
  arma::uword steps = 0;
  double lr = 0;    ///< 1/L, L the largest eigenvalue of J's Hessian
  double rate = 0;  ///< 1 − μ/L, μ the smallest: the error shrinks at least this much per step
  bool converged = false;
};

/// J is quadratic in (w, b) with the Hessian H = (1/n) a aᵀ + λ diag(1, …, 1, 0), a = [x; 1ᵀ];
/// gradient descent with step 1/L converges like (1 − μ/L)^k, with μ and L the smallest and
/// largest eigenvalues of H (LAPACK's symmetric eigensolver).
inline Descent descend(const Samples& train, const Model& init, double lambda, arma::uword max_steps) {
  const arma::uword d = train.x.n_rows;
  const double n = double(train.size());
  const arma::mat a = arma::join_cols(train.x, arma::rowvec(train.size(), arma::fill::ones));
  arma::vec decay(d + 1, arma::fill::value(lambda));
  decay(d) = 0;  // the bias is not penalized
  const arma::vec eigenvalues = arma::eig_sym(arma::mat(a * a.t() / n + arma::diagmat(decay)));
  Descent run;
  run.model = init;
  run.lr = 1.0 / eigenvalues.max();
  run.rate = 1.0 - eigenvalues.min() / eigenvalues.max();
  while (run.steps < max_steps && !run.converged) {
    const Model before = run.model;
    sgd_step_on_J(run.model, train.x, train.y, lambda, run.lr);
    ++run.steps;
    const double change = arma::norm(run.model.w - before.w) + std::abs(run.model.b(0) - before.b(0));
    run.converged = change <= 1e-15 * (arma::norm(run.model.w) + std::abs(run.model.b(0)));
  }
  return run;
}

}  // namespace wb::ch05
