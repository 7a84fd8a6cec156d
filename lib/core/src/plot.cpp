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

Figure plot_lines(const std::string& dir, const std::string& name, const std::string& title,
                  const std::string& xlabel, const std::string& ylabel, const std::string& y2label,
                  const std::vector<Series>& series) {
  fs::create_directories(dir);
  std::size_t n = 0;
  for (const Series& s : series) n = std::max(n, s.y.size());
  {
    std::ofstream data = open_for_writing((fs::path(dir) / (name + ".dat")).string());
    data << "# x";
    for (const Series& s : series) data << '\t' << s.title;
    data << '\n';
    for (std::size_t i = 0; i < n; ++i) {
      data << i + 1;
      for (const Series& s : series) data << '\t' << (i < s.y.size() ? fmt::format("{:.6g}", s.y[i]) : "NaN");
      data << '\n';
    }
  }
  std::ofstream gp = open_for_writing((fs::path(dir) / (name + ".gp")).string());
  gp << "set terminal svg size 800,480 dynamic enhanced font 'sans,13' background rgb 'white'\n"
     << "set output '" << name << ".svg'\n"
     << "set title " << quoted(title) << "\n"
     << "set xlabel " << quoted(xlabel) << "\nset ylabel " << quoted(ylabel) << "\n"
     << "set grid\nset key center right\nset datafile missing 'NaN'\n";
  if (!y2label.empty()) gp << "set y2label " << quoted(y2label) << "\nset y2tics\nset ytics nomirror\n";
  gp << "plot ";
  for (std::size_t k = 0; k < series.size(); ++k) {
    gp << (k ? ", \\\n     " : "") << "'" << name << ".dat' using 1:" << k + 2 << " with linespoints pt 7 ps 0.5 lw 2"
       << (series[k].right_axis ? " axes x1y2" : "") << " title " << quoted(series[k].title);
  }
  gp << "\n";
  gp.close();
  return draw(dir, name);
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
