// Writes the seed corpora of the fuzz targets: for fuzz_idx, valid IDX files of labels and of
// images, and the classic ways they go wrong (cut short, a wrong magic number or element type,
// too many dimensions, an empty array, a header that claims far more than follows, trailing
// bytes); for fuzz_fashion_mnist, four files glued together behind the three cut bytes.
//   make_corpus DIR   →   DIR/idx/*, DIR/fashion_mnist/*
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes idx(std::uint8_t type, const std::vector<std::uint32_t>& dims, std::size_t payload) {
  Bytes b = {0, 0, type, std::uint8_t(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(std::uint8_t(d >> shift));
  for (std::size_t i = 0; i < payload; ++i) b.push_back(std::uint8_t(i * 37 % 10));
  return b;
}

void save(const fs::path& path, const Bytes& b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_corpus DIR\n");
    return 64;
  }
  const fs::path root = argv[1];
  fs::create_directories(root / "idx");
  fs::create_directories(root / "fashion_mnist");
  const Bytes labels = idx(0x08, {5}, 5), images = idx(0x08, {2, 28, 28}, 2 * 28 * 28);
  const std::vector<std::pair<std::string, Bytes>> seeds = {
      {"labels", labels},
      {"images", images},
      {"truncated_payload", Bytes(images.begin(), images.end() - 100)},
      {"truncated_header", Bytes(images.begin(), images.begin() + 6)},
      {"wrong_magic", [] { Bytes b = idx(0x08, {3}, 3); b[0] = 0x1f; return b; }()},
      {"float_type", idx(0x0D, {3}, 12)},
      {"five_dimensions", idx(0x08, {1, 1, 1, 1, 1}, 1)},
      {"empty_array", idx(0x08, {0, 28, 28}, 0)},
      {"claims_a_gigabyte", idx(0x08, {60000, 28, 28}, 16)},
      {"claims_overflow", idx(0x08, {0xffffffffu, 0xffffffffu, 0xffffffffu}, 0)},
      {"trailing_bytes", [&] { Bytes b = labels; b.push_back(7); return b; }()},
      {"empty_file", Bytes{}},
  };
  for (const auto& [name, bytes] : seeds) save(root / "idx" / name, bytes);
  // Four files behind three cut bytes: 256·(cut − 3)/(size − 3) places the boundaries.
  const Bytes train_labels = idx(0x08, {2}, 2), test_images = idx(0x08, {1, 28, 28}, 784), test_labels = idx(0x08, {1}, 1);
  Bytes glued;
  for (const Bytes* part : {&images, &train_labels, &test_images, &test_labels}) glued.insert(glued.end(), part->begin(), part->end());
  const auto cut_byte = [&](std::size_t offset) { return std::uint8_t(256 * offset / glued.size()); };
  const std::size_t a = images.size(), b = a + train_labels.size(), c = b + test_images.size();
  Bytes valid = {cut_byte(a), cut_byte(b), cut_byte(c)};
  valid.insert(valid.end(), glued.begin(), glued.end());
  save(root / "fashion_mnist" / "four_files", valid);
  save(root / "fashion_mnist" / "all_in_one", Bytes{255, 255, 255});
  std::printf("wrote %zu + 2 seed files under %s\n", seeds.size(), root.c_str());
  return 0;
}
