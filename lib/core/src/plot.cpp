#include "wb/plot.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "wb/error.hpp"
#include "wb/output_file.hpp"

namespace fs = std::filesystem;

namespace wb {
namespace {

std::string quoted(const std::string& s) {  // a gnuplot double-quoted string
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    if (c == '\n') { q += "\\n"; continue; }
    q += c;
  }
  return q + "\"";
}

/// Whether `path` holds a whole SVG document: gnuplot does not always report a failed write
/// (a full disk, a file-size limit) in its exit status, but a cut file lacks its last tag.
bool complete_svg(const fs::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  const std::streamoff size = in.tellg();
  const std::streamoff tail = std::min<std::streamoff>(size, 64);
  std::string end(std::size_t(tail), '\0');
  in.seekg(size - tail);
  in.read(end.data(), tail);
  return end.find("</svg>") != std::string::npos;
}

Figure draw(const std::string& dir, const std::string& name) {
  Figure fig;
  fig.data = (fs::path(dir) / (name + ".dat")).string();
  fig.script = (fs::path(dir) / (name + ".gp")).string();
  fig.svg = (fs::path(dir) / (name + ".svg")).string();
  if (!gnuplot_available()) {
    fig.note = fmt::format("gnuplot is not installed: wrote {} and {}; install gnuplot-nox, then run "
                           "`cd {} && gnuplot {}.gp` to draw {}.svg", fig.data, fig.script, dir, name, name);
    return fig;
  }
  // gnuplot writes NAME.svg.tmp (the script's `set output`); only a finished figure is renamed.
  const std::string command = fmt::format("cd '{}' && gnuplot '{}.gp' 2>'{}.log'", dir, name, name);
  const fs::path tmp = fig.svg + ".tmp";
  fig.drawn = std::system(command.c_str()) == 0 && complete_svg(tmp);
  std::error_code ec;
  if (fig.drawn) fs::rename(tmp, fig.svg, ec);
  else fs::remove(tmp, ec);
  fig.drawn = fig.drawn && !ec;
  fig.note = fig.drawn ? fmt::format("wrote {}", fig.svg)
                       : fmt::format("gnuplot could not draw {} from {} (see {}.log in {}; is the disk full?)",
                                     fig.svg, fig.script, name, dir);
  return fig;
}

}  // namespace

bool gnuplot_available() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::stringstream dirs(path);
  std::string d;
  while (std::getline(dirs, d, ':')) {
    std::error_code ec;
    const fs::path candidate = fs::path(d.empty() ? "." : d) / "gnuplot";
    if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

namespace {

/// The lines of a gnuplot script that every x–y figure shares: terminal, output, frame.
std::string preamble(const std::string& name, const Axes& axes) {
  std::string gp = "set terminal svg size 800,480 dynamic enhanced font 'sans,13' background rgb 'white'\n"
                   "set output '" + name + ".svg.tmp'\n"
                   "set title " + quoted(axes.title) + "\n"
                   "set xlabel " + quoted(axes.xlabel) + "\nset ylabel " + quoted(axes.ylabel) + "\n"
                   "set grid\nset key " + axes.key + "\nset datafile missing 'NaN'\n";
  if (axes.log_x) gp += "set logscale x\nset format x '10^{%L}'\n";
  if (axes.log_y) gp += "set logscale y\nset format y '10^{%L}'\n";
  if (!axes.y2label.empty()) gp += "set y2label " + quoted(axes.y2label) + "\nset y2tics\nset ytics nomirror\n";
  return gp;
}

/// The curves as data blocks (gnuplot's `index k`), two columns x y each.
std::string curves_data(const std::vector<Curve>& curves) {
  std::string data;
  for (const Curve& c : curves) {
    data += "# " + c.title + "\n# x\ty\n";
    for (std::size_t i = 0; i < c.y.size(); ++i)
      data += fmt::format("{:.10g}\t{:.10g}\n", i < c.x.size() ? c.x[i] : double(i + 1), c.y[i]);
    data += "\n\n";
  }
  return data;
}

std::string path_of(const std::string& dir, const std::string& name, const char* extension) {
  return (fs::path(dir) / (name + extension)).string();
}

std::string plot_command(const std::string& name, const std::vector<Curve>& curves, std::size_t first_index) {
  std::string gp;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const Curve& c = curves[k];
    const std::string style = c.style == "points"        ? "points pt 7 ps 0.6"
                              : c.style == "linespoints" ? "linespoints pt 7 ps 0.5 lw 2"
                                                         : "lines lw 2";
    // gnuplot cycles through 8 colours: the 9th curve onwards is dashed, so no two look alike.
    const std::string dashes = k >= 8 ? fmt::format(" dt {}", k / 8 + 1) : "";
    gp += fmt::format("{}'{}.dat' index {} using 1:2 with {}{}{} title {}", k ? ", \\\n     " : "", name,
                      first_index + k, style, dashes, c.right_axis ? " axes x1y2" : "", quoted(c.title));
  }
  return gp;
}

}  // namespace

