/// \file
/// \brief `./workbook bench`: the training loops of chapter 2 (784-256-10) and chapter 6
/// (784-256-256-10 with dropout), with the fast step and with the textbook step, against their
/// GEMM floors and, when python3-torch is installed, against the same networks in PyTorch —
/// side by side, in one run.
///
/// What it measures (bench/README.md has the figures):
///  1. the load time of the four Fashion-MNIST files;
///  2. the mean epoch time of `wb::train` on `wb::Mlp<float>` with the default `wb::TrainConfig`
///     (the fast step; the training pass alone: `EpochStats::seconds`), after one untimed
///     warm-up epoch;
///  3. the GEMM floor: the same epoch's two large GEMMs alone, W1·X and ∂J/∂Z·Xᵀ, for every
///     minibatch of an epoch, into preallocated outputs, timed the same way (warm-up + mean),
///     in rounds alternating with (2) so that both see the same state of the machine;
///  4. (2) with the textbook step (`wb::Step::textbook`, on a network of its own), in the same
///     rounds, as its own ratio to the same floor; no target: that step is written to be read
///     beside the pages' equations;
///  5. PyTorch's mean epoch time for the same network (bench/torch_mlp.py, best of 1 and 2
///     threads), when `/usr/bin/python3` can import torch;
///  6. the peak memory of a full `02_mlp --epochs 1` run, and of the PyTorch script;
///  7. the gradient checker: both tables of chapter 7 at their default sizes, and the
///     directional check of the full 784-256-10 network;
///  8. (2)–(5) again for chapter 6's network, 784-256-256-10 with dropout 0.2,0.5 and lr 0.5: its
///     floor is its five large GEMMs, W1·X, W2·H1, ∂J/∂Z1·Xᵀ, ∂J/∂Z2·H1ᵀ and W2ᵀ·∂J/∂Z2; PyTorch
///     runs bench/torch_mlp.py --hidden 256,256 --dropout 0.2,0.5 --lr 0.5;
/// and prints a summary table with each target and whether it was met. Missing a target is not
/// an error (exit 0); an error is (missing data: exit 2; a failing child program: exit 1).

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cblas.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "07_backprop/equation_checks.hpp"
#include "07_backprop/graph.hpp"
#include "07_backprop/layer_checks.hpp"
#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/train.hpp"
#include "wb/options.hpp"
#include "wb/output_file.hpp"
#include "wb/pattern.hpp"
#include "wb/process.hpp"
#include "wb/runtime.hpp"

