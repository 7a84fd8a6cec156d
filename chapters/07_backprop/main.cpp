// Chapter 7: forward and backward propagation (前向传播与反向传播), checked equation by equation.
//
// The notes derive the backward pass of a two-layer network with L2 regularization in seven
// steps, equations A, B1, B2, C, D, E1, E2 (see README.md next to this file). Each step is
// one exercise function in <wb/ex07_backprop.hpp>. This program
//   1. runs the forward pass of the notes' graph and keeps the intermediates (section 2 of
//      backprop.hpp),
//   2. checks every equation ON ITS OWN with the gradient checker (wb/gradcheck.hpp): the
//      left-hand quantity is the input of the rest of the graph, J is differentiated
//      numerically with respect to it, and the exercise function is fed the numeric upstream
//      gradient, so a single wrong equation fails exactly its own row,
//   3. checks chapter 2's batched layers with biases the same way,
//   4. says what the backward pass had to keep from the forward pass (memory), and how long
//      the checks took,
//   5. optionally plants a classic mistake (--plant) to show the checker's diagnosis, and
//      exports every quantity (--export) for comparison with another framework.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "backprop.hpp"
#include "wb/activations.hpp"
#include "wb/error.hpp"
#include "wb/gradcheck.hpp"
#include "wb/runtime.hpp"

namespace {

using wb::ch7::Bug;

/// The command line, after validation.
struct Options {
  std::string activation = "relu";
  double lambda = 0.01;
  arma::uword batch = 2;
  wb::ch7::Sizes sizes;
  std::uint64_t seed = 42;
  wb::Method method = wb::Method::central;
  std::string export_dir;
  Bug bug = Bug::none;
  bool kink = false;
};

/// Parses and validates the command line. A bad value is a UserError with exit status 64.
/// Returns false when --help was printed.
bool parse(int argc, char** argv, Options& opt) {
  CLI::App app{"Chapter 7: backpropagation, every equation (A, B1, B2, C, D, E1, E2) checked on its own "
               "by the gradient checker.",
               "07_backprop"};
  std::vector<arma::uword> sizes = {opt.sizes.d, opt.sizes.h, opt.sizes.q};
  std::string method = "central", plant = "none";
  std::vector<std::string> bug_names = {"none"};
  for (const auto& b : wb::ch7::bugs()) bug_names.emplace_back(b.name);

  app.add_option("--activation", opt.activation, "φ: relu, sigmoid or tanh")
      ->check(CLI::IsMember({"relu", "sigmoid", "tanh"}))
      ->capture_default_str();
  app.add_option("--lambda", opt.lambda, "weight decay λ in s = λ/2(‖W1‖² + ‖W2‖²), 0 < λ ≤ 10")
      ->check(CLI::Validator(
          [](std::string& s) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || *end != '\0') return "'" + s + "' is not a number";
            return v > 0 && v <= 10 ? "" : "λ must be in (0, 10] (λ = 0 would leave B1 and the decay terms unchecked)";
          },
          "in (0, 10]"))
      ->capture_default_str();
  app.add_option("--batch", opt.batch, "examples n in the batch (columns of x)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--sizes", sizes, "layer sizes d,h,q: inputs, hidden units, classes")
      ->delimiter(',')
      ->expected(3)
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "seed of the random data and weights")->capture_default_str();
  app.add_option("--method", method, "numeric reference: central, richardson (Ridders) or complex (complex step; "
                                     "smooth activations only)")
      ->check(CLI::IsMember({"central", "richardson", "complex"}))
      ->capture_default_str();
  app.add_option("--export", opt.export_dir, "write x, y, W1, W2, z, h, o, every gradient and scalars.csv "
                                             "to this directory (csv_ascii, full precision)");
  app.add_option("--plant", plant, "plant a classic mistake and watch the checker catch it")
      ->check(CLI::IsMember(bug_names))
      ->capture_default_str();
  app.add_flag("--kink", opt.kink, "make z₀₀ exactly 0, ReLU's kink, to see a row reported as `kink`");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e);
    return false;
  } catch (const CLI::ParseError& e) {
    throw wb::UserError(std::string(e.what()) + " (see 07_backprop --help)", wb::exit_usage);
  }

  opt.sizes = {sizes[0], sizes[1], sizes[2]};
  opt.method = wb::method_from_string(method);
  opt.bug = wb::ch7::bug_from_string(plant);
  // Combinations that cannot work: one clear line each, exit status 64.
  if (opt.sizes.q < 2)
    throw wb::UserError("--sizes: q must be at least 2 (softmax over a single class is constant)", wb::exit_usage);
  if (opt.method == wb::Method::complex_step && opt.activation == "relu")
    throw wb::UserError("--method complex needs a smooth activation: ReLU has no complex extension; "
                        "use --activation tanh or sigmoid, or --method central or richardson", wb::exit_usage);
  if (opt.bug == Bug::no_batch_mean && opt.batch < 2)
    throw wb::UserError("--plant no-batch-mean needs --batch 2 or more: with one example the sum and "
                        "the mean are the same, so the bug cannot show", wb::exit_usage);
  if (opt.kink && (opt.activation != "relu" || opt.sizes.d < 2))
    throw wb::UserError("--kink puts ReLU's kink at z₀₀ = 0: use it with --activation relu and d ≥ 2",
                        wb::exit_usage);
  return true;
}

