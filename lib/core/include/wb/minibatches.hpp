/// \file
/// \brief Seeded shuffling of a training set into minibatches.
#pragma once

#include <armadillo>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
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

/// The columns `idx` of `from` (the examples of one minibatch), copied into `into`, which keeps
/// its memory from one minibatch to the next: one contiguous copy per column and no temporary
/// (in float), the least memory traffic a gather can have.
template <typename eT>
void gather_columns(const arma::fmat& from, const arma::uvec& idx, arma::Mat<eT>& into) {
  into.set_size(from.n_rows, idx.n_elem);
  for (arma::uword j = 0; j < idx.n_elem; ++j) {
    const float* column = from.colptr(idx[j]);
    if constexpr (std::is_same_v<eT, float>) {
      std::memcpy(into.colptr(j), column, from.n_rows * sizeof(float));
    } else {
      eT* target = into.colptr(j);
      for (arma::uword i = 0; i < from.n_rows; ++i) target[i] = eT(column[i]);
    }
  }
}

}  // namespace wb
