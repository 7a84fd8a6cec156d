/// \file
/// \brief Seeded shuffling of a training set into minibatches.
#pragma once

#include <armadillo>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <random>
#include <type_traits>
#include <vector>

#include "wb/fashion_mnist.hpp"
#include "wb/lanes.hpp"

namespace wb {

/// n pixels from bytes to floats, b / 255 as the loader computes them (a correctly rounded
/// division, hence identical), with AVX2 when the CPU has it (chosen at run time).
void gather_bytes(const std::uint8_t* bytes, arma::uword n, float* pixels);

/// Asks the kernel to back the bytes a gather reads with 2 MB pages (Linux's transparent huge
/// pages, synchronously where the kernel can, 6.1 and later). A minibatch reads images at
/// random from the 47 MB of the training set: in 4 KB pages nearly every image costs a page
/// walk, which the training step's GEMMs have pushed out of the caches. A hint: without huge
/// pages, nothing changes but the speed.
void prefer_huge_pages(const std::vector<std::uint8_t>& bytes);

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

/// The columns `span` of one minibatch: the examples idx[span.first … span.last) of `from`
/// into the same columns of `into` (already of size pixels × idx.n_elem). From the bytes when
/// the set has them: a byte per pixel read instead of four, converted as the loader converted
/// them (b / 255 in float, so the result is exactly `from.X.cols(idx)`), with the next image
/// prefetched while this one is converted. Lanes may fill disjoint spans at the same time.
template <typename eT>
void gather_columns(const Dataset& from, const arma::uvec& idx, arma::Mat<eT>& into, Span span) {
  const arma::uword rows = from.X.n_rows;
  const bool from_bytes = from.bytes.size() == from.X.n_elem;
  constexpr arma::uword prefetch_distance = 4;  // images ahead: converting one takes less than a memory latency
  for (arma::uword j = span.first; j < span.last; ++j) {
    eT* target = into.colptr(j);
    if constexpr (std::is_same_v<eT, float>) {
      if (from_bytes) {
        if (j + prefetch_distance < span.last) {
          const char* next = reinterpret_cast<const char*>(from.bytes.data() + idx[j + prefetch_distance] * rows);
          for (arma::uword b = 0; b < rows; b += 64) __builtin_prefetch(next + b);
        }
        gather_bytes(from.bytes.data() + idx[j] * rows, rows, target);
      } else {
        std::memcpy(target, from.X.colptr(idx[j]), rows * sizeof(float));
      }
    } else {  // double, for the checks: converted from X
      const float* column = from.X.colptr(idx[j]);
      for (arma::uword i = 0; i < rows; ++i) target[i] = eT(column[i]);
    }
  }
}

/// The examples `idx` of `from` (one minibatch), as the columns of `into`, which keeps its
/// memory from one minibatch to the next; lane by lane (see wb/lanes.hpp), each lane copying
/// its share of the columns.
template <typename eT>
void gather_columns(const Dataset& from, const arma::uvec& idx, arma::Mat<eT>& into, int lanes = 1) {
  into.set_size(from.X.n_rows, idx.n_elem);
  run_lanes(lanes, [&](int lane) { gather_columns(from, idx, into, share(lane, lanes, idx.n_elem)); });
}

}  // namespace wb
