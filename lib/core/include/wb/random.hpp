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

namespace wb {

/// Uniform numbers in [0, 1), seeded.
class UniformSource {
 public:
  explicit UniformSource(std::uint64_t seed) : state_(seed) {}

  /// The next 64 random bits (SplitMix64).
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// Fills `u` with uniform numbers in [0, 1): 53 random bits per double, 24 per float (two
  /// floats from one draw).
  template <typename eT>
  void fill(arma::Mat<eT>& u) {
    static_assert(std::is_floating_point_v<eT>, "uniform numbers are real");
    eT* p = u.memptr();
    const arma::uword n = u.n_elem;
    if constexpr (std::is_same_v<eT, float>) {
      constexpr float scale = 1.0f / 16777216.0f;  // 2^-24
      arma::uword i = 0;
      for (; i + 1 < n; i += 2) {
        const std::uint64_t x = next();
        p[i] = float(x >> 40) * scale;
        p[i + 1] = float((x >> 8) & 0xffffffULL) * scale;
      }
      if (i < n) p[i] = float(next() >> 40) * scale;
    } else {
      constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
      for (arma::uword i = 0; i < n; ++i) p[i] = eT(double(next() >> 11) * scale);
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace wb
