/// \file
/// \brief Chapter 6 — dropout (暂退法): what it does to a matrix, the book's 784-256-256-10
/// network trained with and without it, and what makes it different from DropConnect.
///
/// The book (D2L 4.6) writes `dropout_layer(X, dropout)`, applies it to 0…15 as a 2 × 8
/// matrix with p = 0, 0.5 and 1, then trains 784-256-256-10 with dropout 0.2 after the first
/// hidden layer and 0.5 after the second (lr 0.5, batch 256, 10 epochs). This program does the
/// same with exercise 6.1 (`dropout_forward`) and 6.2 (`dropout_backward`, inside wb::Mlp), trains
/// the same network without dropout beside it, and measures dropout against DropConnect
/// (exercise 6.3). By default it trains on the first 10 240 images (40 full minibatches) so that
/// it runs in seconds; `--train-size 0` is the book's run on all 60 000. `--weight-decay λ` also
/// trains both networks with weight decay λ (the book's exercise 5).

#include <fmt/core.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "06_dropout/dropconnect.hpp"
#include "06_dropout/robustness.hpp"
#include "wb/csv.hpp"
#include "wb/error.hpp"
#include "wb/exercises.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/train.hpp"
#include "wb/options.hpp"
#include "wb/plot.hpp"
#include "wb/random.hpp"
#include "wb/runtime.hpp"

namespace {

namespace fs = std::filesystem;

/// The command line, after validation. The defaults are the book's experiment on a subset.
struct Options {
  wb::TrainConfig train = book_training();
  std::vector<double> dropout = {0.2, 0.5};  ///< after hidden layer 1 and 2, as the book
  arma::uword train_size = 10240;            ///< 40 full minibatches; 0: all 60 000 (the book's run)
  arma::uword probe_size = 10000;            ///< training images evaluated with dropout off
  arma::uword draws = 10000;                 ///< draws per method in the DropConnect comparison
  std::string data_dir = wb::default_data_dir();
  std::string out_dir = "out";
  std::string export_dir;  ///< empty: no CSV files
  double weight_decay = 0;  ///< λ > 0: also weight decay alone and with dropout (the book's exercise 5)
  int threads = 0;