/// Prints one table with its title, and returns whether every row passed.
bool print_table(const std::string& title, const std::vector<wb::GradCheckReport>& rows) {
  fmt::print("\n{}\n{}", title, wb::table(rows));
  return wb::all_passed(rows);
}

template <typename Phi>
int run(const Options& opt) {
  // --- The problem: random data and weights, seeded (section 1 of backprop.hpp).
  wb::ch7::Problem p = wb::ch7::make_problem(opt.sizes, opt.batch, opt.lambda, opt.seed);
  if (opt.kink) wb::ch7::plant_kink(p);
  const auto& s = opt.sizes;

  // --- The forward pass keeps z, h, o: the backward pass needs them (section 2).
  const wb::ch7::Forward<double> f = wb::ch7::forward<Phi>(p);
  fmt::print("Chapter 7: backpropagation (反向传播), every equation checked on its own\n\n");
  fmt::print("graph   z = W1 x, h = {}(z), o = W2 h, L = softmax cross-entropy (mean over the batch),\n"
             "        s = λ/2 (‖W1‖² + ‖W2‖²), J = L + s\n", Phi::name);
  fmt::print("sizes   d = {}, h = {}, q = {}, batch n = {}: x {}×{}, W1 {}×{}, W2 {}×{}\n", s.d, s.h, s.q,
             p.batch(), s.d, p.batch(), s.h, s.d, s.q, s.h);
  fmt::print("        λ = {:g}, seed {}, numeric reference: {}{}\n", p.lambda, opt.seed, wb::method_name(opt.method),
             opt.kink ? "; --kink: z(0,0) = 0 exactly" : "");
  fmt::print("forward L = {:.10f}, s = {:.10f}, J = {:.10f}\n", f.L, f.s, f.J);

  // --- The legend: what a row means, and the pass rule.
  const wb::CheckOptions check{opt.method};
  fmt::print("\nEach row checks one equation on its own: the left-hand quantity is the input of the rest\n"
             "of the graph (everything upstream of it fixed), J (s for B1) is differentiated numerically\n"
             "with respect to it, entry by entry, and the exercise function is given the NUMERIC upstream\n"
             "gradient of the rows above, so one wrong equation fails exactly its own row.\n"
             "  status    ok = every entry passes; FAIL = some entry fails; kink = every mismatch sits\n"
             "            where φ has no derivative (ReLU at 0): reported, not a failure\n"
             "  checked, failed, kinks   entries compared, failing, at a kink\n"
             "  worst     (row,col) of the worst entry; analytic and numeric: its two values\n"
             "            (rows A and B1 stack their inputs into one column: (L, s), and\n"
             "            [vec(W1); vec(W2)], whose first {} entries are W1's, column by column)\n"
             "  abs err, rel err   |a − n| and |a − n| / max(|a|, |n|, atol/rtol) there;\n"
             "            max rel: the largest rel err over all entries\n"
             "  pass rule |a − n| ≤ atol + rtol·max(|a|, |n|), atol = {:g}, rtol = {:g}\n",
             s.h * s.d, check.atol, check.rtol);

  // --- A planted bug replaces one equation by a classic mistake (section 4).
  if (opt.bug != Bug::none) {
    const auto& b = wb::ch7::bug_info(opt.bug);
    fmt::print("\nPLANTED BUG {} in equation {}: {}\n", b.name, b.equation, b.mistake);
  }

  // --- The checks (sections 5 and 6), timed together.
  wb::Stopwatch clock;
  const auto equations = wb::ch7::check_equations<Phi>(p, check, opt.bug);
  const auto layers = wb::ch7::check_layers<Phi>(p, check);
  const double ms = 1000 * clock.seconds();

  bool ok = print_table("The notes' graph: equations A, B1, B2, C, D, E1, E2 (no bias, J = L + s)", equations);
  ok = print_table("Chapter 2's layers in double: batched, with biases, J = L (chapter 2 trains without decay)",
                   layers) && ok;

  // --- The diagnosis of every failing row, one line each.
  for (const auto* rows : {&equations, &layers})
    for (const auto& r : *rows)
      if (!r.passed()) fmt::print("diagnosis {}: {}\n", r.name, r.diagnosis);
  if (opt.bug != Bug::none) {
    const auto& b = wb::ch7::bug_info(opt.bug);
    bool caught = false;
    for (const auto& r : equations) caught = caught || (!r.passed() && r.name.rfind(b.equation, 0) == 0);
    fmt::print("{} planted bug {} {} by the check of equation {}\n", caught ? "the" : "WARNING: the", b.name,
               caught ? "was caught" : "was NOT caught", b.equation);
  }

  // --- Memory: what the backward pass had to keep (section 7).
  const auto m = wb::ch7::memory_account(s);
  const auto big = wb::ch7::memory_account({784, 256, 10});
  fmt::print("\nMemory: to run B2, D, E1 and E2 the backward pass keeps from the forward pass, per example,\n"
             "  x ({} values, for E1: dJ/dz xᵀ), z ({}, for D: φ′(z)), h ({}, for E2: dJ/do hᵀ),\n"
             "  o ({}, for B2: softmax(o) − onehot(y)), plus the label: {} values = {} bytes in double\n"
             "  (this check), {} bytes in float (training); {} bytes in double for this batch of {}.\n",
             s.d, s.h, s.h, s.q, m.kept, 8 * m.kept, 4 * m.kept, 8 * m.kept * p.batch(), p.batch());
  fmt::print("  Chapter 2's 784-256-10 network keeps {} values = {} bytes per example in float, {:.2f} MiB\n"
             "  for a minibatch of 256. Inference keeps nothing: each layer's output can replace its input,\n"
             "  so at most {} values ({} bytes in float) are alive per example. Training needs more memory\n"
             "  than prediction, growing with depth and batch size: what 前向传播 computes, 反向传播 reuses.\n",
             big.kept, 4 * big.kept, 4.0 * double(big.kept) * 256 / (1024 * 1024), big.inference,
             4 * big.inference);

  // --- Speed.
  fmt::print("\nTime: {} rows checked in {:.2f} ms ({} method)\n", equations.size() + layers.size(), ms,
             wb::method_name(check.method));

  // --- Export: every quantity of the real backward pass (the exercise functions chained, section 3).
  if (!opt.export_dir.empty()) {
    const wb::ch7::Backward b = wb::ch7::backward<Phi>(p, f);
    const auto files = wb::ch7::export_all(opt.export_dir, p, f, b);
    fmt::print("Exported {} files to {}: ", files.size(), opt.export_dir);
    for (std::size_t i = 0; i < files.size(); ++i) fmt::print("{}{}", i ? " " : "", files[i]);
    fmt::print("\n");
  }

  fmt::print("\n{}\n", ok ? "All rows pass." : "Some rows FAIL: see the diagnosis lines above.");
  return ok ? wb::exit_ok : wb::exit_failure;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("07_backprop", [&] {
    Options opt;
    if (!parse(argc, argv, opt)) return int(wb::exit_ok);
    if (opt.activation == "sigmoid") return run<wb::Sigmoid>(opt);
    if (opt.activation == "tanh") return run<wb::Tanh>(opt);
    return run<wb::ReLU>(opt);
  });
}
