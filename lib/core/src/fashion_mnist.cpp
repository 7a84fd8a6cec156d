#include "wb/fashion_mnist.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "wb/error.hpp"
#include "wb/idx.hpp"
#include "wb/minibatches.hpp"

namespace fs = std::filesystem;

namespace wb {

namespace {

constexpr arma::uword side = 28, pixels = side * side, classes = 10;

/// How to get the data, appended to every "not found" message.
std::string fix() {
  return "install the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist, "
         "or ./workbook setup) or pass --data DIR";
}

/// `dir/name.gz` if it exists, else `dir/name`; throws DataError when neither does.
std::string find_file(const std::string& dir, const std::string& name) {
  std::error_code ec;
  for (const auto& candidate : {name + ".gz", name}) {
    const fs::path p = fs::path(dir) / candidate;
    if (fs::exists(p, ec)) return p.string();
  }
  throw DataError(fmt::format("Fashion-MNIST file {}[.gz] not found in {}: {}", name, dir, fix()));
}

/// Reads one split (images and labels) and converts it: X(:, i) = image i / 255.
Dataset load_split(const std::string& dir, const std::string& prefix, bool keep_bytes) {
  const std::string images_path = find_file(dir, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(dir, prefix + "-labels-idx1-ubyte");
  IdxArray images = read_idx(images_path);
  const IdxArray labels = read_idx(labels_path);

  if (images.dims.size() != 3 || images.dims[1] != side || images.dims[2] != side)
    throw DataError(fmt::format("{}: expected n x 28 x 28 images, found {}; "
                                "the file is not Fashion-MNIST images, download or reinstall it",
                                images_path, fmt::join(images.dims, " x ")));
  if (labels.dims.size() != 1)
    throw DataError(fmt::format("{}: expected a 1-dimensional array of labels, found {}; "
                                "the file is not Fashion-MNIST labels, download or reinstall it",
                                labels_path, fmt::join(labels.dims, " x ")));
  if (images.count() != labels.count())
    throw DataError(fmt::format("{} holds {} images but {} holds {} labels; the files belong to different "
                                "sets, download or reinstall them",
                                images_path, images.count(), labels_path, labels.count()));
  const arma::uword n = images.count();
  Dataset d;
  d.y.set_size(n);
  for (arma::uword i = 0; i < n; ++i) {
    if (labels.data[i] >= classes)
      throw DataError(fmt::format("{}: label {} at index {} is not a class 0-9; the file is corrupt, "
                                  "download or reinstall it",
                                  labels_path, labels.data[i], i));
    d.y[i] = labels.data[i];
  }

  // The IDX layout (image after image, pixels row-major) is exactly the column-major layout
  // of a 784 x n matrix whose columns are images: one pass, by the conversion the minibatch
  // gather uses, so that X = bytes / 255 bit for bit.
  d.X.set_size(pixels, n);
  advise_huge_pages(d.X.memptr(), d.X.n_elem * sizeof(float));  // a page fault per 2 MB, not per 4 kB
  gather_bytes(images.data.data(), images.data.size(), d.X.memptr());
  if (keep_bytes) d.bytes = std::move(images.data);  // the buffer itself: no copy, no extra peak
  return d;
}

}  // namespace

Dataset Dataset::head(arma::uword n) const {
  if (n == 0 || n >= size()) return *this;
  Dataset d{X.head_cols(n), y.head(n), {}};
  if (!bytes.empty()) d.bytes.assign(bytes.begin(), bytes.begin() + std::ptrdiff_t(n * X.n_rows));
  return d;
}

Dataset Dataset::subset(const arma::uvec& indices) const {
  Dataset d{X.cols(indices), y.elem(indices), {}};
  if (!bytes.empty()) {
    d.bytes.resize(indices.n_elem * X.n_rows);
    for (arma::uword j = 0; j < indices.n_elem; ++j)
      std::copy_n(bytes.begin() + std::ptrdiff_t(indices[j] * X.n_rows), X.n_rows,
                  d.bytes.begin() + std::ptrdiff_t(j * X.n_rows));
  }
  return d;
}

const std::array<const char*, 10>& fashion_mnist_labels() {
  static const std::array<const char*, 10> names = {"t-shirt", "trouser", "pullover", "dress", "coat",
                                                    "sandal",  "shirt",   "sneaker",  "bag",   "ankle boot"};
  return names;
}

FashionMnist load_fashion_mnist(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw DataError(fmt::format("Fashion-MNIST not found in {}: {}", dir, fix()));
  // Only the training set keeps its bytes (for the minibatch gather); the test set is read in
  // order, a chunk at a time, so its floats suffice.
  return {load_split(dir, "train", true), load_split(dir, "t10k", false)};
}

}  // namespace wb
