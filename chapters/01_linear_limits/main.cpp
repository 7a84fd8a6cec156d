/// \file
/// \brief Chapter 1 — why a linear model is not enough: the notes' opening argument, computed.
///
/// The notes start from the affine model of softmax regression and name its limits: a relation
/// may be monotone but not linear (income and the probability of repaying a loan), or not even
/// monotone (body temperature and the risk of dying, a "U"), and a feature may matter only in
/// the context of others (a pixel in a photo of a cat or a dog). This program shows each limit
/// with numbers, in four parts that follow the chapter page (README.md next to this file):
///   1. two stacked affine layers are one affine layer (exercise 1.1), so depth without a
///      nonlinearity adds nothing; with a ReLU between them (exercise 1.3) it does;
///   2. seeded synthetic data for the two relations, fitted by a straight line (least squares
///      through LAPACK, and through the normal equations of exercise 1.2), by a line on a
///      hand-made feature, and by a small ReLU network trained with full-batch gradient descent;
///   3. XOR: the best linear classifier gets 3 of the 4 points, a ReLU network with two hidden
///      units (exercise 1.4) all four;
///   4. samples as rows (D2L's H = XW + b) against samples as columns (this workbook).

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "wb/error.hpp"
#include "wb/exercises.hpp"
#include "wb/layers.hpp"
#include "wb/mlp.hpp"
#include "wb/numeric.hpp"
#include "wb/options.hpp"
#include "wb/plot.hpp"
#include "wb/runtime.hpp"

namespace {

/// The command line, after validation.
struct Options {
  arma::uword samples = 200;  ///< points per synthetic data set
  arma::uword hidden = 16;    ///< hidden units of the small ReLU network of part 2
  int steps = 4000;           ///< full-batch gradient-descent steps of that network
  double lr = 0.1;            ///< its learning rate
  std::uint64_t seed = 42;
  std::string out_dir = "out";
};

/// Parses and validates the command line; returns false when --help was printed. A bad value
/// is a wb::UsageError: one line, exit status 64.
bool parse(int argc, char** argv, Options& opt) {
  wb::CommandLine app{"Chapter 1: why a linear model is not enough — affine maps collapse, monotone and U-shaped "
               "relations, XOR, and samples as rows or columns.",
               "01_linear_limits"};
  app.add_option("--samples", opt.samples, "points per synthetic data set (income, temperature)")
      ->check(wb::integer_in(10, 100000))->capture_default_str();
  app.add_option("--hidden", opt.hidden, "hidden ReLU units of the small network fitted to each data set")
      ->check(wb::integer_in(1, 1024))->capture_default_str();
  app.add_option("--steps", opt.steps, "full-batch gradient-descent steps of that network")
      ->check(wb::integer_in(1, 1000000))->capture_default_str();
  app.add_option("--lr", opt.lr, "learning rate η of those steps")->check(wb::number_in(0, 10, true))->capture_default_str();
  app.add_option("--seed", opt.seed, "seed of the random layers, the data and the network's initialization")
      ->check(wb::seed_value())->capture_default_str();
  app.add_option("--out", opt.out_dir, "directory for the figures (written under OUT/01_linear_limits)")
      ->capture_default_str();
  if (!app.parse(argc, argv)) return false;
  wb::require_writable_directory((std::filesystem::path(opt.out_dir) / "01_linear_limits").string(), "--out");
  return true;
}

/// The random numbers of one part of the program: seeded by --seed and the part's number, so
/// that each part draws the same numbers whatever the other parts draw.
std::mt19937_64 random_stream(std::uint64_t seed, unsigned part) {
  std::seed_seq sequence{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(part)};
  return std::mt19937_64(sequence);
}

/// A rows × cols matrix of independent N(0, σ²) entries.
arma::mat gaussian(arma::uword rows, arma::uword cols, double sigma, std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, sigma);
  arma::mat M(rows, cols);
  M.imbue([&] { return normal(rng); });
  return M;
}

/// An affine layer in out × in with seeded random weights (wb::Linear::init).
wb::Linear<double> random_layer(arma::uword in, arma::uword out, double sigma, std::mt19937_64& rng) {
  wb::Linear<double> layer(in, out);
  layer.init(sigma, rng);
  return layer;
}

