/// \file
/// \brief Chapter 7's graph: the problem it is evaluated on, the forward pass that keeps the
/// intermediates, and the backward pass that chains the exercise functions (A … E2) as the
/// notes chain them. The chapter's page quotes `forward` and `backward` from here.
///
/// The graph (计算图), samples as columns, n examples:
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x},\quad \mathbf{h} = \phi(\mathbf{z}),\quad
///     \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h},\quad L = \tfrac{1}{n}\sum_i l(\mathbf{o}_i, y_i),\quad
///     s = \tfrac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big),\quad
///     J = L + s \f]
#pragma once

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <random>
#include <tuple>

#include "wb/exercises.hpp"  // 2.3 (the loss) and the backward equations A … E2 (7.1 … 7.7)

namespace wb::ch7 {

// ------------------------------------------------------------------------------------------
// 1. The problem: data and parameters (in double; the complex step lifts them as needed)
// ------------------------------------------------------------------------------------------

/// Layer sizes: d inputs, h hidden units, q classes. Unequal by default, so that a missing
/// transpose changes a shape instead of passing by accident.
struct Sizes {
  arma::uword d = 5, h = 4, q = 3;
};

/// Everything the graph is evaluated on. `b1`, `b2` are used by chapter 2's layers only
/// (the notes' graph has no biases).
struct Problem {
  arma::mat x;    ///< inputs, d × n
  arma::uvec y;   ///< labels, n class indices in [0, q)
  arma::mat W1;   ///< h × d
  arma::mat W2;   ///< q × h
  double lambda;  ///< weight decay λ (正则化 / 权重衰减)
  arma::vec b1;   ///< h (second table only)
  arma::vec b2;   ///< q (second table only)

  arma::uword batch() const { return x.n_cols; }
};

/// A seeded random problem: standard normal inputs, weights scaled by their fan-in, small
/// random biases, uniform labels.
/// \f[ x_{ij} \sim \mathcal{N}(0, 1),\quad W^{(1)}_{jk} \sim \mathcal{N}(0, 1/d),\quad
///     W^{(2)}_{jk} \sim \mathcal{N}(0, 1/h),\quad b_j \sim \mathcal{N}(0, 0.1^2),\quad
///     y_i \sim \mathcal{U}\{0, \dots, q-1\} \f]
inline Problem make_problem(const Sizes& s, arma::uword n, double lambda, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_int_distribution<arma::uword> label(0, s.q - 1);
  Problem p;
  p.x.set_size(s.d, n);
  p.x.imbue([&] { return normal(rng); });
  p.W1.set_size(s.h, s.d);
  p.W1.imbue([&] { return normal(rng) / std::sqrt(double(s.d)); });
  p.W2.set_size(s.q, s.h);
  p.W2.imbue([&] { return normal(rng) / std::sqrt(double(s.h)); });
  p.b1.set_size(s.h);
  p.b1.imbue([&] { return 0.1 * normal(rng); });
  p.b2.set_size(s.q);
  p.b2.imbue([&] { return 0.1 * normal(rng); });
  p.y.set_size(n);
  p.y.imbue([&] { return label(rng); });
  p.lambda = lambda;
  return p;
}

/// Puts ReLU's kink into the data: makes z₀₀ exactly 0 (x₀₀ = x₁₀ = 1, W1₀₀ = ½, W1₀₁ = −½,
/// the rest of W1's first row 0; all exact in floating point). Needs d ≥ 2.
/// \f[ z_{00} = \sum_k W^{(1)}_{0k} x_{k0} = \tfrac12 \cdot 1 - \tfrac12 \cdot 1 = 0 \f]
inline void plant_kink(Problem& p) {
  p.x(0, 0) = 1.0;
  p.x(1, 0) = 1.0;
  p.W1.row(0).zeros();
  p.W1(0, 0) = 0.5;
  p.W1(0, 1) = -0.5;
}

// ------------------------------------------------------------------------------------------
// 2. The forward pass (前向传播), keeping the intermediates the backward pass needs
// ------------------------------------------------------------------------------------------

/// The penalty, written with ∑ W² rather than a norm so that it stays complex-analytic
/// (the complex step needs f(x + ih) to be the analytic continuation, and |w|² is not).
/// \f[ s = \frac{\lambda}{2}\Big(\sum_{ij} W^{(1)2}_{ij} + \sum_{ij} W^{(2)2}_{ij}\Big) \f]
template <typename eT>
eT penalty(const arma::Mat<eT>& W1, const arma::Mat<eT>& W2, double lambda) {
  return eT(lambda / 2) * (arma::accu(W1 % W1) + arma::accu(W2 % W2));
}

/// The intermediates of one forward pass.
template <typename eT>
struct Forward {
  arma::Mat<eT> z, h, o;  ///< h × n, h × n, q × n
  eT L, s, J;
};

/// The forward pass of the notes' graph, for any element type (double; complex for the complex step).
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x},\quad \mathbf{h} = \phi(\mathbf{z}),\quad
///     \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h},\quad J = L(\mathbf{o}, y) + s(\mathbf{W}^{(1)}, \mathbf{W}^{(2)}) \f]
template <typename Phi, typename eT>
Forward<eT> forward(const arma::Mat<eT>& x, const arma::uvec& y, const arma::Mat<eT>& W1,
                    const arma::Mat<eT>& W2, double lambda) {
  //! [forward]
  Forward<eT> f;
  f.z = W1 * x;                          // z = W1 x
  f.h = Phi::f(f.z);                     // h = φ(z)
  f.o = W2 * f.h;                        // o = W2 h
  f.L = softmax_cross_entropy(f.o, y);   // L = l(o, y), mean over the batch (exercise 2.3)
  f.s = penalty(W1, W2, lambda);         // s = λ/2 (‖W1‖² + ‖W2‖²)
  f.J = f.L + f.s;                       // J = L + s
  //! [forward]
  return f;
}

