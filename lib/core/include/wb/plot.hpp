/// \file
/// \brief Figures through gnuplot: every figure is a data file and a gnuplot script that
/// reads it, and, when gnuplot is installed, the SVG it draws. No Python needed.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

namespace wb {

/// One curve of an x–y plot: points (x_k, y_k), drawn with a gnuplot style.
struct Curve {
  std::string title;
  std::vector<double> x, y;
  std::string style = "lines";  ///< "lines", "points", "linespoints" (gnuplot's styles)
  bool right_axis = false;      ///< against the y2 axis
};

/// The frame of a plot.
struct Axes {
  std::string title, xlabel, ylabel;
  std::string y2label;          ///< non-empty: a second y axis on the right
  bool log_x = false, log_y = false;
  std::string key = "center right";  ///< where gnuplot puts the legend ("top left", "outside", …)
};

/// Values on a regular grid over [x0, x1] × [y0, y1] (a classifier's decision regions, say):
/// `values(i, j)` is the value at y_i (row) and x_j (column).
struct Grid {
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  arma::mat values;
};

/// One line of a line plot.
struct Series {
  std::string title;
  std::vector<double> y;
  bool right_axis = false;  ///< plot against the y2 axis (e.g. accuracy next to loss)
};

/// What a plot wrote: the data, the script and (when gnuplot ran) the SVG, and a note to print.
struct Figure {
  std::string data, script, svg;
  bool drawn = false;
  std::string note;  ///< "wrote out/02_mlp/curves.svg" or how to draw it without gnuplot
};

/// Whether a `gnuplot` executable is on the PATH.
bool gnuplot_available();

/// A line plot of several series against x = 1, 2, … (e.g. per-epoch curves), written as
/// `dir/name.dat`, `dir/name.gp` and `dir/name.svg`. Creates `dir` if needed.
Figure plot_lines(const std::string& dir, const std::string& name, const std::string& title,
                  const std::string& xlabel, const std::string& ylabel, const std::string& y2label,
                  const std::vector<Series>& series);

/// An x–y plot of several curves: `dir/name.dat` (one data block per curve), `dir/name.gp`
/// and, when gnuplot is installed, `dir/name.svg`. Creates `dir` if needed.
Figure plot_xy(const std::string& dir, const std::string& name, const Axes& axes, const std::vector<Curve>& curves);

/// A map of `grid`'s values as colours, with `points` (e.g. the data) drawn on top.
Figure plot_map(const std::string& dir, const std::string& name, const Axes& axes, const Grid& grid,
                const std::vector<Curve>& points);

/// Grayscale images in one row (like d2l.show_images): each column of `images` is one image
/// of `height` × `width` pixels stored row by row, values in [0, 1]; one title per image
/// (a newline in a title starts a second line).
Figure plot_images(const std::string& dir, const std::string& name, const arma::fmat& images,
                   arma::uword height, arma::uword width, const std::vector<std::string>& titles);

}  // namespace wb
