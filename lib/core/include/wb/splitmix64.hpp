/// \file
/// \brief SplitMix64, the counter-based generator behind wb::UniformSource (wb/random.hpp), and
/// its vectorized loop for pairs of floats. Apart, without Armadillo, so that the loop's file
/// compiles in a moment.
#pragma once

#include <cstdint>

namespace wb {

namespace detail {
constexpr std::uint64_t splitmix64_step = 0x9e3779b97f4a7c15ULL;
/// SplitMix64: draw k ≥ 1 after `state`, the counter state + k·step through the mixing function.
inline std::uint64_t splitmix64(std::uint64_t state, std::uint64_t k) {
  std::uint64_t z = state + k * splitmix64_step;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
/// Two floats in [0, 1) from each of the draws first … first + pairs − 1 after `state`: its
/// high 24 bits, then the next 24, times 2⁻²⁴, into out[0 … 2·pairs). Compiled with AVX-512
/// when the CPU has it (its 64-bit multiplies do several draws at once), chosen at run time.
void uniform_float_pairs(std::uint64_t state, std::uint64_t first, std::uint64_t pairs, float* out);
}  // namespace detail

}  // namespace wb
