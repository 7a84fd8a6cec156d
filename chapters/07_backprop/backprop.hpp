/// \file
/// \brief Chapter 7's reusable pieces: the notes' graph, its forward pass, the per-equation
/// checks (A … E2), the same checks for chapter 2's batched layers with biases, the planted
/// bugs, the memory account and the export. Included by `main.cpp` and by the chapter test.
///
/// The graph (计算图), samples as columns, n examples:
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x},\quad \mathbf{h} = \phi(\mathbf{z}),\quad
///     \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h},\quad L = \tfrac{1}{n}\sum_i l(\mathbf{o}_i, y_i),\quad
///     s = \tfrac{\lambda}{2}\big(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\big),\quad
///     J = L + s \f]
#pragma once

#include <fmt/format.h>

#include <armadillo>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>


#include "wb/activations.hpp"
#include "wb/error.hpp"
#include "wb/exercises.hpp"  // 2.3, 2.4 and the backward equations A … E2 (7.1 … 7.7)
#include "wb/gradcheck.hpp"
#include "wb/layers.hpp"
#include "wb/numeric.hpp"

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

/// A seeded random problem: x ~ N(0, 1), W ~ N(0, 1/fan-in), small random biases, uniform labels.
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

/// Puts ReLU's kink into the data: makes z₀₀ = W1(0,:)·x(:,0) exactly 0 (x₀₀ = x₁₀ = 1,
/// W1₀₀ = ½, W1₀₁ = −½, the rest of W1's first row 0; all exact in floating point).
/// Needs d ≥ 2.
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

/// The backward pass from J down to W1 and W2, one exercise function per equation.
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

// ------------------------------------------------------------------------------------------
// 4. The planted bugs: the classic mistakes, one wrong version of one equation each
// ------------------------------------------------------------------------------------------

enum class Bug { none, missing_decay, double_lambda, no_transpose, phi_not_dphi, no_batch_mean, sign };

struct BugInfo {
  Bug bug;
  const char* name;      ///< the --plant value
  const char* equation;  ///< the equation it breaks
  const char* mistake;   ///< what the wrong code does
};

inline const std::vector<BugInfo>& bugs() {
  static const std::vector<BugInfo> all = {
      {Bug::missing_decay, "missing-decay", "E2", "dJ/dW2 = dJ/do hᵀ, the λW2 path through s forgotten"},
      {Bug::double_lambda, "double-lambda", "B1", "ds/dW = 2λW, the ½ of λ/2‖W‖² forgotten"},
      {Bug::no_transpose, "no-transpose", "E1", "dJ/dW1 = x dJ/dzᵀ (+ λW1ᵀ), the samples-as-rows formula"},
      {Bug::phi_not_dphi, "phi-not-dphi", "D", "dJ/dz = dJ/dh ⊙ φ(z), the activation instead of its derivative"},
      {Bug::no_batch_mean, "no-batch-mean", "B2", "dL/do = softmax(o) − onehot(y), the sum over the batch, not the mean"},
      {Bug::sign, "sign", "B2", "dL/do = (onehot(y) − softmax(o))/n, the gradient of the log-likelihood"},
  };
  return all;
}

/// The planted bug named `name` ("none" or one of bugs()); UserError (exit 64) otherwise.
inline Bug bug_from_string(const std::string& name) {
  if (name == "none") return Bug::none;
  std::string valid;
  for (const BugInfo& b : bugs()) {
    if (name == b.name) return b.bug;
    valid += (valid.empty() ? "" : ", ") + std::string(b.name);
  }
  throw UserError("unknown bug '" + name + "' for --plant: use one of " + valid, exit_usage);
}

inline const BugInfo& bug_info(Bug bug) {
  for (const BugInfo& b : bugs())
    if (b.bug == bug) return b;
  throw std::logic_error("bug_info: no such bug");
}

