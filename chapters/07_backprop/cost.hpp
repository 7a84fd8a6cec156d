/// \file
/// \brief Why backpropagation (反向传播) and not one derivative per parameter: the numeric
/// gradient of a sample of chapter 2's parameters, timed and extrapolated to all of them,
/// beside one backward pass. Used by `main.cpp` (`--cost`) and the chapter test.
///
/// The notes: 直接对某一个参数进行求导显然工作量过大 — differentiating with respect to each
/// parameter on its own is obviously far too much work. A central difference costs two
/// evaluations of J, each a whole forward pass, per parameter; backpropagation gives every
/// partial derivative from one forward and one backward pass.
#pragma once

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "07_backprop/graph.hpp"
#include "wb/layers.hpp"
#include "wb/mlp.hpp"
#include "wb/runtime.hpp"

namespace wb::ch7 {

/// Chapter 2's network, 784-256-10 with ReLU, on one seeded minibatch: the workload of one
/// training step. The values do not change the cost; the inputs are pixel-like, in [0, 1].
struct CostProblem {
  Mlp<double> net;
  arma::mat X;   ///< d × n inputs
  arma::uvec y;  ///< n labels in [0, q)
};

/// The network of sizes `s` initialized as chapter 2 does (seed `seed`), and n random examples.
inline CostProblem make_cost_problem(const Sizes& s, arma::uword n, std::uint64_t seed) {
  MlpConfig config;
  config.hidden = {s.h};
  CostProblem p{Mlp<double>(s.d, s.q, config), arma::mat(s.d, n), arma::uvec(n)};
  p.net.init(seed);
  std::mt19937_64 rng(seed + 1);
  std::uniform_real_distribution<double> pixel(0.0, 1.0);
  std::uniform_int_distribution<arma::uword> label(0, s.q - 1);
  p.X.imbue([&] { return pixel(rng); });
  p.y.imbue([&] { return label(rng); });
  return p;
}

/// The number of parameters, Σ over the layers of out·in + out (W and b):
/// 784·256 + 256 + 256·10 + 10 = 203 530 for chapter 2's network.
inline arma::uword parameter_count(const Mlp<double>& net) {
  arma::uword count = 0;
  for (const auto& layer : net.layers) count += layer.W.n_elem + layer.b.n_elem;
  return count;
}

/// Where parameter `k` lives, counting W⁽¹⁾ (column by column), b⁽¹⁾, W⁽²⁾, b⁽²⁾.
struct ParameterIndex {
  std::size_t layer = 0;
  bool bias = false;
  arma::uword entry = 0;
};

inline ParameterIndex locate(const Mlp<double>& net, arma::uword k) {
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& layer = net.layers[l];
    if (k < layer.W.n_elem) return {l, false, k};
    k -= layer.W.n_elem;
    if (k < layer.b.n_elem) return {l, true, k};
    k -= layer.b.n_elem;
  }
  throw std::out_of_range("locate: no such parameter");
}

/// θ_k, to read or to perturb.
inline double& parameter(Mlp<double>& net, arma::uword k) {
  const ParameterIndex i = locate(net, k);
  return i.bias ? net.layers[i.layer].b(i.entry) : net.layers[i.layer].W(i.entry);
}

/// ∂J/∂θ_k as the backward pass left it in dW or db.
inline double backprop_partial(const Mlp<double>& net, arma::uword k) {
  const ParameterIndex i = locate(net, k);
  return i.bias ? net.layers[i.layer].db(i.entry) : net.layers[i.layer].dW(i.entry);
}

/// J(θ): one forward pass and the loss (exercise 2.3).
inline double objective(CostProblem& p) { return SoftmaxCrossEntropy::forward(p.net.forward(p.X), p.y); }

/// One partial derivative by a central difference: two forward passes.
/// \f[ \frac{\partial J}{\partial\theta_k} \approx \frac{J(\theta + h\mathbf{e}_k) - J(\theta - h\mathbf{e}_k)}{2h},
///     \qquad h = \sqrt[3]{\varepsilon}\max(1, |\theta_k|) \f]
//! [numeric partial]
inline double numeric_partial(CostProblem& p, arma::uword k) {
  double& theta = parameter(p.net, k);
  const double kept = theta;
  const double h = std::cbrt(std::numeric_limits<double>::epsilon()) * std::max(1.0, std::abs(kept));
  theta = kept + h;
  const double up = objective(p);
  theta = kept - h;
  const double down = objective(p);
  theta = kept;
  return (up - down) / (2 * h);
}
//! [numeric partial]