/// The output of `layer` for the columns of x.
arma::mat apply(const wb::Linear<double>& layer, const arma::mat& x) {
  arma::mat y;
  layer.forward(x, y);
  return y;
}

/// The features x with a row of ones below them, so that [W b]·[x; 1] = W x + b.
arma::mat with_ones(const arma::mat& x) { return arma::join_cols(x, arma::ones<arma::rowvec>(x.n_cols)); }

/// Least squares through LAPACK: the W that minimises ‖W x − y‖² for features x (p × n).
/// arma::solve of the overdetermined system X Wᵀ = yᵀ with X = xᵀ, samples as rows as LAPACK
/// wants them, factorizes X = QR (LAPACK's gels) and never forms XᵀX = x xᵀ.
arma::mat least_squares(const arma::mat& x, const arma::mat& y) { return arma::solve(x.t(), y.t()).t(); }

// ---------------------------------------------------------------------------------------------
// 1. Affine maps collapse
// ---------------------------------------------------------------------------------------------

/// The affine layer x ↦ W x + b.
wb::Linear<double> layer_of(const arma::mat& W, const arma::vec& b) {
  wb::Linear<double> layer(W.n_cols, W.n_rows);
  layer.W = W;
  layer.b = b;
  return layer;
}

/// The largest |entry| of a matrix.
double largest(const arma::mat& M) { return arma::abs(M).max(); }

/// The notes' diagram's sizes, 4 inputs, 5 hidden units, 3 outputs, without a nonlinearity:
/// the one affine layer of exercise 1.1 computes the same. Returns the two layers.
std::pair<wb::Linear<double>, wb::Linear<double>> collapse_two_layers(std::mt19937_64& rng) {
  //! [collapse]
  const wb::Linear<double> first = random_layer(4, 5, 1.0, rng), second = random_layer(5, 3, 1.0, rng);
  arma::mat W;
  arma::vec b;
  wb::collapse_affine(first.W, first.b, second.W, second.b, W, b);  // exercise 1.1
  const arma::mat x = gaussian(4, 1000, 1.0, rng);
  const double gap = largest(apply(second, apply(first, x)) - apply(layer_of(W, b), x));
  //! [collapse]
  fmt::print("  two affine layers 4 → 5 → 3 ({} parameters) against the one affine layer 4 → 3 of\n"
             "  exercise 1.1 ({} parameters), on 1000 random inputs: largest |difference| = {:.1e}\n",
             first.W.n_elem + first.b.n_elem + second.W.n_elem + second.b.n_elem, W.n_elem + b.n_elem, gap);
  return {first, second};
}

/// Ten affine layers 64 → 64, collapsed one after the other with exercise 1.1.
void collapse_ten_layers(std::mt19937_64& rng) {
  std::vector<wb::Linear<double>> stack;
  for (int l = 0; l < 10; ++l) stack.push_back(random_layer(64, 64, 1.0 / 8, rng));
  arma::mat W = stack[0].W, W_next;
  arma::vec b = stack[0].b, b_next;
  for (std::size_t l = 1; l < stack.size(); ++l) {
    wb::collapse_affine(W, b, stack[l].W, stack[l].b, W_next, b_next);
    W = W_next;
    b = b_next;
  }
  const arma::mat x = gaussian(64, 1000, 1.0, rng);
  arma::mat deep = x;
  for (const auto& layer : stack) deep = apply(layer, deep);
  fmt::print("  ten affine layers 64 → 64 → … → 64 against their collapse, one 64 → 64 layer:\n"
             "  largest |difference| = {:.1e} (outputs of size about {:.2f})\n",
             largest(deep - apply(layer_of(W, b), x)), largest(deep));
}

