/// \file
/// \brief Chapter 2 — a multilayer perceptron on Fashion-MNIST, the notes' experiment in C++.
///
/// The notes train `nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))`
/// with weights from N(0, 0.01²) (the biases keep PyTorch's default initialization), SGD at
/// learning rate 0.1, minibatches of 256, for 50 epochs, and print one line per epoch. This
/// program does the same with Armadillo, in float, and with the exercise functions of
/// `ex02_mlp.hpp` (ReLU, softmax cross-entropy, accuracy, SGD): the reference ones in
/// `build/`, yours in `build-mine/`. Later chapters use the same program with other options:
/// `--activation` (chapter 3), `--weight-decay` (chapter 5), `--hidden 256,256 --dropout 0.2,0.5`
/// (chapter 6).

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "02_mlp/features.hpp"
#include "wb/activations.hpp"
#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/train.hpp"
#include "wb/options.hpp"
#include "wb/plot.hpp"
#include "wb/runtime.hpp"
#include "wb/sanity_checks.hpp"

namespace {

/// The command line, after validation. The defaults are the notes' experiment.
struct Options {
  wb::TrainConfig train;
  wb::MlpConfig net;
  std::string data_dir = wb::default_data_dir();
  std::string out_dir = "out";
  int threads = 0;
  arma::uword train_size = 0;  ///< 0: the whole training set
  bool sanity_checks = std::string(wb::exercise_tree) == "exercises";  ///< on in your build
};

/// Parses and validates the command line; returns false when --help was printed. A bad value
/// or combination is a wb::UsageError: one line, exit status 64.
bool parse(int argc, char** argv, Options& opt) {
  wb::CommandLine app{"Chapter 2: a multilayer perceptron on Fashion-MNIST, trained with minibatch SGD "
               "(by default the notes' experiment: 784-256-10, ReLU, lr 0.1, batch 256, 50 epochs).",
               "02_mlp"};
  std::string activation = wb::activation_name(opt.net.activation);
  std::string step = wb::step_names()[0];
  app.add_option("--epochs", opt.train.epochs, "passes over the training set")
      ->check(wb::integer_in(1, 100000))->capture_default_str();
  app.add_option("--lr", opt.train.lr, "SGD learning rate η")->check(wb::positive_number())->capture_default_str();
  app.add_option("--batch-size", opt.train.batch_size, "examples per minibatch")
      ->check(wb::integer_in(1, 60000))->capture_default_str();
  app.add_option("--hidden", opt.net.hidden, "units per hidden layer, e.g. 256 or 256,256")
      ->delimiter(',')->check(wb::integer_in(1, 65536))->capture_default_str();
  app.add_option("--activation", activation, "the activation φ of the hidden layers")
      ->check(wb::one_of(wb::activation_names()))->capture_default_str();
  app.add_option("--weight-decay", opt.net.weight_decay,
                 "λ of the penalty λ/2 Σ‖W‖² on the weights, not the biases (chapter 5)")
      ->check(wb::number_in(0, 100))->capture_default_str();
  app.add_option("--dropout", opt.net.dropout, "dropout probability per hidden layer, e.g. 0.2,0.5 (chapter 6)")
      ->delimiter(',')->check(wb::number_in(0, 1, false, true));
  app.add_option("--step", step, "the training step: fast (split over the cores) or textbook (as the pages "
                 "write it); both compute the same numbers")
      ->check(wb::one_of(wb::step_names()))->capture_default_str();
  app.add_option("--seed", opt.train.seed, "seed of the initialization, the shuffling and dropout")
      ->check(wb::seed_value())->capture_default_str();
  app.add_option("--data", opt.data_dir, "directory with the four Fashion-MNIST IDX files (.gz or plain)")
      ->capture_default_str();
  app.add_option("--out", opt.out_dir, "directory for the figures (written under OUT/02_mlp)")->capture_default_str();
  app.add_option("--threads", opt.threads, "BLAS threads (0: OpenBLAS's default)")
      ->check(wb::integer_in(0, 256))->capture_default_str();
  app.add_flag("--sanity-checks,!--no-sanity-checks", opt.sanity_checks,
               "check the exercises before training (initial loss, gradients, overfitting 50 examples); "
               "on by default in your build (build-mine/)");
  app.add_option("--train-size", opt.train_size, "train on the first N examples only (0: all 60000)")
      ->check(wb::integer_in(0, 60000))->capture_default_str();
  if (!app.parse(argc, argv)) return false;

  opt.net.activation = wb::activation_from_string(activation);
  opt.train.step = wb::step_from_name(step);
  if (!opt.net.dropout.empty() && opt.net.dropout.size() != opt.net.hidden.size())
    throw wb::UsageError(fmt::format("--dropout: give one probability per hidden layer ({} for --hidden {}), not {}",
                                     opt.net.hidden.size(), fmt::join(opt.net.hidden, ","), opt.net.dropout.size()));
  wb::require_writable_directory((std::filesystem::path(opt.out_dir) / "02_mlp").string(), "--out");
  return true;
}

/// "784-256-10, ReLU" and the rest of the network's description.
std::string describe(const wb::MlpConfig& net, arma::uword inputs) {
  std::string text = fmt::format("MLP {}-{}-10, {}", inputs, fmt::join(net.hidden, "-"), wb::activation_name(net.activation));
  if (net.weight_decay > 0) text += fmt::format(", weight decay λ = {:g}", net.weight_decay);
  if (!net.dropout.empty()) text += fmt::format(", dropout {}", fmt::join(net.dropout, ","));
  return text;
}

/// What the first layer looks at (底层): the first 32 rows of W⁽¹⁾ as 28 × 28 images, at
/// initialization and after training, side by side (features.hpp), how smooth they are, and
/// which units training moved by less than their initial norm.
void draw_first_layer(const std::string& fig_dir, const arma::fmat& initial, const arma::fmat& trained) {
  const arma::uvec units = arma::regspace<arma::uvec>(0, std::min<arma::uword>(32, trained.n_rows) - 1);
  const wb::ch02::Mosaic before = wb::ch02::mosaic(initial, units, 8), after = wb::ch02::mosaic(trained, units, 8);
  fmt::print("\nFirst layer: hidden units 0–{} as 28×28 images of their weights W(1)_j (mid gray 0, black the unit's\n"
             "largest weight, white its most negative); correlation of the weights of adjacent pixels, all {} units:\n"
             "{:.3f} at initialization, {:.3f} after training; ‖W(1) − W(1) at init‖ = {:.4f}, ‖W(1) at init‖ = {:.4f}\n",
             units.n_elem - 1, trained.n_rows, wb::ch02::neighbour_correlation(initial),
             wb::ch02::neighbour_correlation(trained), arma::norm(trained - initial, "fro"), arma::norm(initial, "fro"));
  const arma::uvec little = arma::find(wb::ch02::moved_ratio(initial, trained) < 1.0);
  const arma::uvec shown = little.elem(arma::find(little < units.n_elem));
  fmt::print("units that training moved by less than their initial norm, ‖W(1)_j − W(1)_j at init‖ < ‖W(1)_j at init‖:\n"
             "{} of {}; among units 0–{}: {}\n", little.n_elem, trained.n_rows, units.n_elem - 1,
             shown.empty() ? "none" : fmt::format("{}", fmt::join(shown, ", ")));
  fmt::print("{}\n", wb::plot_images(fig_dir, "first_layer", arma::join_rows(before.pixels, after.pixels), before.height,
                                     before.width, {"at initialization", "after training"}).note);
}

/// The data: 60 000 training and 10 000 test images, pixels scaled to [0, 1] (the first
/// --train-size of the training images); prints what was loaded and how the run is set up.
wb::FashionMnist load_and_describe(const Options& opt) {
  wb::Stopwatch clock;
  wb::FashionMnist data = wb::load_fashion_mnist(opt.data_dir);
  if (opt.train_size > data.train.size())
    throw wb::UsageError(fmt::format("--train-size: must be at most {} (the training set in {}), not {}",
                                     data.train.size(), opt.data_dir, opt.train_size));
  if (opt.train_size > 0) data.train = data.train.head(opt.train_size);
  const double load_seconds = clock.seconds();
  const int threads = wb::set_threads(opt.threads);
  const wb::TrainConfig& config = opt.train;
  fmt::print("Fashion-MNIST from {}: {} training and {} test images ({:.2f} s)\n", opt.data_dir,
             data.train.size(), data.test.size(), load_seconds);
  fmt::print("{}; weights ~ N(0, {}^2), biases ~ U(±1/√fan_in); SGD lr {}, batch {}, {} epochs; "
             "float, {} BLAS thread{}, exercises from {}/\n",
             describe(opt.net, data.train.X.n_rows), opt.net.init_sigma, config.lr, config.batch_size,
             config.epochs, threads, threads == 1 ? "" : "s", wb::exercise_tree);
  fmt::print("{}\n", wb::step_summary(config.step));
  return data;
}

/// In your build: checks with a reason before training, each naming the exercise to look at.
void run_sanity_checks(const wb::Dataset& train, const Options& opt) {
  fmt::print("\nSanity checks before training:\n");
  const char* suspect = nullptr;
  for (const wb::SanityCheck& c : wb::sanity_checks(train, opt.net, opt.train.seed)) {
    fmt::print("  {:<4}  {}\n        ({})\n", c.passed ? "ok" : "FAIL", c.finding, c.reason);
    if (!c.passed && !suspect) suspect = c.suspect.c_str();
    if (!c.passed) fmt::print("        look at exercise {}: ./workbook check {}\n", c.suspect, c.suspect);
  }
  if (suspect)
    throw wb::UserError(fmt::format("a sanity check failed: exercise {} is the most likely cause "
                                    "(./workbook check {}, ./workbook hint {})", suspect, suspect, suspect));
  fmt::print("\n");
}

/// The first test images, their true and predicted classes (the notes' `d2l.show_images` figure).
struct Predictions {
  arma::fmat images;
  std::vector<std::string> titles;
};

/// Predicts the first six test images and prints them beside their labels; then the size of the
/// weights, which weight decay shrinks (chapter 5): one Frobenius norm per layer.
Predictions print_predictions(wb::Mlp<float>& net, const wb::Dataset& test) {
  const auto& names = wb::fashion_mnist_labels();
  Predictions p;
  p.images = test.X.head_cols(std::min<arma::uword>(6, test.size()));
  const arma::uvec predicted = net.predict(p.images);
  fmt::print("\n{:<12} {:<12}\n", "true", "predicted");
  for (arma::uword i = 0; i < p.images.n_cols; ++i) {
    fmt::print("{:<12} {:<12}{}\n", names[test.y(i)], names[predicted(i)], test.y(i) == predicted(i) ? "" : "  (wrong)");
    p.titles.push_back(fmt::format("{}\n{}", names[test.y(i)], names[predicted(i)]));
  }
  std::vector<std::string> norms;
  for (std::size_t l = 0; l < net.layers.size(); ++l)
    norms.push_back(fmt::format("‖W({})‖ = {:.4f}", l + 1, arma::norm(net.layers[l].W, "fro")));
  fmt::print("\nweight norms: {}; penalty λ/2 Σ‖W‖² = {:.4g}\n", fmt::join(norms, ", "), net.penalty());
  return p;
}

/// The training curves and the six images, under `fig_dir`.
void draw_curves_and_predictions(const std::string& fig_dir, const std::string& title,
                                 const std::vector<wb::EpochStats>& history, const Predictions& p) {
  std::vector<wb::Series> curves(3);
  curves[0].title = "train loss";
  curves[1].title = "train acc";
  curves[2].title = "test acc";
  curves[1].right_axis = curves[2].right_axis = true;
  for (const wb::EpochStats& s : history) {
    curves[0].y.push_back(s.train_loss);
    curves[1].y.push_back(s.train_acc);
    curves[2].y.push_back(s.test_acc);
  }
  fmt::print("\n{}\n", wb::plot_lines(fig_dir, "curves", title, "epoch", "loss", "accuracy", curves).note);
  fmt::print("{}\n", wb::plot_images(fig_dir, "predictions", p.images, 28, 28, p.titles).note);
}

int run(Options& opt) {
  const wb::FashionMnist data = load_and_describe(opt);
  const wb::TrainConfig& config = opt.train;
  if (opt.sanity_checks) run_sanity_checks(data.train, opt);

  // ## The network, initialized as in the notes.
  //! [model]
  wb::Mlp<float> net(data.train.X.n_rows, 10, opt.net);
  net.init(config.seed);
  //! [model]
  const arma::fmat W1_initial = net.layers[0].W;  // for the figure of the first layer

  // ## Training: one line per epoch, in the notes' format, plus the test accuracy and time.
  //! [train]
  const std::vector<wb::EpochStats> history =
      wb::train(net, data.train, data.test, config, [&](const wb::EpochStats& s) {
        fmt::print("Epoch {}/{}, Train Loss: {:.4f}, Train Acc: {:.4f}, Test Acc: {:.4f} ({:.2f} s)\n",
                   s.epoch, config.epochs, s.train_loss, s.train_acc, s.test_acc, s.seconds);
        std::fflush(stdout);
      });
  //! [train]

  const Predictions predictions = print_predictions(net, data.test);
  const std::string fig_dir = (std::filesystem::path(opt.out_dir) / "02_mlp").string();
  draw_curves_and_predictions(fig_dir, describe(opt.net, data.train.X.n_rows) + " on Fashion-MNIST", history,
                              predictions);
  if (data.train.X.n_rows == 28 * 28) draw_first_layer(fig_dir, W1_initial, net.layers[0].W);

  double total = 0;
  for (const wb::EpochStats& s : history) total += s.seconds;
  fmt::print("mean epoch time {:.3f} s, peak memory {:.0f} MiB\n", total / double(history.size()),
             wb::peak_memory_mib());
  return wb::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("02_mlp", [&] {
    Options opt;
    if (!parse(argc, argv, opt)) return int(wb::exit_ok);
    return run(opt);
  });
}