namespace {

namespace fs = std::filesystem;

// The targets: the load time, the fast step's epochs against their GEMM floors and against
// PyTorch, and 02_mlp's peak memory.
constexpr double target_load_seconds = 0.5;
constexpr double target_gemm_ratio = 1.1;        // chapter 2's network
constexpr double target_gemm_ratio_deep = 1.15;  // chapter 6's network
constexpr double target_torch_ratio = 0.8;
constexpr double target_memory_mb = 300;  // MB = 10^6 bytes
// Not a target of the code but of the run: above it the machine changed speed during the run.
constexpr double target_spread = 1.15;
// The gradient checker's targets: chapter 7's two tables, and the directional check of the
// full network.
constexpr double target_ch7_table_ms = 50;
constexpr double target_directional_seconds = 1;

/// The gradient checker's speed: (1) every row of both of chapter 7's tables at its default
/// sizes, best of 5; (2) the directional check of ∂J/∂W1 for the full 784-256-10 network
/// (batch 64, ReLU, λ = 0.01), best of 3, with the analytic gradient from chapter 7's backward
/// pass. Returns {table ms, directional s} and whether the directional check passed.
struct CheckerTimes {
  double table_ms, directional_s;
  bool directional_passed;
};

CheckerTimes time_checker() {
  using wb::ch7::Problem;
  CheckerTimes t{1e300, 1e300, false};
  const Problem small = wb::ch7::make_problem(wb::ch7::Sizes{}, 2, 0.01, 42);
  for (int rep = 0; rep < 5; ++rep) {
    wb::Stopwatch clock;
    wb::ch7::check_equations<wb::ReLU>(small, wb::CheckOptions{});
    wb::ch7::check_layers<wb::ReLU>(small, wb::CheckOptions{});
    t.table_ms = std::min(t.table_ms, 1000 * clock.seconds());
  }
  const Problem big = wb::ch7::make_problem(wb::ch7::Sizes{784, 256, 10}, 64, 0.01, 42);
  const auto f = wb::ch7::forward<wb::ReLU>(big);
  const arma::mat dJ_dW1 = wb::ch7::backward<wb::ReLU>(big, f).dJ_dW1;
  const auto J_of_W1 = [&](const arma::mat& W1) {
    return wb::ch7::forward<wb::ReLU>(big.x, big.y, W1, big.W2, big.lambda).J;
  };
  wb::CheckOptions options;
  options.directional = true;
  for (int rep = 0; rep < 3; ++rep) {
    wb::Stopwatch clock;
    const wb::GradCheckReport r = wb::check_gradient("dJ/dW1", J_of_W1, big.W1, dJ_dW1, options);
    t.directional_s = std::min(t.directional_s, clock.seconds());
    t.directional_passed = r.passed();
  }
  return t;
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}
double best(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

/// The lines of a command's output (stdout and stderr as they were written).
std::vector<std::string> lines_of(const wb::CommandResult& c) {
  std::vector<std::string> lines;
  std::istringstream in(c.output);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string last_line(const wb::CommandResult& c) {
  const std::vector<std::string> lines = lines_of(c);
  return lines.empty() ? std::string() : lines.back();
}

/// The last three lines of a command's output, for an error message.
std::string tail(const wb::CommandResult& c) {
  const std::vector<std::string> lines = lines_of(c);
  std::string text;
  for (std::size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i)
    text += (text.empty() ? "" : " | ") + lines[i];
  return text.empty() ? "no output" : text;
}

/// The large GEMMs of one training epoch, alone, for a network's hidden layers (the 10-unit
/// output layer's small GEMMs are left out): for every minibatch of `batch` columns of X (the
/// last one short, as in training) and every hidden layer l, Z_l = W_l·in_l and
/// dW_l = dZ_l·in_lᵀ, where in_0 = Xₖ and in_l = H_{l−1} for l ≥ 1, and above the first layer
/// the gradient passed down, W_lᵀ·dZ_l — chapter 2: W1·X and dZ·Xᵀ; chapter 6: also W2·H1,
/// dZ2·H1ᵀ and W2ᵀ·dZ2. Preallocated outputs, columns taken in order (contiguous, no gather):
/// this is the floor, the GEMM work no implementation of the epoch can skip.
class GemmFloor {
 public:
  GemmFloor(const std::vector<arma::uword>& sizes, arma::uword batch, std::uint64_t seed) : batch_(batch) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.01f);
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
      const arma::uword in = sizes[l], out = sizes[l + 1];
      W_.emplace_back(out, in);
      W_.back().imbue([&] { return normal(rng); });
      dZ_.emplace_back(out, batch);
      dZ_.back().imbue([&] { return normal(rng) * 1e-2f; });
      Z_.emplace_back(out, batch);
      dW_.emplace_back(out, in);
      H_.emplace_back(out, batch);
      H_.back().imbue([&] { return std::abs(normal(rng)); });
      dIn_.emplace_back(in, batch);
      flops_per_column_ += (l == 0 ? 2.0 : 3.0) * 2.0 * double(in) * double(out);
    }
  }

  /// Seconds for one epoch's GEMMs over the columns of X.
  double epoch(const arma::fmat& X) {
    wb::Stopwatch clock;
    for (arma::uword first = 0; first < X.n_cols; first += batch_) {
      const int n = int(std::min(batch_, X.n_cols - first));
      const float* in = X.colptr(first);
      for (std::size_t l = 0; l < W_.size(); ++l) {
        const int out = int(W_[l].n_rows), k = int(W_[l].n_cols);
        // Z (out × n) = W (out × k) · in (k × n)
        cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, out, n, k, 1.0f, W_[l].memptr(), out, in, k, 0.0f,
                    Z_[l].memptr(), out);
        // dW (out × k) = dZ (out × n) · inᵀ (n × k)
        cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, out, k, n, 1.0f, dZ_[l].memptr(), out, in, k, 0.0f,
                    dW_[l].memptr(), out);
        // Above the first layer, the gradient passed down: dIn (k × n) = Wᵀ (k × out) · dZ (out × n)
        if (l > 0) {
          cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, k, n, out, 1.0f, W_[l].memptr(), out, dZ_[l].memptr(),
                      out, 0.0f, dIn_[l].memptr(), k);
        }
        in = H_[l].memptr();
      }
    }
    return clock.seconds();
  }

  /// Floating-point operations per epoch of n columns.
  double flops(arma::uword n) const { return flops_per_column_ * double(n); }

  /// "W1·X (256×784 · 784×256), dZ1·Xᵀ, W2·H1 (256×256 · 256×256), dZ2·H1ᵀ".
  std::string describe() const {
    std::string text;
    for (std::size_t l = 0; l < W_.size(); ++l) {
      const std::string in = l == 0 ? "X" : fmt::format("H{}", l);
      text += fmt::format("{}W{}·{} ({}×{} · {}×{}), dZ{}·{}ᵀ", l ? ", " : "", l + 1, in, W_[l].n_rows,
                          W_[l].n_cols, W_[l].n_cols, batch_, l + 1, in);
      if (l > 0) text += fmt::format(", W{}ᵀ·dZ{}", l + 1, l + 1);
    }
    return text;
  }

 private:
  arma::uword batch_;
  std::vector<arma::fmat> W_, dZ_, Z_, dW_, H_, dIn_;
  double flops_per_column_ = 0;
};

