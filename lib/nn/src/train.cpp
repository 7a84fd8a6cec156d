// wb::train for float and double, compiled once per build: the training loop and its checks.
#include "wb/train.hpp"

#include "wb/minibatches.hpp"
#include "wb/runtime.hpp"

namespace wb {

const std::vector<std::string>& step_names() {
  static const std::vector<std::string> names = {"fast", "textbook"};
  return names;
}

Step step_from_name(const std::string& name) { return name == "textbook" ? Step::textbook : Step::fast; }

std::string step_summary(Step step) {
  if (step == Step::textbook)
    return "step: textbook (wb::textbook_step in lib/nn/include/wb/mlp.hpp: forward, loss, backward, SGD step, "
           "as the pages write them)";
  return fmt::format("step: fast (wb::FastStep in lib/nn/src/fast_step.cpp: the same step in {} lane{}, "
                     "one per BLAS thread)", std::max(1, blas_threads()), blas_threads() > 1 ? "s" : "");
}

std::string in_your_build() {
  if (std::string(exercise_tree) != "exercises") return "";
  return " — or, in your build, exercise 2.4 (∂L/∂o) or 2.6 (the SGD step) may have a sign or a factor wrong: "
         "./workbook check 2";
}

namespace {

/// Throws UserError when a minibatch's loss is not finite or exceeds ten times the first one's.
void stop_if_diverging(double loss, double first_loss, int epoch, const TrainConfig& config) {
  if (std::isfinite(loss) && loss <= 10 * first_loss) return;
  throw UserError(fmt::format(
      "training diverged in epoch {} (minibatch loss {:.4g}, started at {:.4g}): the learning rate {} is too "
      "large; try a smaller one, e.g. --lr {}{}",
      epoch, loss, first_loss, config.lr, config.lr / 10, in_your_build()));
}

/// Throws UserError when an epoch's mean loss ends above 1.1 times the first minibatch's.
void stop_if_not_learning(const EpochStats& stats, double first_loss, const TrainConfig& config) {
  if (stats.train_loss <= 1.1 * first_loss) return;
  throw UserError(fmt::format(
      "training is not learning: the mean loss of epoch {} ({:.4g}) is above 1.1 times the first minibatch's "
      "({:.4g}); lower the learning rate, e.g. --lr {}{}",
      stats.epoch, stats.train_loss, first_loss, config.lr / 10, in_your_build()));
}

}  // namespace

template <typename eT>
std::vector<EpochStats> train(Mlp<eT>& net, const Dataset& train_set, const Dataset& test_set,
                              const TrainConfig& config, const std::function<void(const EpochStats&)>& report) {
  Minibatches batches(train_set.size(), config.batch_size, config.seed + 1);
  FastStep<eT> fast;
  if (config.step == Step::fast) prefer_huge_pages(train_set.bytes);  // the gather's page walks (wb/minibatches.hpp)
  const eT lr = eT(config.lr);
  double first_loss = -1;
  std::vector<EpochStats> history;
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    Stopwatch clock;
    batches.shuffle();
    double loss_sum = 0;
    arma::uword correct = 0;
    for (arma::uword k = 0; k < batches.count(); ++k) {
      const arma::uvec idx = batches.indices(k);
      const BatchLoss batch = config.step == Step::textbook ? textbook_step(net, train_set, idx, lr)
                                                            : fast.step(net, train_set, idx, lr);
      if (first_loss < 0) first_loss = batch.loss;
      stop_if_diverging(batch.loss, first_loss, epoch, config);
      loss_sum += batch.loss * double(idx.n_elem);
      correct += batch.correct;
      if (interrupted()) stop_if_interrupted(fmt::format("epoch {} of {}", epoch, config.epochs));
    }
    EpochStats stats;
    stats.epoch = epoch;
    stats.seconds = clock.seconds();
    stats.train_loss = loss_sum / double(train_set.size());
    stats.train_acc = double(correct) / double(train_set.size());
    stats.test_acc = net.accuracy(test_set.X, test_set.y);
    stop_if_not_learning(stats, first_loss, config);
    history.push_back(stats);
    if (report) report(stats);
  }
  return history;
}

template std::vector<EpochStats> train(Mlp<float>&, const Dataset&, const Dataset&, const TrainConfig&,
                                       const std::function<void(const EpochStats&)>&);
template std::vector<EpochStats> train(Mlp<double>&, const Dataset&, const Dataset&, const TrainConfig&,
                                       const std::function<void(const EpochStats&)>&);

}  // namespace wb
