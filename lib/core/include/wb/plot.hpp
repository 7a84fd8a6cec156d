/// \file
/// \brief Figures through gnuplot: every figure is a data file and a gnuplot script that
/// reads it, and, when gnuplot is installed, the SVG it draws. No Python needed.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

namespace wb {

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

/// Grayscale images in one row (like d2l.show_images): each column of `images` is one image
/// of `height` × `width` pixels stored row by row, values in [0, 1]; one title per image
/// (a newline in a title starts a second line).
Figure plot_images(const std::string& dir, const std::string& name, const arma::fmat& images,
                   arma::uword height, arma::uword width, const std::vector<std::string>& titles);

}  // namespace wb