/// The forward pass on a problem's data and weights, in double.
/// \f[ J = \tfrac{1}{n}\sum_i l\big(\mathbf{W}^{(2)}\phi(\mathbf{W}^{(1)}\mathbf{x}_i), y_i\big)
///     + \tfrac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big) \f]
template <typename Phi>
Forward<double> forward(const Problem& p) {
  return forward<Phi>(p.x, p.y, p.W1, p.W2, p.lambda);
}

// ------------------------------------------------------------------------------------------
// 3. The backward pass (反向传播): the exercise functions, chained as in the notes
// ------------------------------------------------------------------------------------------

/// Every gradient of one backward pass.
struct Backward {
  double dJ_dL = 0, dJ_ds = 0;
  arma::mat ds_dW1, ds_dW2, dL_do, dJ_do, dJ_dh, dJ_dz, dJ_dW1, dJ_dW2;
};

/// The backward pass from J down to W1 and W2, one exercise function per equation, each fed
/// the analytic results of the ones before it (the checks feed numeric ones instead).
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(1)}} = \Big(\mathbf{W}^{(2)\top}\frac{\partial J}{\partial \mathbf{o}}
///     \odot \phi'(\mathbf{z})\Big)\mathbf{x}^\top + \lambda\mathbf{W}^{(1)},\qquad
///     \frac{\partial J}{\partial \mathbf{W}^{(2)}} = \frac{\partial J}{\partial \mathbf{o}}\mathbf{h}^\top
///     + \lambda\mathbf{W}^{(2)} \f]
template <typename Phi>
Backward backward(const Problem& p, const Forward<double>& f) {
  Backward b;
  //! [backward]
  std::tie(b.dJ_dL, b.dJ_ds) = objective_partials<double>();                // (A)
  b.ds_dW1 = penalty_gradient(p.W1, p.lambda);                               // (B1)
  b.ds_dW2 = penalty_gradient(p.W2, p.lambda);                               // (B1)
  b.dL_do = softmax_cross_entropy_gradient(f.o, p.y);                        // exercise 2.4
  b.dJ_do = output_gradient(b.dJ_dL, b.dL_do);                               // (B2)
  b.dJ_dh = hidden_gradient(p.W2, b.dJ_do);                                  // (C)
  b.dJ_dz = preactivation_gradient(b.dJ_dh, f.z, Phi{});                     // (D)
  b.dJ_dW1 = first_weight_gradient(b.dJ_dz, p.x, b.dJ_ds, b.ds_dW1);         // (E1)
  b.dJ_dW2 = second_weight_gradient(b.dJ_do, f.h, b.dJ_ds, b.ds_dW2);        // (E2)
  //! [backward]
  return b;
}

}  // namespace wb::ch7
