/// \file
/// \brief Chapter 3 — activation functions (激活函数) and their derivatives (导数).
///
/// The notes plot sigmoid, tanh and ReLU with their derivatives and say that ReLU is usually
/// better "mainly because of its derivative", and that engineers now use improved versions of
/// ReLU. This program
///  1. evaluates every activation of the workbook (wb/activations.hpp: ReLU, sigmoid, tanh,
///     leaky ReLU, pReLU, ELU, GELU, SiLU, softplus) and its derivative on the book's grid,
///     [−8, 8] with step 0.1, and draws the two figures;
///  2. checks every derivative with the gradient checker (wb/gradcheck.hpp), and pReLU's
///     derivative with respect to α, the identity tanh(z) + 1 = 2σ(2z), and the largest
///     slopes σ′(0) = 1/4 and tanh′(0) = 1;
///  3. measures the relative error of φ and φ′ at ±1000 and other points, in double and in
///     float, against long double (wb/activation_reference.hpp), next to the naive formulas;
///  4. measures the vanishing gradient (梯度消失): the gradient norm that reaches each layer of
///     a 10-layer stack, for every activation;
///  5. counts the dead ReLUs after chapter 2's `--lr 50` divergence, and the units that the same
///     run leaves on the inactive side, or with a slope below 1e-3, with every activation;
///  6. with `--compare N`, trains the notes' network with every activation for N epochs.
/// The activations are the exercises 2.1–2.2 and 3.1–3.8: yours in build-mine/.

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "wb/activation_reference.hpp"
#include "wb/activations.hpp"
#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/gradcheck.hpp"
#include "wb/train.hpp"
#include "wb/options.hpp"
#include "wb/plot.hpp"
#include "wb/runtime.hpp"