struct TorchRun {
  int threads = 0;
  double mean_epoch = 0;
  double peak_rss_mib = 0;
};

/// Runs bench/torch_mlp.py and parses its last line "mean_epoch_seconds=… peak_rss_mib=…".
TorchRun run_torch(const std::string& python, const std::string& script, int threads, int epochs,
                   const std::string& data_dir, const std::string& network_args) {
  // Torch's OpenMP threads spin-wait between parallel regions by default; on a small machine
  // with any other load that makes its 2-thread runs many times slower than 1 thread. Passive
  // waiting is its best case, so it runs with that (unless OMP_WAIT_POLICY is set already).
  const std::string env = std::getenv("OMP_WAIT_POLICY") ? "" : "OMP_WAIT_POLICY=passive ";
  fmt::print("PyTorch, {} thread{} (torch and its OpenBLAS){}:\n", threads,
             threads == 1 ? "" : "s", env.empty() ? "" : ", " + env.substr(0, env.size() - 1));
  std::fflush(stdout);
  const wb::CommandResult c = wb::run_command(fmt::format("{}{} {} --epochs {} --warmup 1 --threads {} --data {}{}", env,
                                                          wb::shell_quote(python), wb::shell_quote(script), epochs,
                                                          threads, wb::shell_quote(data_dir), network_args));
  for (const std::string& printed : lines_of(c)) fmt::print("  {}\n", printed);
  const std::string line = last_line(c);
  const std::vector<std::string> m = wb::search(line, R"(mean_epoch_seconds=([0-9.eE+-]+) peak_rss_mib=([0-9.eE+-]+))");
  if (c.status != 0 || m.empty()) {
    throw wb::UserError(fmt::format("the PyTorch script failed (exit status {}): {}", c.status, tail(c)));
  }
  return {threads, std::stod(m[1]), std::stod(m[2])};
}

/// The peak memory of a full `02_mlp --epochs 1` run (load, train, evaluate, figures), in MiB:
/// the program from the directory `bin_dir`, its last line "mean epoch time … s, peak memory N MiB".
double chapter_peak_mib(const fs::path& bin_dir, int threads, const std::string& data_dir) {
  const fs::path program = bin_dir / "02_mlp";
  if (!fs::exists(program)) {
    throw wb::UserError(fmt::format("{} not found; build it first (cmake --build <build dir> "
                                    "--target 02_mlp, or ./workbook run 2)", program.string()));
  }
  char tmpl[] = "/tmp/bench_mlp.XXXXXX";
  if (!::mkdtemp(tmpl)) throw wb::UserError("cannot create a temporary directory under /tmp");
  fmt::print("02_mlp --epochs 1 (full program: load, train, evaluate, figures):\n");
  std::fflush(stdout);
  const wb::CommandResult c = wb::run_command(fmt::format("{} --epochs 1 --threads {} --data {} --out {}",
                                                          wb::shell_quote(program.string()), threads,
                                                          wb::shell_quote(data_dir), wb::shell_quote(tmpl)));
  std::error_code ignored;
  fs::remove_all(tmpl, ignored);
  const std::string line = last_line(c);
  const std::vector<std::string> m = wb::search(line, R"(mean epoch time [0-9.]+ s, peak memory ([0-9.]+) MiB)");
  if (c.status != 0 || m.empty()) {
    throw wb::UserError(fmt::format("02_mlp failed (exit status {}): {}", c.status, tail(c)));
  }
  fmt::print("  {}\n\n", line);
  return std::stod(m[1]);
}

/// The CPU as /proc/cpuinfo describes it, and its nominal fp32 peak: cores × the listed clock ×
/// the FLOPs per cycle its widest FMA gives (two FMA pipes of 256 bits: 32; of 512 bits, as on
/// Intel's AVX-512 cores: 64; AMD's AVX-512 runs on 256-bit pipes). A boosted clock can exceed
/// the listed one, so a GEMM can exceed this "peak" by the boost factor.
struct Cpu {
  std::string model = "unknown CPU";
  double mhz = 0;
  int flops_per_cycle = 8;
  std::string isa = "SSE";
  static Cpu describe() {
    Cpu c;
    std::ifstream in("/proc/cpuinfo");
    std::string line, vendor, flags;
    const auto value = [](const std::string& l) {
      const std::size_t colon = l.find(':');
      return colon == std::string::npos ? std::string() : l.substr(std::min(l.size(), colon + 2));
    };
    while (std::getline(in, line)) {
      if (line.rfind("model name", 0) == 0 && c.model == "unknown CPU") c.model = value(line);
      if (line.rfind("vendor_id", 0) == 0 && vendor.empty()) vendor = value(line);
      if (line.rfind("cpu MHz", 0) == 0 && c.mhz == 0) c.mhz = std::atof(value(line).c_str());
      if (line.rfind("flags", 0) == 0 && flags.empty()) flags = " " + value(line) + " ";
    }
    const auto has = [&](const char* flag) { return flags.find(fmt::format(" {} ", flag)) != std::string::npos; };
    if (has("avx512f") && vendor == "GenuineIntel") {
      c.flops_per_cycle = 64, c.isa = "AVX-512 FMA";
    } else if (has("avx2") && has("fma")) {
      c.flops_per_cycle = 32, c.isa = has("avx512f") ? "AVX-512 on 256-bit FMA pipes" : "AVX2 FMA";
    }
    return c;
  }
  double peak_gflops(int cores) const { return double(cores) * mhz * 1e-3 * double(flops_per_cycle); }
};

