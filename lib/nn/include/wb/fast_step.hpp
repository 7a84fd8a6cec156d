/// \file
/// \brief The fast training step: textbook_step() (wb/mlp.hpp), the same arithmetic, split over
/// the cores. It is what wb::train runs by default; the page "How fast can it go" explains it,
/// and tests/test_fast_step.cpp proves it equal to the textbook step.
///
/// What it does differently, and why:
///  - **Lanes** (wb/lanes.hpp), one per BLAS thread. A minibatch's columns are independent until
///    a weight gradient sums over them, so each lane takes its share of the examples through the
///    whole first half of the step: gather, every layer forward (GEMM, bias, the learner's
///    activation and dropout), the loss and ∂J/∂o, and back down to ∂J/∂z of the first layer.
///    The element-wise passes then run on every core, not only the GEMMs.
///  - **The weight gradients by blocks**: in the second half, each lane computes the block of
///    every ∂J/∂W_k that holds the weights from its share of layer k's inputs (a sum over all the
///    columns), adds λW to it and steps it at once, while the block is still in its cache.
///  - **The byte gather**: a lane reads its examples as bytes (a quarter of the memory traffic of
///    floats) and converts them as the loader did, so the minibatch is exactly data.X.cols(idx).
///  - **Dropout's numbers drawn in parts**: each lane draws its part of the uniform numbers that
///    the textbook step draws for the whole matrix (wb::UniformSource is a counter), so the
///    masks are the same draws for any number of lanes.
/// Every function a learner wrote is called here too, on each lane's columns: a mistake in one
/// shows in the fast step as in the textbook one.
#pragma once

#include <armadillo>
#include <vector>

#include "wb/fashion_mnist.hpp"
#include "wb/lanes.hpp"
#include "wb/mlp.hpp"

namespace wb {

/// The fast step's working memory: what each lane keeps between the two halves of a step, and
/// the minibatch, its logits and ∂J/∂o, kept from one minibatch to the next.
template <typename eT>
class FastStep {
 public:
  /// One step of minibatch SGD of `net` on the examples `idx` of `data`: what
  /// textbook_step(net, data, idx, lr) computes, in two rounds of lanes. Returns the minibatch's
  /// mean loss and correct predictions, computed before the step.
  BatchLoss step(Mlp<eT>& net, const Dataset& data, const arma::uvec& idx, eT lr);

 private:
  /// What one lane keeps between the forward and the backward pass, for its columns.
  struct Lane {
    std::vector<arma::Mat<eT>> Z, H, dropped, mask;  // per hidden layer: z, h, h′ = h ⊙ m, m
    std::vector<arma::Col<eT>> db;                   // per layer: the sum of this lane's columns of ∂J/∂y
    arma::Col<eT> dalpha;                            // pReLU: this lane's part of ∂J/∂α
    arma::Mat<eT> U, dH;                             // dropout's numbers, ∂J/∂h: kept to save allocations
    double loss_sum = 0;      // the loss of its columns (their mean times their number)
    arma::uword correct = 0;  // and how many of them the net got right
  };

  void prepare(Mlp<eT>& net, arma::uword n);
  void forward_lane(Mlp<eT>& net, const Dataset& data, const arma::uvec& idx, int lane);
  void loss_lane(const Dataset& data, const arma::uvec& idx, int lane);
  void backward_lane(const Mlp<eT>& net, int lane);
  void weights_lane(Mlp<eT>& net, int lane, eT lr);
  void step_small(Mlp<eT>& net, eT lr);
  const arma::Mat<eT>& input_of(const Lane& s, std::size_t k) const;

  std::vector<Lane> lanes_;
  int count_ = 1;                 // lanes in this step
  std::vector<bool> dropout_on_;  // per hidden layer
  std::vector<UniformSource> dropout_at_;  // per hidden layer: its dropout numbers' start in this step
  std::vector<arma::Mat<eT>> dZ_;  // per hidden layer, all columns
  arma::Mat<eT> X_, O_, dO_;       // the minibatch, its logits and ∂J/∂o
};

}  // namespace wb
