/// \file
/// \brief Chapter 7's second table: the same checks for the layers chapter 2 trains with
/// (wb/layers.hpp): batched, with biases, J = L (chapter 2 trains without weight decay).
#pragma once

#include <armadillo>
#include <type_traits>
#include <vector>

#include "07_backprop/graph.hpp"
#include "07_backprop/row_check.hpp"
#include "wb/gradcheck.hpp"
#include "wb/layers.hpp"
#include "wb/numeric.hpp"

namespace wb::ch7 {

/// A linear layer with weights W and biases b.
template <typename eT>
Linear<eT> linear(const arma::Mat<eT>& W, const arma::Mat<eT>& b) {
  Linear<eT> layer;
  layer.W = W;
  layer.b = b;
  return layer;
}

/// The loss of chapter 2's network, built from its layers (wb/layers.hpp) in element type eT:
/// \f[ \mathbf{z} = \mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}, \quad \mathbf{h} = \phi(\mathbf{z}),
///     \quad \mathbf{o} = \mathbf{W}^{(2)}\mathbf{h} + \mathbf{b}^{(2)}, \quad L = \mathrm{CE}(\mathbf{o}, y) \f]
template <typename Phi, typename eT>
eT layers_loss(const arma::Mat<eT>& X, const arma::uvec& y, const arma::Mat<eT>& W1, const arma::Mat<eT>& b1,
               const arma::Mat<eT>& W2, const arma::Mat<eT>& b2) {
  const Linear<eT> layer1 = linear(W1, b1), layer2 = linear(W2, b2);
  arma::Mat<eT> Z, H, O;
  layer1.forward(X, Z);
  Activation<Phi>::forward(Z, H);
  layer2.forward(H, O);
  return SoftmaxCrossEntropy::forward(O, y);
}

/// The rows W2, b2, W1, b1: the whole network's loss, one parameter at a time as the variable,
/// against the layers' parameter gradients for the numeric upstream gradients dL/dO and dL/dZ
/// (rows O and Z) and the hidden layer's output H.
template <typename Phi>
std::vector<GradCheckReport> check_parameter_rows(const Problem& p, const arma::mat& H, const arma::mat& dL_dO,
                                                  const arma::mat& dL_dZ, const CheckOptions& options,
                                                  const DiagnosisContext& context) {
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
  Linear<double> layer1 = linear<double>(p.W1, p.b1), layer2 = linear<double>(p.W2, p.b2);
  layer2.gradient(H, dL_dO);
  layer1.gradient(p.x, dL_dZ);
  const GradCheckReport dL_dW2 =
      check_row("W2  dL/dW2", nullptr, L_of_W2, p.W2, [&] { return layer2.dW; }, options, context);
  const GradCheckReport dL_db2 =
      check_row("b2  dL/db2", nullptr, L_of_b2, p.b2, [&] { return arma::mat(layer2.db); }, options, context);
  const GradCheckReport dL_dW1 =
      check_row("W1  dL/dW1", nullptr, L_of_W1, p.W1, [&] { return layer1.dW; }, options, context);
  const GradCheckReport dL_db1 =
      check_row("b1  dL/db1", nullptr, L_of_b1, p.b1, [&] { return arma::mat(layer1.db); }, options, context);

  return {dL_dW2, dL_db2, dL_dW1, dL_db1};
}

/// Checks the backward pass and the parameter gradients of chapter 2's layers (Linear,
/// Activation<Phi>, SoftmaxCrossEntropy, in double), each on its own as check_equations does:
/// each layer is fed the numeric upstream gradient of the row before it. The rows through an
/// exercise function (2.4 in SoftmaxCrossEntropy::backward, 2.2 in ReLU's derivative) fail,
/// not crash, when it stops with a size error.
/// \f[ \frac{\partial L}{\partial \mathbf{W}^{(2)}} = \frac{\partial L}{\partial \mathbf{o}}\mathbf{h}^\top,\quad
///     \frac{\partial L}{\partial \mathbf{b}_2} = \frac{\partial L}{\partial \mathbf{O}}\mathbf{1},\quad
///     \frac{\partial L}{\partial \mathbf{h}} = \mathbf{W}^{(2)\top}\frac{\partial L}{\partial \mathbf{o}},\quad
///     \frac{\partial L}{\partial \mathbf{z}} = \frac{\partial L}{\partial \mathbf{h}} \odot \phi'(\mathbf{z}),\ \dots \f]
template <typename Phi>
std::vector<GradCheckReport> check_layers(const Problem& p, CheckOptions options) {
  options.directional = false;  // complete numeric gradients: they feed the rows below
  options.samples = 0;
  const Linear<double> layer1 = linear<double>(p.W1, p.b1), layer2 = linear<double>(p.W2, p.b2);
  arma::mat Z, H, O;
  layer1.forward(p.x, Z);
  Activation<Phi>::forward(Z, H);
  layer2.forward(H, O);
  DiagnosisContext context;
  context.batch = double(p.batch());

  // O: L = CE(O, y).
  const auto L_of_O = differentiable<Phi>([&](const auto& O_) { return SoftmaxCrossEntropy::forward(O_, p.y); });
  const GradCheckReport dL_dO = check_row("O   dL/dO", "2.4", L_of_O, O, [&] {
    arma::mat dO;
    SoftmaxCrossEntropy::backward(O, p.y, dO);
    return dO;
  }, options, context);

  // H: L = CE(W2 H + b2, y).
  const auto L_of_H = differentiable<Phi>([&](const auto& H_) {
    using eT = typename std::decay_t<decltype(H_)>::elem_type;
    arma::Mat<eT> O_ = convert<eT>(p.W2) * H_;
    O_.each_col() += arma::Col<eT>(convert<eT>(p.b2));
    return SoftmaxCrossEntropy::forward(O_, p.y);
  });
  const GradCheckReport dL_dH = check_row("H   dL/dH", nullptr, L_of_H, H, [&] {
    arma::mat dH;
    layer2.backward(dL_dO.numeric_gradient, dH);
    return dH;
  }, options, context);

  // Z: L = CE(W2 φ(Z) + b2, y).
  const auto L_of_Z = differentiable<Phi>([&](const auto& Z_) {
    using eT = typename std::decay_t<decltype(Z_)>::elem_type;
    arma::Mat<eT> O_ = convert<eT>(p.W2) * Phi::f(Z_);
    O_.each_col() += arma::Col<eT>(convert<eT>(p.b2));
    return SoftmaxCrossEntropy::forward(O_, p.y);
  });
  const GradCheckReport dL_dZ = check_row("Z   dL/dZ", Phi::smooth ? nullptr : "2.2", L_of_Z, Z, [&] {
    arma::mat dZ;
    Activation<Phi>::backward(Z, dL_dH.numeric_gradient, dZ);
    return dZ;
  }, options, context);

  std::vector<GradCheckReport> rows = {dL_dO, dL_dH, dL_dZ};
  for (const GradCheckReport& r : check_parameter_rows<Phi>(p, H, dL_dO.numeric_gradient, dL_dZ.numeric_gradient,
                                                           options, context))
    rows.push_back(r);
  return rows;
}

#ifdef WB_CH07_COMPILED
// Instantiated once, in the chapter's library (chapters/07_backprop/checks.cpp).
extern template std::vector<GradCheckReport> check_layers<ReLU>(const Problem&, CheckOptions);
extern template std::vector<GradCheckReport> check_layers<Sigmoid>(const Problem&, CheckOptions);
extern template std::vector<GradCheckReport> check_layers<Tanh>(const Problem&, CheckOptions);
#endif

}  // namespace wb::ch7