/// The CPU time the whole machine spent busy (from /proc/stat) and the CPU time of this process
/// and its waited-for children (getrusage), so that the share used by other processes between
/// two moments can be told.
struct CpuShare {
  double wall = 0, machine_busy = 0, ours = 0;
  static CpuShare now() {
    CpuShare c;
    c.wall = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::ifstream stat("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal && cpu == "cpu") {
      c.machine_busy = (user + nice + system + irq + softirq + steal) / double(::sysconf(_SC_CLK_TCK));
    }
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
      rusage u{};
      ::getrusage(who, &u);
      c.ours += double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    }
    return c;
  }
  /// The fraction of all CPUs' time since `start` that other processes used.
  double others_since(const CpuShare& start) const {
    const double capacity = (wall - start.wall) * double(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
    const double others = (machine_busy - start.machine_busy) - (ours - start.ours);
    return capacity > 0 ? std::max(0.0, others / capacity) : 0.0;
  }
};

/// Other processes' share of the CPU during the timed phases: a note for each, and the worst.
/// Other processes on the CPU skew every time here, and the PyTorch ratio most (it compares
/// runs made at different moments).
struct Contention {
  double worst = 0;  ///< the largest share in a phase so far
  /// Other processes' share since `since`, as a note to print ("" up to 5%).
  std::string operator()(const CpuShare& since) {
    const double others = CpuShare::now().others_since(since);
    worst = std::max(worst, others);
    return others > 0.05 ? fmt::format(" [other processes used {:.0f}% of the CPU meanwhile]", 100 * others) : "";
  }
};

/// One network's training loop against its GEMM floor: the timed epochs of the fast step, of
/// the textbook step (empty when not timed) and of the floor, round by round.
struct LoopTimes {
  std::vector<double> epochs, textbook, floors;
  double gflops = 0;  ///< the GEMM floor's speed (mean)
  double epoch() const { return mean(epochs); }
  double floor() const { return mean(floors); }
  /// The verdict's ratio for a step's epochs `e`: the median over the rounds of epoch / floor
  /// within a round. A round pairs the two in time, and the median ignores the rounds in which
  /// the virtual machine changed speed between them (its speed drifts by 2× within seconds).
  double ratio(const std::vector<double>& e) const {
    std::vector<double> r;
    for (std::size_t i = 0; i < e.size(); ++i) r.push_back(e[i] / floors[i]);
    std::sort(r.begin(), r.end());
    return r.size() % 2 ? r[r.size() / 2] : (r[r.size() / 2 - 1] + r[r.size() / 2]) / 2;
  }
  /// "1.050 (mean 1.05, best 1.07)": the median ratio, mean over mean, best over best.
  std::string ratios(const std::vector<double>& e) const {
    return fmt::format("{:.3f} (mean {:.2f}, best {:.2f})", ratio(e), mean(e) / floor(), best(e) / best(floors));
  }
  /// The slowest round of the floor over the fastest: how much the machine's speed changed.
  double spread() const { return *std::max_element(floors.begin(), floors.end()) / best(floors); }
};

/// Waits until the threads of the section just timed are idle: OpenBLAS's threads spin for
/// about 10⁸ cycles after a multithreaded GEMM, and the training step's lanes (wb/lanes.hpp)
/// for a few microseconds, so that neither section pays for the other's spinning.
void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(250)); }

/// One epoch of wb::train with `step` on `net`: its statistics.
wb::EpochStats one_epoch(wb::Mlp<float>& net, const wb::FashionMnist& data, wb::TrainConfig config, wb::Step step) {
  config.epochs = 1;
  config.step = step;
  settle();
  return wb::train(net, data.train, data.test, config).back();
}