namespace planted {

/// softmax(o) − onehot(y), column by column: the per-example loss gradients, summed, not averaged.
inline arma::mat softmax_minus_onehot(const arma::mat& o, const arma::uvec& y) {
  arma::mat p = arma::exp(o.each_row() - arma::max(o, 0));
  p.each_row() /= arma::sum(p, 0);
  for (arma::uword i = 0; i < o.n_cols; ++i) p(y(i), i) -= 1.0;
  return p;
}

/// double-lambda, in (B1): ∂/∂W of λ/2‖W‖² taken as 2λW.
inline arma::mat penalty_gradient(const arma::mat& W, double lambda) { return 2.0 * lambda * W; }

/// no-batch-mean, in (B2): the gradient of the summed loss, not of the mean.
inline arma::mat output_gradient_no_batch_mean(double dJ_dL, const arma::mat& o, const arma::uvec& y) {
  return dJ_dL * softmax_minus_onehot(o, y);
}

/// sign, in (B2): onehot − softmax, the gradient of the log-likelihood (which we maximise no more).
inline arma::mat output_gradient_sign(double dJ_dL, const arma::mat& o, const arma::uvec& y) {
  return -dJ_dL * softmax_minus_onehot(o, y) / double(o.n_cols);
}

/// phi-not-dphi, in (D): the activation where its derivative belongs.
template <typename Phi>
arma::mat preactivation_gradient(const arma::mat& dJ_dh, const arma::mat& z) {
  return dJ_dh % Phi::f(z);
}

/// no-transpose, in (E1): the samples-as-rows formula dW = Xᵀ dZ used with samples as columns.
inline arma::mat first_weight_gradient(const arma::mat& dJ_dz, const arma::mat& x, double dJ_ds,
                                       const arma::mat& ds_dW1) {
  return x * dJ_dz.t() + dJ_ds * ds_dW1.t();
}

/// missing-decay, in (E2): only the path through o; the path through s is forgotten.
inline arma::mat second_weight_gradient(const arma::mat& dJ_do, const arma::mat& h) {
  return dJ_do * h.t();
}

}  // namespace planted

// ------------------------------------------------------------------------------------------
// 5. Checking each equation on its own
// ------------------------------------------------------------------------------------------

/// A scalar function of one matrix for the checker. For a smooth activation the generic
/// lambda `g` is passed as is, so the checker can also run it in std::complex<double>
/// (complex step); for ReLU, which has no complex extension, it is wrapped to take real
/// matrices only.
template <typename Phi, typename G>
auto differentiable(G g) {
  if constexpr (Phi::smooth) {
    return g;
  } else {
    return [g](const arma::mat& X) { return g(X); };
  }
}

/// The names of the first table's rows, in order.
inline const std::vector<std::string>& equation_rows() {
  static const std::vector<std::string> rows = {"A   dJ/dL,dJ/ds", "B1  ds/dW1,ds/dW2", "B2  dJ/do", "C   dJ/dh",
                                                "D   dJ/dz",       "E1  dJ/dW1",        "E2  dJ/dW2"};
  return rows;
}

