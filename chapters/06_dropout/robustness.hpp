/// \file
/// \brief Chapter 6: dropout as robustness (这种方案考察的是一种鲁棒性). The networks trained with
/// and without dropout, evaluated on test images made noisy in two ways: Gaussian noise added
/// to every pixel, and pixels set to 0 at random. Used by `main.cpp` and the chapter test.
#pragma once

#include <armadillo>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "wb/fashion_mnist.hpp"
#include "wb/mlp.hpp"

namespace wb::ch06 {

/// How the test images are corrupted, and how much.
enum class Noise { none, gaussian, zeroed };

struct Corruption {
  Noise kind = Noise::none;
  double level = 0;  ///< σ of the Gaussian noise, or the probability that a pixel is zeroed
};

/// Clean; Gaussian σ = 0.1 … 0.5; pixels zeroed with probability 0.1, 0.25 and 0.5.
inline std::vector<Corruption> corruptions() {
  return {{Noise::none, 0},        {Noise::gaussian, 0.1}, {Noise::gaussian, 0.2}, {Noise::gaussian, 0.3},
          {Noise::gaussian, 0.4},  {Noise::gaussian, 0.5}, {Noise::zeroed, 0.1},   {Noise::zeroed, 0.25},
          {Noise::zeroed, 0.5}};
}

/// The random numbers behind every corruption of X, drawn once, so that each level differs
/// from the next in its level only: z ~ N(0, 1) and u ~ U[0, 1) per pixel.
struct NoiseDraws {
  arma::fmat z, u;
};

inline NoiseDraws draw_noise(arma::uword rows, arma::uword cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  NoiseDraws d{arma::fmat(rows, cols), arma::fmat(rows, cols)};
  d.z.imbue([&] { return normal(rng); });
  d.u.imbue([&] { return uniform(rng); });
  return d;
}

/// The corrupted images, pixel by pixel, no clipping:
/// \f[ \tilde x = x + \sigma z \quad\text{(Gaussian)}, \qquad
///     \tilde x = x \cdot [u \ge q] \quad\text{(zeroed with probability } q\text{)} \f]
//! [corrupt]
inline arma::fmat corrupt(const arma::fmat& X, const Corruption& c, const NoiseDraws& d) {
  switch (c.kind) {
    case Noise::gaussian: return X + float(c.level) * d.z;
    case Noise::zeroed: return X % arma::conv_to<arma::fmat>::from(d.u >= float(c.level));
    case Noise::none: break;
  }
  return X;
}
//! [corrupt]

/// One row of the table: a corruption and each network's test accuracy under it.
struct RobustnessRow {
  Corruption corruption;
  std::vector<double> accuracy;  ///< one per network, in the order given
};

/// The accuracy of each network on the first `images` test images under every corruption,
/// the same corrupted images for all networks (evaluation mode: no dropout at test time).
inline std::vector<RobustnessRow> robustness(const std::vector<Mlp<float>*>& nets, const Dataset& test,
                                             arma::uword images, std::uint64_t seed) {
  const Dataset part = test.head(images);
  const NoiseDraws draws = draw_noise(part.X.n_rows, part.X.n_cols, seed);
  std::vector<RobustnessRow> rows;
  for (const Corruption& c : corruptions()) {
    const arma::fmat X = corrupt(part.X, c, draws);
    RobustnessRow row{c, {}};
    for (Mlp<float>* net : nets) row.accuracy.push_back(net->accuracy(X, part.y));
    rows.push_back(row);
  }
  return rows;
}

}  // namespace wb::ch06
