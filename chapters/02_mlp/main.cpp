/// \file
/// \brief Chapter 2 — a multilayer perceptron on Fashion-MNIST, the notes' experiment in C++.
///
/// The notes train `nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))`
/// with weights from N(0, 0.01²), SGD at learning rate 0.1, minibatches of 256, for 50 epochs,
/// and print one line per epoch. This program does the same with Armadillo, in float, and with
/// the exercise functions of `ex02_mlp.hpp` (ReLU, softmax cross-entropy, accuracy, SGD):
/// the reference ones in `build/`, yours in `build-mine/`.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "wb/fashion_mnist.hpp"
#include "wb/mlp.hpp"
#include "wb/plot.hpp"
#include "wb/runtime.hpp"

int main(int argc, char** argv) {
  return wb::run_program("02_mlp", [&]() -> int {
    // ## Options: the defaults are the notes' experiment.
    wb::TrainConfig config;
    std::string data_dir = wb::default_data_dir();
    std::string out_dir = "out";
    int threads = 0;
    arma::uword train_size = 0;
    CLI::App app{"Chapter 2: a 784-256-10 multilayer perceptron on Fashion-MNIST, trained with "
                 "minibatch SGD (the notes' experiment by default).", "02_mlp"};
    app.add_option("--epochs", config.epochs, "passes over the training set")->check(CLI::Range(1, 100000))->capture_default_str();
    const CLI::Validator positive(
        [](std::string& text) -> std::string {
          char* end = nullptr;
          const double v = std::strtod(text.c_str(), &end);
          return *end == '\0' && v > 0 && std::isfinite(v) ? "" : "must be a positive number, not " + text;
        },
        "> 0", "positive");
    app.add_option("--lr", config.lr, "SGD learning rate (> 0)")->check(positive)->capture_default_str();
    app.add_option("--batch-size", config.batch_size, "minibatch size")->check(CLI::Range(1, 1 << 20))->capture_default_str();
    app.add_option("--hidden", config.hidden, "hidden units")->check(CLI::Range(1, 1 << 16))->capture_default_str();
    app.add_option("--seed", config.seed, "seed of the initialization and the shuffling")->capture_default_str();
    app.add_option("--data", data_dir, "directory with the four Fashion-MNIST IDX files (.gz or plain)")->capture_default_str();
    app.add_option("--out", out_dir, "directory for the figures (written under OUT/02_mlp)")->capture_default_str();
    app.add_option("--threads", threads, "BLAS threads (0: OpenBLAS's default)")->check(CLI::Range(0, 256))->capture_default_str();
    app.add_option("--train-size", train_size, "train on the first N examples only (0: all 60000)")->capture_default_str();
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      return app.exit(e) == 0 ? 0 : wb::exit_usage;  // --help: 0; a bad option: 64
    }

    // ## The data: 60 000 training and 10 000 test images, pixels scaled to [0, 1].
    wb::Stopwatch clock;
    wb::FashionMnist data = wb::load_fashion_mnist(data_dir);
    if (train_size > 0) data.train = data.train.head(train_size);
    const double load_seconds = clock.seconds();
    threads = wb::set_threads(threads);
    fmt::print("Fashion-MNIST from {}: {} training and {} test images ({:.2f} s)\n", data_dir,
               data.train.size(), data.test.size(), load_seconds);
    fmt::print("MLP 784-{}-10, ReLU, weights ~ N(0, {}^2), SGD lr {}, batch {}, {} epochs, "
               "float, {} BLAS thread{}, exercises from {}/\n",
               config.hidden, config.init_sigma, config.lr, config.batch_size, config.epochs,
               threads, threads == 1 ? "" : "s", WB_IMPL_NAME);

    // ## The network, initialized as in the notes' `init_weights`.
    //! [model]
    wb::Mlp<float> net(data.train.X.n_rows, config.hidden, 10);
    net.init(config.init_sigma, config.seed);
    //! [model]

    // ## Training: one line per epoch, in the notes' format, plus the test accuracy and time.
    //! [train]
    const std::vector<wb::EpochStats> history =
        wb::train(net, data.train, data.test, config, [&](const wb::EpochStats& s) {
          fmt::print("Epoch {}/{}, Train Loss: {:.4f}, Train Acc: {:.4f}, Test Acc: {:.4f} ({:.2f} s)\n",
                     s.epoch, config.epochs, s.train_loss, s.train_acc, s.test_acc, s.seconds);
          std::fflush(stdout);
        });
    //! [train]

    // ## Predictions on the first six test images (the notes' `d2l.show_images` figure).
    const auto& names = wb::fashion_mnist_labels();
    const arma::uword shown = std::min<arma::uword>(6, data.test.size());
    const arma::fmat first = data.test.X.head_cols(shown);
    const arma::uvec predicted = net.predict(first);
    std::vector<std::string> titles;
    fmt::print("\n{:<12} {:<12}\n", "true", "predicted");
    for (arma::uword i = 0; i < shown; ++i) {
      fmt::print("{:<12} {:<12}{}\n", names[data.test.y(i)], names[predicted(i)],
                 data.test.y(i) == predicted(i) ? "" : "  (wrong)");
      titles.push_back(fmt::format("{}\n{}", names[data.test.y(i)], names[predicted(i)]));
    }

    // ## Figures: the training curves and the six images, under OUT/02_mlp/.
    const std::string fig_dir = (std::filesystem::path(out_dir) / "02_mlp").string();
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
    fmt::print("\n{}\n", wb::plot_lines(fig_dir, "curves", fmt::format("MLP 784-{}-10 on Fashion-MNIST", config.hidden), "epoch",
                                         "loss", "accuracy", curves).note);
    fmt::print("{}\n", wb::plot_images(fig_dir, "predictions", first, 28, 28, titles).note);

    double total = 0;
    for (const wb::EpochStats& s : history) total += s.seconds;
    fmt::print("mean epoch time {:.3f} s, peak memory {:.0f} MiB\n", total / double(history.size()),
               wb::peak_memory_mib());
    return 0;
  });
}