/// Checks equations A … E2 one by one. Row by row, the left-hand quantity is the input of
/// the rest of the graph (everything upstream of it fixed at the forward pass's values), J
/// (s for B1) is differentiated numerically with respect to it, and the exercise function
/// gets the NUMERIC upstream gradient of the rows before it, so one wrong equation fails
/// exactly its own row. `bug` replaces one equation by its planted wrong version.
template <typename Phi>
std::vector<GradCheckReport> check_equations(const Problem& p, CheckOptions options, Bug bug = Bug::none) {
  // Every entry is checked, so that each report's numeric gradient is complete: the rows
  // below take it as their upstream gradient.
  options.directional = false;
  options.samples = 0;
  const Forward<double> f = forward<Phi>(p);
  const double lambda = p.lambda;
  const double n = double(p.batch());
  const auto& name = equation_rows();
  std::vector<GradCheckReport> rows;

  // (A) J as a function of (L, s): J = L + s.
  const arma::vec Ls = {f.L, f.s};
  const auto J_of_Ls = differentiable<Phi>([](const auto& v) { return v(0) + v(1); });
  const auto [a_dJ_dL, a_dJ_ds] = objective_partials<double>();
  rows.push_back(check_gradient(name[0], J_of_Ls, Ls, arma::vec{a_dJ_dL, a_dJ_ds}, options));
  const double dJ_dL = rows[0].numeric_gradient(0);  // numeric upstream for the rows below
  const double dJ_ds = rows[0].numeric_gradient(1);

  // (B1) s as a function of (W1, W2), one row as in the notes: both matrices are the input,
  // stacked into one vector [vec(W1); vec(W2)] (like (L, s) in row A).
  const arma::uword n1 = p.W1.n_elem;
  const auto s_of_W = differentiable<Phi>([&](const auto& v) {
    using eT = typename std::decay_t<decltype(v)>::elem_type;
    const arma::Mat<eT> W1(v.memptr(), p.W1.n_rows, p.W1.n_cols);
    const arma::Mat<eT> W2(v.memptr() + n1, p.W2.n_rows, p.W2.n_cols);
    return penalty<eT>(W1, W2, lambda);
  });
  const auto stack = [](const arma::mat& A, const arma::mat& B) {
    return arma::vec(arma::join_cols(arma::vectorise(A), arma::vectorise(B)));
  };
  const bool b1_bug = bug == Bug::double_lambda;
  const arma::vec a_ds_dW = b1_bug ? stack(planted::penalty_gradient(p.W1, lambda), planted::penalty_gradient(p.W2, lambda))
                                   : stack(penalty_gradient(p.W1, lambda), penalty_gradient(p.W2, lambda));
  DiagnosisContext b1_context;
  b1_context.decay = stack(lambda * p.W1, lambda * p.W2);
  rows.push_back(check_gradient(name[1], s_of_W, stack(p.W1, p.W2), a_ds_dW, options, b1_context));
  const arma::vec ds_dW = rows[1].numeric_gradient;
  const arma::mat ds_dW1 = arma::reshape(ds_dW.head(n1), arma::size(p.W1));
  const arma::mat ds_dW2 = arma::reshape(ds_dW.tail(p.W2.n_elem), arma::size(p.W2));

  // (B2) J as a function of o: J = l(o, y) + s.
  const auto J_of_o = differentiable<Phi>([&](const auto& o) {
    using eT = typename std::decay_t<decltype(o)>::elem_type;
    return softmax_cross_entropy(o, p.y) + eT(f.s);
  });
  arma::mat a_dJ_do;
  if (bug == Bug::no_batch_mean) a_dJ_do = planted::output_gradient_no_batch_mean(dJ_dL, f.o, p.y);
  else if (bug == Bug::sign) a_dJ_do = planted::output_gradient_sign(dJ_dL, f.o, p.y);
  else a_dJ_do = output_gradient(dJ_dL, softmax_cross_entropy_gradient(f.o, p.y));
  DiagnosisContext batch_context;
  batch_context.batch = n;
  rows.push_back(check_gradient(name[2], J_of_o, f.o, a_dJ_do, options, batch_context));
  const arma::mat dJ_do = rows[2].numeric_gradient;

  // (C) J as a function of h: J = l(W2 h, y) + s.
  const auto J_of_h = differentiable<Phi>([&](const auto& h) {
    using eT = typename std::decay_t<decltype(h)>::elem_type;
    return softmax_cross_entropy(arma::Mat<eT>(convert<eT>(p.W2) * h), p.y) + eT(f.s);
  });
  DiagnosisContext c_context = batch_context;
  c_context.transpose_hint = "did you write dJ_do.t() * W2 instead of W2.t() * dJ_do?";
  rows.push_back(check_gradient(name[3], J_of_h, f.h, hidden_gradient(p.W2, dJ_do), options, c_context));
  const arma::mat dJ_dh = rows[3].numeric_gradient;

  // (D) J as a function of z: J = l(W2 φ(z), y) + s.
  const auto J_of_z = differentiable<Phi>([&](const auto& z) {
    using eT = typename std::decay_t<decltype(z)>::elem_type;
    return softmax_cross_entropy(arma::Mat<eT>(convert<eT>(p.W2) * Phi::f(z)), p.y) + eT(f.s);
  });
  const arma::mat a_dJ_dz = bug == Bug::phi_not_dphi ? planted::preactivation_gradient<Phi>(dJ_dh, f.z)
                                                      : preactivation_gradient(dJ_dh, f.z, Phi{});
  DiagnosisContext d_context = batch_context;
  d_context.hypotheses.push_back(
      {"φ instead of φ′: the analytic gradient is dJ/dh ⊙ φ(z); equation D needs the derivative φ′(z)",
       dJ_dh % Phi::f(f.z)});
  rows.push_back(check_gradient(name[4], J_of_z, f.z, a_dJ_dz, options, d_context));
  const arma::mat dJ_dz = rows[4].numeric_gradient;

  // (E1) J as a function of W1: the whole forward pass, with W1 as the variable.
  const auto J_of_W1 = differentiable<Phi>([&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return forward<Phi, eT>(convert<eT>(p.x), p.y, W, convert<eT>(p.W2), lambda).J;
  });
  const arma::mat a_dJ_dW1 = bug == Bug::no_transpose ? planted::first_weight_gradient(dJ_dz, p.x, dJ_ds, ds_dW1)
                                                      : first_weight_gradient(dJ_dz, p.x, dJ_ds, ds_dW1);
  DiagnosisContext e_context = batch_context;
  e_context.decay = lambda * p.W1;
  e_context.transpose_hint = "did you write x * dJ_dz.t() instead of dJ_dz * x.t()?";
  rows.push_back(check_gradient(name[5], J_of_W1, p.W1, a_dJ_dW1, options, e_context));

  // (E2) J as a function of W2: the whole forward pass, with W2 as the variable.
  const auto J_of_W2 = differentiable<Phi>([&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return forward<Phi, eT>(convert<eT>(p.x), p.y, convert<eT>(p.W1), W, lambda).J;
  });
  const arma::mat a_dJ_dW2 = bug == Bug::missing_decay ? planted::second_weight_gradient(dJ_do, f.h)
                                                       : second_weight_gradient(dJ_do, f.h, dJ_ds, ds_dW2);
  e_context.decay = lambda * p.W2;
  e_context.transpose_hint = "did you write h * dJ_do.t() instead of dJ_do * h.t()?";
  rows.push_back(check_gradient(name[6], J_of_W2, p.W2, a_dJ_dW2, options, e_context));
  return rows;
}