/// What time_loop measures, before its rounds: the network, the minibatches and the floor's GEMMs.
void print_loop_header(const wb::MlpConfig& net_config, const wb::TrainConfig& config, arma::uword inputs,
                       arma::uword examples, const GemmFloor& floor, bool textbook) {
  std::string dropout;
  for (double p : net_config.dropout) dropout += fmt::format("{}{:g}", dropout.empty() ? ", dropout " : ",", p);
  fmt::print("Training loop: wb::train, MLP {}-{}-10{}, lr {:g}, batch {}, {} minibatches per epoch; the fast step{}.\n"
             "GEMM floor: per minibatch {} alone,\nfp32, preallocated outputs. One epoch of each per round:\n",
             inputs, fmt::join(net_config.hidden, "-"), dropout, config.lr, config.batch_size,
             (examples + config.batch_size - 1) / config.batch_size, textbook ? " and the textbook step" : "",
             floor.describe());
}

/// wb::train on wb::Mlp<float> (`net_config`, `config`) with the fast step, its GEMM floor and,
/// when `textbook`, wb::train with the textbook step on a network of its own, in alternating
/// rounds, one epoch of each, so that all see the same moments of a noisy machine. Each round
/// calls wb::train for one epoch (on the same networks, with the next shuffling seed); round 0
/// is the warm-up.
LoopTimes time_loop(const wb::FashionMnist& data, const wb::MlpConfig& net_config, wb::TrainConfig config, int epochs,
                    bool textbook, Contention& contention) {
  const arma::uword inputs = data.train.X.n_rows;
  std::vector<arma::uword> sizes = {inputs};
  sizes.insert(sizes.end(), net_config.hidden.begin(), net_config.hidden.end());
  GemmFloor floor(sizes, config.batch_size, config.seed);
  wb::Mlp<float> net(inputs, 10, net_config), textbook_net(inputs, 10, net_config);
  net.init(config.seed);
  textbook_net.init(config.seed);
  print_loop_header(net_config, config, inputs, data.train.size(), floor, textbook);
  const std::uint64_t seed = config.seed;
  LoopTimes t;
  const CpuShare phase = CpuShare::now();
  for (int r = 0; r <= epochs; ++r) {
    config.seed = seed + std::uint64_t(r);
    const wb::EpochStats s = one_epoch(net, data, config, wb::Step::fast);
    settle();
    const double g = floor.epoch(data.train.X);
    fmt::print("  round {}: epoch {:.3f} s, GEMMs {:.3f} s, ratio {:.3f}  (train loss {:.4f}, test acc {:.4f})", r,
               s.seconds, g, s.seconds / g, s.train_loss, s.test_acc);
    const double tb = textbook ? one_epoch(textbook_net, data, config, wb::Step::textbook).seconds : 0.0;
    if (textbook) fmt::print("; textbook {:.3f} s, ratio {:.3f}", tb, tb / g);
    fmt::print("{}\n", r == 0 ? "  warm-up" : "");
    std::fflush(stdout);
    if (r == 0) continue;
    t.epochs.push_back(s.seconds);
    t.floors.push_back(g);
    if (textbook) t.textbook.push_back(tb);
  }
  t.gflops = floor.flops(data.train.size()) / t.floor() * 1e-9;
  fmt::print("  epoch: mean {:.3f} s, best {:.3f} s\n", t.epoch(), best(t.epochs));
  fmt::print("  GEMM floor: mean {:.3f} s, best {:.3f} s ({:.0f} GFLOP/s)\n", t.floor(), best(t.floors), t.gflops);
  const std::string note = contention(phase);
  fmt::print("  epoch / GEMM floor = {} (the median of the rounds, then mean/mean and best/best){}\n", t.ratios(t.epochs),
             textbook ? "" : note);
  if (textbook) fmt::print("  textbook step: epoch / GEMM floor = {}{}\n", t.ratios(t.textbook), note);
  fmt::print("\n");
  return t;
}

/// PyTorch's mean epoch for the network that `network_args` selects in bench/torch_mlp.py, best
/// of 1 and 2 threads; raises `peak` to the script's peak memory.
TorchRun best_torch(const std::string& python, const std::string& script, int epochs, const std::string& data_dir,
                    const std::string& network_args, Contention& contention, double& peak) {
  std::optional<TorchRun> fastest;
  fmt::print("PyTorch: {} {}{}\n", python, script, network_args);
  for (int t : {1, 2}) {
    const CpuShare phase = CpuShare::now();
    const TorchRun r = run_torch(python, script, t, epochs, data_dir, network_args);
    const std::string note = contention(phase);
    if (!note.empty()) fmt::print(" {}\n", note);
    peak = std::max(peak, r.peak_rss_mib);
    if (!fastest || r.mean_epoch < fastest->mean_epoch) fastest = r;
  }
  fmt::print("  best: {} thread{}, mean {:.3f} s\n", fastest->threads, fastest->threads == 1 ? "" : "s",
             fastest->mean_epoch);
  return *fastest;
}

struct Row {
  std::string quantity, value, target, verdict;
};

