#include "wb/minibatches.hpp"

namespace wb {

// The division is the cost here (the bytes are prefetched): 8 floats per vdivps with AVX2,
// 4 in the x86-64 baseline. Blocks with a fixed count, so that -O2 vectorizes them.
__attribute__((target_clones("avx2", "default")))
void gather_bytes(const std::uint8_t* __restrict bytes, arma::uword n, float* __restrict pixels) {
  arma::uword i = 0;
  for (; i + 64 <= n; i += 64)
    for (arma::uword k = 0; k < 64; ++k) pixels[i + k] = float(bytes[i + k]) / 255.0f;
  for (; i + 16 <= n; i += 16)
    for (arma::uword k = 0; k < 16; ++k) pixels[i + k] = float(bytes[i + k]) / 255.0f;
  for (; i < n; ++i) pixels[i] = float(bytes[i]) / 255.0f;
}

}  // namespace wb