// ------------------------------------------------------------------------------------------
// 6. The same checks for chapter 2's layers: batched, with biases, J = L (no decay there)
// ------------------------------------------------------------------------------------------

/// The loss of chapter 2's network, built from its layers (wb/layers.hpp) in element type eT:
/// \f[ \mathbf{Z} = \mathbf{W}_1\mathbf{X} + \mathbf{b}_1, \quad \mathbf{H} = \phi(\mathbf{Z}),
///     \quad \mathbf{O} = \mathbf{W}_2\mathbf{H} + \mathbf{b}_2, \quad L = \mathrm{CE}(\mathbf{O}, y) \f]
template <typename Phi, typename eT>
eT layers_loss(const arma::Mat<eT>& X, const arma::uvec& y, const arma::Mat<eT>& W1, const arma::Mat<eT>& b1,
               const arma::Mat<eT>& W2, const arma::Mat<eT>& b2) {
  Linear<eT> layer1, layer2;
  layer1.W = W1;
  layer1.b = b1;
  layer2.W = W2;
  layer2.b = b2;
  arma::Mat<eT> Z, H, O;
  layer1.forward(X, Z);
  Activation<Phi>::forward(Z, H);
  layer2.forward(H, O);
  return SoftmaxCrossEntropy::forward(O, y);
}

