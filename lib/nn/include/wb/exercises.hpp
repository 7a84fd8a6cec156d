/// \file
/// \brief The seam: the one header that includes the exercise functions, from `solutions/`
/// (build/) or from `exercises/` (build-mine/, your code), as the build's WB_IMPL chose.
///
/// Everything that calls an exercise function — the activations, the layers, the MLP and its
/// trainer, the chapter programs, the tests — includes this header and nothing under
/// `solutions/` or `exercises/` directly. wb::core (lib/core) never sees it.
#pragma once

#include <wb/ex01_linear_limits.hpp>  // 1.1–1.4: affine collapse, normal equations, MLP forward, XOR
#include <wb/ex02_mlp.hpp>       // 2.1–2.6: ReLU, its derivative, softmax cross-entropy, accuracy, SGD
#include <wb/ex03_activations.hpp>  // 3.1–3.8: sigmoid, tanh, leaky ReLU, pReLU, ELU, GELU, SiLU, softplus
#include <wb/ex04_generalization.hpp>  // 4.1–4.5: polynomial features, squared loss, least squares, K-fold
#include <wb/ex05_weight_decay.hpp>  // 5.1–5.3: the L2 penalty, the decayed SGD step, the L1 subgradient
#include <wb/ex06_dropout.hpp>   // 6.1–6.3: dropout forward and backward, DropConnect
#include <wb/ex07_backprop.hpp>  // 7.1–7.7: the backward equations A … E2

namespace wb {

/// "solutions" or "exercises": the tree this build compiled in.
inline constexpr const char* exercise_tree = WB_IMPL_NAME;

}  // namespace wb
