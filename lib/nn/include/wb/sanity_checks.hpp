/// \file
/// \brief Checks with a reason, run before training in the learner's build (as CS231n's
/// notebooks run them): the initial loss of a 10-class network is close to ln 10, the backward
/// pass agrees with numeric differentiation, and a small network can overfit 50 examples. Each
/// failure names the exercise most likely at fault.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <string>
#include <vector>

#include "wb/exercise_guard.hpp"
#include "wb/exercises.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/gradcheck.hpp"
#include "wb/mlp.hpp"
#include "wb/numeric.hpp"

namespace wb {

/// One sanity check: what it found, why it should hold, and whom to suspect when it does not.
struct SanityCheck {
  bool passed = false;
  std::string finding;  ///< "the initial loss is 2.3031, close to ln 10 = 2.3026"
  std::string reason;   ///< why it should hold
  std::string suspect;  ///< the exercise most likely at fault ("2.3"), when it fails
};

/// The mean softmax cross-entropy in long double, the textbook way: the reference the
/// learner's loss (exercise 2.3) is compared with.
inline double reference_loss(const arma::mat& o, const arma::uvec& y) {
  long double total = 0;
  for (arma::uword i = 0; i < o.n_cols; ++i) {
    const long double m = o.col(i).max();
    long double sum = 0;
    for (arma::uword k = 0; k < o.n_rows; ++k) sum += std::exp(static_cast<long double>(o(k, i)) - m);
    total += std::log(sum) - (o(y(i), i) - m);
  }
  return double(total / o.n_cols);
}

/// The loss of an untrained network: with weights of σ = 0.01 the logits are nearly equal,
/// every class gets probability ≈ 1/q, so L ≈ ln q. `loss` is the learner's, `reference` the
/// textbook value for the same logits.
inline SanityCheck check_initial_loss(double loss, double reference, arma::uword classes) {
  SanityCheck c;
  const double expected = std::log(double(classes));
  const bool agrees = std::isfinite(loss) && std::abs(loss - reference) <= 1e-4 * std::max(1.0, std::abs(reference));
  const bool near = std::abs(loss - expected) <= 0.1 * expected;
  c.passed = agrees && near;
  c.finding = fmt::format("the initial loss is {:.4f} (the textbook formula gives {:.4f}; ln {} = {:.4f})", loss,
                          reference, classes, expected);
  c.reason = fmt::format("with weights this small every class gets probability ≈ 1/{}, so L ≈ ln {}", classes, classes);
  c.suspect = "2.3";
  return c;
}

/// The verdict on the gradient checks of a small network's backward pass, rows named "dL/do",
/// "dL/dW(1)", "dL/db(1)", …, "dL/dW(L)" for L layers: which rows failed decides the suspect
/// (∂L/∂o or the output layer: 2.4; only hidden layers, the output layer right: the exercise of
/// the activation's derivative, `activation_exercise`, which lies between them — 2.2 for ReLU).
inline SanityCheck check_backward_pass(const std::vector<GradCheckReport>& rows, std::size_t layers,
                                       const std::string& activation_exercise = ReLU::exercise) {
  SanityCheck c;
  std::vector<std::string> failed;
  std::string first_diagnosis;
  for (const GradCheckReport& r : rows)
    if (!r.passed()) {
      failed.push_back(r.name);
      if (first_diagnosis.empty()) first_diagnosis = r.diagnosis;
    }
  c.passed = failed.empty();
  c.reason = "backpropagation must give the derivatives that numeric differentiation measures";
  if (c.passed) {
    c.finding = "the gradients of a small network agree with numeric differentiation (dL/do, every dW and db)";
    return c;
  }
  c.finding = fmt::format("the gradients of {} disagree with numeric differentiation: {}", fmt::join(failed, ", "),
                          first_diagnosis);
  const std::string output = fmt::format("({})", layers);
  const bool hidden_only = std::none_of(failed.begin(), failed.end(), [&](const std::string& name) {
    return name == "dL/do" || name.find(output) != std::string::npos;
  });
  c.suspect = hidden_only ? activation_exercise : "2.4";
  return c;
}

/// The verdict on overfitting a tiny training set: a network that can learn must reach 100 %
/// on 50 examples. `step_ok` says whether one SGD step moved W to W − η·dW.
inline SanityCheck check_overfit(double accuracy, arma::uword examples, int steps, bool step_ok) {
  SanityCheck c;
  c.passed = accuracy >= 1.0;
  c.finding = fmt::format("a small network fits {} training examples to {:.0f} % in {} steps", examples, 100 * accuracy, steps);
  c.reason = "a network with more parameters than examples can learn them by heart; if it cannot, training is broken";
  c.suspect = step_ok ? "2.4" : "2.6";
  return c;
}

/// Sanity check 1: the initial loss of the run's network on the first minibatch of `train`,
/// the learner's softmax cross-entropy against the textbook formula and ln 10.
inline SanityCheck initial_loss_check(const Dataset& train, const MlpConfig& net_config, std::uint64_t seed) {
  const arma::uword classes = 10;
  Mlp<float> net(train.X.n_rows, classes, net_config);
  net.init(seed);
  const arma::uword n = std::min<arma::uword>(256, train.size());
  const arma::fmat O = net.forward(train.X.head_cols(n));
  const arma::uvec y = train.y.head(n);
  const double loss = double(guarded("2.3", [&] { return softmax_cross_entropy(O, y); }));
  return check_initial_loss(loss, reference_loss(convert<double>(O), y), classes);
}

/// The gradient checks of a network's backward pass for inputs X and labels y: dL/do, then
/// dL/dW(l) and dL/db(l) of every layer l, each against L as a function of that parameter alone.
inline std::vector<GradCheckReport> backward_pass_rows(Mlp<double>& net, const arma::mat& X, const arma::uvec& y) {
  const arma::mat O = net.forward(X);
  const arma::mat dO = guarded("2.4", [&] { return softmax_cross_entropy_gradient(O, y); });
  DiagnosisContext context;
  context.batch = double(X.n_cols);
  std::vector<GradCheckReport> rows;
  rows.push_back(check_gradient("dL/do", [&](const arma::mat& o) { return reference_loss(o, y); }, O, dO, {}, context));
  net.backward(X, dO);
  // L as a function of one parameter of the network, the others fixed.
  const auto loss_with = [&](arma::mat& param) {
    return [&](const arma::mat& value) {
      const arma::mat saved = param;
      param = value;
      const double v = reference_loss(net.forward(X), y);
      param = saved;
      return v;
    };
  };
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    Linear<double>& layer = net.layers[l];
    const arma::mat W = layer.W, dW = layer.dW, b = layer.b, db = layer.db;
    rows.push_back(check_gradient(fmt::format("dL/dW({})", l + 1), loss_with(layer.W), W, dW, {}, context));
    rows.push_back(check_gradient(fmt::format("dL/db({})", l + 1), loss_with(layer.b), b, db, {}, context));
  }
  return rows;
}