/// The same two layers with a ReLU between them (exercise 1.3): the best affine map, fitted by
/// least squares, misses by far.
void relu_does_not_collapse(const wb::Linear<double>& first, const wb::Linear<double>& second, std::mt19937_64& rng) {
  const arma::mat x = gaussian(4, 1000, 1.0, rng);
  const arma::mat o = wb::mlp_forward(x, first.W, first.b, second.W, second.b);  // exercise 1.3
  const arma::mat fit = least_squares(with_ones(x), o) * with_ones(x);
  const arma::mat centred = o.each_col() - arma::mean(o, 1);
  fmt::print("  with a ReLU between the two layers (exercise 1.3), the best affine map (least squares)\n"
             "  still misses: RMS error {:.3f}, against an RMS output of {:.3f} around its mean\n\n",
             std::sqrt(arma::accu(arma::square(fit - o)) / double(o.n_elem)),
             std::sqrt(arma::accu(arma::square(centred)) / double(o.n_elem)));
}

/// Part 1: depth without a nonlinearity adds nothing.
void affine_maps_collapse(std::mt19937_64& rng) {
  fmt::print("1. Affine maps collapse\n\n");
  const auto [first, second] = collapse_two_layers(rng);
  collapse_ten_layers(rng);
  relu_does_not_collapse(first, second, rng);
}

// ---------------------------------------------------------------------------------------------
// 2. Monotone is not linear, and not every relation is monotone
// ---------------------------------------------------------------------------------------------

/// One of the notes' two relations, as a seeded synthetic data set: inputs t ~ U(lo, hi),
/// targets y = truth(t) + N(0, σ²), clamped to [0, 1] (they are probabilities).
struct Relation {
  std::string name, title, xlabel, ylabel;
  double lo, hi, sigma;
  std::function<double(double)> truth;
  std::string feature_name;               ///< the hand-made feature, "|t − 37|"
  std::function<double(double)> feature;  ///< t ↦ that feature
  arma::rowvec t, y;                      ///< the data, 1 × n each
};

//! [relations]
/// Income (thousands a year) → probability of repaying: rising, positively correlated, but
/// an S, not a line — it saturates at 0 and 1.
Relation income_relation() {
  return {"income", "Income and the probability of repaying (monotone, not linear)", "income (thousands a year)",
          "probability of repaying", 10, 150, 0.03,
          [](double t) { return 1 / (1 + std::exp(-(t - 50) / 12)); },
          "log t", [](double t) { return std::log(t); }, {}, {}};
}

/// Body temperature (°C) → risk of dying: lowest at 37 °C, rising on both sides — a U.
Relation temperature_relation() {
  return {"temperature", "Body temperature and the risk of dying (a U, not monotone)", "body temperature (°C)",
          "risk of dying", 35, 41.5, 0.02,
          [](double t) { return 0.02 + 0.03 * (t - 37) * (t - 37); },
          "|t − 37|", [](double t) { return std::abs(t - 37); }, {}, {}};
}
//! [relations]

/// Draws n points of `r`, seeded.
void draw_data(Relation& r, arma::uword n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> input(r.lo, r.hi);
  std::normal_distribution<double> noise(0.0, r.sigma);
  r.t.set_size(n);
  r.y.set_size(n);
  for (arma::uword i = 0; i < n; ++i) {
    r.t(i) = input(rng);
    r.y(i) = std::clamp(r.truth(r.t(i)) + noise(rng), 0.0, 1.0);
  }
}

/// A fitted curve: its name, its values at the data and on a plotting grid.
struct Fit {
  std::string name;
  arma::rowvec at_data, on_grid;
  double mse = 0;
};

/// The mean squared error of predictions against targets.
double mse(const arma::rowvec& prediction, const arma::rowvec& y) {
  return arma::mean(arma::square(prediction - y));
}

/// A straight line in the features f(t), by least squares through LAPACK.
Fit fit_line(const std::string& name, const std::function<double(double)>& f, const arma::rowvec& t,
             const arma::rowvec& y, const arma::rowvec& grid) {
  const auto features = [&](const arma::rowvec& s) {
    arma::rowvec v = s;
    return with_ones(arma::mat(v.transform(f)));
  };
  const arma::mat W = least_squares(features(t), y);
  Fit fit{name, W * features(t), W * features(grid)};
  fit.mse = mse(fit.at_data, y);
  return fit;
}

