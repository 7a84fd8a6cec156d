/// \file
/// \brief The training loop: minibatch SGD on the mean softmax cross-entropy, as in the notes'
/// PyTorch program, with either step: the textbook one (wb/mlp.hpp) or the fast one
/// (wb/fast_step.hpp, the default), which compute the same numbers.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/fast_step.hpp"
#include "wb/mlp.hpp"

namespace wb {

/// Which training step wb::train runs: the same numbers either way.
enum class Step {
  fast,      ///< wb::FastStep: the step split over the cores (the default)
  textbook,  ///< wb::textbook_step: forward, loss, backward, step, as the pages write them
};

/// "fast" or "textbook": the names of the programs' `--step`, in the order of Step.
const std::vector<std::string>& step_names();

/// The step named `name` (one of step_names()).
Step step_from_name(const std::string& name);

/// One line on what `step` is and where its code is, for the programs to print.
std::string step_summary(Step step);

/// The training loop's settings, defaulting to the notes' experiment.
struct TrainConfig {
  int epochs = 50;               ///< passes over the training set
  double lr = 0.1;               ///< SGD learning rate η
  arma::uword batch_size = 256;  ///< examples per minibatch
  std::uint64_t seed = 42;       ///< initialization, shuffling and dropout
  Step step = Step::fast;        ///< which step computes each minibatch
};

/// What one epoch measured. Loss and accuracy on the training set are running averages over
/// the epoch's minibatches, computed before each step, exactly as the notes compute them.
struct EpochStats {
  int epoch = 0;
  double train_loss = 0;
  double train_acc = 0;
  double test_acc = 0;
  double seconds = 0;  ///< the training pass alone (not the test evaluation)
};

/// What a learner should suspect when training misbehaves in their build (empty otherwise).
std::string in_your_build();

/// Trains `net` on `train_set` with minibatch SGD; after every epoch evaluates on `test_set` and
/// calls `report`. Throws UserError when a minibatch's loss becomes NaN or infinite or exceeds
/// ten times the first minibatch's (diverging: a learning rate too large), or when an epoch's
/// mean loss ends above 1.1 times the first minibatch's (not learning).
template <typename eT>
std::vector<EpochStats> train(Mlp<eT>& net, const Dataset& train_set, const Dataset& test_set,
                              const TrainConfig& config,
                              const std::function<void(const EpochStats&)>& report = {});

extern template std::vector<EpochStats> train(Mlp<float>&, const Dataset&, const Dataset&, const TrainConfig&,
                                              const std::function<void(const EpochStats&)>&);
extern template std::vector<EpochStats> train(Mlp<double>&, const Dataset&, const Dataset&, const TrainConfig&,
                                              const std::function<void(const EpochStats&)>&);

}  // namespace wb