/// Sanity check 2: the backward pass of a small network in double (the run's depth and
/// activation, 5 units a layer, 6 inputs, 3 classes, 4 random examples) against the gradient
/// checker.
inline SanityCheck backward_pass_check(const MlpConfig& net_config, std::uint64_t seed) {
  MlpConfig small = net_config;
  small.hidden.assign(net_config.hidden.size(), 5);
  small.dropout.clear();
  small.init_sigma = 0.5;
  const arma::uword d = 6;
  Mlp<double> net(d, 3, small);
  net.init(seed);
  arma::arma_rng::set_seed(seed);
  const arma::mat X = arma::randn<arma::mat>(d, 4);
  const arma::uvec y = {0, 2, 1, 2};
  const std::vector<GradCheckReport> rows = backward_pass_rows(net, X, y);
  const std::string suspect = with_activation(net_config.activation, [](auto phi) { return std::string(phi.exercise); });
  return check_backward_pass(rows, net.layers.size(), suspect);
}

/// Sanity check 3: a network of the run's depth, 64 units a layer, overfits the first 50
/// examples of `train` in 300 full-batch steps; and its first step is checked against W − η·dW.
inline SanityCheck overfit_check(const Dataset& train, const MlpConfig& net_config, std::uint64_t seed) {
  MlpConfig small = net_config;
  small.hidden.assign(net_config.hidden.size(), 64);
  small.dropout.clear();
  small.weight_decay = 0;
  small.init_sigma = 0.1;
  const arma::uword n = std::min<arma::uword>(50, train.size());
  Mlp<float> net(train.X.n_rows, 10, small);
  net.init(seed);
  const arma::fmat X = train.X.head_cols(n);
  const arma::uvec y = train.y.head(n);
  const float lr = 0.5f;
  const int steps = 300;
  bool step_ok = true;
  for (int t = 0; t < steps; ++t) {
    const arma::fmat& O = net.forward(X, Mode::train);
    const arma::fmat dO = softmax_cross_entropy_gradient(O, y);
    net.backward(X, dO);
    if (t == 0) {
      const arma::fmat expected = net.layers.back().W - lr * net.layers.back().dW;
      net.step(lr);
      step_ok = arma::approx_equal(net.layers.back().W, expected, "absdiff", 1e-6f);
    } else {
      net.step(lr);
    }
  }
  return check_overfit(net.accuracy(X, y), n, steps, step_ok);
}

/// Runs the three checks, in order, for a run whose network is `net_config` (its depth and its
/// activation φ) on the first examples of `train`.
inline std::vector<SanityCheck> sanity_checks(const Dataset& train, const MlpConfig& net_config, std::uint64_t seed) {
  return {initial_loss_check(train, net_config, seed), backward_pass_check(net_config, seed),
          overfit_check(train, net_config, seed)};
}

}  // namespace wb