/// The small ReLU network 1 → hidden → 1 (wb::Mlp) trained on the squared error by full-batch
/// gradient descent; the input is standardized first (zero mean, unit variance).
Fit fit_mlp(const Options& opt, const arma::rowvec& t, const arma::rowvec& y, const arma::rowvec& grid) {
  const double mean = arma::mean(t), sd = arma::stddev(t);
  const arma::mat s = (t - mean) / sd;
  wb::MlpConfig config;
  config.hidden = {opt.hidden};
  config.init_sigma = 1.0;  // a small network on one standardized input: weights of order 1
  wb::Mlp<double> net(1, 1, config);
  net.init(opt.seed);
  //! [gradient descent]
  for (int step = 1; step <= opt.steps; ++step) {
    const arma::mat& o = net.forward(s, wb::Mode::train);
    const arma::mat dL_do = 2.0 * (o - y) / double(y.n_elem);  // L = mean of (o − y)²
    net.backward(s, dL_do);
    net.step(opt.lr);  // W ← W − η ∂L/∂W for every layer (exercise 2.6)
    if (wb::interrupted()) wb::stop_if_interrupted(fmt::format("step {} of the network's gradient descent", step));
  }
  //! [gradient descent]
  const auto predict = [&](const arma::mat& input) {
    const auto& L = net.layers;
    return arma::rowvec(wb::mlp_forward(input, L[0].W, L[0].b, L[1].W, L[1].b));  // exercise 1.3
  };
  Fit fit{fmt::format("ReLU network, {} hidden units", opt.hidden), predict(s), predict((grid - mean) / sd)};
  fit.mse = mse(fit.at_data, y);
  if (!std::isfinite(fit.mse))
    throw wb::UserError(fmt::format("the network's gradient descent diverged (mean squared error {:g}): the "
                                    "learning rate {:g} is too large; try a smaller one, e.g. --lr {:g}",
                                    std::fabs(fit.mse), opt.lr, opt.lr / 10));
  return fit;
}

/// The data and the three fits, drawn as OUT/01_linear_limits/NAME.svg.
wb::Figure plot_fits(const std::string& dir, const Relation& r, const arma::rowvec& grid, const std::vector<Fit>& fits) {
  std::vector<wb::Curve> curves;
  curves.push_back({"data", arma::conv_to<std::vector<double>>::from(r.t),
                    arma::conv_to<std::vector<double>>::from(r.y), "points"});
  for (const Fit& f : fits)
    curves.push_back({f.name, arma::conv_to<std::vector<double>>::from(grid),
                      arma::conv_to<std::vector<double>>::from(f.on_grid)});
  wb::Axes axes;
  axes.title = r.title;
  axes.xlabel = r.xlabel;
  axes.ylabel = r.ylabel;
  axes.key = "top left";
  return wb::plot_xy(dir, r.name, axes, curves);
}

/// Exercise 1.2 against LAPACK's least squares on the straight-line features [t; 1] of `r`
/// (the design matrix X = [t 1] in the rows form):
/// the condition numbers, and what the normal equations lose in double and in float.
void compare_normal_equations(const Relation& r) {
  const arma::mat x = with_ones(arma::mat(r.t)), y(r.y), X = x.t();  // X: the n × 2 design matrix [t 1]
  const arma::mat qr = least_squares(x, y);
  const arma::mat normal = wb::normal_equations(x, y);  // exercise 1.2
  const arma::fmat x_f = wb::convert<float>(x), y_f = wb::convert<float>(y);
  const arma::fmat qr_f = arma::solve(arma::fmat(x_f.t()), arma::fmat(y_f.t())).t();
  const arma::fmat normal_f = wb::normal_equations(x_f, y_f);  // exercise 1.2, in float
  const auto error = [&](const arma::mat& W) { return arma::norm(W - qr) / arma::norm(qr); };
  fmt::print("  {:<12} cond(X) = {:<8.3g} cond(XᵀX) = {:<9.3g} relative error of the weights:\n"
             "  {:<12} double: normal equations {:.1e};  float: LAPACK (QR) {:.1e}, normal equations {:.1e}\n",
             r.name, arma::cond(X), arma::cond(arma::mat(X.t() * X)), "", error(normal),
             error(wb::convert<double>(qr_f)), error(wb::convert<double>(normal_f)));
}

