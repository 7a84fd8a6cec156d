/// \file
/// \brief Chapter 4 — generalization (泛化): training error, test error, validation.
///
/// Reproduces the book's polynomial regression (D2L, "Model Selection, Underfitting, and
/// Overfitting"): y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε, 100 training and 100 test examples,
/// the linear model on the features xⁱ/i! fitted by minibatch SGD (lr 0.01, batch 10, 400
/// epochs, 1500 for 20 features) with 4 features (normal), 2 (underfit) and 20 (overfit); the
/// notes' three points; the exact least-squares fits; why the book divides by i!; train and
/// test error against the number of features and of examples, and the number of features
/// chosen by K-fold cross-validation; and a validation set carved from Fashion-MNIST's training
/// images, on which a small and a large MLP show their generalization gap. The mathematics is
/// in the exercises of `ex04_generalization.hpp` (and chapter 2's SGD step).

#include <fmt/core.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "04_generalization/capacity.hpp"
#include "04_generalization/export.hpp"
#include "04_generalization/polynomial.hpp"
#include "04_generalization/validation.hpp"
#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/options.hpp"
#include "wb/plot.hpp"
#include "wb/runtime.hpp"

namespace {

using wb::ch4::Loss;
using wb::ch4::PolyData;
using wb::ch4::SgdConfig;
using wb::ch4::SgdFit;

constexpr arma::uword max_degree = 20;  ///< the book's features: 1, x, …, x¹⁹/19!

/// The command line, after validation. The defaults are the book's experiment.
struct Options {
  std::uint64_t seed = 42;
  std::string out_dir = "out";
  std::string export_dir;
  SgdConfig sgd;               ///< the 4- and 2-feature fits; the 20-feature fit runs 15/4 as long
  arma::uword folds = 5;
  bool fashion = true;         ///< part 3, the validation set of Fashion-MNIST
  std::string data_dir = wb::default_data_dir();
  arma::uword train_size = 1000, validation_size = 1000;  ///< small, so that the run takes seconds
  arma::uword small_hidden = 4, large_hidden = 256;
  wb::TrainConfig mlp{60, 0.1, 64, 0};  ///< epochs, lr, batch; the seed is drawn from --seed
  int threads = 1;

