/// \file
/// \brief The Fashion-MNIST data set: 60 000 training and 10 000 test images of 28 × 28 pixels
/// in ten classes, read from the Debian package `dataset-fashion-mnist` or any directory.
#pragma once

#include <armadillo>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace wb {

/// Images as columns, pixels scaled to [0, 1], and their labels (class indices 0–9).
struct Dataset {
  arma::fmat X;  ///< 784 × n, column i is image i (row-major pixels, as in the file)
  arma::uvec y;  ///< n labels
  /// The training set's pixels as the file stores them, one byte each, in X's layout, with
  /// X = bytes / 255 exactly; empty for sets that did not come from bytes. The minibatch
  /// gather reads these: a quarter of the memory traffic of reading X. Code that changes X
  /// must clear them.
  std::vector<std::uint8_t> bytes;
  arma::uword size() const { return X.n_cols; }
  /// The first n examples (all when n is 0 or larger than the set).
  Dataset head(arma::uword n) const;
  /// The examples at `indices`, in that order (e.g. a validation split drawn at random).
  Dataset subset(const arma::uvec& indices) const;
};

/// The training and test sets of Fashion-MNIST.
struct FashionMnist {
  Dataset train;
  Dataset test;
};

/// The ten class names, in label order (the notes' `d2l.get_fashion_mnist_labels`):
/// t-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot.
const std::array<const char*, 10>& fashion_mnist_labels();

/// Reads the four files `train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`,
/// `t10k-images-idx3-ubyte[.gz]` and `t10k-labels-idx1-ubyte[.gz]` from `dir` (the `.gz`
/// file when both exist).
/// Throws DataError (exit status 2) with one line naming the directory and the fix
/// (install `dataset-fashion-mnist` or pass `--data DIR`) when the directory or a file is
/// missing, and naming the file when one is corrupt or the counts disagree.
FashionMnist load_fashion_mnist(const std::string& dir);

}  // namespace wb