std::string verdict(bool ok) { return ok ? "pass" : "MISS"; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

/// The summary as CSV (quantity,value,target,verdict), the input of bench_table, which makes
/// README's speed table.
void write_csv(const std::string& path, const std::vector<Row>& rows) {
  std::string text = "quantity,value,target,verdict\n";
  for (const Row& r : rows) {
    text += fmt::format("{},{},{},{}\n", csv_field(r.quantity), csv_field(r.value), csv_field(r.target),
                        csv_field(r.verdict));
  }
  wb::write_file(path, text);
}

/// The command line, after validation.
struct BenchOptions {
  int epochs = 5;  // rounds: the VM's speed drifts within a run, and more rounds average it out
  bool no_textbook = false;
  int threads = 0;
  std::string data_dir = wb::default_data_dir();
  std::string python = "/usr/bin/python3";
  bool no_torch = false;
  std::string csv_dir = std::string(WB_SOURCE_DIR) + "/out/bench";
};

/// Parses the command line; false when --help was printed. A bad value is a wb::UsageError.
bool parse(int argc, char** argv, BenchOptions& opt) {
  wb::CommandLine app{"Benchmark of the training loops of chapters 2 and 6: their epoch time, with the fast and "
                      "with the textbook step, against the GEMM floor and against PyTorch, and the peak memory of "
                      "02_mlp. Not a test: missing a target exits 0.", "bench_mlp"};
  app.add_option("--epochs", opt.epochs, "timed rounds, each one epoch of each step and of the GEMM floor (after one "
                 "untimed warm-up round)")
      ->check(wb::integer_in(1, 1000))->capture_default_str();
  app.add_option("--threads", opt.threads, "BLAS threads (0: OpenBLAS's default)")
      ->check(wb::integer_in(0, 256))->capture_default_str();
  app.add_option("--data", opt.data_dir, "directory with the four Fashion-MNIST IDX files (.gz or plain)")
      ->capture_default_str();
  app.add_option("--python", opt.python, "the Python interpreter that has torch")->capture_default_str();
  app.add_flag("--no-textbook", opt.no_textbook, "time the fast step only, not the textbook step beside it");
  app.add_flag("--no-torch", opt.no_torch, "skip the PyTorch comparison");
  app.add_option("--csv-dir", opt.csv_dir, "where the summary goes, as bench-DATE.csv (bench_table makes README's "
                 "table of it)")->capture_default_str();
  if (!app.parse(argc, argv)) return false;
  wb::require_writable_directory(opt.csv_dir, "--csv-dir");
  return true;
}

/// Chapter 6's network, the book's: 784-256-256-10 with dropout 0.2 after the first hidden
/// layer and 0.5 after the second.
wb::MlpConfig ch6_network() {
  wb::MlpConfig net;
  net.hidden = {256, 256};
  net.dropout = {0.2, 0.5};
  return net;
}

/// Chapter 6's training: lr 0.5 (the book's), the rest as wb::TrainConfig's defaults.
wb::TrainConfig ch6_training() {
  wb::TrainConfig config;
  config.lr = 0.5;
  return config;
}

/// One network's figures: both steps against their GEMM floor, and PyTorch.
struct NetworkTimes {
  LoopTimes loop;
  std::optional<TorchRun> torch;  ///< empty: PyTorch not run
};

/// Everything one run measures.
struct Measurements {
  double load_seconds = 0;
  NetworkTimes ch2, ch6;
  std::string torch_skipped;  ///< why PyTorch was not run; empty when it was
  double torch_peak_mib = 0;
  double chapter_peak_mib = 0;
  CheckerTimes checker{};
};

/// Why PyTorch cannot run: --no-torch, or the interpreter cannot import torch; "" when it can.
std::string torch_unavailable(const BenchOptions& opt) {
  if (opt.no_torch) return "--no-torch";
  const wb::CommandResult probe = wb::run_command(wb::shell_quote(opt.python) + " -c 'import torch'");
  if (probe.status == 0) return "";
  return fmt::format("{} cannot import torch ({}); install python3-torch to compare", opt.python,
                     probe.status == 127 ? "no such interpreter" : last_line(probe));
}

/// PyTorch's epochs for both networks, best of 1 and 2 threads each, and its peak memory.
void time_torch(const BenchOptions& opt, Contention& contention, Measurements& m) {
  const std::string script = std::string(WB_SOURCE_DIR) + "/bench/torch_mlp.py";
  if (!fs::exists(script)) throw wb::UserError(script + " not found (the source tree moved?)");
  m.ch2.torch = best_torch(opt.python, script, opt.epochs, opt.data_dir, "", contention, m.torch_peak_mib);
  fmt::print("  ours / PyTorch = {:.3f}\n\n", m.ch2.loop.epoch() / m.ch2.torch->mean_epoch);
  const wb::MlpConfig deep = ch6_network();
  const std::string args = fmt::format(" --hidden {} --dropout {} --lr {:g}", fmt::join(deep.hidden, ","),
                                       fmt::join(deep.dropout, ","), ch6_training().lr);
  m.ch6.torch = best_torch(opt.python, script, opt.epochs, opt.data_dir, args, contention, m.torch_peak_mib);
  fmt::print("  ours / PyTorch = {:.3f} (784-256-256-10, dropout 0.2,0.5)\n\n", m.ch6.loop.epoch() / m.ch6.torch->mean_epoch);
}

/// Steps 1–8 of the file's comment: the load, both networks' loops (2–4, 8), PyTorch, the
/// peak memory, the gradient checker.
Measurements measure(const BenchOptions& opt, int threads, Contention& contention) {
  Measurements m;
  wb::Stopwatch clock;
  const wb::FashionMnist data = wb::load_fashion_mnist(opt.data_dir);
  m.load_seconds = clock.seconds();
  fmt::print("Fashion-MNIST from {}: {} + {} images, loaded in {:.3f} s\n\n", opt.data_dir, data.train.size(),
             data.test.size(), m.load_seconds);
  m.ch2.loop = time_loop(data, wb::MlpConfig{}, wb::TrainConfig{}, opt.epochs, !opt.no_textbook, contention);
  m.ch6.loop = time_loop(data, ch6_network(), ch6_training(), opt.epochs, !opt.no_textbook, contention);
  m.torch_skipped = torch_unavailable(opt);
  if (m.torch_skipped.empty()) time_torch(opt, contention, m);
  else fmt::print("PyTorch comparison skipped: {}\n\n", m.torch_skipped);
  m.chapter_peak_mib = chapter_peak_mib(fs::read_symlink("/proc/self/exe").parent_path(), threads, opt.data_dir);
  m.checker = time_checker();
  fmt::print("Gradient checker: chapter 7's two tables (14 rows, default sizes) {:.2f} ms; directional\n"
             "check of dJ/dW1 for the full 784-256-10 network (batch 64) {:.3f} s ({})\n\n",
             m.checker.table_ms, m.checker.directional_s, m.checker.directional_passed ? "passed" : "FAILED");
  return m;
}

/// The summary's rows on the machine's state, what the figures depend on: the date, the CPU,
/// the GEMM floor's speed, other processes' share, and the floor's spread over the rounds
/// (the same GEMMs, round after round, should take the same time).
std::vector<Row> machine_rows(const std::string& date, const Cpu& cpu, int threads, const Measurements& m,
                              double worst_others) {
  const double peak = cpu.peak_gflops(threads), gflops = m.ch2.loop.gflops;
  const double spread = std::max(m.ch2.loop.spread(), m.ch6.loop.spread());
  return {
      {"date", date, "", ""},
      {"CPU", fmt::format("{}, {} BLAS thread{}, {:.0f} MHz listed, {}", cpu.model, threads, threads == 1 ? "" : "s",
                          cpu.mhz, cpu.isa), "", ""},
      {"GEMM floor speed", fmt::format("{:.0f} GFLOP/s = {:.0f}% of the listed peak {:.0f} GFLOP/s", gflops,
                                       peak > 0 ? 100 * gflops / peak : 0.0, peak), "", ""},
      {"other processes' CPU share", fmt::format("{:.0f}% (worst timed phase)", 100 * worst_others), "< 5%",
       verdict(worst_others <= 0.05)},
      {"GEMM floor's spread over the rounds", fmt::format("{:.2f} (slowest / fastest round)", spread),
       fmt::format("< {}", target_spread), spread < target_spread ? "steady" : "UNSTEADY: rerun"},
  };
}

/// A network's rows, `tag` after each name: the fast step's epoch, the floor and their ratio
/// (against `floor_target`); the textbook step's epoch and its ratio to the same floor, marked
/// `textbook` (no target); PyTorch's epoch and the fast step's ratio to it.
void add_network_rows(std::vector<Row>& rows, const std::string& tag, const NetworkTimes& n, double floor_target) {
  const LoopTimes& t = n.loop;
  rows.push_back({"epoch (wb::train)" + tag, fmt::format("{:.3f} s", t.epoch()), "", ""});
  rows.push_back({"GEMM floor" + tag, fmt::format("{:.3f} s", t.floor()), "", ""});
  rows.push_back({"epoch / GEMM floor" + tag, t.ratios(t.epochs), fmt::format("<= {}", floor_target),
                  verdict(t.ratio(t.epochs) <= floor_target)});
  if (!t.textbook.empty()) {
    rows.push_back({"epoch (wb::train) textbook" + tag, fmt::format("{:.3f} s", mean(t.textbook)), "", ""});
    rows.push_back({"epoch / GEMM floor textbook" + tag, t.ratios(t.textbook), "", ""});
  } else {
    rows.push_back({"epoch / GEMM floor textbook" + tag, "skipped (--no-textbook)", "", ""});
  }
  if (n.torch) {
    const double ratio = t.epoch() / n.torch->mean_epoch;
    rows.push_back({fmt::format("PyTorch epoch ({}T){}", n.torch->threads, tag), fmt::format("{:.3f} s", n.torch->mean_epoch),
                    "", ""});
    rows.push_back({"epoch / PyTorch" + tag, fmt::format("{:.3f}", ratio), fmt::format("<= {}", target_torch_ratio),
                    verdict(ratio <= target_torch_ratio)});
  } else {
    rows.push_back({"epoch / PyTorch" + tag, "skipped", fmt::format("<= {}", target_torch_ratio), "-"});
  }
}

/// The summary: the machine's rows, the load time, both networks' rows, the peak memories and
/// the gradient checker's times.
std::vector<Row> summary(const std::string& date, const Cpu& cpu, int threads, const Measurements& m,
                         double worst_others) {
  std::vector<Row> rows = machine_rows(date, cpu, threads, m, worst_others);
  rows.push_back({"load 4 files", fmt::format("{:.3f} s", m.load_seconds), fmt::format("< {} s", target_load_seconds),
                  verdict(m.load_seconds < target_load_seconds)});
  add_network_rows(rows, "", m.ch2, target_gemm_ratio);
  add_network_rows(rows, " ch6", m.ch6, target_gemm_ratio_deep);
  const double chapter_mb = m.chapter_peak_mib * 1.048576;  // MiB to MB
  rows.push_back({"peak memory 02_mlp", fmt::format("{:.0f} MiB ({:.0f} MB)", m.chapter_peak_mib, chapter_mb),
                  fmt::format("<= {} MB", target_memory_mb), verdict(chapter_mb <= target_memory_mb)});
  if (m.torch_skipped.empty()) {
    rows.push_back({"peak memory PyTorch",
                    fmt::format("{:.0f} MiB ({:.0f} MB)", m.torch_peak_mib, m.torch_peak_mib * 1.048576), "", ""});
  }
  const CheckerTimes& c = m.checker;
  rows.push_back({"chapter 7 tables", fmt::format("{:.2f} ms", c.table_ms), fmt::format("< {} ms", target_ch7_table_ms),
                  verdict(c.table_ms < target_ch7_table_ms)});
  rows.push_back({"directional check", fmt::format("{:.3f} s", c.directional_s),
                  fmt::format("< {} s", target_directional_seconds),
                  verdict(c.directional_passed && c.directional_s < target_directional_seconds)});
  return rows;
}

/// The summary as a table on the terminal.
void print_summary(const std::vector<Row>& rows, int threads, int epochs) {
  fmt::print("Summary ({} BLAS thread{}, means of {} epoch{} after a warm-up):\n", threads, threads == 1 ? "" : "s",
             epochs, epochs == 1 ? "" : "s");
  fmt::print("  {:<30} {:>20}  {:<10} {}\n", "quantity", "value", "target", "");
  for (const Row& r : rows) fmt::print("  {:<30} {:>20}  {:<10} {}\n", r.quantity, r.value, r.target, r.verdict);
  fmt::print("(ch6: chapter 6's network, 784-256-256-10 with dropout 0.2,0.5, lr 0.5)\n");
}

/// "2026-11-27 15:48" and "20261127T154800" for now.
std::pair<std::string, std::string> date_and_stamp() {
  const std::time_t now = std::time(nullptr);
  char date[32], stamp[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", std::localtime(&now));
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", std::localtime(&now));
  return {date, stamp};
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("bench_mlp", [&]() -> int {
    BenchOptions opt;
    if (!parse(argc, argv, opt)) return 0;  // --help
    const auto [date, stamp] = date_and_stamp();
    const int threads = wb::set_threads(opt.threads);
    const Cpu cpu = Cpu::describe();
    const char* coretype = std::getenv("OPENBLAS_CORETYPE");
    fmt::print("bench_mlp: {} BLAS thread{}, {} timed epochs after 1 warm-up, OPENBLAS_CORETYPE={}\n\n", threads,
               threads == 1 ? "" : "s", opt.epochs, coretype ? coretype : "(unset)");
    Contention contention;
    const Measurements m = measure(opt, threads, contention);
    const std::vector<Row> rows = summary(date, cpu, threads, m, contention.worst);
    print_summary(rows, threads, opt.epochs);
    const std::string csv_path = fmt::format("{}/bench-{}.csv", opt.csv_dir, stamp);
    write_csv(csv_path, rows);
    fmt::print("written: {}\n", csv_path);
    if (contention.worst > 0.05) {
      fmt::print("note: other processes used up to {:.0f}% of the CPU during the timed phases, so "
                 "these times are inflated and the ratios less reliable; rerun on an idle machine\n",
                 100 * contention.worst);
    }
    return 0;
  });
}