  static wb::TrainConfig book_training() {
    wb::TrainConfig t;
    t.epochs = 10;
    t.lr = 0.5;
    return t;
  }
};

/// Parses and validates the command line; returns false when --help was printed. A bad value
/// or combination is a wb::UsageError: one line, exit status 64.
bool parse(int argc, char** argv, Options& opt) {
  wb::CommandLine app{"Chapter 6: dropout. The book's small case (0..15 with p = 0, 0.5, 1), the book's "
               "784-256-256-10 network trained with and without dropout 0.2,0.5 (lr 0.5, batch 256, "
               "10 epochs; on the first 10240 training images unless --train-size 0), and dropout "
               "against DropConnect.", "06_dropout"};
  std::string step = wb::step_names()[0];
  app.add_option("--epochs", opt.train.epochs, "passes over the training set")
      ->check(wb::integer_in(1, 100000))->capture_default_str();
  app.add_option("--lr", opt.train.lr, "SGD learning rate η")->check(wb::positive_number())->capture_default_str();
  app.add_option("--dropout", opt.dropout, "dropout probabilities after hidden layers 1 and 2, each in [0, 1)")
      ->delimiter(',')->check(wb::number_in(0, 1, false, true))->capture_default_str();
  app.add_option("--weight-decay", opt.weight_decay, "λ > 0: also train the network with weight decay λ, "
                 "without and with dropout (the book's exercise 5)")
      ->check(wb::number_in(0, 1))->capture_default_str();
  app.add_option("--train-size", opt.train_size, "train on the first N images (0: all 60000, the book's run)")
      ->check(wb::integer_in(0, 60000))->capture_default_str();
  app.add_option("--draws", opt.draws, "samples per method in the dropout/DropConnect comparison")
      ->check(wb::integer_in(100, 1000000))->capture_default_str();
  app.add_option("--step", step, "the training step: fast (split over the cores) or textbook (as the pages "
                 "write it); both compute the same numbers")
      ->check(wb::one_of(wb::step_names()))->capture_default_str();
  app.add_option("--seed", opt.train.seed, "seed of the initialization, the shuffling, the masks")
      ->check(wb::seed_value())->capture_default_str();
  app.add_option("--data", opt.data_dir, "directory with the four Fashion-MNIST IDX files (.gz or plain)")
      ->capture_default_str();
  app.add_option("--out", opt.out_dir, "directory for the figures (written under OUT/06_dropout)")->capture_default_str();
  app.add_option("--export", opt.export_dir, "also write the numbers as CSV files into this directory");
  app.add_option("--threads", opt.threads, "BLAS threads (0: OpenBLAS's default)")
      ->check(wb::integer_in(0, 256))->capture_default_str();
  if (!app.parse(argc, argv)) return false;

  opt.train.step = wb::step_from_name(step);
  if (opt.dropout.size() != 2)
    throw wb::UsageError(fmt::format("--dropout: give two probabilities, one per hidden layer (e.g. 0.2,0.5), not {}",
                                     opt.dropout.size()));
  wb::require_writable_directory((fs::path(opt.out_dir) / "06_dropout").string(), "--out");
  if (!opt.export_dir.empty()) wb::require_writable_directory(opt.export_dir, "--export");
  return true;
}

// ---------------------------------------------------------------------------------------------
// 1. What dropout does to a matrix
// ---------------------------------------------------------------------------------------------

void print_matrix(const arma::mat& M) {
  for (arma::uword r = 0; r < M.n_rows; ++r) {
    std::string line;
    for (arma::uword c = 0; c < M.n_cols; ++c) line += fmt::format("{:5g}", M(r, c));
    fmt::print("   {}\n", line);
  }
}

/// The book's small case: X = 0…15 as a 2 × 8 matrix (row-major, as torch.arange(16).reshape(2, 8))
/// through exercise 6.1 with p = 0, 0.5 and 1. Returns the rows for --export: p, row, the entries.
arma::mat small_case(std::uint64_t seed) {
  const arma::mat X = arma::reshape(arma::regspace(0.0, 15.0), 8, 2).t();  // rows 0..7 and 8..15
  arma::mat u(arma::size(X)), mask;
  wb::UniformSource(seed).fill(u);
  fmt::print("The book's small case: X = 0..15 as a 2 x 8 matrix, one u ~ U[0, 1) per entry (seed {}):\n", seed);
  print_matrix(X);
  arma::mat rows;
  for (const double p : {0.0, 0.5, 1.0}) {
    //! [small case]
    const arma::mat dropped = wb::dropout_forward(X, u, p, mask);  // exercise 6.1
    //! [small case]
    fmt::print("dropout_forward(X, u, p = {:g}):\n", p);
    print_matrix(dropped);
    const arma::vec index = {0.0, 1.0};
    rows = arma::join_cols(rows, arma::join_rows(arma::vec(2, arma::fill::value(p)), index, dropped));
  }
  return rows;
}

/// The moments on a million entries of h = 1: the fraction dropped is p, E[h′] = 1 and
/// E[h′²] = 1/(1 − p), so the variance p/(1 − p) is what dropout adds.
void moments(std::uint64_t seed) {
  const arma::mat h(1000, 1000, arma::fill::ones);
  arma::mat u(arma::size(h)), mask;
  fmt::print("\nOn 1000000 entries of h = 1 (E[h'] should be 1, E[h'^2] = 1/(1 - p)):\n");
  fmt::print("   {:>4}  {:>14}  {:>10}  {:>11}  {:>9}\n", "p", "dropped", "mean h'", "mean h'^2", "1/(1 - p)");
  for (const double p : {0.2, 0.5}) {
    wb::UniformSource(seed + 1).fill(u);
    const arma::mat dropped = wb::dropout_forward(h, u, p, mask);
    const double zeros = double(arma::accu(dropped == 0.0)) / double(h.n_elem);
    fmt::print("   {:>4g}  {:>14.5f}  {:>10.5f}  {:>11.5f}  {:>9.5f}\n", p, zeros, arma::mean(arma::vectorise(dropped)),
               arma::mean(arma::vectorise(arma::square(dropped))), 1 / (1 - p));
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The book's network, with and without dropout
// ---------------------------------------------------------------------------------------------

/// One training run: its per-epoch statistics and the training accuracy with dropout off.
struct Run {
  std::string name;
  std::vector<wb::EpochStats> history;
  std::vector<double> train_acc_off;  ///< on the first probe_size training images, evaluation mode
};

//! [network]
/// 784-256-256-10 with ReLU, weights ~ N(0, 0.01²): the book's `net` with `init_weights`.
wb::MlpConfig book_network(const std::vector<double>& dropout) {
  wb::MlpConfig net;
  net.hidden = {256, 256};
  net.dropout = dropout;  // {} or {0.2, 0.5}: after hidden layer 1 and 2
  return net;
}
//! [network]

Run train_one(const std::string& name, wb::Mlp<float>& net, const wb::FashionMnist& data, const Options& opt) {
  const wb::Dataset probe = data.train.head(opt.probe_size);
  Run run{name, {}, {}};
  fmt::print("\n{}:\n", name);
  //! [train]
  run.history = wb::train(net, data.train, data.test, opt.train, [&](const wb::EpochStats& s) {
    run.train_acc_off.push_back(net.accuracy(probe.X, probe.y));  // Mode::evaluate: no dropout
    fmt::print("Epoch {}/{}, Train Loss: {:.4f}, Train Acc: {:.4f}, Test Acc: {:.4f} | dropout off: "
               "train acc {:.4f} ({:.2f} s)\n", s.epoch, opt.train.epochs, s.train_loss, s.train_acc,
               s.test_acc, run.train_acc_off.back(), s.seconds);
    std::fflush(stdout);
  });
  //! [train]
  return run;
}

/// The book's exercise 5: the same two networks, from the same seed, with weight decay λ on their
/// weights, J = L + λ/2 Σ‖W‖² (chapter 5): λ alone, and λ together with dropout.
void train_with_weight_decay(std::vector<Run>& runs, const wb::FashionMnist& data, const Options& opt) {
  for (const bool with_dropout : {false, true}) {
    //! [weight decay]
    wb::MlpConfig config = book_network(with_dropout ? opt.dropout : std::vector<double>{});
    config.weight_decay = opt.weight_decay;  // λ of λ/2 Σ‖W‖², on the weights, not the biases
    //! [weight decay]
    wb::Mlp<float> net(data.train.X.n_rows, 10, config);
    net.init(opt.train.seed);  // the same initial weights and shuffling as the two runs above
    const std::string decay = fmt::format("λ = {:g}", opt.weight_decay);
    runs.push_back(train_one(with_dropout ? fmt::format("dropout {:g},{:g}, {}", opt.dropout[0], opt.dropout[1], decay)
                                          : "weight decay " + decay, net, data, opt));
  }
}

/// What separates this run from the book's (all 60 000 images, 10 epochs, lr 0.5, batch 256,
/// dropout 0.2,0.5), one item per setting; empty when it is the book's run.
std::vector<std::string> differences_from_book(const Options& opt, arma::uword train_images) {
  std::vector<std::string> d;
  if (train_images != 60000) d.push_back(fmt::format("{} training images, not 60000", train_images));
  if (opt.train.epochs != 10) d.push_back(fmt::format("{} epochs, not 10", opt.train.epochs));
  if (opt.train.lr != 0.5) d.push_back(fmt::format("lr {}, not 0.5", opt.train.lr));
  if (opt.train.batch_size != 256) d.push_back(fmt::format("batch {}, not 256", opt.train.batch_size));
  if (opt.dropout != std::vector<double>{0.2, 0.5})
    d.push_back(fmt::format("dropout {:g},{:g}, not 0.2,0.5", opt.dropout[0], opt.dropout[1]));
  return d;
}

/// The last epoch of both runs beside the book's curves (read off its figure: one run of d2l).
/// Two gaps: the book's (train acc measured during the epoch, dropout on, minus test acc) and
/// the generalization gap (the same images' accuracy with dropout off, minus test acc).
void print_table(const std::vector<Run>& runs, const Options& opt, arma::uword train_images) {
  fmt::print("\nAfter epoch {} ({} training images). Train loss and acc as the book computes them: during the epoch,\n"
             "dropout on. \"off\": the first {} training images evaluated after the epoch, dropout off.\n",
             opt.train.epochs, train_images, std::min(opt.probe_size, train_images));
  const auto row = [](auto... cells) { fmt::print("   {:<32} {:>10} {:>10} {:>9} {:>9} {:>10} {:>9}\n", cells...); };
  row("", "train loss", "train acc", "test acc", "off", "acc - test", "off - test");
  const std::vector<std::string> differs = differences_from_book(opt, train_images);
  row(differs.empty() ? "the book (d2l), dropout 0.2,0.5" : "the book (d2l): another run, *", "0.37-0.40", "0.85-0.87",
      "0.84-0.86", "-", "-", "-");
  for (const Run& r : runs) {
    const wb::EpochStats& s = r.history.back();
    const double off = r.train_acc_off.back();
    row(r.name, fmt::format("{:.4f}", s.train_loss), fmt::format("{:.4f}", s.train_acc), fmt::format("{:.4f}", s.test_acc),
        fmt::format("{:.4f}", off), fmt::format("{:+.4f}", s.train_acc - s.test_acc), fmt::format("{:+.4f}", off - s.test_acc));
  }
  if (opt.weight_decay > 0)
    fmt::print("   λ: weight decay on the weights; its train loss is the cross-entropy alone, without λ/2 Σ‖W‖²\n");
  if (!differs.empty())
    fmt::print("   * the book's row is another run, not comparable with these: this one has {};\n"
               "     --train-size 0 with the other defaults is the book's run\n", fmt::join(differs, ", "));
}

// ---------------------------------------------------------------------------------------------
// Dropout as robustness (这种方案考察的是一种鲁棒性): both networks on corrupted test images
// ---------------------------------------------------------------------------------------------

constexpr arma::uword robustness_images = 5000;  ///< the first half of the test set

std::string corruption_name(const wb::ch06::Corruption& c) {
  switch (c.kind) {
    case wb::ch06::Noise::gaussian: return fmt::format("Gaussian noise, σ = {:g}", c.level);
    case wb::ch06::Noise::zeroed: return fmt::format("pixels zeroed, q = {:g}", c.level);
    case wb::ch06::Noise::none: break;
  }
  return "clean";
}

/// Each network's accuracy under each corruption, and how far it fell from its clean accuracy.
void print_robustness(const std::vector<wb::ch06::RobustnessRow>& rows, const std::vector<Run>& runs) {
  fmt::print("\nRobustness (鲁棒性): test accuracy of both networks on the first {} test images, corrupted pixel by\n"
             "pixel (x + σz, z ~ N(0, 1); or x set to 0 with probability q; no clipping), the same corrupted\n"
             "images for both; \"fall\": accuracy minus the network's clean accuracy.\n", robustness_images);
  fmt::print("   {:<26} {:>10} {:>10} {:>15} {:>10}   {:>13}\n", "", runs[0].name, "fall", runs[1].name, "fall",
             "fall, dropout");
  fmt::print("   {:<26} {:>10} {:>10} {:>15} {:>10}   {:>13}\n", "", "", "", "", "", "minus without");
  const std::vector<double>& clean = rows.front().accuracy;
  for (const auto& r : rows) {
    const double fall0 = r.accuracy[0] - clean[0], fall1 = r.accuracy[1] - clean[1];
    fmt::print("   {:<26} {:>10.4f} {:>+10.4f} {:>15.4f} {:>+10.4f}   {:>+13.4f}\n", corruption_name(r.corruption),
               r.accuracy[0], fall0, r.accuracy[1], fall1, fall1 - fall0);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Dropout is not DropConnect
// ---------------------------------------------------------------------------------------------

/// The comparison's numbers, for the table, the figure and --export.
struct Comparison {
  arma::uword k = 0, l = 0;  ///< the two output units (classes)
  wb::ch06::MaskSamples dropout, dropconnect;
  wb::ch06::ClosedForm theory;
};

/// Runs test image 0 through the trained network, keeps a = h⁽²⁾ (the last hidden layer, before
/// dropout) and samples the logits of its two most likely classes with p on a (dropout) and on
/// the output layer's weights (DropConnect).
Comparison compare(wb::Mlp<float>& net, const wb::Dataset& test, double p, arma::uword draws, std::uint64_t seed) {
  const arma::fmat logits = net.forward(test.X.col(0));  // Mode::evaluate
  const arma::vec a = arma::conv_to<arma::vec>::from(net.hidden(1));
  const arma::uvec order = arma::sort_index(arma::vec(arma::conv_to<arma::vec>::from(logits)), "descend");
  Comparison c;
  c.k = order(0);
  c.l = order(1);
  const arma::mat W = arma::conv_to<arma::mat>::from(net.layers.back().W.rows(arma::uvec{c.k, c.l}));
  const arma::vec b = arma::conv_to<arma::vec>::from(net.layers.back().b.elem(arma::uvec{c.k, c.l}));
  c.dropout = wb::ch06::dropout_draws(W, b, a, p, draws, seed + 2);
  c.dropconnect = wb::ch06::dropconnect_draws(W, b, a, p, draws, seed + 3);
  c.theory = wb::ch06::closed_form(W, b, a, p);
  return c;
}

void print_comparison(const Comparison& c, const wb::Mlp<float>& net, double p, arma::uword draws) {
  const auto& names = wb::fashion_mnist_labels();
  const arma::uword units = net.layers.back().W.n_cols, outputs = net.layers.back().W.n_rows;
  const std::string ok = fmt::format("o_{} ({})", c.k, names[c.k]), ol = fmt::format("o_{} ({})", c.l, names[c.l]);
  fmt::print("\nDropout or DropConnect? p = {:g} on the last hidden layer of the trained network (dropout run),\n"
             "test image 0: its two largest logits, {} and {}, {} draws per method:\n", p, ok, ol, draws);
  fmt::print("   {:<34} {:>12} {:>12} {:>12}\n", "", "dropout", "DropConnect", "closed form");
  fmt::print("   {:<34} {:>12} {:>12}\n", "what is masked", fmt::format("h ({}x1)", units),
             fmt::format("W ({}x{})", outputs, units));
  fmt::print("   {:<34} {:>12} {:>12}\n", "random numbers per example", units, outputs * units);
  fmt::print("   {:<34} {:>12.4f} {:>12.4f} {:>12g}\n", "fraction of the masked entries zeroed", c.dropout.dropped,
             c.dropconnect.dropped, p);
  const arma::vec m1 = c.dropout.mean(), m2 = c.dropconnect.mean(), v1 = c.dropout.variance(), v2 = c.dropconnect.variance();
  for (arma::uword i = 0; i < 2; ++i) {
    const std::string& o = i == 0 ? ok : ol;
    fmt::print("   {:<34} {:>12.4f} {:>12.4f} {:>12.4f}\n", "mean of " + o, m1(i), m2(i), c.theory.mean(i));
    fmt::print("   {:<34} {:>12.4f} {:>12.4f} {:>12.4f}\n", "variance of " + o, v1(i), v2(i), c.theory.variance(i));
  }
  fmt::print("   {:<34} {:>12.4f} {:>12.4f} {:>5.4f} / 0\n", "correlation of the two", c.dropout.correlation(),
             c.dropconnect.correlation(), c.theory.dropout_correlation);
}

// ---------------------------------------------------------------------------------------------
// Figures and CSV files
// ---------------------------------------------------------------------------------------------

std::vector<double> column(const Run& r, double wb::EpochStats::*field) {
  std::vector<double> v;
  for (const wb::EpochStats& s : r.history) v.push_back(s.*field);
  return v;
}

void draw_figures(const std::string& dir, const std::vector<Run>& runs, const Comparison& c, double p,
                  arma::uword train_images) {
  std::vector<wb::Curve> curves, gaps;
  for (const Run& r : runs) {
    const std::string style = r.name == runs.front().name ? "lines" : "linespoints";
    curves.push_back({"train loss, " + r.name, {}, column(r, &wb::EpochStats::train_loss), style});
    curves.push_back({"train acc, " + r.name, {}, column(r, &wb::EpochStats::train_acc), style});
    curves.push_back({"test acc, " + r.name, {}, column(r, &wb::EpochStats::test_acc), style});
    std::vector<double> gap = r.train_acc_off;
    const std::vector<double> test = column(r, &wb::EpochStats::test_acc);
    for (std::size_t e = 0; e < gap.size(); ++e) gap[e] -= test[e];
    gaps.push_back({r.name, {}, gap, "linespoints"});
  }
  const std::string where = fmt::format("784-256-256-10 on {} Fashion-MNIST images", train_images);
  wb::Axes axes{"Training as the book plots it: " + where, "epoch", "loss, accuracy", "", false, false, "outside"};
  fmt::print("\n{}\n", wb::plot_xy(dir, "curves", axes, curves).note);
  axes = {"Train accuracy (dropout off) minus test accuracy: " + where, "epoch", "gap", "", false, false, "top left"};
  fmt::print("{}\n", wb::plot_xy(dir, "gap", axes, gaps).note);

  const auto& names = wb::fashion_mnist_labels();
  const arma::uword shown = std::min<arma::uword>(1500, c.dropout.z.n_cols);
  std::vector<wb::Curve> clouds;
  for (const auto* s : {&c.dropconnect, &c.dropout}) {  // dropout's tilted cloud drawn on top
    const arma::mat z = s->z.head_cols(shown);
    clouds.push_back({s == &c.dropout ? "dropout (mask on h)" : "DropConnect (mask on W)",
                      arma::conv_to<std::vector<double>>::from(z.row(0)),
                      arma::conv_to<std::vector<double>>::from(z.row(1)), "points"});
  }
  axes = {fmt::format("Two logits of test image 0 under the two masks, p = {:g}", p), fmt::format("o_{} ({})", c.k, names[c.k]),
          fmt::format("o_{} ({})", c.l, names[c.l]), "", false, false, "top left"};
  fmt::print("{}\n", wb::plot_xy(dir, "dropconnect", axes, clouds).note);
}

/// --export: the small case, the epochs of both runs and the comparison, as CSV files.
void export_csv(const std::string& dir, const arma::mat& small, const std::vector<Run>& runs, const Comparison& c,
                double p) {
  arma::mat epochs(0, 5);
  std::vector<std::string> names;
  for (const Run& r : runs)
    for (std::size_t e = 0; e < r.history.size(); ++e) {
      const wb::EpochStats& s = r.history[e];
      epochs.insert_rows(epochs.n_rows, arma::rowvec{double(s.epoch), s.train_loss, s.train_acc, s.test_acc, r.train_acc_off[e]});
      names.push_back(r.name == runs.front().name ? "no dropout" : "dropout");
    }
  const arma::vec m1 = c.dropout.mean(), m2 = c.dropconnect.mean(), v1 = c.dropout.variance(), v2 = c.dropconnect.variance();
  const std::string ok = "o_" + std::to_string(c.k), ol = "o_" + std::to_string(c.l);
  const arma::mat masks = {{m1(0), m2(0), c.theory.mean(0)},         {v1(0), v2(0), c.theory.variance(0)},
                           {m1(1), m2(1), c.theory.mean(1)},         {v1(1), v2(1), c.theory.variance(1)},
                           {c.dropout.correlation(), c.dropconnect.correlation(), c.theory.dropout_correlation},
                           {c.dropout.dropped, c.dropconnect.dropped, p}};
  const fs::path d(dir);
  wb::write_csv((d / "small_case.csv").string(), {"p", "row", "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"}, small);
  wb::write_csv((d / "epochs.csv").string(), {"run", "epoch", "train_loss", "train_acc", "test_acc", "train_acc_dropout_off"},
                epochs, names);
  wb::write_csv((d / "dropconnect.csv").string(), {"quantity", "dropout", "dropconnect", "closed_form"}, masks,
                {"mean " + ok, "variance " + ok, "mean " + ol, "variance " + ol, "correlation", "fraction zeroed"});
  fmt::print("wrote {}, {} and {}\n", (d / "small_case.csv").string(), (d / "epochs.csv").string(),
             (d / "dropconnect.csv").string());
}

int run(Options& opt) {
  wb::Stopwatch total;
  const int threads = wb::set_threads(opt.threads);
  wb::FashionMnist data = wb::load_fashion_mnist(opt.data_dir);  // first: missing data stops before any output
  if (opt.train_size > 0) data.train = data.train.head(opt.train_size);

  const arma::mat small = small_case(opt.train.seed);
  moments(opt.train.seed);
  fmt::print("\nThe book's network: 784-256-256-10, ReLU, weights ~ N(0, 0.01^2); SGD lr {}, batch {}, {} epochs, "
             "seed {};\n{} training images{}, {} test images; float, {} BLAS thread{}, exercises from {}/\n",
             opt.train.lr, opt.train.batch_size, opt.train.epochs, opt.train.seed, data.train.size(),
             data.train.size() == 60000 ? " (all, the book's run)" : " (the first ones; --train-size 0: all)",
             data.test.size(), threads, threads == 1 ? "" : "s", wb::exercise_tree);
  fmt::print("{}\n", wb::step_summary(opt.train.step));

  std::vector<Run> runs;
  wb::Mlp<float> plain(data.train.X.n_rows, 10, book_network({}));
  plain.init(opt.train.seed);
  runs.push_back(train_one("no dropout", plain, data, opt));
  wb::Mlp<float> dropped(data.train.X.n_rows, 10, book_network(opt.dropout));
  dropped.init(opt.train.seed);  // the same initial weights and the same shuffling
  runs.push_back(train_one(fmt::format("dropout {:g},{:g}", opt.dropout[0], opt.dropout[1]), dropped, data, opt));
  if (opt.weight_decay > 0) train_with_weight_decay(runs, data, opt);
  print_table(runs, opt, data.train.size());
  runs.resize(2);  // the figures and the CSV files: the two networks of the book's experiment
  print_robustness(wb::ch06::robustness({&plain, &dropped}, data.test, robustness_images, opt.train.seed + 4), runs);

  const double p = opt.dropout[1] > 0 ? opt.dropout[1] : 0.5;
  const Comparison c = compare(dropped, data.test, p, opt.draws, opt.train.seed);
  print_comparison(c, dropped, p, opt.draws);

  draw_figures((fs::path(opt.out_dir) / "06_dropout").string(), runs, c, p, data.train.size());
  if (!opt.export_dir.empty()) export_csv(opt.export_dir, small, runs, c, p);
  fmt::print("total time {:.1f} s, peak memory {:.0f} MiB\n", total.seconds(), wb::peak_memory_mib());
  return wb::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("06_dropout", [&] {
    Options opt;
    if (!parse(argc, argv, opt)) return int(wb::exit_ok);
    return run(opt);
  });
}