/// Part 2: both relations, three fits each, the table of mean squared errors and the figures.
void monotone_and_u_shaped(const Options& opt, std::mt19937_64& rng, const std::string& fig_dir) {
  fmt::print("2. Monotone is not linear, and not every relation is monotone\n\n");
  std::vector<Relation> relations = {income_relation(), temperature_relation()};
  fmt::print("  {:<20} {:>13}  {:<24} {:>13} {:>10} {:>14}\n", "mean squared error", "straight line",
             "line on a feature", fmt::format("ReLU net ({})", opt.hidden), "the truth", "variance of y");
  std::vector<wb::Figure> figures;
  std::vector<std::string> lines;  // what the straight line says about each relation
  for (Relation& r : relations) {
    draw_data(r, opt.samples, rng);
    const arma::rowvec grid = arma::linspace<arma::rowvec>(r.lo, r.hi, 300);
    //! [fits]
    const std::vector<Fit> fits = {fit_line("straight line", [](double t) { return t; }, r.t, r.y, grid),
                                   fit_line("line on " + r.feature_name, r.feature, r.t, r.y, grid),
                                   fit_mlp(opt, r.t, r.y, grid)};
    //! [fits]
    arma::rowvec truth = r.t;
    truth.transform(r.truth);
    fmt::print("  {:<20} {:>13.5f}  {:.5f} {:<16} {:>13.5f} {:>10.5f} {:>14.5f}\n", r.name, fits[0].mse, fits[1].mse,
               fmt::format("({})", r.feature_name), fits[2].mse, mse(truth, r.y), arma::var(r.y));
    lines.push_back(fmt::format("{:<12} correlation {:.3f}; the line predicts {:.3f} at t = {:g}, {:.3f} at t = {:g}",
                                r.name, arma::as_scalar(arma::cor(r.t, r.y)), fits[0].on_grid.front(), r.lo,
                                fits[0].on_grid.back(), r.hi));
    figures.push_back(plot_fits(fig_dir, r, grid, fits));
  }
  fmt::print("\n  The straight line, t against y:\n");
  for (const std::string& line : lines) fmt::print("  {}\n", line);
  fmt::print("\n  Least squares by the normal equations (exercise 1.2) against LAPACK's QR, design matrix X = [t 1]:\n");
  for (const Relation& r : relations) compare_normal_equations(r);
  fmt::print("\n");
  for (const wb::Figure& f : figures) fmt::print("  {}\n", f.note);
  fmt::print("\n");
}

// ---------------------------------------------------------------------------------------------
// 3. Feature interaction: XOR
// ---------------------------------------------------------------------------------------------

/// The four XOR points (columns) and their classes.
const arma::mat xor_points = {{0, 0, 1, 1}, {0, 1, 0, 1}};
const arma::uvec xor_classes = {0, 1, 1, 0};

/// Every linear classifier "class 1 where w·x + b > 0" on a grid of directions w = (cos θ, sin θ)
/// and offsets b: the best accuracy on the four points, and how many of the 16 labellings
/// of the four points some line realises.
void search_linear_classifiers() {
  const int directions = 720, offsets = 801;
  std::set<unsigned> labellings;
  arma::uword best = 0;
  for (int k = 0; k < directions; ++k) {
    const double theta = 2 * arma::datum::pi * k / directions;
    const arma::rowvec w = {std::cos(theta), std::sin(theta)};
    const arma::rowvec score = w * xor_points;
    for (int j = 0; j < offsets; ++j) {
      const double b = -2 + 4.0 * j / (offsets - 1);
      unsigned labelling = 0;
      arma::uword correct = 0;
      for (arma::uword i = 0; i < 4; ++i) {
        const unsigned predicted = score(i) + b > 0;
        labelling |= predicted << i;
        correct += predicted == xor_classes(i);
      }
      labellings.insert(labelling);
      best = std::max(best, correct);
    }
  }
  fmt::print("  {} linear classifiers (w = (cos θ, sin θ), {} directions, b in [−2, 2], {} offsets):\n"
             "  best accuracy {} of 4 = {:.0f} %; lines realise {} of the 16 labellings of the four points —\n"
             "  all but XOR (0110) and its complement (1001)\n",
             directions * offsets, directions, offsets, best, 25.0 * double(best), labellings.size());
}

