#include "wb/plot.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "wb/error.hpp"

namespace fs = std::filesystem;

namespace wb {
namespace {

std::ofstream open_for_writing(const std::string& path) {
  std::ofstream out(path);
  if (!out) throw UserError(fmt::format("cannot write {}: check that its directory is writable, or pass --out DIR", path));
  return out;
}

std::string quoted(const std::string& s) {  // a gnuplot double-quoted string
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    if (c == '\n') { q += "\\n"; continue; }
    q += c;
  }
  return q + "\"";
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
  const std::string command = fmt::format("cd '{}' && gnuplot '{}.gp' 2>'{}.log'", dir, name, name);
  fig.drawn = std::system(command.c_str()) == 0 && fs::exists(fig.svg);
  fig.note = fig.drawn ? fmt::format("wrote {}", fig.svg)
                       : fmt::format("gnuplot failed on {} (see {}.log in {})", fig.script, name, dir);
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
                   "set output '" + name + ".svg'\n"
                   "set title " + quoted(axes.title) + "\n"
                   "set xlabel " + quoted(axes.xlabel) + "\nset ylabel " + quoted(axes.ylabel) + "\n"
                   "set grid\nset key " + axes.key + "\nset datafile missing 'NaN'\n";
  // On a log axis gnuplot's default labels carry as many decimals as the smallest tick needs
  // ("100.0000000" next to "0.0000001"); %g writes each tick as short as it can ("100", "1e-07").
  if (axes.log_x) gp += "set logscale x\nset format x '%g'\n";
  if (axes.log_y) gp += "set logscale y\nset format y '%g'\n";
  if (!axes.y2label.empty()) gp += "set y2label " + quoted(axes.y2label) + "\nset y2tics\nset ytics nomirror\n";
  return gp;
}

/// The curves as data blocks (gnuplot's `index k`), two columns x y each.
void write_curves(const std::string& path, const std::vector<Curve>& curves) {
  std::ofstream data = open_for_writing(path);
  for (const Curve& c : curves) {
    data << "# " << c.title << "\n# x\ty\n";
    for (std::size_t i = 0; i < c.y.size(); ++i)
      data << fmt::format("{:.10g}\t{:.10g}\n", i < c.x.size() ? c.x[i] : double(i + 1), c.y[i]);
    data << "\n\n";
  }
}

std::string plot_command(const std::string& name, const std::vector<Curve>& curves, std::size_t first_index) {
  std::string gp;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const Curve& c = curves[k];
    const std::string style = c.style == "points"        ? "points pt 7 ps 0.6"
                              : c.style == "linespoints" ? "linespoints pt 7 ps 0.5 lw 2"
                                                         : "lines lw 2";
    gp += fmt::format("{}'{}.dat' index {} using 1:2 with {}{} title {}", k ? ", \\\n     " : "", name,
                      first_index + k, style, c.right_axis ? " axes x1y2" : "", quoted(c.title));
  }
  return gp;
}

}  // namespace

Figure plot_xy(const std::string& dir, const std::string& name, const Axes& axes, const std::vector<Curve>& curves) {
  fs::create_directories(dir);
  write_curves((fs::path(dir) / (name + ".dat")).string(), curves);
  std::ofstream gp = open_for_writing((fs::path(dir) / (name + ".gp")).string());
  gp << preamble(name, axes) << "plot " << plot_command(name, curves, 0) << "\n";
  gp.close();
  return draw(dir, name);
}

Figure plot_map(const std::string& dir, const std::string& name, const Axes& axes, const Grid& grid,
                const std::vector<Curve>& points) {
  fs::create_directories(dir);
  const std::string data = (fs::path(dir) / (name + ".dat")).string();
  write_curves(data, points);
  {
    // The grid after the curves, as block number points.size(): "x y value" rows.
    std::ofstream out(data, std::ios::app);
    const arma::uword ny = grid.values.n_rows, nx = grid.values.n_cols;
    out << "# the grid: x y value\n";
    for (arma::uword i = 0; i < ny; ++i) {
      for (arma::uword j = 0; j < nx; ++j) {
        const double x = grid.x0 + (grid.x1 - grid.x0) * double(j) / double(std::max<arma::uword>(nx - 1, 1));
        const double y = grid.y0 + (grid.y1 - grid.y0) * double(i) / double(std::max<arma::uword>(ny - 1, 1));
        out << fmt::format("{:.6g}\t{:.6g}\t{:.6g}\n", x, y, grid.values(i, j));
      }
      out << "\n";
    }
    if (!out) throw UserError(fmt::format("cannot write {}: check that its directory is writable, or pass --out DIR", data));
  }
  std::ofstream gp = open_for_writing((fs::path(dir) / (name + ".gp")).string());
  gp << preamble(name, axes) << "set view map\nset palette defined (0 '#dbe9f6', 1 '#fde0c5')\nunset colorbox\n"
     << fmt::format("set xrange [{:g}:{:g}]\nset yrange [{:g}:{:g}]\n", grid.x0, grid.x1, grid.y0, grid.y1)
     << "plot '" << name << ".dat' index " << points.size() << " using 1:2:3 with image notitle"
     << (points.empty() ? "" : ", \\\n     " + plot_command(name, points, 0)) << "\n";
  gp.close();
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
  {
    std::ofstream data = open_for_writing((fs::path(dir) / (name + ".dat")).string());
    for (arma::uword k = 0; k < images.n_cols; ++k) {
      data << "# image " << k << "\n";
      for (arma::uword r = 0; r < height; ++r) {
        for (arma::uword c = 0; c < width; ++c) data << (c ? " " : "") << fmt::format("{:.3f}", images(r * width + c, k));
        data << '\n';
      }
      data << "\n\n";  // a new gnuplot data set (index k)
    }
  }
  std::ofstream gp = open_for_writing((fs::path(dir) / (name + ".gp")).string());
  gp << "set terminal svg size " << 160 * images.n_cols << ",230 dynamic font 'sans,12' background rgb 'white'\n"
     << "set output '" << name << ".svg'\n"
     << "set palette gray negative\nunset colorbox\nunset border\nunset tics\nunset key\n"
     << "set size ratio -1\nset yrange [] reverse\nset cbrange [0:1]\n"
     << "set multiplot layout 1," << images.n_cols << "\n";
  for (arma::uword k = 0; k < images.n_cols; ++k) {
    gp << "set title " << quoted(k < titles.size() ? titles[k] : "") << "\n"
       << "plot '" << name << ".dat' index " << k << " matrix with image\n";
  }
  gp << "unset multiplot\n";
  gp.close();
  return draw(dir, name);
}

}  // namespace wb