namespace {

namespace ref = wb::reference;
using wb::ActivationKind;

/// The command line, after validation.
struct Options {
  std::uint64_t seed = 42;  ///< chapter 2's default: the stack's initialization, the --lr 50 run
  std::string data_dir = wb::default_data_dir();
  std::string out_dir = "out";
  int compare_epochs = 0;  ///< 0: no training comparison
};

/// Where the figures go: OUT/03_activations.
std::string figure_dir(const Options& opt) { return (std::filesystem::path(opt.out_dir) / "03_activations").string(); }

/// Parses and validates the command line; returns false when --help was printed. A bad value
/// is a wb::UsageError: one line, exit status 64.
bool parse(int argc, char** argv, Options& opt) {
  wb::CommandLine app{"Chapter 3: activation functions and their derivatives — values on [-8, 8], every derivative "
               "checked, accuracy at ±1000, the vanishing gradient of a 10-layer stack, dead ReLUs.",
               "03_activations"};
  app.add_option("--seed", opt.seed, "seed of the stack's initialization and of the --lr 50 and --compare runs")
      ->check(wb::seed_value())->capture_default_str();
  app.add_option("--data", opt.data_dir, "directory with the four Fashion-MNIST IDX files (.gz or plain)")
      ->capture_default_str();
  app.add_option("--out", opt.out_dir, "directory for the figures (written under OUT/03_activations)")
      ->capture_default_str();
  app.add_option("--compare", opt.compare_epochs,
                 "also train the notes' network with every activation for this many epochs (about 0.5 s per "
                 "epoch each) and print the last epoch's numbers side by side; 0: skip")
      ->check(wb::integer_in(0, 100))->capture_default_str();
  if (!app.parse(argc, argv)) return false;
  wb::require_writable_directory(figure_dir(opt), "--out");
  return true;
}

/// Every activation a program can choose, in the order of wb::activation_names().
std::vector<ActivationKind> all_activations() {
  std::vector<ActivationKind> kinds;
  for (std::size_t k = 0; k < wb::activation_names().size(); ++k) kinds.push_back(static_cast<ActivationKind>(k));
  return kinds;
}

/// The activation's name in a figure's key: gnuplot would set "leaky_relu" with a subscript.
std::string label(ActivationKind kind) {
  std::string name = wb::activation_name(kind);
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

/// φ of activation `kind` applied to z.
template <typename eT>
arma::Mat<eT> phi(ActivationKind kind, const arma::Mat<eT>& z) {
  return wb::with_activation(kind, [&](auto a) { return decltype(a)::f(z); });
}

/// φ′ of activation `kind` applied to z.
template <typename eT>
arma::Mat<eT> phi_prime(ActivationKind kind, const arma::Mat<eT>& z) {
  return wb::with_activation(kind, [&](auto a) { return decltype(a)::derivative(z); });
}

/// The long-double reference of an activation: φ and φ′ of one number.
struct Reference {
  ref::real (*f)(ref::real);
  ref::real (*derivative)(ref::real);
};

/// The reference of `kind`, with the same α as its struct in wb/activations.hpp.
Reference reference_of(ActivationKind kind) {
  using K = ActivationKind;
  switch (kind) {
    case K::sigmoid: return {ref::sigmoid, ref::sigmoid_derivative};
    case K::tanh: return {ref::tanh, ref::tanh_derivative};
    case K::leaky_relu: return {[](ref::real z) { return ref::leaky_relu(z, wb::LeakyReLU::alpha); },
                                [](ref::real z) { return ref::leaky_relu_derivative(z, wb::LeakyReLU::alpha); }};
    case K::prelu: return {[](ref::real z) { return ref::leaky_relu(z, wb::PReLU::alpha); },
                           [](ref::real z) { return ref::leaky_relu_derivative(z, wb::PReLU::alpha); }};
    case K::elu: return {[](ref::real z) { return ref::elu(z, wb::ELU::alpha); },
                         [](ref::real z) { return ref::elu_derivative(z, wb::ELU::alpha); }};
    case K::gelu: return {ref::gelu, ref::gelu_derivative};
    case K::silu: return {ref::silu, ref::silu_derivative};
    case K::softplus: return {ref::softplus, ref::softplus_derivative};
    case K::relu: break;
  }
  return {ref::relu, ref::relu_derivative};
}

// ---------------------------------------------------------------------------------------------
// 1. The values on the book's grid, and the two figures
// ---------------------------------------------------------------------------------------------

/// The book's grid: z = −8, −7.9, …, 8 (161 points, each i/10 exactly rounded, 0 included).
arma::mat book_grid() {
  arma::mat z(1, 161);
  for (arma::uword i = 0; i < z.n_cols; ++i) z(i) = (double(i) - 80.0) / 10.0;
  return z;
}

/// A table of φ and φ′ at z = −2, −1, 0, 1, 2.
void print_values() {
  const arma::mat z = {{-2.0, -1.0, 0.0, 1.0, 2.0}};
  fmt::print("{:<11} {:^44}   {:>28}\n{:<11}", "", "φ(z) at z =", "φ′(z) at z =", "activation");
  for (int twice = 0; twice < 2; ++twice) fmt::print(" {:>8g} {:>8g} {:>8g} {:>8g} {:>8g}{}", z(0), z(1), z(2), z(3), z(4), twice ? "\n" : "  ");
  for (ActivationKind kind : all_activations()) {
    fmt::print("{:<11}", wb::activation_name(kind));
    for (double v : phi(kind, z)) fmt::print(" {:>8.4f}", v);
    fmt::print("  ");
    for (double v : phi_prime(kind, z)) fmt::print(" {:>8.4f}", v);
    fmt::print("\n");
  }
}

/// The notes' figure: every activation (or its derivative) as a curve over the grid.
wb::Figure plot_all(const std::string& dir, const std::string& name, const std::string& title, bool derivative) {
  const arma::mat z = book_grid();
  std::vector<wb::Curve> curves;
  for (ActivationKind kind : all_activations()) {
    const arma::mat y = derivative ? phi_prime(kind, z) : phi(kind, z);
    curves.push_back({label(kind), arma::conv_to<std::vector<double>>::from(z),
                      arma::conv_to<std::vector<double>>::from(y)});
  }
  wb::Axes axes;
  axes.title = title;
  axes.xlabel = "z";
  axes.ylabel = derivative ? "φ′(z)" : "φ(z)";
  axes.key = "top left";
  return wb::plot_xy(dir, name, axes, curves);
}

// ---------------------------------------------------------------------------------------------
// 2. Every derivative checked
// ---------------------------------------------------------------------------------------------

/// The checker's report on φ′ over the grid: the gradient of Σ φ(z) is φ′(z), entry by entry.
//! [derivative check]
wb::GradCheckReport check_derivative(ActivationKind kind) {
  const arma::mat z = book_grid();
  const auto sum_of_phi = [kind](const arma::mat& v) { return arma::accu(phi(kind, v)); };
  return wb::check_gradient(wb::activation_name(kind) + " φ′", sum_of_phi, z, phi_prime(kind, z));
}
//! [derivative check]

/// pReLU's ∂J/∂α (exercise 3.4) for J = Σ dJ/dh ⊙ prelu(z, α), α = 0.25, with a seeded dJ/dh.
wb::GradCheckReport check_prelu_alpha(std::uint64_t seed) {
  const arma::mat z = book_grid();
  arma::arma_rng::set_seed(seed);
  const arma::mat dJ_dh = arma::randn<arma::mat>(arma::size(z));
  const auto J = [&](const arma::mat& alpha) { return arma::accu(dJ_dh % wb::leaky_relu(z, alpha(0))); };
  const arma::mat alpha = {wb::PReLU::alpha}, dJ_dalpha = {wb::prelu_alpha_gradient(z, dJ_dh)};
  return wb::check_gradient("prelu ∂J/∂α", J, alpha, dJ_dalpha);
}

/// What each kinked activation takes at z = 0, next to its one-sided slopes.
void print_conventions_at_zero(const std::vector<wb::GradCheckReport>& rows) {
  const arma::mat at = {{-1e-9, 0.0, 1e-9}};
  for (std::size_t k = 0; k < rows.size() && k < all_activations().size(); ++k) {
    if (rows[k].status != wb::Status::kink) continue;
    const arma::mat d = phi_prime(all_activations()[k], at);
    fmt::print("  {:<10} kink at z = 0: slope {:g} on the left, {:g} on the right; φ′(0) is taken as {:g}\n",
               wb::activation_name(all_activations()[k]), d(0), d(2), d(1));
  }
}

/// tanh(z) + 1 = 2σ(2z) on the grid, and the largest slopes; returns whether both hold.
bool check_identities() {
  const arma::mat z = book_grid();
  const double identity = arma::abs(wb::Tanh::f(z) + 1.0 - 2.0 * wb::Sigmoid::f(arma::mat(2.0 * z))).max();
  const arma::mat d_sigmoid = wb::Sigmoid::derivative(z), d_tanh = wb::Tanh::derivative(z);
  const double s0 = wb::Sigmoid::derivative(arma::mat{0.0})(0), t0 = wb::Tanh::derivative(arma::mat{0.0})(0);
  const bool ok = identity <= 1e-12 && std::abs(s0 - 0.25) <= 1e-15 && std::abs(t0 - 1.0) <= 1e-15 &&
                  d_sigmoid.max() == s0 && d_tanh.max() == t0;
  fmt::print("  tanh(z) + 1 = 2σ(2z): largest difference on the grid {:.2e} (allowed 1e-12)\n", identity);
  fmt::print("  σ′(0) = {:g} = 1/4 and tanh′(0) = {:g}: each the largest slope on the grid, at z = {:g} and {:g}\n", s0,
             t0, z(d_sigmoid.index_max()), z(d_tanh.index_max()));
  fmt::print("  {}\n", ok ? "ok" : "FAIL");
  return ok;
}

// ---------------------------------------------------------------------------------------------
// 3. Numerical care: ±1000 in double and in float
// ---------------------------------------------------------------------------------------------

/// The points of the accuracy check in element type T. In float, the points whose values are
/// subnormal floats (|z| ≈ 100 for σ, SiLU) are left out: such values carry fewer digits.
template <typename T>
arma::Mat<T> accuracy_points() {
  if constexpr (std::is_same_v<T, float>)
    return {{-1000, -30, -10, -3, -1, -0.25, -1e-10, 0, 1e-10, 0.25, 1, 3, 10, 30, 1000}};
  else
    return {{-1000, -700, -100, -30, -10, -3, -1, -0.25, -1e-10, 0, 1e-10, 0.25, 1, 3, 10, 30, 100, 700, 1000}};
}

/// The largest relative error of `got` against `exact` at the points z.
template <typename T>
double worst_error(const arma::Mat<T>& z, const arma::Mat<T>& got, ref::real (*exact)(ref::real)) {
  ref::real worst = 0;
  for (arma::uword i = 0; i < z.n_elem; ++i) worst = std::max(worst, ref::relative_error(got(i), exact(z(i))));
  return double(worst);
}

/// φ and φ′ of `kind` in T against long double: the two largest relative errors.
template <typename T>
std::pair<double, double> accuracy(ActivationKind kind) {
  const arma::Mat<T> z = accuracy_points<T>();
  const Reference r = reference_of(kind);
  return {worst_error(z, phi(kind, z), r.f), worst_error(z, phi_prime(kind, z), r.derivative)};
}

/// The bound on the relative error in float: float's ε/2 = 6e-8 allows about 16 roundings in
/// 1e-6; GELU's Φ multiplies the rounding of z/√2 by about z² (100 at z = −10), hence 1e-5.
double float_bound(ActivationKind kind) { return kind == ActivationKind::gelu ? 1e-5 : 1e-6; }

/// The table of section 3; returns whether every error is within the bounds (1e-12 in double).
bool print_accuracy_table() {
  fmt::print("{:<11} {:>11} {:>11} {:>11} {:>11}\n", "activation", "φ double", "φ′ double", "φ float", "φ′ float");
  bool ok = true;
  for (ActivationKind kind : all_activations()) {
    const auto [f64, d64] = accuracy<double>(kind);
    const auto [f32, d32] = accuracy<float>(kind);
    const bool good = f64 <= 1e-12 && d64 <= 1e-12 && f32 <= float_bound(kind) && d32 <= float_bound(kind);
    fmt::print("{:<11} {:>11.1e} {:>11.1e} {:>11.1e} {:>11.1e}  {}\n", wb::activation_name(kind), f64, d64, f32, d32,
               good ? "ok" : "FAIL");
    ok = ok && good;
  }
  return ok;
}

/// The naive formulas, in double, next to the long-double truth: why the exercises ask for more.
void print_naive_formulas() {
  const double s40 = 1 / (1 + std::exp(-40.0)), t20 = std::tanh(20.0), tiny = 1e-10;
  const auto line = [](const char* what, double naive, ref::real exact, const char* instead) {
    fmt::print("  {:<28} {:>12.6g}   (exact {:.6Lg}; rel. error {:.0e})  -> {}\n", what, naive, exact,
               double(ref::relative_error(naive, exact)), instead);
  };
  line("σ(z)(1 − σ(z)) at z = 40", s40 * (1 - s40), ref::sigmoid_derivative(40), "σ(z)σ(−z)");
  line("1 − tanh²(z) at z = 20", 1 - t20 * t20, ref::tanh_derivative(20), "1/cosh²(z)");
  line("log(1 + e^z) at z = 1000", std::log(1 + std::exp(1000.0)), ref::softplus(1000), "max(z,0) + log1p(e^−|z|)");
  line("z(1 + erf(z/√2))/2 at z = −10", -10 * (1 + std::erf(-10 / std::sqrt(2.0))) / 2, ref::gelu(-10),
       "z erfc(−z/√2)/2");
  line("e^z − 1 at z = 1e-10", std::exp(tiny) - 1, std::expm1(ref::real(tiny)), "expm1(z)");
}

// ---------------------------------------------------------------------------------------------
// 4. The vanishing gradient
// ---------------------------------------------------------------------------------------------

/// The stack of section 4: 9 hidden layers of 128 units and the output layer, every weight
/// from N(0, σ²) with σ = √(2/128) (He's scale, the one that keeps ReLU's signal), biases
/// PyTorch's default.
wb::MlpConfig stack(ActivationKind kind) {
  wb::MlpConfig c;
  c.hidden.assign(9, 128);
  c.activation = kind;
  c.init_sigma = std::sqrt(2.0 / 128);
  return c;
}

/// ‖∂L/∂W⁽ˡ⁾‖_F for l = 1 … 10 after one forward and backward pass on the batch (X, y).
//! [vanishing]
std::vector<double> gradient_norms(ActivationKind kind, const arma::mat& X, const arma::uvec& y, std::uint64_t seed) {
  wb::Mlp<double> net(X.n_rows, 10, stack(kind));
  net.init(seed);
  arma::mat dL_do;
  wb::SoftmaxCrossEntropy::backward(net.forward(X), y, dL_do);
  net.backward(X, dL_do);
  std::vector<double> norms;
  for (const wb::Linear<double>& layer : net.layers) norms.push_back(arma::norm(layer.dW, "fro"));
  return norms;
}
//! [vanishing]

/// The table and the figure of section 4.
void vanishing_gradient(const wb::Dataset& batch, std::uint64_t seed, const std::string& dir) {
  const arma::mat X = wb::convert<double>(batch.X);
  std::vector<wb::Curve> curves;
  fmt::print("{:<11} {:>12} {:>12} {:>14}\n", "activation", "‖∂L/∂W(1)‖", "‖∂L/∂W(10)‖", "layer 1 / 10");
  for (ActivationKind kind : all_activations()) {
    const std::vector<double> norms = gradient_norms(kind, X, batch.y, seed);
    fmt::print("{:<11} {:>12.3e} {:>12.3e} {:>14.3e}\n", wb::activation_name(kind), norms.front(), norms.back(),
               norms.front() / norms.back());
    wb::Curve c{label(kind), {}, norms, "linespoints"};
    for (std::size_t l = 1; l <= norms.size(); ++l) c.x.push_back(double(l));
    curves.push_back(c);
  }
  wb::Axes axes;
  axes.title = "gradient norm reaching each layer of a 10-layer stack (width 128, σ = √(2/128))";
  axes.xlabel = "layer l";
  axes.ylabel = "‖∂L/∂W(l)‖_F";
  axes.log_y = true;
  axes.key = "outside";
  fmt::print("{}\n", wb::plot_xy(dir, "gradient_norms", axes, curves).note);
}

// ---------------------------------------------------------------------------------------------
// 5. Dead ReLUs after chapter 2's --lr 50
// ---------------------------------------------------------------------------------------------

/// What the first hidden layer's units do on the images X: `silent` counts the units whose
/// pre-activation is ≤ 0 on every image (with ReLU they output 0 and pass back a gradient of 0:
/// dead), `stuck` the units whose slope |φ′(z)| stays below `tiny_slope` on every image, whatever
/// the activation (pReLU with its learned α): they pass back less than a thousandth of their gradient.
struct UnitCounts {
  arma::uword silent = 0, stuck = 0;
};

constexpr float tiny_slope = 1e-3f;

UnitCounts count_units(const wb::Mlp<float>& net, const arma::fmat& X) {
  arma::fmat z;
  net.layers.front().forward(X, z);
  const ActivationKind kind = net.config().activation;
  const arma::fmat slope = kind == ActivationKind::prelu ? wb::leaky_relu_derivative(z, net.alpha(0)) : phi_prime(kind, z);
  return {arma::accu(arma::max(z, 1) <= 0.0f), arma::accu(arma::max(arma::abs(slope), 1) < tiny_slope)};
}

/// The notes' network with activation `kind`, trained as `02_mlp --lr LR --epochs 1` until the
/// end of the epoch or until wb::train stops it; counts its units on the first 10 000 images.
//! [dead]
UnitCounts dead_after_training(const wb::FashionMnist& data, ActivationKind kind, double lr, std::uint64_t seed,
                               std::string& stop, float& alpha) {
  wb::MlpConfig net_config;
  net_config.activation = kind;
  wb::Mlp<float> net(data.train.X.n_rows, 10, net_config);
  net.init(seed);
  wb::TrainConfig config;
  config.lr = lr;
  config.epochs = 1;
  config.seed = seed;
  try {
    wb::train(net, data.train, data.test, config);
    stop = "one epoch trained";
  } catch (const wb::UserError& e) {
    stop = e.what();  // "training diverged in epoch 1 (minibatch loss …)"
  }
  if (kind == ActivationKind::prelu) alpha = net.alpha(0);
  return count_units(net, data.train.X.head_cols(10000));
}
//! [dead]

/// The ReLU counts of section 5: at initialization, after the notes' epoch, after the --lr 50 run.
void dead_relus(const wb::FashionMnist& data, std::uint64_t seed) {
  wb::Mlp<float> fresh(data.train.X.n_rows, 10, wb::MlpConfig{});
  fresh.init(seed);
  const auto line = [](const std::string& when, arma::uword dead) {
    fmt::print("  {:<40} {:>3} of 256 hidden units dead ({:.0f} %)\n", when, dead, 100.0 * double(dead) / 256);
  };
  line("at initialization:", count_units(fresh, data.train.X.head_cols(10000)).silent);
  std::string stop;
  float alpha = 0;
  line("after one epoch at lr 0.1 (the notes):", dead_after_training(data, ActivationKind::relu, 0.1, seed, stop, alpha).silent);
  line("at lr 50, when wb::train stopped it:", dead_after_training(data, ActivationKind::relu, 50.0, seed, stop, alpha).silent);
  fmt::print("    {}\n", stop);
}

/// The same --lr 50 run with every activation: the units on the inactive side for every image,
/// and the units whose slope stays below tiny_slope for every image.
void dead_units_by_activation(const wb::FashionMnist& data, std::uint64_t seed) {
  fmt::print("\n  The same lr 50 run with every activation, units counted on the same images:\n\n"
             "{:<11} {:>13} {:>18}   {}\n", "activation", "z ≤ 0 on all", "|φ′| < 1e-3 on all", "where wb::train stopped it");
  for (ActivationKind kind : all_activations()) {
    std::string stop;
    float alpha = 0;
    const UnitCounts n = dead_after_training(data, kind, 50.0, seed, stop, alpha);
    const std::size_t from = stop.rfind("training ", 0) == 0 ? 9 : 0;  // "diverged in epoch 1 (…)"
    const std::string where = stop.substr(from, stop.find(':') - from);
    fmt::print("{:<11} {:>13} {:>18}   {}{}\n", wb::activation_name(kind), n.silent, n.stuck, where,
               kind == ActivationKind::prelu ? fmt::format("; learned α = {:.3g}", alpha) : "");
    std::fflush(stdout);
  }
}

// ---------------------------------------------------------------------------------------------
// 6. --compare: every activation trained on Fashion-MNIST
// ---------------------------------------------------------------------------------------------

/// The learning rate each activation gets in the comparison: the notes' 0.1, except sigmoid,
/// whose derivative is at most 1/4 and which barely moves at 0.1 in a few epochs.
double learning_rate(ActivationKind kind) { return kind == ActivationKind::sigmoid ? 0.5 : 0.1; }

void compare_training(const wb::FashionMnist& data, int epochs, std::uint64_t seed) {
  fmt::print("{:<11} {:>5} {:>11} {:>10} {:>9}\n", "activation", "lr", "train loss", "train acc", "test acc");
  std::vector<std::pair<ActivationKind, double>> runs = {{ActivationKind::sigmoid, 0.1}};
  float learned_alpha = 0;
  for (ActivationKind kind : all_activations()) runs.emplace_back(kind, learning_rate(kind));
  for (const auto& [kind, lr] : runs) {
    wb::MlpConfig net_config;
    net_config.activation = kind;
    wb::Mlp<float> net(data.train.X.n_rows, 10, net_config);
    net.init(seed);
    wb::TrainConfig config;
    config.epochs = epochs;
    config.lr = lr;
    config.seed = seed;
    const wb::EpochStats last = wb::train(net, data.train, data.test, config).back();
    fmt::print("{:<11} {:>5g} {:>11.4f} {:>10.4f} {:>9.4f}\n", wb::activation_name(kind), lr, last.train_loss,
               last.train_acc, last.test_acc);
    std::fflush(stdout);
    if (kind == ActivationKind::prelu) learned_alpha = net.alpha(0);
  }
  fmt::print("(prelu learned its slope: α = {:.4f} after {} epochs, from {})\n", learned_alpha, epochs, wb::PReLU::alpha);
}

// ---------------------------------------------------------------------------------------------

/// Section 2: the checker's table, the conventions at 0, the identity and the maxima.
bool checked_derivatives(std::uint64_t seed) {
  fmt::print("\n2. Every derivative checked: the gradient of Σ φ(z) over the 161 grid points is φ′(z)\n\n");
  std::vector<wb::GradCheckReport> rows;
  for (ActivationKind kind : all_activations()) rows.push_back(check_derivative(kind));
  rows.push_back(check_prelu_alpha(seed));
  fmt::print("{}", wb::table(rows));
  print_conventions_at_zero(rows);
  const bool identities = check_identities();
  return wb::all_passed(rows) && identities;
}

/// Section 3: the accuracy table and the naive formulas.
bool numerical_care() {
  fmt::print("\n3. Relative error against long double at ±1000, ±700, ±100, ±30, …, ±1e-10, 0 "
             "(float: without ±100, ±700)\n   bounds: 1e-12 in double; 1e-6 in float (GELU: 1e-5)\n\n");
  const bool ok = print_accuracy_table();
  fmt::print("\n  The naive formulas, in double:\n");
  print_naive_formulas();
  return ok;
}

int run(const Options& opt) {
  const wb::FashionMnist data = wb::load_fashion_mnist(opt.data_dir);
  const std::string dir = figure_dir(opt);
  fmt::print("Chapter 3: activation functions (激活函数) and their derivatives (导数), exercises from {}/\n",
             wb::exercise_tree);

  fmt::print("\n1. φ and φ′ at five points (the figures: the book's grid, [-8, 8] with step 0.1)\n\n");
  print_values();
  fmt::print("{}\n", plot_all(dir, "functions", "activation functions φ(z)", false).note);
  fmt::print("{}\n", plot_all(dir, "derivatives", "their derivatives φ′(z)", true).note);

  bool ok = checked_derivatives(opt.seed);
  ok = numerical_care() && ok;

  fmt::print("\n4. The vanishing gradient (梯度消失): 10 layers (784-128×9-10), weights N(0, {:.4f}²) for every "
             "activation,\n   the first 256 training images, seed {}: ‖∂L/∂W(l)‖ after one backward pass\n\n",
             std::sqrt(2.0 / 128), opt.seed);
  vanishing_gradient(data.train.head(256), opt.seed, dir);

  fmt::print("\n5. Dead ReLUs: the notes' network (784-256-10, ReLU, seed {}), trained as 02_mlp --epochs 1 --lr LR;\n"
             "   a unit is dead when its ReLU is 0 on every one of the first 10 000 training images\n\n",
             opt.seed);
  dead_relus(data, opt.seed);
  dead_units_by_activation(data, opt.seed);

  if (opt.compare_epochs > 0) {
    fmt::print("\n6. The notes' network (784-256-10) with every activation, {} epochs, seed {}\n\n",
               opt.compare_epochs, opt.seed);
    compare_training(data, opt.compare_epochs, opt.seed);
  }
  fmt::print("\n{}\n", ok ? "All checks pass." : "Some checks FAIL: see the lines marked FAIL above.");
  return ok ? wb::exit_ok : wb::exit_failure;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("03_activations", [&] {
    Options opt;
    if (!parse(argc, argv, opt)) return int(wb::exit_ok);
    return run(opt);
  });
}
