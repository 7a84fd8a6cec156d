/// \file
/// \brief Chapter 7's first table: each of the notes' equations A … E2 checked on its own,
/// through the equation table of planted.hpp (the exercise functions, or one planted bug).
#pragma once

#include <armadillo>
#include <string>
#include <type_traits>
#include <vector>

#include "07_backprop/graph.hpp"
#include "07_backprop/planted.hpp"
#include "07_backprop/row_check.hpp"
#include "wb/activations.hpp"
#include "wb/gradcheck.hpp"
#include "wb/numeric.hpp"

namespace wb::ch7 {

/// What the checker may use to name a mistake in a row of the first table: the batch size,
/// the row's decay term λW (E1, E2; empty elsewhere) and its transpose in the row's own
/// variables (C, E1, E2; empty elsewhere).
inline DiagnosisContext row_context(const Problem& p, const arma::mat& decay, const std::string& transpose_hint) {
  DiagnosisContext c;
  c.batch = double(p.batch());
  c.decay = decay;
  c.transpose_hint = transpose_hint;
  return c;
}

/// Row B1: s as a function of (W1, W2), one row as in the notes: both matrices are the input,
/// stacked into one vector [vec(W1); vec(W2)] (like (L, s) in row A).
template <typename Phi>
GradCheckReport check_penalty_row(const Problem& p, const CheckOptions& options, const Equations<Phi>& eq) {
  const arma::uword n1 = p.W1.n_elem;
  const auto s_of_W = differentiable<Phi>([&](const auto& v) {
    using eT = typename std::decay_t<decltype(v)>::elem_type;
    const arma::Mat<eT> W1(v.memptr(), p.W1.n_rows, p.W1.n_cols);
    const arma::Mat<eT> W2(v.memptr() + n1, p.W2.n_rows, p.W2.n_cols);
    return penalty<eT>(W1, W2, p.lambda);
  });
  const auto stack = [](const arma::mat& M1, const arma::mat& M2) {
    return arma::mat(arma::join_cols(arma::vectorise(M1), arma::vectorise(M2)));
  };
  DiagnosisContext context;
  context.decay = stack(p.lambda * p.W1, p.lambda * p.W2);
  return check_row("B1  ds/dW1,ds/dW2", "7.2", s_of_W, stack(p.W1, p.W2), [&] {
    return stack(eq.penalty_gradient(p.W1, p.lambda), eq.penalty_gradient(p.W2, p.lambda));
  }, options, context);
}

/// Rows E1 and E2: J as a function of W1, then of W2, through the whole forward pass; the
/// equations get the numeric upstream gradients dJ/dz (E1) and dJ/do (E2), dJ/ds (row A) and
/// ds/dW1, ds/dW2 (row B1, its numeric gradient [vec(ds/dW1); vec(ds/dW2)]).
template <typename Phi>
std::vector<GradCheckReport> check_weight_rows(const Problem& p, const Forward<double>& f, const CheckOptions& options,
                                               const Equations<Phi>& eq, const arma::mat& dJ_dz,
                                               const arma::mat& dJ_do, double dJ_ds, const arma::mat& ds_dW) {
  const arma::mat ds_dW1 = arma::reshape(ds_dW.head_rows(p.W1.n_elem), arma::size(p.W1));
  const arma::mat ds_dW2 = arma::reshape(ds_dW.tail_rows(p.W2.n_elem), arma::size(p.W2));
  const auto J_of_W1 = differentiable<Phi>([&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return forward<Phi, eT>(convert<eT>(p.x), p.y, W, convert<eT>(p.W2), p.lambda).J;
  });
  const GradCheckReport E1 = check_row("E1  dJ/dW1", "7.6", J_of_W1, p.W1, [&] {
    return eq.first_weight_gradient(dJ_dz, p.x, dJ_ds, ds_dW1);
  }, options, row_context(p, p.lambda * p.W1, "dJ_dz * x.t(), not x * dJ_dz.t()"));
  const auto J_of_W2 = differentiable<Phi>([&](const auto& W) {
    using eT = typename std::decay_t<decltype(W)>::elem_type;
    return forward<Phi, eT>(convert<eT>(p.x), p.y, convert<eT>(p.W1), W, p.lambda).J;
  });
  const GradCheckReport E2 = check_row("E2  dJ/dW2", "7.7", J_of_W2, p.W2, [&] {
    return eq.second_weight_gradient(dJ_do, f.h, dJ_ds, ds_dW2);
  }, options, row_context(p, p.lambda * p.W2, "dJ_do * h.t(), not h * dJ_do.t()"));
  return {E1, E2};
}

/// Checks equations A … E2 one by one, calling the functions of `eq`. Row by row, the
/// left-hand quantity is the input of the rest of the graph (everything upstream of it fixed
/// at the forward pass's values), J (s for B1) is differentiated numerically with respect to
/// it, and the equation's function gets the NUMERIC upstream gradient of the rows before it,
/// so one wrong equation fails exactly its own row. An exercise function that stops with a
/// size error fails its row (the error is the diagnosis); the other rows still run.
/// For row C, for example, with \f$\mathbf{N}_{\mathbf{o}}\f$ the numeric ∂J/∂o of row B2:
/// \f[ \texttt{hidden\_gradient}(\mathbf{W}^{(2)}, \mathbf{N}_{\mathbf{o}}) \approx
///     \frac{\partial}{\partial \mathbf{h}}\Big(l(\mathbf{W}^{(2)}\mathbf{h}, y) + s\Big) \f]
template <typename Phi>
std::vector<GradCheckReport> check_equations(const Problem& p, CheckOptions options,
                                             const Equations<Phi>& eq = Equations<Phi>{}) {
  // Every entry is checked, so that each report's numeric gradient is complete: the rows
  // below take it as their upstream gradient.
  options.directional = false;
  options.samples = 0;
  const Forward<double> f = forward<Phi>(p);

  // (A) J as a function of (L, s): J = L + s.
  const auto J_of_Ls = differentiable<Phi>([](const auto& v) { return v(0) + v(1); });
  const GradCheckReport A = check_row("A   dJ/dL,dJ/ds", "7.1", J_of_Ls, arma::vec{f.L, f.s}, [&] {
    const auto [dJ_dL, dJ_ds] = eq.objective_partials();
    return arma::mat(arma::vec{dJ_dL, dJ_ds});
  }, options);
  const double dJ_dL = A.numeric_gradient(0);  // numeric upstream for the rows below
  const double dJ_ds = A.numeric_gradient(1);

  // (B1) s as a function of (W1, W2).
  const GradCheckReport B1 = check_penalty_row(p, options, eq);

  // (B2) J as a function of o: J = l(o, y) + s.
  const auto J_of_o = differentiable<Phi>([&](const auto& o) {
    using eT = typename std::decay_t<decltype(o)>::elem_type;
    return softmax_cross_entropy(o, p.y) + eT(f.s);
  });
  const GradCheckReport B2 = check_row("B2  dJ/do", "7.3", J_of_o, f.o, [&] {
    return eq.output_gradient(dJ_dL, f.o, p.y);
  }, options, row_context(p, {}, ""));
  const arma::mat& dJ_do = B2.numeric_gradient;

  // (C) J as a function of h: J = l(W2 h, y) + s.
  const auto J_of_h = differentiable<Phi>([&](const auto& h) {
    using eT = typename std::decay_t<decltype(h)>::elem_type;
    return softmax_cross_entropy(arma::Mat<eT>(convert<eT>(p.W2) * h), p.y) + eT(f.s);
  });
  const GradCheckReport C = check_row("C   dJ/dh", "7.4", J_of_h, f.h, [&] { return eq.hidden_gradient(p.W2, dJ_do); },
                                      options, row_context(p, {}, "W2.t() * dJ_do, not dJ_do.t() * W2"));
  const arma::mat& dJ_dh = C.numeric_gradient;

  // (D) J as a function of z: J = l(W2 φ(z), y) + s.
  const auto J_of_z = differentiable<Phi>([&](const auto& z) {
    using eT = typename std::decay_t<decltype(z)>::elem_type;
    return softmax_cross_entropy(arma::Mat<eT>(convert<eT>(p.W2) * Phi::f(z)), p.y) + eT(f.s);
  });
  DiagnosisContext D_context = row_context(p, {}, "");
  D_context.hypotheses.push_back(
      {"φ instead of φ′: the analytic gradient is dJ/dh ⊙ φ(z); equation D needs the derivative φ′(z)",
       dJ_dh % Phi::f(f.z)});
  const GradCheckReport D = check_row("D   dJ/dz", "7.5", J_of_z, f.z,
                                      [&] { return eq.preactivation_gradient(dJ_dh, f.z); }, options, D_context);

  // (E1, E2) J as a function of W1, of W2: the whole forward pass, with the weights as the variable.
  const std::vector<GradCheckReport> E = check_weight_rows(p, f, options, eq, D.numeric_gradient, dJ_do, dJ_ds,
                                                           B1.numeric_gradient);
  return {A, B1, B2, C, D, E[0], E[1]};
}

#ifdef WB_CH07_COMPILED
// Instantiated once, in the chapter's library (chapters/07_backprop/checks.cpp).
extern template Forward<double> forward<ReLU>(const Problem&);
extern template Forward<double> forward<Sigmoid>(const Problem&);
extern template Forward<double> forward<Tanh>(const Problem&);
extern template Backward backward<ReLU>(const Problem&, const Forward<double>&);
extern template Backward backward<Sigmoid>(const Problem&, const Forward<double>&);
extern template Backward backward<Tanh>(const Problem&, const Forward<double>&);
extern template std::vector<GradCheckReport> check_equations(const Problem&, CheckOptions, const Equations<ReLU>&);
extern template std::vector<GradCheckReport> check_equations(const Problem&, CheckOptions, const Equations<Sigmoid>&);
extern template std::vector<GradCheckReport> check_equations(const Problem&, CheckOptions, const Equations<Tanh>&);
#endif

}  // namespace wb::ch7