/// The least-squares linear fit to the XOR targets ±1, on the raw inputs and with the product
/// x₁x₂ as a third feature (hand-made preprocessing), both by exercise 1.2.
void least_squares_on_xor() {
  const arma::rowvec target = 2.0 * arma::conv_to<arma::rowvec>::from(xor_classes) - 1.0;
  const arma::mat raw = with_ones(xor_points);
  const arma::mat product = with_ones(arma::join_cols(xor_points, xor_points.row(0) % xor_points.row(1)));
  const arma::mat w_raw = wb::normal_equations(raw, arma::mat(target));          // exercise 1.2
  const arma::mat w_product = wb::normal_equations(product, arma::mat(target));  // exercise 1.2
  const auto correct = [&](const arma::mat& w, const arma::mat& x) {
    return arma::accu((w * x > 0) == (target > 0));
  };
  fmt::print("  least squares on (x₁, x₂, 1) against ±1: w = ({:.3g}, {:.3g}), b = {:.3g} — the zero function,\n"
             "  {} of 4 right (a point exactly on the boundary counts as class 0)\n"
             "  with the product x₁x₂ as a third feature: w = ({:.3g}, {:.3g}, {:.3g}), b = {:.3g}, {} of 4 right\n",
             w_raw(0) + 0.0, w_raw(1) + 0.0, w_raw(2) + 0.0, correct(w_raw, raw), w_product(0), w_product(1),
             w_product(2), w_product(3), correct(w_product, product));
}

/// The XOR network of exercise 1.4 on a grid: its decision regions, OUT/01_linear_limits/xor.svg.
wb::Figure plot_xor_regions(const std::string& dir, const arma::mat& W1, const arma::vec& b1, const arma::mat& W2,
                            const arma::vec& b2) {
  wb::Grid grid;
  grid.x0 = grid.y0 = -0.5;
  grid.x1 = grid.y1 = 1.5;
  const arma::uword size = 201;
  const arma::rowvec axis = arma::linspace<arma::rowvec>(-0.5, 1.5, size);
  arma::mat inputs(2, size * size);
  for (arma::uword i = 0; i < size; ++i)
    for (arma::uword j = 0; j < size; ++j) inputs.col(i * size + j) = arma::vec{axis(j), axis(i)};
  const arma::rowvec o = wb::mlp_forward(inputs, W1, b1, W2, b2);  // exercise 1.3
  grid.values = arma::reshape(arma::conv_to<arma::rowvec>::from(o > 0), size, size).t();
  std::vector<wb::Curve> points(2);
  for (arma::uword c = 0; c < 2; ++c) {
    points[c].title = fmt::format("class {}", c);
    points[c].style = "points";
    for (arma::uword i = 0; i < 4; ++i)
      if (xor_classes(i) == c) {
        points[c].x.push_back(xor_points(0, i));
        points[c].y.push_back(xor_points(1, i));
      }
  }
  wb::Axes axes;
  axes.title = "XOR: the decision regions of the 2-2-1 ReLU network (orange: class 1)";
  axes.xlabel = "x₁";
  axes.ylabel = "x₂";
  axes.key = "outside";
  return wb::plot_map(dir, "xor", axes, grid, points);
}

