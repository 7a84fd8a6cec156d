/// \file
/// \brief A small, fast, seeded source of uniform random numbers, the same on every machine.
///
/// Dropout draws one uniform number per hidden unit and example in every training step
/// (65 536 per 256 × 256 layer and minibatch): std::mt19937_64 with
/// std::uniform_real_distribution would cost a fifth of an epoch, and its floating-point
/// output is not specified to be the same across standard libraries. SplitMix64 is a
/// 64-bit counter passed through a mixing function: one multiply-xorshift chain per 64 bits,
/// statistically good for this purpose, and its output is fixed by its seed.
#pragma once

#include <armadillo>
#include <cstdint>
#include <type_traits>

#include "wb/splitmix64.hpp"

namespace wb {

/// Uniform numbers in [0, 1), seeded.
class UniformSource {
 public:
  explicit UniformSource(std::uint64_t seed) : state_(seed) {}

  /// The next 64 random bits (SplitMix64).
  std::uint64_t next() { return detail::splitmix64(state_ += step, 0); }

  /// Fills `u` with uniform numbers in [0, 1): 53 random bits per double, 24 per float (two
  /// floats from one draw).
  template <typename eT>
  void fill(arma::Mat<eT>& u) {
    fill_part(u, 0);
    skip<eT>(u.n_elem);
  }

  /// Fills `u` with numbers [first, first + u.n_elem) of what fill() would put in a larger
  /// matrix, without moving on: SplitMix64 is a counter, so any part can be drawn directly.
  /// Lanes fill their parts of one matrix this way at the same time, then skip() moves past it;
  /// the numbers are the same for any number of lanes.
  template <typename eT>
  void fill_part(arma::Mat<eT>& u, std::uint64_t first) const {
    static_assert(std::is_floating_point_v<eT>, "uniform numbers are real");
    eT* p = u.memptr();
    const arma::uword n = u.n_elem;
    if constexpr (std::is_same_v<eT, float>) {
      std::uint64_t e = first;  // numbers 2k and 2k + 1 come from draw k + 1
      arma::uword i = 0;
      float pair[2];
      if (e % 2 == 1 && n > 0) {  // an odd start: the second number of a draw
        detail::uniform_float_pairs(state_, e / 2 + 1, 1, pair);
        p[i++] = pair[1];
        ++e;
      }
      const arma::uword pairs = (n - i) / 2;
      detail::uniform_float_pairs(state_, e / 2 + 1, pairs, p + i);
      i += 2 * pairs;
      e += 2 * pairs;
      if (i < n) {  // an odd end: the first number of a draw
        detail::uniform_float_pairs(state_, e / 2 + 1, 1, pair);
        p[i] = pair[0];
      }
    } else {
      constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
      for (arma::uword i = 0; i < n; ++i) p[i] = eT(double(detail::splitmix64(state_, first + i + 1) >> 11) * scale);
    }
  }

  /// Moves past `count` numbers of type eT, as fill() of that many would.
  template <typename eT>
  void skip(std::uint64_t count) {
    state_ += step * (std::is_same_v<eT, float> ? (count + 1) / 2 : count);
  }

 private:
  static constexpr std::uint64_t step = detail::splitmix64_step;
  std::uint64_t state_;
};

}  // namespace wb
