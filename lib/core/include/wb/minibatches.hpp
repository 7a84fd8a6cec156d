/// \file
/// \brief Seeded shuffling of a training set into minibatches.
#pragma once

#include <armadillo>
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>

namespace wb {

/// Seeded shuffling of the example indices into minibatches (the last one may be short).
class Minibatches {
 public:
  Minibatches(arma::uword n, arma::uword batch_size, std::uint64_t seed)
      : order_(n), batch_size_(batch_size), rng_(seed) {
    std::iota(order_.begin(), order_.end(), arma::uword(0));
  }
  /// A new random order, for the next epoch.
  void shuffle() { std::shuffle(order_.begin(), order_.end(), rng_); }
  arma::uword count() const { return (order_.n_elem + batch_size_ - 1) / batch_size_; }
  /// The indices of minibatch k.
  arma::uvec indices(arma::uword k) const {
    const arma::uword first = k * batch_size_;
    const arma::uword last = std::min(first + batch_size_, order_.n_elem) - 1;
    return order_.subvec(first, last);
  }

 private:
  arma::uvec order_;
  arma::uword batch_size_;
  std::mt19937_64 rng_;
};

}  // namespace wb