/// The names of the second table's rows, in order.
inline const std::vector<std::string>& layer_rows() {
  static const std::vector<std::string> rows = {"O   dL/dO",  "H   dL/dH",  "Z   dL/dZ", "W2  dL/dW2",
                                                "b2  dL/db2", "W1  dL/dW1", "b1  dL/db1"};
  return rows;
}

/// Checks the backward pass and the parameter gradients of chapter 2's layers (Linear,
/// Activation<Phi>, SoftmaxCrossEntropy, in double), each on its own as above.
template <typename Phi>
std::vector<GradCheckReport> check_layers(const Problem& p, CheckOptions options) {
  options.directional = false;  // complete numeric gradients: they feed the rows below
  options.samples = 0;
  Linear<double> layer1, layer2;
  layer1.W = p.W1;
  layer1.b = p.b1;
  layer2.W = p.W2;
  layer2.b = p.b2;
  arma::mat Z, H, O;
  layer1.forward(p.x, Z);
  Activation<Phi>::forward(Z, H);
  layer2.forward(H, O);
  const auto& name = layer_rows();
  DiagnosisContext context;
  context.batch = double(p.batch());
  std::vector<GradCheckReport> rows;

  // O: L = CE(O, y).
  const auto L_of_O = differentiable<Phi>([&](const auto& O_) { return SoftmaxCrossEntropy::forward(O_, p.y); });
  arma::mat dO;
  SoftmaxCrossEntropy::backward(O, p.y, dO);
  rows.push_back(check_gradient(name[0], L_of_O, O, dO, options, context));
  const arma::mat dO_num = rows[0].numeric_gradient;

  // H: L = CE(W2 H + b2, y).
  const auto L_of_H = differentiable<Phi>([&](const auto& H_) {
    using eT = typename std::decay_t<decltype(H_)>::elem_type;
    arma::Mat<eT> O_ = convert<eT>(p.W2) * H_;
    O_.each_col() += arma::Col<eT>(convert<eT>(p.b2));
    return SoftmaxCrossEntropy::forward(O_, p.y);
  });
  arma::mat dH;
  layer2.backward(dO_num, dH);
  rows.push_back(check_gradient(name[1], L_of_H, H, dH, options, context));
  const arma::mat dH_num = rows[1].numeric_gradient;

  // Z: L = CE(W2 φ(Z) + b2, y).
  const auto L_of_Z = differentiable<Phi>([&](const auto& Z_) {
    using eT = typename std::decay_t<decltype(Z_)>::elem_type;
    arma::Mat<eT> O_ = convert<eT>(p.W2) * Phi::f(Z_);
    O_.each_col() += arma::Col<eT>(convert<eT>(p.b2));
    return SoftmaxCrossEntropy::forward(O_, p.y);
  });
  arma::mat dZ;
  Activation<Phi>::backward(Z, dH_num, dZ);
  rows.push_back(check_gradient(name[2], L_of_Z, Z, dZ, options, context));
  const arma::mat dZ_num = rows[2].numeric_gradient;

  // The whole network, one parameter at a time as the variable.
  const auto loss = [&](auto tag, const auto& W1, const auto& b1, const auto& W2, const auto& b2) {
    using eT = decltype(tag);
    return layers_loss<Phi, eT>(convert<eT>(p.x), p.y, W1, b1, W2, b2);
  };
  const auto L_of_W2 = differentiable<Phi>([&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return loss(eT{}, convert<eT>(p.W1), convert<eT>(p.b1), W, convert<eT>(p.b2));
  });
  const auto L_of_b2 = differentiable<Phi>([&](const auto& b) {
    using eT = typename std::decay_t<decltype(b)>::elem_type;
    return loss(eT{}, convert<eT>(p.W1), convert<eT>(p.b1), convert<eT>(p.W2), b);
  });
  const auto L_of_W1 = differentiable<Phi>([&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return loss(eT{}, W, convert<eT>(p.b1), convert<eT>(p.W2), convert<eT>(p.b2));
  });
  const auto L_of_b1 = differentiable<Phi>([&](const auto& b) {
    using eT = typename std::decay_t<decltype(b)>::elem_type;
    return loss(eT{}, convert<eT>(p.W1), b, convert<eT>(p.W2), convert<eT>(p.b2));
  });
  layer2.gradient(H, dO_num);
  rows.push_back(check_gradient(name[3], L_of_W2, p.W2, layer2.dW, options, context));
  rows.push_back(check_gradient(name[4], L_of_b2, arma::mat(p.b2), layer2.db, options, context));
  layer1.gradient(p.x, dZ_num);
  rows.push_back(check_gradient(name[5], L_of_W1, p.W1, layer1.dW, options, context));
  rows.push_back(check_gradient(name[6], L_of_b1, arma::mat(p.b1), layer1.db, options, context));
  return rows;
}