/// Part 3: no line separates XOR; two ReLU units do; a pixel's effect depends on its context.
void feature_interaction(const std::string& fig_dir) {
  fmt::print("3. Feature interaction: XOR\n\n");
  search_linear_classifiers();
  least_squares_on_xor();
  //! [xor]
  arma::mat W1, W2;
  arma::vec b1, b2;
  wb::xor_network(W1, b1, W2, b2);                                       // exercise 1.4
  const arma::rowvec o = wb::mlp_forward(xor_points, W1, b1, W2, b2);  // exercise 1.3
  //! [xor]
  fmt::print("\n  the 2-2-1 ReLU network of exercise 1.4: W1 = [{}], b1 = ({}), W2 = [{}], b2 = {:g}\n",
             fmt::format("{:g} {:g}; {:g} {:g}", W1(0, 0), W1(0, 1), W1(1, 0), W1(1, 1)),
             fmt::format("{:g}, {:g}", b1(0), b1(1)), fmt::format("{:g} {:g}", W2(0, 0), W2(0, 1)), b2(0));
  fmt::print("  {:>8} {:>6} {:>9} {:>10}\n", "(x₁, x₂)", "class", "output o", "predicted");
  arma::uword correct = 0;
  for (arma::uword i = 0; i < 4; ++i) {
    const arma::uword predicted = o(i) > 0;
    correct += predicted == xor_classes(i);
    fmt::print("  {:>8} {:>6} {:>9.3f} {:>10}\n", fmt::format("({:g}, {:g})", xor_points(0, i), xor_points(1, i)),
               xor_classes(i), o(i), predicted);
  }
  fmt::print("  accuracy {} of 4 = {:.0f} %\n", correct, 25.0 * double(correct));
  fmt::print("  the effect of switching x₁ from 0 to 1 on the output: {:+.3f} when x₂ = 0, {:+.3f} when x₂ = 1\n"
             "  (a linear model's effect is its weight w₁, the same in every context)\n",
             o(2) - o(0), o(3) - o(1));
  fmt::print("  {}\n\n", plot_xor_regions(fig_dir, W1, b1, W2, b2).note);
}

// ---------------------------------------------------------------------------------------------
// 4. Rows versus columns
// ---------------------------------------------------------------------------------------------

/// Part 4: the notes' first layer 784 → 256 on a batch of 256 examples, in D2L's rows form
/// and in this workbook's columns form.
void rows_versus_columns(std::mt19937_64& rng) {
  fmt::print("4. Rows versus columns\n\n");
  const arma::uword n = 256, d = 784, h = 256;
  const wb::Linear<double> layer = random_layer(d, h, 0.01, rng);  // W: h × d, b: h
  const arma::mat x = gaussian(d, n, 1.0, rng);                    // d × n: samples as columns
  //! [rows and columns]
  // D2L: samples as rows. X is n × d, its weights W' = Wᵀ are d × h, its bias a row.
  const arma::mat X = x.t();
  const arma::mat W_rows = layer.W.t();
  arma::mat H = X * W_rows;
  H.each_row() += layer.b.t();
  // This workbook: samples as columns, z = W x + b, h × n.
  const arma::mat z = apply(layer, x);
  //! [rows and columns]
  fmt::print("  D2L, samples as rows:       H = X W' + b   with X {}×{}, W' {}×{}, H {}×{}\n", X.n_rows, X.n_cols,
             W_rows.n_rows, W_rows.n_cols, H.n_rows, H.n_cols);
  fmt::print("  this workbook, as columns:  z = W x + b    with x {}×{}, W {}×{}, z {}×{}\n", x.n_rows, x.n_cols,
             layer.W.n_rows, layer.W.n_cols, z.n_rows, z.n_cols);
  fmt::print("  x = Xᵀ, W = W'ᵀ, z = Hᵀ: largest |H − zᵀ| = {:.1e}\n", arma::abs(H - z.t()).max());
  fmt::print("  the notes' hidden layer has {} units for {} inputs: it maps into a space of lower dimension,\n"
             "  not a higher one\n",
             h, d);
}

int run(const Options& opt) {
  wb::Stopwatch clock;
  const std::string fig_dir = (std::filesystem::path(opt.out_dir) / "01_linear_limits").string();
  fmt::print("Chapter 1: why a linear model is not enough (seed {}, exercises from {}/)\n\n", opt.seed,
             wb::exercise_tree);
  std::mt19937_64 part1 = random_stream(opt.seed, 1), part2 = random_stream(opt.seed, 2),
                  part4 = random_stream(opt.seed, 4);
  affine_maps_collapse(part1);
  monotone_and_u_shaped(opt, part2, fig_dir);
  feature_interaction(fig_dir);
  rows_versus_columns(part4);
  fmt::print("\n({:.2f} s)\n", clock.seconds());
  return wb::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("01_linear_limits", [&] {
    Options opt;
    if (!parse(argc, argv, opt)) return int(wb::exit_ok);
    return run(opt);
  });
}