  int overfit_epochs() const { return sgd.epochs * 15 / 4; }
  std::string figures() const { return (std::filesystem::path(out_dir) / "04_generalization").string(); }
};

/// The options of parts 1 and 2, the polynomial fits; `loss` receives --loss's word.
void add_polynomial_options(wb::CommandLine& app, Options& opt, std::string& loss) {
  app.add_option("--epochs", opt.sgd.epochs, "SGD epochs of the 4- and 2-feature fits and the capacity sweep (the "
                                              "book's 400); the 20-feature fit runs 15/4 as many (the book's 1500)")
      ->check(wb::integer_in(1, 100000))->capture_default_str();
  app.add_option("--lr", opt.sgd.lr, "SGD learning rate η of the polynomial fits")->check(wb::positive_number())->capture_default_str();
  app.add_option("--batch-size", opt.sgd.batch_size, "examples per minibatch of the polynomial fits")
      ->check(wb::integer_in(1, 100))->capture_default_str();
  app.add_option("--loss", loss, "half: D2L's l = (ŷ − y)²/2; mse: PyTorch's nn.MSELoss, l = (ŷ − y)², as the "
                                 "book's PyTorch code (twice the loss and the step)")
      ->check(wb::one_of({"half", "mse"}))->capture_default_str();
  app.add_option("--folds", opt.folds, "K of the K-fold cross-validation on the 100 training examples")
      ->check(wb::integer_in(2, 100))->capture_default_str();
}

/// The options of part 3, the validation set of Fashion-MNIST.
void add_validation_options(wb::CommandLine& app, Options& opt) {
  app.add_flag("--fashion-mnist,!--no-fashion-mnist", opt.fashion, "part 3: the validation set of Fashion-MNIST "
                                                                   "(--no-fashion-mnist skips it)")->capture_default_str();
  app.add_option("--data", opt.data_dir, "directory with the Fashion-MNIST IDX files")->capture_default_str();
  app.add_option("--train-size", opt.train_size, "Fashion-MNIST training examples (0: all not used for validation)")
      ->check(wb::integer_in(0, 59999))->capture_default_str();
  app.add_option("--validation-size", opt.validation_size, "Fashion-MNIST validation examples, drawn from the 60 000 "
                                                            "training images")->check(wb::integer_in(1, 59999))->capture_default_str();
  app.add_option("--mlp-epochs", opt.mlp.epochs, "epochs of each MLP")->check(wb::integer_in(1, 1000))->capture_default_str();
  app.add_option("--mlp-batch-size", opt.mlp.batch_size, "minibatch of the MLPs")->check(wb::integer_in(1, 60000))->capture_default_str();
  app.add_option("--small-hidden", opt.small_hidden, "hidden units of the small MLP")->check(wb::integer_in(1, 4096))->capture_default_str();
  app.add_option("--large-hidden", opt.large_hidden, "hidden units of the large MLP")->check(wb::integer_in(1, 4096))->capture_default_str();
  app.add_option("--threads", opt.threads, "BLAS threads (0: OpenBLAS's default)")->check(wb::integer_in(0, 256))->capture_default_str();
}

/// Parses and validates the command line; nothing when --help was printed. A bad value or a
/// combination that cannot work is a wb::UsageError (one line, exit status 64), raised before
/// any work, as are output directories that cannot be written.
std::optional<Options> parse(int argc, char** argv) {
  Options opt;
  wb::CommandLine app{"Chapter 4: generalization — the book's polynomial regression (4, 2 and 20 features), training and "
               "test error against capacity, K-fold cross-validation, and a validation set carved from Fashion-MNIST.",
               "04_generalization"};
  std::string loss = "half";
  add_polynomial_options(app, opt, loss);
  app.add_option("--seed", opt.seed, "seed of everything random: the data, the initial weights, the minibatches, "
                                     "the folds, the validation split")->check(wb::seed_value())->capture_default_str();
  app.add_option("--out", opt.out_dir, "directory for the figures (written under OUT/04_generalization)")->capture_default_str();
  app.add_option("--export", opt.export_dir, "write the data, the learned weights and the per-epoch losses as CSV "
                                             "files with a header row to this directory");
  add_validation_options(app, opt);
  if (!app.parse(argc, argv)) return std::nullopt;

  opt.sgd.loss = loss == "mse" ? Loss::mse : Loss::half;
  if (opt.fashion && opt.validation_size + std::max<arma::uword>(opt.train_size, 1) > 60000)
    throw wb::UsageError(fmt::format("--train-size: with --validation-size {} at most {}, not {} (60000 training images)",
                                     opt.validation_size, 60000 - opt.validation_size, opt.train_size));
  wb::require_writable_directory(opt.figures(), "--out");
  if (!opt.export_dir.empty()) wb::require_writable_directory(opt.export_dir, "--export");
  return opt;
}

// ------------------------------------------------------------------------------------------
// Printing
// ------------------------------------------------------------------------------------------

/// "[ 4.9995,  1.1950, -3.3982]": a column of weights on one line (or several of 10).
std::string weights(const arma::mat& w) {
  std::string s = "[";
  for (arma::uword i = 0; i < w.n_elem; ++i) {
    s += i == 0 ? "" : (i % 10 == 0 ? ",\n                   " : ",");
    s += std::abs(w(i)) < 1e4 ? fmt::format("{:8.4f}", w(i)) : fmt::format("{:8.1e}", w(i));
  }
  return s + "]";
}

std::string loss_name(Loss loss) { return loss == Loss::mse ? "(ŷ − y)² (PyTorch's MSELoss)" : "(ŷ − y)²/2 (D2L's)"; }

void print_header(const Options& opt, const PolyData& data) {
  fmt::print("Chapter 4: generalization (泛化) — training error, test error, validation\n\n");
  fmt::print("The book's data: y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε, ε ~ N(0, 0.1²), x ~ N(0, 1);\n"
             "{} training and {} test examples, features xⁱ/i! for i = 0 … {}; seed {}.\n",
             data.n_train, data.n_test(), max_degree - 1, opt.seed);
  fmt::print("Loss: l = {}, \"loss\" below is its mean over a set. SGD: lr {}, batch {}, double precision.\n",
             loss_name(opt.sgd.loss), opt.sgd.lr, opt.sgd.batch_size);
}

// ------------------------------------------------------------------------------------------
// 1. The notes' three points
// ------------------------------------------------------------------------------------------

/// The first three training examples fitted exactly by polynomials of degree 0 … 4.
std::vector<wb::ch4::ExactFit> three_points(const PolyData& data, Loss loss) {
  PolyData three = data;
  three.features = arma::join_rows(data.features.head_cols(3), data.features.tail_cols(data.n_test()));
  three.x = arma::join_rows(data.x.head_cols(3), data.x.tail_cols(data.n_test()));
  three.y = arma::join_rows(data.y.head_cols(3), data.y.tail_cols(data.n_test()));
  three.n_train = 3;
  fmt::print("\n1. Three points (对三个点拟合多项式): the first 3 training examples, least squares (exercise 4.4)\n"
             "degree  parameters  train loss    test loss (100)  ‖w‖\n");
  std::vector<wb::ch4::ExactFit> fits;
  for (arma::uword d = 1; d <= 5; ++d) {
    fits.push_back(wb::ch4::fit_exact(three, d, loss));
    fmt::print("{:>6}  {:>10}  {:<12.3e}  {:<15.4g}  {:.3g}\n", d - 1, d, fits.back().train_loss, fits.back().test_loss,
               arma::norm(fits.back().w));
  }
  fmt::print("From degree 2 on (degree + 1 ≥ 3 points) the training loss is 0 up to rounding, for every\n"
             "polynomial that passes through the points (degree 3 and 4: infinitely many; least squares\n"
             "returns the one of smallest norm). A perfect training loss says nothing about the test loss.\n");
  return fits;
}

// ------------------------------------------------------------------------------------------
// 2. The book's three fits
// ------------------------------------------------------------------------------------------

/// One of the book's fits: SGD (its `train`) next to the exact least-squares weights.
struct BookFit {
  std::string name;
  arma::uword features = 0;
  SgdConfig config;
  SgdFit sgd;
  wb::ch4::ExactFit exact;
};

BookFit book_fit(const std::string& name, arma::uword d, int epochs, const Options& opt, const PolyData& data,
                 std::mt19937_64& rng) {
  BookFit f{name, d, opt.sgd, {}, {}};
  f.config.epochs = epochs;
  //! [book fit]
  f.sgd = wb::ch4::fit_sgd(data.train_x(d), data.train_y(), data.test_x(d), data.test_y(), f.config, rng);
  wb::ch4::require_converging(f.sgd, fmt::format("{}-feature fit", d), f.config, data.train_x(d));
  f.exact = wb::ch4::fit_exact(data, d, f.config.loss);
  //! [book fit]
  return f;
}

void print_book_fit(const BookFit& f, const PolyData& data) {
  const wb::ch4::Curvature c = wb::ch4::curvature(data.train_x(f.features));
  const double steps = double(f.config.epochs) * std::ceil(double(data.n_train) / double(f.config.batch_size));
  const double eta = f.config.lr * wb::ch4::loss_factor(f.config.loss);
  fmt::print("\n{} fit, {} features, {} epochs:\n", f.name, f.features, f.config.epochs);
  fmt::print("  SGD            train loss {:.6f}  test loss {:.6f}\n", f.sgd.train_loss.back(), f.sgd.test_loss.back());
  fmt::print("  least squares  train loss {:.6f}  test loss {:.6f}\n", f.exact.train_loss, f.exact.test_loss);
  fmt::print("  weight SGD:     {}\n", weights(f.sgd.w));
  fmt::print("  weight exact:   {}\n", weights(f.exact.w));
  fmt::print("  max |w_SGD − w_exact| = {:.4f}; ‖w_SGD‖ = {:.3g}, ‖w_exact‖ = {:.3g}\n",
             arma::abs(f.sgd.w - f.exact.w).max(), arma::norm(f.sgd.w), arma::norm(f.exact.w));
  fmt::print("  curvature of L: λ_max = {:.3g}, λ_min = {:.3g}; after {:.0f} steps the slowest direction keeps\n"
             "  (1 − η·c·λ_min)^steps = {:.2g} of its initial error; SGD has moved along {} of the {} directions\n"
             "  (those with η·c·λ·steps > 1)\n",
             c.lambda_max, c.lambda_min, steps, std::pow(std::abs(1 - eta * c.lambda_min), steps),
             c.resolved(eta, steps), f.features);
}

std::vector<BookFit> book_fits(const Options& opt, const PolyData& data, std::mt19937_64& rng) {
  fmt::print("\n2. The book's three fits (SGD as the book's train, and the exact least-squares weights)\n");
  std::vector<BookFit> fits;
  fits.push_back(book_fit("Normal (正态)", 4, opt.sgd.epochs, opt, data, rng));
  fits.push_back(book_fit("Underfitting (欠拟合)", 2, opt.sgd.epochs, opt, data, rng));
  fits.push_back(book_fit("Overfitting (过拟合)", max_degree, opt.overfit_epochs(), opt, data, rng));
  for (const BookFit& f : fits) print_book_fit(f, data);
  const BookFit &normal = fits[0], &overfit = fits[2];
  fmt::print("\nTest loss of the 20-feature fit {} the 4-feature fit's ({:.6f} vs {:.6f});\n"
             "its train loss is {:.6f}, its test loss {} it.\n",
             overfit.sgd.test_loss.back() > normal.sgd.test_loss.back() ? "exceeds" : "does NOT exceed",
             overfit.sgd.test_loss.back(), normal.sgd.test_loss.back(), overfit.sgd.train_loss.back(),
             overfit.sgd.test_loss.back() > overfit.sgd.train_loss.back() ? "is above" : "is NOT above");
  return fits;
}

// ------------------------------------------------------------------------------------------
// Why xⁱ/i!: the curvature with and without the scaling
// ------------------------------------------------------------------------------------------

void scaling(const Options& opt, const PolyData& data, std::mt19937_64& rng) {
  fmt::print("\nWhy the book divides xⁱ by i!: the feature matrix x (d × 100) of the training set\n"
             "features            cond(x)     λ_max of x·xᵀ/n  largest stable lr 2/(c·λ_max)\n");
  const double c = wb::ch4::loss_factor(opt.sgd.loss);
  for (arma::uword d : {arma::uword(4), max_degree}) {
    const arma::mat scaled = data.train_x(d), raw = wb::ch4::raw_powers(scaled);
    for (const auto& [name, x] : {std::pair<const char*, const arma::mat&>{"xⁱ/i!", scaled}, {"xⁱ (raw)", raw}}) {
      const wb::ch4::Curvature k = wb::ch4::curvature(x);
      fmt::print("{:>2} × {:<13}  {:<10.3g}  {:<15.3g}  {:.3g}\n", d, name, k.cond, k.lambda_max, 2 / (c * k.lambda_max));
    }
  }
  const arma::mat raw = wb::ch4::raw_powers(data.train_x(max_degree));
  SgdConfig one = opt.sgd;
  one.epochs = 3;
  const SgdFit fit = wb::ch4::fit_sgd(raw, data.train_y(), wb::ch4::raw_powers(data.test_x(max_degree)), data.test_y(), one, rng);
  fmt::print("SGD at lr {} on the 20 raw powers: {}\n", opt.sgd.lr,
             fit.diverged_in_epoch ? fmt::format("the loss is no longer finite after epoch {} (diverged)", fit.diverged_in_epoch)
                                   : fmt::format("train loss {:.4g} after 3 epochs", fit.train_loss.back()));
  const double scaled20 = wb::ch4::curvature(data.train_x(max_degree)).cond, raw20 = wb::ch4::curvature(raw).cond;
  fmt::print("With 20 features the 1/i! makes x {} conditioned ({:.2g} against {:.2g}; near 1/ε ≈ 4.5e15 x is\n"
             "numerically singular in double). What it fixes is the scale: λ_max drops from about 10^{:.0f} to about 1,\n"
             "so that lr 0.01 is a stable step at all.\n",
             scaled20 > raw20 ? "worse" : "better", scaled20, raw20,
             std::log10(wb::ch4::curvature(raw).lambda_max));
}

// ------------------------------------------------------------------------------------------
// A mistake, run: the gradient without its 1/n
// ------------------------------------------------------------------------------------------

/// Exercise 4.3 with its 1/n forgotten returns the minibatch's sum, b times its mean on a
/// minibatch of b examples (every minibatch, when b divides the 100): SGD at η with it takes the
/// steps of SGD at b·η. Runs the 4- and the 20-feature fit so, on a copy of the random stream,
/// so that the sections after this one draw what they would draw without it.
void missing_mean(const Options& opt, const PolyData& data, const std::vector<BookFit>& fits, std::mt19937_64 rng) {
  const double b = double(opt.sgd.batch_size), c = wb::ch4::loss_factor(opt.sgd.loss);
  fmt::print("\nA gradient without its 1/n (exercise 4.3 returning the minibatch's sum, not its mean): on minibatches\n"
             "of {:g} every step is {:g} times too large, the steps of lr {:g}; SGD is stable below lr 2/(c·λ_max)\n",
             b, b, b * opt.sgd.lr);
  for (const BookFit* f : {&fits[0], &fits[2]}) {
    SgdConfig wrong = f->config;
    wrong.lr *= b;
    const arma::uword d = f->features;
    const SgdFit fit = wb::ch4::fit_sgd(data.train_x(d), data.train_y(), data.test_x(d), data.test_y(), wrong, rng);
    const double limit = 2 / (c * wb::ch4::curvature(data.train_x(d)).lambda_max);
    fmt::print("  {:>2} features, {} epochs, stable below lr {:.3g}: {}\n", d, wrong.epochs, limit,
               fit.diverged_in_epoch
                   ? fmt::format("diverged in epoch {}", fit.diverged_in_epoch)
                   : fmt::format("train loss {:.6f}  test loss {:.6f} (with the 1/n: {:.6f}  {:.6f})",
                                 fit.train_loss.back(), fit.test_loss.back(), f->sgd.train_loss.back(),
                                 f->sgd.test_loss.back()));
  }
}

// ------------------------------------------------------------------------------------------
// Capacity, cross-validation, number of examples
// ------------------------------------------------------------------------------------------

std::vector<wb::ch4::CapacityRow> capacity(const Options& opt, const PolyData& data, std::mt19937_64& rng) {
  const arma::uvec order = wb::shuffled_indices(data.n_train, rng);
  const std::vector<wb::ch4::CapacityRow> rows = wb::ch4::capacity_sweep(data, max_degree, order, opt.folds, opt.sgd, rng);
  fmt::print("\nTraining and test loss against the number of features (capacity, 模型容量); exact = least\n"
             "squares, CV = {}-fold cross-validation of least squares on the training set, SGD = {} epochs\n"
             "features  exact train  exact test   CV           SGD train    SGD test\n", opt.folds, opt.sgd.epochs);
  for (const auto& r : rows)
    fmt::print("{:>8}  {:<11.4g}  {:<11.4g}  {:<11.4g}  {:<11.4g}  {:<11.4g}\n", r.features, r.exact_train, r.exact_test,
               r.cv, r.sgd_train, r.sgd_test);
  const wb::ch4::CapacityRow& best = wb::ch4::chosen_by_cv(rows);
  fmt::print("{}-fold cross-validation chooses {} features (CV loss {:.4g}) without looking at the test set;\n"
             "that model's test loss, looked at once, is {:.4g}.\n", opt.folds, best.features, best.cv, best.exact_test);
  return rows;
}

/// Test loss of the exact fit against the number of training examples (the notes' third factor).
struct SampleCurve {
  std::vector<double> n, test4, test20;
};

SampleCurve samples(const Options& opt, const PolyData& data, std::mt19937_64& rng) {
  const PolyData pool = wb::ch4::make_data(rng, 10000, 0, max_degree);  // more training data, same law
  SampleCurve curve;
  fmt::print("\nTest loss of the exact fit against the number of training examples (训练样本的数量)\n"
             "examples  4 features   20 features\n");
  for (arma::uword n : {5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
    curve.n.push_back(double(n));
    curve.test4.push_back(wb::ch4::test_loss_with(pool, n, data, 4, opt.sgd.loss));
    curve.test20.push_back(wb::ch4::test_loss_with(pool, n, data, max_degree, opt.sgd.loss));
    fmt::print("{:>8}  {:<11.4g}  {:<11.4g}\n", n, curve.test4.back(), curve.test20.back());
  }
  return curve;
}

// ------------------------------------------------------------------------------------------
// 3. Validation, not the test set
// ------------------------------------------------------------------------------------------

std::vector<wb::ch4::NetworkResult> validation(const Options& opt, const wb::FashionMnist& fashion, std::mt19937_64& rng) {
  const wb::ch4::HoldOut data = wb::ch4::hold_out(fashion.train, opt.validation_size, opt.train_size, rng);
  wb::TrainConfig config = opt.mlp;
  config.seed = rng();
  fmt::print("\n3. Validation (验证集): {} validation and {} training images drawn from Fashion-MNIST's 60000\n"
             "training images; the 10000 test images are not used to choose. MLP 784-h-10, ReLU, SGD lr {}, batch {}, "
             "{} epochs.\n", data.validation.size(), data.train.size(), config.lr, config.batch_size, config.epochs);
  std::vector<wb::ch4::NetworkResult> nets;
  for (const auto& [name, hidden] : {std::pair<const char*, arma::uword>{"small", opt.small_hidden}, {"large", opt.large_hidden}}) {
    nets.push_back(wb::ch4::train_network(name, hidden, data, config, [&](const wb::EpochStats& s) {
      fmt::print("  {} 784-{}-10 epoch {:>2}/{}: train loss {:.4f}, train acc {:.4f}, validation acc {:.4f}\n", name,
                 hidden, s.epoch, config.epochs, s.train_loss, s.train_acc, s.test_acc);
      std::fflush(stdout);
    }));
  }
  fmt::print("After training, in evaluation mode:\n"
             "network           train loss  validation loss  train acc  validation acc  gap (train − validation acc)\n");
  for (const auto& n : nets)
    fmt::print("{:<16}  {:<10.4f}  {:<15.4f}  {:<9.4f}  {:<14.4f}  {:+.4f}\n", fmt::format("{} 784-{}-10", n.name, n.hidden),
               n.train_loss, n.validation_loss, n.train_acc, n.validation_acc, n.gap());
  auto& chosen = nets[0].validation_acc >= nets[1].validation_acc ? nets[0] : nets[1];
  fmt::print("The validation set chooses the {} network; its test accuracy, measured once: {:.4f}\n", chosen.name,
             chosen.net.accuracy(fashion.test.X, fashion.test.y));
  return nets;
}

// ------------------------------------------------------------------------------------------
// Figures and export
// ------------------------------------------------------------------------------------------

wb::Curve curve(const std::string& title, const std::vector<double>& y, const std::vector<double>& x = {},
                const std::string& style = "lines") {
  wb::Curve c;
  c.title = title;
  c.x = x;
  c.y = y;
  c.style = style;
  return c;
}

/// The frame of a figure: title, axis labels, where the legend goes, a log-scale y axis or not.
wb::Axes frame(const std::string& title, const std::string& xlabel, const std::string& ylabel, const std::string& key,
               bool log_y = false) {
  wb::Axes axes;
  axes.title = title;
  axes.xlabel = xlabel;
  axes.ylabel = ylabel;
  axes.key = key;
  axes.log_y = log_y;
  return axes;
}

void draw_fits(const std::string& dir, const std::vector<BookFit>& fits) {
  const char* names[] = {"loss_normal", "loss_underfit", "loss_overfit"};
  for (std::size_t k = 0; k < fits.size(); ++k) {
    const wb::Axes axes = frame(fmt::format("{} fit: {} features, SGD", fits[k].name, fits[k].features), "epoch",
                                "loss", "top right", true);
    fmt::print("{}\n", wb::plot_xy(dir, names[k], axes, {curve("train", fits[k].sgd.train_loss),
                                                          curve("test", fits[k].sgd.test_loss)}).note);
  }
}

void draw_capacity(const std::string& dir, const std::vector<wb::ch4::CapacityRow>& rows, const SampleCurve& s) {
  std::vector<double> d, et, es, cv, st, ss;
  for (const auto& r : rows) {
    d.push_back(double(r.features));
    et.push_back(r.exact_train);
    es.push_back(r.exact_test);
    cv.push_back(r.cv);
    st.push_back(r.sgd_train);
    ss.push_back(r.sgd_test);
  }
  wb::Axes axes = frame("Training and test loss against capacity (the number of features)",
                        "features (polynomial degree + 1)", "loss", "top left", true);
  fmt::print("{}\n", wb::plot_xy(dir, "capacity", axes, {curve("exact train", et, d, "linespoints"),
                                                         curve("exact test", es, d, "linespoints"),
                                                         curve("K-fold CV", cv, d, "linespoints"),
                                                         curve("SGD train", st, d, "linespoints"),
                                                         curve("SGD test", ss, d, "linespoints")}).note);
  axes.title = "Test loss of the exact fit against the number of training examples";
  axes.xlabel = "training examples";
  axes.log_x = true;
  axes.key = "top right";
  fmt::print("{}\n", wb::plot_xy(dir, "samples", axes, {curve("4 features", s.test4, s.n, "linespoints"),
                                                        curve("20 features", s.test20, s.n, "linespoints")}).note);
}

/// The three points, the true cubic and the exact fits of degree 0 … 4 over x ∈ [−3, 3]
/// (values beyond ±40 left out, so that the wild high-degree curves do not flatten the rest).
void draw_three_points(const std::string& dir, const PolyData& data, const std::vector<wb::ch4::ExactFit>& fits) {
  const arma::mat grid = arma::linspace<arma::rowvec>(-3, 3, 121);
  const auto clipped = [](const arma::mat& y) {
    std::vector<double> v(y.begin(), y.end());
    for (double& e : v) e = std::abs(e) > 40 ? NAN : e;
    return v;
  };
  const std::vector<double> xs(grid.begin(), grid.end());
  std::vector<wb::Curve> curves = {curve("the 3 points", {data.y(0), data.y(1), data.y(2)}, {data.x(0), data.x(1), data.x(2)}, "points")};
  const arma::mat cubic = wb::ch4::true_weights().t() * wb::ch4::features_of(grid, 4);
  curves.push_back(curve("true cubic", clipped(cubic), xs));
  for (std::size_t k = 0; k < fits.size(); ++k)
    curves.push_back(curve(fmt::format("degree {}", k), clipped(fits[k].w.t() * wb::ch4::features_of(grid, k + 1)), xs));
  const wb::Axes axes = frame("Polynomials through three points: degree 2 and above fit them exactly", "x", "y",
                              "bottom right");
  fmt::print("{}\n", wb::plot_xy(dir, "three_points", axes, curves).note);
}

void draw_validation(const std::string& dir, const std::vector<wb::ch4::NetworkResult>& nets) {
  std::vector<wb::Curve> curves;
  for (const auto& n : nets) {
    std::vector<double> train, valid;
    for (const wb::EpochStats& s : n.history) {
      train.push_back(s.train_acc);
      valid.push_back(s.test_acc);
    }
    curves.push_back(curve(fmt::format("{} 784-{}-10 train (during the epoch)", n.name, n.hidden), train, {}, "linespoints"));
    curves.push_back(curve(fmt::format("{} 784-{}-10 validation", n.name, n.hidden), valid, {}, "linespoints"));
  }
  const wb::Axes axes = frame("Training and validation accuracy of a small and a large MLP", "epoch", "accuracy",
                              "bottom right");
  fmt::print("{}\n", wb::plot_xy(dir, "validation", axes, curves).note);
}

/// Everything the run computed, for the figures and the export.
struct Results {
  std::vector<wb::ch4::ExactFit> three;
  std::vector<BookFit> fits;
  std::vector<wb::ch4::CapacityRow> capacity;
  SampleCurve samples;
  std::vector<wb::ch4::NetworkResult> nets;  ///< empty without part 3
};

/// Writes data.csv, three_points.csv, weights.csv, losses.csv, capacity.csv and samples.csv to
/// `dir` (checked writable before the work started); returns their names.
std::vector<std::string> export_polynomial(const std::string& dir, const PolyData& data, const Results& r) {
  const auto path = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  wb::ch4::CsvRows examples, three, weights, losses, capacity;
  for (arma::uword j = 0; j < data.x.n_cols; ++j) examples.add({data.x(j), data.y(j)}, j < data.n_train ? "train" : "test");
  for (std::size_t k = 0; k < r.three.size(); ++k)
    three.add({double(k), r.three[k].train_loss, r.three[k].test_loss, arma::norm(r.three[k].w)});
  for (const BookFit& f : r.fits) {
    const std::string fit = fmt::format("{}_features", f.features);
    for (arma::uword i = 0; i < f.features; ++i) weights.add({double(i), f.sgd.w(i), f.exact.w(i)}, fit);
    for (std::size_t e = 0; e < f.sgd.train_loss.size(); ++e)
      losses.add({double(e + 1), f.sgd.train_loss[e], f.sgd.test_loss[e]}, fit);
  }
  for (const auto& c : r.capacity) capacity.add({double(c.features), c.exact_train, c.exact_test, c.cv, c.sgd_train, c.sgd_test});
  wb::write_csv(path("data.csv"), {"set", "x", "y"}, examples.values, examples.labels);
  wb::write_csv(path("three_points.csv"), {"degree", "train_loss", "test_loss", "norm_w"}, three.values);
  wb::write_csv(path("weights.csv"), {"fit", "i", "w_sgd", "w_exact"}, weights.values, weights.labels);
  wb::write_csv(path("losses.csv"), {"fit", "epoch", "train_loss", "test_loss"}, losses.values, losses.labels);
  wb::write_csv(path("capacity.csv"), {"features", "exact_train", "exact_test", "cv", "sgd_train", "sgd_test"},
                     capacity.values);
  wb::write_csv(path("samples.csv"), {"examples", "test_4_features", "test_20_features"},
                     arma::join_rows(arma::vec(r.samples.n), arma::vec(r.samples.test4), arma::vec(r.samples.test20)));
  return {"data.csv", "three_points.csv", "weights.csv", "losses.csv", "capacity.csv", "samples.csv"};
}

/// Writes validation.csv, part 3's per-epoch numbers of both networks.
std::string export_validation(const std::string& dir, const std::vector<wb::ch4::NetworkResult>& nets) {
  wb::ch4::CsvRows rows;
  for (const auto& n : nets)
    for (const wb::EpochStats& e : n.history)
      rows.add({double(e.epoch), e.train_loss, e.train_acc, e.test_acc}, fmt::format("784-{}-10", n.hidden));
  wb::write_csv((std::filesystem::path(dir) / "validation.csv").string(),
                     {"network", "epoch", "train_loss", "train_acc", "validation_acc"}, rows.values, rows.labels);
  return "validation.csv";
}

int run(const Options& opt) {
  wb::Stopwatch clock;
  std::optional<wb::FashionMnist> fashion;
  try {
    if (opt.fashion) fashion = wb::load_fashion_mnist(opt.data_dir);  // a missing data set stops here, before any output
  } catch (const wb::DataError& e) {
    throw wb::DataError(std::string(e.what()) + "; or run without part 3: --no-fashion-mnist");
  }
  wb::set_threads(opt.threads);
  std::mt19937_64 rng(opt.seed);  // the one source of randomness
  const PolyData data = wb::ch4::make_data(rng, 100, 100, max_degree);
  print_header(opt, data);
  Results r;
  r.three = three_points(data, opt.sgd.loss);
  r.fits = book_fits(opt, data, rng);
  scaling(opt, data, rng);
  missing_mean(opt, data, r.fits, rng);
  r.capacity = capacity(opt, data, rng);
  r.samples = samples(opt, data, rng);
  if (fashion) r.nets = validation(opt, *fashion, rng);

  fmt::print("\n");
  const std::string dir = opt.figures();
  draw_three_points(dir, data, r.three);
  draw_fits(dir, r.fits);
  draw_capacity(dir, r.capacity, r.samples);
  if (!r.nets.empty()) draw_validation(dir, r.nets);
  if (!opt.export_dir.empty()) {
    std::vector<std::string> files = export_polynomial(opt.export_dir, data, r);
    if (!r.nets.empty()) files.push_back(export_validation(opt.export_dir, r.nets));
    fmt::print("Exported {} files to {}: {}\n", files.size(), opt.export_dir, fmt::join(files, " "));
  }
  fmt::print("Total time {:.2f} s\n", clock.seconds());
  return wb::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("04_generalization", [&] {
    const std::optional<Options> opt = parse(argc, argv);
    return opt ? run(*opt) : int(wb::exit_ok);
  });
}
