/// \file
/// \brief Chapter 2: what the first layer looks at. Row j of W⁽¹⁾ holds hidden unit j's 784
/// weights, one per pixel, so it can be drawn as a 28 × 28 image: the pattern that excites
/// the unit most, z_j = W⁽¹⁾_j x + b_j, for an image of a given brightness. The notes:
/// 底层提取边缘，中层识别形状，高层理解物体语义 (lower layers extract edges, middle layers
/// shapes, higher layers the objects' meaning). Used by `main.cpp` and the chapter test.
#pragma once

#include <armadillo>

namespace wb::ch02 {

/// Row j of W as an image on a symmetric scale, one per unit, from 0 to 1:
/// \f[ v = \frac12 + \frac{w}{2\max_k |W_{jk}|} \f]
/// a weight 0 is 0.5. wb::plot_images draws 1 black and 0 white, as it draws the images'
/// ink: the unit's largest positive weight black, its most negative white, 0 mid gray.
inline arma::fvec unit_image(const arma::fmat& W, arma::uword j) {
  const arma::frowvec w = W.row(j);
  const float scale = arma::abs(w).max();
  if (scale == 0) return arma::fvec(w.n_elem, arma::fill::value(0.5f));
  return arma::fvec((0.5f + w / (2 * scale)).t());
}

/// One image of several units, for wb::plot_images: `pixels` row by row, height × width.
struct Mosaic {
  arma::fvec pixels;
  arma::uword height = 0, width = 0;
};

/// The rows `units` of W as a grid of `columns` tiles of side × side pixels (the pixels of an
/// image row by row, as Fashion-MNIST stores them), `gap` pixels of 0 (white) between tiles.
inline Mosaic mosaic(const arma::fmat& W, const arma::uvec& units, arma::uword columns, arma::uword side = 28,
                     arma::uword gap = 2) {
  const arma::uword rows = (units.n_elem + columns - 1) / columns;
  Mosaic m{{}, rows * side + (rows - 1) * gap, columns * side + (columns - 1) * gap};
  arma::fmat canvas(m.height, m.width, arma::fill::zeros);
  for (arma::uword i = 0; i < units.n_elem; ++i) {
    const arma::uword top = (i / columns) * (side + gap), left = (i % columns) * (side + gap);
    // reshape fills column by column: element (c, r) is pixel r·side + c, so transpose.
    canvas.submat(top, left, top + side - 1, left + side - 1) = arma::reshape(unit_image(W, units(i)), side, side).t();
  }
  m.pixels = arma::vectorise(arma::fmat(canvas.t()));  // row by row
  return m;
}

/// How smoothly the weights vary across the image: the correlation (Pearson) between the
/// weights of horizontally adjacent pixels, over every pair of every unit (row) of W.
/// Independent weights, as W⁽¹⁾ at initialization, give about 0; weights that change slowly
/// from pixel to pixel, close to 1.
inline double neighbour_correlation(const arma::fmat& W, arma::uword side = 28) {
  arma::uvec left(side * (side - 1)), right(side * (side - 1));
  arma::uword k = 0;
  for (arma::uword r = 0; r < side; ++r)
    for (arma::uword c = 0; c + 1 < side; ++c, ++k) {
      left(k) = r * side + c;
      right(k) = r * side + c + 1;
    }
  const arma::vec a = arma::conv_to<arma::vec>::from(arma::vectorise(W.cols(left)));
  const arma::vec b = arma::conv_to<arma::vec>::from(arma::vectorise(W.cols(right)));
  return arma::as_scalar(arma::cor(a, b));
}

/// For each unit (row), how far training moved its weights, relative to where they started:
/// \f[ r_j = \frac{\lVert \mathbf{W}_{j,:} - \mathbf{W}^{\text{init}}_{j,:} \rVert}{\lVert \mathbf{W}^{\text{init}}_{j,:} \rVert} \f]
/// Below 1, the tile of the unit is still mostly its initial noise.
inline arma::vec moved_ratio(const arma::fmat& initial, const arma::fmat& trained) {
  const arma::vec moved = arma::conv_to<arma::vec>::from(arma::sqrt(arma::sum(arma::square(trained - initial), 1)));
  return moved / arma::conv_to<arma::vec>::from(arma::sqrt(arma::sum(arma::square(initial), 1)));
}

}  // namespace wb::ch02