/// Every partial derivative at once: one forward pass, ∂J/∂o (exercise 2.4), one backward pass.
inline void backpropagate(CostProblem& p) {
  arma::mat dO;
  SoftmaxCrossEntropy::backward(p.net.forward(p.X, Mode::train), p.y, dO);
  p.net.backward(p.X, dO);
}

/// Multiply-adds of the matrix products, per example, for sizes d, h, q. Forward: W⁽¹⁾x and
/// W⁽²⁾h. Backward: ∂J/∂W⁽²⁾ = ∂J/∂o hᵀ, ∂J/∂h = W⁽²⁾ᵀ∂J/∂o, ∂J/∂W⁽¹⁾ = ∂J/∂z xᵀ (∂J/∂x is
/// not needed). The numeric gradient runs two forward passes per parameter.
/// \f[ F = dh + hq, \qquad B = hq + hq + hd, \qquad \text{numeric} = 2P\,F \f]
struct Work {
  double forward = 0, backward = 0, numeric = 0;
  double ratio() const { return numeric / (forward + backward); }
};

inline Work work_per_example(const Sizes& s, arma::uword parameters) {
  Work w;
  w.forward = double(s.d * s.h + s.h * s.q);
  w.backward = double(2 * s.h * s.q + s.h * s.d);
  w.numeric = 2.0 * double(parameters) * w.forward;
  return w;
}

/// What --cost measured: seconds, and how far the sample's two gradients are apart.
struct CostReport {
  arma::uword parameters = 0;    ///< P
  arma::uword sample = 0;        ///< parameters differentiated numerically
  double backprop_seconds = 0;   ///< one forward + backward pass (mean of `repeats`)
  double numeric_seconds = 0;    ///< the sample's central differences, all of them
  double max_abs_difference = 0; ///< max |numeric − backprop| over the sample
  double max_abs_partial = 0;    ///< max |backprop| over the sample, for scale
  double per_parameter() const { return numeric_seconds / double(sample); }
  double numeric_all_seconds() const { return per_parameter() * double(parameters); }
  double ratio() const { return numeric_all_seconds() / backprop_seconds; }
};

/// `count` distinct parameter indices out of P, seeded, in increasing order.
inline std::vector<arma::uword> sample_parameters(arma::uword P, arma::uword count, std::uint64_t seed) {
  std::vector<arma::uword> all(P), picked;
  std::iota(all.begin(), all.end(), arma::uword(0));
  std::sample(all.begin(), all.end(), std::back_inserter(picked), count, std::mt19937_64(seed));
  return picked;
}

/// Times `repeats` backward passes and the central differences of `sample` parameters, and
/// compares the two on that sample.
inline CostReport measure_cost(CostProblem& p, arma::uword sample, int repeats, std::uint64_t seed) {
  CostReport r;
  r.parameters = parameter_count(p.net);
  const std::vector<arma::uword> picked = sample_parameters(r.parameters, sample, seed);
  r.sample = picked.size();
  backpropagate(p);  // once untimed: the network allocates its intermediates
  Stopwatch backward_clock;
  for (int i = 0; i < repeats; ++i) backpropagate(p);
  r.backprop_seconds = backward_clock.seconds() / repeats;
  std::vector<double> numeric;
  Stopwatch numeric_clock;
  for (arma::uword k : picked) numeric.push_back(numeric_partial(p, k));
  r.numeric_seconds = numeric_clock.seconds();
  for (std::size_t i = 0; i < picked.size(); ++i) {
    const double a = backprop_partial(p.net, picked[i]);
    r.max_abs_difference = std::max(r.max_abs_difference, std::abs(a - numeric[i]));
    r.max_abs_partial = std::max(r.max_abs_partial, std::abs(a));
  }
  return r;
}

}  // namespace wb::ch7
