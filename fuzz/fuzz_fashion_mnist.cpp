// libFuzzer target: wb::load_fashion_mnist on a directory of four files cut from one input
// (its first three bytes say where to cut), checking what the loader adds to the IDX reader:
// matching counts, 28 × 28 images, labels below 10. Every input must end in a data set or a
// DataError.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path dir = fs::temp_directory_path() / ("wb-fuzz-fmnist-" + std::to_string(getpid()));
  static const char* names[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                 "t10k-labels-idx1-ubyte"};
  fs::create_directories(dir);
  std::size_t cut[5] = {3, 0, 0, 0, size};
  for (int k = 0; k < 3; ++k) cut[k + 1] = size > 3 ? 3 + (size - 3) * (k < int(size) ? data[k] : 0) / 256 : size;
  for (int k = 1; k < 4; ++k) cut[k] = std::max(cut[k], cut[k - 1]);
  for (int k = 0; k < 4; ++k) {
    std::ofstream out(dir / names[k], std::ios::binary | std::ios::trunc);
    if (size > cut[k]) out.write(reinterpret_cast<const char*>(data + cut[k]), std::streamsize(cut[k + 1] - cut[k]));
  }
  try {
    const wb::FashionMnist d = wb::load_fashion_mnist(dir.string());
    if (d.train.X.n_rows != 784 || d.train.X.n_cols != d.train.y.n_elem || d.test.X.n_cols != d.test.y.n_elem)
      __builtin_trap();
    if (!d.train.y.is_empty() && d.train.y.max() > 9) __builtin_trap();
  } catch (const wb::DataError&) {
  }
  return 0;
}
