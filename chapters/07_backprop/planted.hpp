/// \file
/// \brief Chapter 7's equation table and its planted bugs: the functions the checks call for
/// equations A … E2 (the exercise functions by default), and the classic mistakes, one wrong
/// version of one equation each, that `--plant` swaps into the table. The wrong versions live
/// here, never in the exercise files.
#pragma once

#include <armadillo>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "wb/error.hpp"
#include "wb/exercise_guard.hpp"
#include "wb/exercises.hpp"  // 2.4 and the backward equations A … E2 (7.1 … 7.7)

namespace wb::ch7 {

// ------------------------------------------------------------------------------------------
// 1. The bugs: what each one breaks, and how
// ------------------------------------------------------------------------------------------

/// The classic mistakes `--plant` can put into one equation.
enum class Bug { none, missing_decay, double_lambda, no_transpose, phi_not_dphi, no_batch_mean, sign };

/// One planted bug, as the program names and explains it.
struct BugInfo {
  Bug bug;
  const char* name;      ///< the --plant value
  const char* equation;  ///< the equation it breaks
  const char* mistake;   ///< what the wrong code does
};

/// Every planted bug, in the order of `--help` and of the chapter's page.
inline const std::vector<BugInfo>& bugs() {
  static const std::vector<BugInfo> all = {
      {Bug::missing_decay, "missing-decay", "E2", "dJ/dW2 = dJ/do hᵀ, the λW2 path through s forgotten"},
      {Bug::double_lambda, "double-lambda", "B1", "ds/dW = 2λW, the ½ of λ/2‖W‖² forgotten"},
      {Bug::no_transpose, "no-transpose", "E1",
       "dJ/dW1 = x dJ/dzᵀ + λW1ᵀ: D2L's dW = Xᵀ dZ, right for in × out weights (H = XW, samples as "
       "rows); with out × in weights, as W1 here and PyTorch's, it is dJ/dz xᵀ (dZᵀ X with samples as rows)"},
      {Bug::phi_not_dphi, "phi-not-dphi", "D", "dJ/dz = dJ/dh ⊙ φ(z), the activation instead of its derivative"},
      {Bug::no_batch_mean, "no-batch-mean", "B2", "dL/do = softmax(o) − onehot(y), the sum over the batch, not the mean"},
      {Bug::sign, "sign", "B2", "dL/do = (onehot(y) − softmax(o))/n, the gradient of the log-likelihood"},
  };
  return all;
}

/// The planted bug named `name` ("none" or one of bugs()); UsageError (exit 64) otherwise.
inline Bug bug_from_string(const std::string& name) {
  if (name == "none") return Bug::none;
  std::string valid = "none";
  for (const BugInfo& b : bugs()) {
    if (name == b.name) return b.bug;
    valid += ", " + std::string(b.name);
  }
  throw UsageError("--plant: must be one of " + valid + ", not " + name);
}

/// What bugs() says about `bug` (not Bug::none).
inline const BugInfo& bug_info(Bug bug) {
  for (const BugInfo& b : bugs())
    if (b.bug == bug) return b;
  throw std::logic_error("bug_info: no such bug");
}

// ------------------------------------------------------------------------------------------
// 2. The wrong versions
// ------------------------------------------------------------------------------------------

namespace planted {

/// The per-example loss gradients, column by column, summed over the batch, not averaged.
/// \f[ \mathbf{P} = \mathrm{softmax}(\mathbf{o}) - \mathrm{onehot}(y) \f]
inline arma::mat softmax_minus_onehot(const arma::mat& o, const arma::uvec& y) {
  arma::mat P = arma::exp(o.each_row() - arma::max(o, 0));
  P.each_row() /= arma::sum(P, 0);
  for (arma::uword i = 0; i < o.n_cols; ++i) P(y(i), i) -= 1.0;
  return P;
}

/// double-lambda, in (B1): ∂/∂W of λ/2‖W‖² taken as 2λW.
/// \f[ \frac{\partial s}{\partial \mathbf{W}} \ne 2\lambda\mathbf{W} \f]
inline arma::mat penalty_gradient(const arma::mat& W, double lambda) { return 2.0 * lambda * W; }

/// no-batch-mean, in (B2): the gradient of the summed loss, not of the mean.
/// \f[ \frac{\partial J}{\partial \mathbf{o}} \ne \frac{\partial J}{\partial L}\big(\mathrm{softmax}(\mathbf{o}) - \mathrm{onehot}(y)\big) \f]
inline arma::mat output_gradient_no_batch_mean(double dJ_dL, const arma::mat& o, const arma::uvec& y) {
  return dJ_dL * softmax_minus_onehot(o, y);
}

/// sign, in (B2): onehot − softmax, the gradient of the log-likelihood (which we maximise no more).
/// \f[ \frac{\partial J}{\partial \mathbf{o}} \ne \frac{1}{n}\frac{\partial J}{\partial L}\big(\mathrm{onehot}(y) - \mathrm{softmax}(\mathbf{o})\big) \f]
inline arma::mat output_gradient_sign(double dJ_dL, const arma::mat& o, const arma::uvec& y) {
  return -dJ_dL * softmax_minus_onehot(o, y) / double(o.n_cols);
}

/// phi-not-dphi, in (D): the activation where its derivative belongs.
/// \f[ \frac{\partial J}{\partial \mathbf{z}} \ne \frac{\partial J}{\partial \mathbf{h}} \odot \phi(\mathbf{z}) \f]
template <typename Phi>
arma::mat preactivation_gradient(const arma::mat& dJ_dh, const arma::mat& z) {
  return dJ_dh % Phi::f(z);
}

/// no-transpose, in (E1): D2L's from-scratch formula dW = Xᵀ dZ, right for H = XW with W of
/// in × out and samples as rows, copied into the notes' graph, where W1 is out × in (h × d, as
/// PyTorch's weights) and samples are columns: the result is d × h, the transpose.
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(1)}} \ne \mathbf{x}\Big(\frac{\partial J}{\partial \mathbf{z}}\Big)^\top
///     + \frac{\partial J}{\partial s}\Big(\frac{\partial s}{\partial \mathbf{W}^{(1)}}\Big)^\top \f]
inline arma::mat first_weight_gradient(const arma::mat& dJ_dz, const arma::mat& x, double dJ_ds,
                                       const arma::mat& ds_dW1) {
  return x * dJ_dz.t() + dJ_ds * ds_dW1.t();
}