Figure plot_xy(const std::string& dir, const std::string& name, const Axes& axes, const std::vector<Curve>& curves) {
  fs::create_directories(dir);
  write_file(path_of(dir, name, ".dat"), curves_data(curves));
  write_file(path_of(dir, name, ".gp"), preamble(name, axes) + "plot " + plot_command(name, curves, 0) + "\n");
  return draw(dir, name);
}

Figure plot_map(const std::string& dir, const std::string& name, const Axes& axes, const Grid& grid,
                const std::vector<Curve>& points) {
  fs::create_directories(dir);
  // The grid after the curves, as data block number points.size(): "x y value" rows.
  std::string data = curves_data(points) + "# the grid: x y value\n";
  const arma::uword ny = grid.values.n_rows, nx = grid.values.n_cols;
  for (arma::uword i = 0; i < ny; ++i) {
    for (arma::uword j = 0; j < nx; ++j) {
      const double x = grid.x0 + (grid.x1 - grid.x0) * double(j) / double(std::max<arma::uword>(nx - 1, 1));
      const double y = grid.y0 + (grid.y1 - grid.y0) * double(i) / double(std::max<arma::uword>(ny - 1, 1));
      data += fmt::format("{:.6g}\t{:.6g}\t{:.6g}\n", x, y, grid.values(i, j));
    }
    data += "\n";
  }
  write_file(path_of(dir, name, ".dat"), data);
  write_file(path_of(dir, name, ".gp"),
             preamble(name, axes) + "set view map\nset palette defined (0 '#dbe9f6', 1 '#fde0c5')\nunset colorbox\n" +
                 fmt::format("set xrange [{:g}:{:g}]\nset yrange [{:g}:{:g}]\n", grid.x0, grid.x1, grid.y0, grid.y1) +
                 fmt::format("plot '{}.dat' index {} using 1:2:3 with image notitle", name, points.size()) +
                 (points.empty() ? "" : ", \\\n     " + plot_command(name, points, 0)) + "\n");
  return draw(dir, name);
}

Figure plot_lines(const std::string& dir, const std::string& name, const std::string& title,
                  const std::string& xlabel, const std::string& ylabel, const std::string& y2label,
                  const std::vector<Series>& series) {
  std::vector<Curve> curves;
  for (const Series& s : series) {
    Curve c;
    c.title = s.title;
    c.y = s.y;
    c.style = "linespoints";
    c.right_axis = s.right_axis;
    curves.push_back(c);
  }
  Axes axes;
  axes.title = title;
  axes.xlabel = xlabel;
  axes.ylabel = ylabel;
  axes.y2label = y2label;
  return plot_xy(dir, name, axes, curves);
}

Figure plot_images(const std::string& dir, const std::string& name, const arma::fmat& images,
                   arma::uword height, arma::uword width, const std::vector<std::string>& titles) {
  fs::create_directories(dir);
  std::string data;
  for (arma::uword k = 0; k < images.n_cols; ++k) {
    data += fmt::format("# image {}\n", k);
    for (arma::uword r = 0; r < height; ++r) {
      for (arma::uword c = 0; c < width; ++c) data += fmt::format("{}{:.3f}", c ? " " : "", images(r * width + c, k));
      data += '\n';
    }
    data += "\n\n";  // a new gnuplot data set (index k)
  }
  write_file(path_of(dir, name, ".dat"), data);
  std::string gp = fmt::format("set terminal svg size {},230 dynamic font 'sans,12' background rgb 'white'\n"
                               "set output '{}.svg.tmp'\n", 160 * images.n_cols, name) +
                   "set palette gray negative\nunset colorbox\nunset border\nunset tics\nunset key\n"
                   "set size ratio -1\nset yrange [] reverse\nset cbrange [0:1]\n" +
                   fmt::format("set multiplot layout 1,{}\n", images.n_cols);
  for (arma::uword k = 0; k < images.n_cols; ++k)
    gp += "set title " + quoted(k < titles.size() ? titles[k] : "") + "\n" +
          fmt::format("plot '{}.dat' index {} matrix with image\n", name, k);
  write_file(path_of(dir, name, ".gp"), gp + "unset multiplot\n");
  return draw(dir, name);
}

}  // namespace wb
