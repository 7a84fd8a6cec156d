#include "wb/minibatches.hpp"

#include <cstdint>
#ifdef __linux__
#include <sys/mman.h>
#endif

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

void prefer_huge_pages(const std::vector<std::uint8_t>& bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t(1) << 21;  // the 2 MB pages inside the buffer
  const auto begin = reinterpret_cast<std::uintptr_t>(bytes.data());
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1), last = (begin + bytes.size()) & ~(huge - 1);
  if (last <= first) return;
  void* start = reinterpret_cast<void*>(first);
  madvise(start, last - first, MADV_HUGEPAGE);  // for whatever the kernel does later
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25  // Linux 6.1; older kernels refuse it (EINVAL), which is fine
#endif
  // Now: 10–100 ms for the training set (it copies the pages); 2 MB more memory at most.
  madvise(start, last - first, MADV_COLLAPSE);
#else
  (void)bytes;
#endif
}

}  // namespace wb