/// missing-decay, in (E2): only the path through o; the path through s is forgotten.
/// \f[ \frac{\partial J}{\partial \mathbf{W}^{(2)}} \ne \frac{\partial J}{\partial \mathbf{o}}\mathbf{h}^\top \f]
inline arma::mat second_weight_gradient(const arma::mat& dJ_do, const arma::mat& h) { return dJ_do * h.t(); }

}  // namespace planted

// ------------------------------------------------------------------------------------------
// 3. The table the checks call: the exercise functions, or one of them swapped for a bug
// ------------------------------------------------------------------------------------------

/// The function each row of the equation table calls, in double, one per equation. Filled by
/// default with the exercise functions (yours or the reference, as the build chose);
/// equations_with() swaps one entry for its planted wrong version, and a test may swap in
/// anything else.
template <typename Phi>
struct Equations {
  /// (A), exercise 7.1: (∂J/∂L, ∂J/∂s).
  std::function<std::pair<double, double>()> objective_partials = [] { return wb::objective_partials<double>(); };

  /// (B1), exercise 7.2: ∂s/∂W for one weight matrix W (called for W1 and for W2).
  std::function<arma::mat(const arma::mat& W, double lambda)> penalty_gradient =
      [](const arma::mat& W, double lambda) { return wb::penalty_gradient(W, lambda); };

  /// (B2), exercise 7.3, with ∂L/∂o from exercise 2.4: ∂J/∂o.
  std::function<arma::mat(double dJ_dL, const arma::mat& o, const arma::uvec& y)> output_gradient =
      [](double dJ_dL, const arma::mat& o, const arma::uvec& y) {
        const arma::mat dL_do = guarded("2.4", [&] { return wb::softmax_cross_entropy_gradient(o, y); });
        return wb::output_gradient(dJ_dL, dL_do);
      };

  /// (C), exercise 7.4: ∂J/∂h.
  std::function<arma::mat(const arma::mat& W2, const arma::mat& dJ_do)> hidden_gradient =
      [](const arma::mat& W2, const arma::mat& dJ_do) { return wb::hidden_gradient(W2, dJ_do); };

  /// (D), exercise 7.5: ∂J/∂z, with φ = Phi.
  std::function<arma::mat(const arma::mat& dJ_dh, const arma::mat& z)> preactivation_gradient =
      [](const arma::mat& dJ_dh, const arma::mat& z) { return wb::preactivation_gradient(dJ_dh, z, Phi{}); };

  /// (E1), exercise 7.6: ∂J/∂W1.
  std::function<arma::mat(const arma::mat& dJ_dz, const arma::mat& x, double dJ_ds, const arma::mat& ds_dW1)>
      first_weight_gradient = [](const arma::mat& dJ_dz, const arma::mat& x, double dJ_ds,
                                 const arma::mat& ds_dW1) { return wb::first_weight_gradient(dJ_dz, x, dJ_ds, ds_dW1); };

  /// (E2), exercise 7.7: ∂J/∂W2.
  std::function<arma::mat(const arma::mat& dJ_do, const arma::mat& h, double dJ_ds, const arma::mat& ds_dW2)>
      second_weight_gradient = [](const arma::mat& dJ_do, const arma::mat& h, double dJ_ds,
                                  const arma::mat& ds_dW2) { return wb::second_weight_gradient(dJ_do, h, dJ_ds, ds_dW2); };
};

/// The equation table with `bug` planted: the exercise functions, except for the one entry
/// the bug breaks (bug_info(bug).equation), which is its wrong version from namespace planted.
template <typename Phi>
Equations<Phi> equations_with(Bug bug) {
  Equations<Phi> eq;
  switch (bug) {
    case Bug::none: break;
    case Bug::double_lambda: eq.penalty_gradient = planted::penalty_gradient; break;
    case Bug::no_batch_mean: eq.output_gradient = planted::output_gradient_no_batch_mean; break;
    case Bug::sign: eq.output_gradient = planted::output_gradient_sign; break;
    case Bug::phi_not_dphi: eq.preactivation_gradient = planted::preactivation_gradient<Phi>; break;
    case Bug::no_transpose: eq.first_weight_gradient = planted::first_weight_gradient; break;
    case Bug::missing_decay:
      eq.second_weight_gradient = [](const arma::mat& dJ_do, const arma::mat& h, double, const arma::mat&) {
        return planted::second_weight_gradient(dJ_do, h);
      };
      break;
  }
  return eq;
}

}  // namespace wb::ch7
