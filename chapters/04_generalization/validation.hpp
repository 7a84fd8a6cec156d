/// \file
/// \brief Chapter 4: a validation set (验证集) carved from Fashion-MNIST's 60 000 training
/// images, and the gap between training and validation accuracy of a small and a large MLP.
#pragma once

#include <armadillo>

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "wb/fashion_mnist.hpp"
#include "wb/kfold.hpp"
#include "wb/train.hpp"

namespace wb::ch4 {

/// A training set and a validation set drawn from the same images, without overlap.
struct HoldOut {
  Dataset train, validation;
};

/// Draws `n_validation` examples of `all` at random for validation and `n_train` of the others
/// for training (all the others when n_train is 0 or more than there are).
inline HoldOut hold_out(const Dataset& all, arma::uword n_validation, arma::uword n_train, std::mt19937_64& rng) {
  const arma::uvec order = shuffled_indices(all.size(), rng);
  const arma::uword rest = all.size() - n_validation;
  const arma::uword m = n_train == 0 ? rest : std::min(n_train, rest);
  return {all.subset(order.subvec(n_validation, n_validation + m - 1)), all.subset(order.head(n_validation))};
}

/// The mean softmax cross-entropy of `net` on a whole data set (evaluation mode), in chunks.
inline double mean_loss(Mlp<float>& net, const Dataset& data, arma::uword chunk = 2048) {
  double sum = 0;
  for (arma::uword first = 0; first < data.size(); first += chunk) {
    const arma::uword last = std::min(first + chunk, data.size()) - 1;
    const arma::fmat& o = net.forward(data.X.cols(first, last));
    sum += double(SoftmaxCrossEntropy::forward(o, arma::uvec(data.y.subvec(first, last)))) * double(last - first + 1);
  }
  return sum / double(data.size());
}

/// One network trained on the training part and measured on both parts.
struct NetworkResult {
  std::string name;
  arma::uword hidden = 0;
  Mlp<float> net;                   ///< the trained network
  std::vector<EpochStats> history;  ///< test_acc is the validation accuracy
  double train_loss = 0, train_acc = 0;            ///< after training, on the whole training part
  double validation_loss = 0, validation_acc = 0;  ///< after training, on the validation part
  /// The generalization gap in accuracy: training minus validation.
  double gap() const { return train_acc - validation_acc; }
};

/// Trains a 784-`hidden`-10 ReLU network with wb::train, the validation set passed where
/// train() takes its test set, and measures both accuracies at the end (evaluation mode).
inline NetworkResult train_network(const std::string& name, arma::uword hidden, const HoldOut& data,
                                   const TrainConfig& config,
                                   const std::function<void(const EpochStats&)>& report = {}) {
  NetworkResult result{name, hidden, Mlp<float>(data.train.X.n_rows, hidden, 10), {}, 0, 0, 0, 0};
  result.net.init(config.seed);
  //! [validation]
  result.history = train(result.net, data.train, data.validation, config, report);
  result.train_loss = mean_loss(result.net, data.train);
  result.train_acc = result.net.accuracy(data.train.X, data.train.y);
  result.validation_loss = mean_loss(result.net, data.validation);
  result.validation_acc = result.net.accuracy(data.validation.X, data.validation.y);
  //! [validation]
  return result;
}

}  // namespace wb::ch4