// ------------------------------------------------------------------------------------------
// 7. Memory: what the backward pass keeps from the forward pass
// ------------------------------------------------------------------------------------------

/// Values per example the backward pass needs from the forward pass: x (E1), z (D), h (E2),
/// o (B2); plus the label. Inference keeps none of them: each layer's output replaces its
/// input, so at most two layers' values are alive at once.
struct MemoryAccount {
  arma::uword kept = 0;       ///< d + h + h + q values per example kept for training
  arma::uword inference = 0;  ///< the largest d + h or h + q: alive at once in inference
};

inline MemoryAccount memory_account(const Sizes& s) {
  MemoryAccount m;
  m.kept = s.d + s.h + s.h + s.q;
  m.inference = std::max(s.d + s.h, s.h + s.q);
  return m;
}

// ------------------------------------------------------------------------------------------
// 8. Export: every quantity as a full-precision csv_ascii file named after it
// ------------------------------------------------------------------------------------------

/// Writes x, y, W1, W2, z, h, o, dJ_do, dJ_dh, dJ_dz, dJ_dW1, dJ_dW2 (one `NAME.csv` each,
/// Armadillo csv_ascii, 17 significant digits) and `scalars.csv` (lambda, L, s, J as
/// `name,value` lines, %.17g) into `dir`, creating it if needed. Returns the file names.
inline std::vector<std::string> export_all(const std::string& dir, const Problem& p, const Forward<double>& f,
                                           const Backward& b) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw UserError("cannot create the export directory '" + dir + "' (" + ec.message() +
                    "): choose a writable path for --export");
  std::vector<std::string> written;
  const auto save = [&](const std::string& name, const auto& M) {
    const std::string path = (fs::path(dir) / (name + ".csv")).string();
    if (!M.save(path, arma::csv_ascii))
      throw UserError("cannot write '" + path + "': check that --export points to a writable directory");
    written.push_back(name + ".csv");
  };
  save("x", p.x);
  save("y", p.y);
  save("W1", p.W1);
  save("W2", p.W2);
  save("z", f.z);
  save("h", f.h);
  save("o", f.o);
  save("dJ_do", b.dJ_do);
  save("dJ_dh", b.dJ_dh);
  save("dJ_dz", b.dJ_dz);
  save("dJ_dW1", b.dJ_dW1);
  save("dJ_dW2", b.dJ_dW2);
  const std::string path = (fs::path(dir) / "scalars.csv").string();
  std::ofstream out(path);
  out << fmt::format("lambda,{:.17g}\nL,{:.17g}\ns,{:.17g}\nJ,{:.17g}\n", p.lambda, f.L, f.s, f.J);
  if (!out) throw UserError("cannot write '" + path + "': check that --export points to a writable directory");
  written.push_back("scalars.csv");
  return written;
}

}  // namespace wb::ch7
