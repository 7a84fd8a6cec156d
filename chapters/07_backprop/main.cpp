// Chapter 7: forward and backward propagation (前向传播与反向传播), checked equation by equation.
//
// The notes derive the backward pass of a two-layer network with L2 regularization in seven
// steps, equations A, B1, B2, C, D, E1, E2 (see README.md next to this file). Each step is
// one exercise function in <wb/ex07_backprop.hpp>. This program
//   1. runs the forward pass of the notes' graph and keeps the intermediates (graph.hpp),
//   2. checks every equation ON ITS OWN with the gradient checker (wb/gradcheck.hpp): the
//      left-hand quantity is the input of the rest of the graph, J is differentiated
//      numerically with respect to it, and the exercise function is fed the numeric upstream
//      gradient, so a single wrong equation fails exactly its own row (equation_checks.hpp);
//      by default for ReLU and for tanh, since with ReLU row D tests only a 0/1 mask,
//   3. checks chapter 2's batched layers with biases the same way (layer_checks.hpp),
//   4. says what the backward pass had to keep from the forward pass (memory), and how long
//      the checks took (report.hpp),
//   5. optionally plants a classic mistake (--plant, planted.hpp) to show the checker's
//      diagnosis, and exports every quantity (--export) for comparison with another framework;
//   6. with --cost, instead of the checks, times the numeric gradient of a sample of chapter 2's
//      parameters against one backward pass (cost.hpp).

#include <fmt/core.h>

#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "07_backprop/cost.hpp"
#include "07_backprop/equation_checks.hpp"
#include "07_backprop/graph.hpp"
#include "07_backprop/layer_checks.hpp"
#include "07_backprop/planted.hpp"
#include "07_backprop/report.hpp"
#include "wb/activations.hpp"
#include "wb/error.hpp"
#include "wb/exercise_guard.hpp"
#include "wb/gradcheck.hpp"
#include "wb/options.hpp"
#include "wb/runtime.hpp"

namespace {

using wb::ch7::Bug;

/// The command line, after validation.
struct Options {
  std::string activation;  ///< empty: the equations with relu and with tanh, the layers with relu
  double lambda = 0.01;
  arma::uword batch = 2;
  wb::ch7::Sizes sizes;
  std::uint64_t seed = 42;
  wb::Method method = wb::Method::central;
  std::string export_dir;
  Bug bug = Bug::none;
  bool kink = false;
  bool cost = false;                 ///< --cost: numeric gradient against backpropagation
  arma::uword cost_batch = 256;      ///< --cost: chapter 2's minibatch
  arma::uword cost_sample = 20;      ///< --cost: parameters differentiated numerically

  /// The activations of the equation tables: relu and tanh by default (see the legend).
  std::vector<std::string> equation_activations() const {
    return activation.empty() ? std::vector<std::string>{"relu", "tanh"} : std::vector<std::string>{activation};
  }
  /// The activation of the layers table and of the export.
  std::string layer_activation() const { return activation.empty() ? "relu" : activation; }
};

/// Calls `f(Phi{})` with the activation struct named `name` (wb/activations.hpp): ReLU, the
/// kinked one; sigmoid and tanh, the smooth ones (chapter 3 checks the others' derivatives).
/// Each is a whole instantiation of the checks, so the list stays short.
template <typename F>
decltype(auto) with_activation(const std::string& name, F&& f) {
  if (name == "sigmoid") return f(wb::Sigmoid{});
  if (name == "tanh") return f(wb::Tanh{});
  return f(wb::ReLU{});
}

/// Combinations of options that cannot work: one clear line each (UsageError, exit status 64).
void refuse_what_cannot_work(const Options& opt) {
  const bool relu = opt.activation.empty() || opt.activation == "relu";  // ReLU is checked
  const bool smooth = !opt.activation.empty() && with_activation(opt.activation, [](auto phi) { return decltype(phi)::smooth; });
  if (opt.sizes.q < 2)
    throw wb::UsageError("--sizes: q must be at least 2 (softmax over a single class is constant)");
  if (opt.method == wb::Method::complex_step && !smooth)
    throw wb::UsageError(fmt::format("--method complex needs an activation with a complex extension (tanh or "
                                     "sigmoid), not {}; add --activation tanh, or use --method central or richardson",
                                     opt.activation.empty() ? "relu (checked by default)" : opt.activation));
  if (opt.bug == Bug::no_batch_mean && opt.batch < 2)
    throw wb::UsageError("--plant no-batch-mean needs --batch 2 or more: with one example the sum and the mean "
                         "are the same, so the bug cannot show");
  if (opt.kink && (!relu || opt.sizes.d < 2))
    throw wb::UsageError("--kink puts ReLU's kink at z₀₀ = 0: use it with ReLU (the default or --activation relu) "
                         "and d ≥ 2");
  if (opt.cost && (opt.bug != Bug::none || opt.kink || !opt.export_dir.empty()))
    throw wb::UsageError("--cost times chapter 2's network and checks no equation: drop --plant, --kink and --export");
}

/// Parses and validates the command line: a bad value or a combination that cannot work is a
/// UsageError (one line, exit status 64), raised before any check runs. Returns nothing when
/// --help was printed.
std::optional<Options> parse(int argc, char** argv) {
  Options opt;
  wb::CommandLine app{"Chapter 7: backpropagation, every equation (A, B1, B2, C, D, E1, E2) checked on its own "
               "by the gradient checker.",
               "07_backprop"};
  std::vector<arma::uword> sizes = {opt.sizes.d, opt.sizes.h, opt.sizes.q};
  std::string method = "central", plant = "none";
  std::vector<std::string> bug_names = {"none"};
  for (const auto& b : wb::ch7::bugs()) bug_names.emplace_back(b.name);

  app.add_option("--activation", opt.activation,
                 "φ: relu, sigmoid or tanh (default: the equations with relu and with tanh, the layers with relu)")
      ->check(wb::one_of({"relu", "sigmoid", "tanh"}));
  app.add_option("--lambda", opt.lambda, "weight decay λ in s = λ/2(‖W1‖² + ‖W2‖²), in (0, 10] "
                                         "(λ = 0 would leave B1 and the decay terms unchecked)")
      ->check(wb::number_in(0, 10, true, false))
      ->capture_default_str();
  app.add_option("--batch", opt.batch, "examples n in the batch (columns of x)")
      ->check(wb::integer_in(1, 1000))
      ->capture_default_str();
  app.add_option("--sizes", sizes, "layer sizes d,h,q: inputs, hidden units, classes")
      ->delimiter(',')
      ->expected(3)
      ->check(wb::integer_in(1, 1000))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "seed of the random data and weights")->check(wb::seed_value())->capture_default_str();
  app.add_option("--method", method, "numeric reference: central, richardson (Ridders) or complex (complex step; "
                                     "smooth activations only)")
      ->check(wb::one_of({"central", "richardson", "complex"}))
      ->capture_default_str();
  app.add_option("--export", opt.export_dir, "write x, y, W1, W2, z, h, o, every gradient and scalars.csv "
                                             "to this directory (csv_ascii, full precision)");
  app.add_option("--plant", plant, "plant a classic mistake and watch the checker catch it")
      ->check(wb::one_of(bug_names))
      ->capture_default_str();
  app.add_flag("--kink", opt.kink, "make z₀₀ exactly 0, ReLU's kink, to see a row reported as `kink`");
  app.add_flag("--cost", opt.cost, "instead of the checks: time the numeric gradient of a sample of chapter 2's "
                                   "203530 parameters against one backward pass (uses --seed only)");
  if (!app.parse(argc, argv)) return std::nullopt;

  opt.sizes = {sizes[0], sizes[1], sizes[2]};
  opt.method = wb::method_from_string(method);
  opt.bug = wb::ch7::bug_from_string(plant);
  refuse_what_cannot_work(opt);
  if (!opt.export_dir.empty()) wb::require_writable_directory(opt.export_dir, "--export");
  return opt;
}

/// One printed table: the equations with one φ, or chapter 2's layers.
struct Table {
  std::string title;
  std::vector<wb::GradCheckReport> rows;
  bool equations = false;  ///< the notes' graph, where a planted bug shows
};

/// The graph, the sizes and the forward values for each φ of the equation tables.
void print_header(const Options& opt, const wb::ch7::Problem& p) {
  const auto& s = opt.sizes;
  const std::vector<std::string> phis = opt.equation_activations();
  fmt::print("Chapter 7: backpropagation (反向传播), every equation checked on its own\n\n");
  fmt::print("graph   z = W1 x, h = φ(z), o = W2 h, L = softmax cross-entropy (mean over the batch),\n"
             "        s = λ/2 (‖W1‖² + ‖W2‖²), J = L + s; φ = {}\n",
             phis.size() == 1 ? phis[0] : phis[0] + " and " + phis[1]);
  fmt::print("sizes   d = {}, h = {}, q = {}, batch n = {}: x {}×{}, W1 {}×{}, W2 {}×{}\n", s.d, s.h, s.q,
             p.batch(), s.d, p.batch(), s.h, s.d, s.q, s.h);
  fmt::print("        λ = {:g}, seed {}, numeric reference: {}{}\n", p.lambda, opt.seed, wb::method_name(opt.method),
             opt.kink ? "; --kink: z(0,0) = 0 exactly" : "");
  for (std::size_t i = 0; i < phis.size(); ++i) {
    const auto f = with_activation(phis[i], [&](auto phi) { return wb::ch7::forward<decltype(phi)>(p); });
    fmt::print("{:<8}{}: L = {:.10f}, s = {:.10f}, J = {:.10f}\n", i == 0 ? "forward" : "", phis[i], f.L, f.s, f.J);
  }
}

/// What a row means, why two activations, and the pass rule.
void print_legend(const wb::ch7::Sizes& s, const wb::CheckOptions& check) {
  fmt::print("\nEach row checks one equation on its own: the left-hand quantity is the input of the rest\n"
             "of the graph (everything upstream of it fixed), J (s for B1) is differentiated numerically\n"
             "with respect to it, entry by entry, and the exercise function is given the NUMERIC upstream\n"
             "gradient of the rows above, so one wrong equation fails exactly its own row.\n"
             "  φ         without --activation the equations are checked with relu AND tanh: with ReLU,\n"
             "            φ′(z) ∈ {{0, 1}} and row D, fed the numeric dJ/dh, tests only the mask z > 0;\n"
             "            tanh's φ′ tests the derivative itself. --activation X checks X only.\n"
             "  status    ok = every entry passes; FAIL = some entry fails, or the exercise function\n"
             "            stopped (its error is the remark); kink = every mismatch sits where φ has no\n"
             "            derivative (ReLU at 0): reported, not a failure\n"
             "  checked, failed, kinks   entries compared, failing, at a kink\n"
             "  worst     (row,col) of the worst entry; analytic and numeric: its two values\n"
             "            (rows A and B1 stack their inputs into one column: (L, s), and\n"
             "            [vec(W1); vec(W2)], whose first {} entries are W1's, column by column)\n"
             "  abs err, rel err   |a − n| and |a − n| / max(|a|, |n|, atol/rtol) there;\n"
             "            max rel: the largest rel err over the checked entries, kinks excluded\n"
             "  pass rule |a − n| ≤ atol + rtol·max(|a|, |n|), atol = {:g}, rtol = {:g}\n",
             s.h * s.d, check.atol, check.rtol);
}

/// Prints one table, then a diagnosis line for each failing row and, for an equation table
/// with a planted bug, whether the bug was caught. Returns whether every row passed.
bool print_table(const Table& t, Bug bug) {
  fmt::print("\n{}\n{}", t.title, wb::table(t.rows));
  for (const auto& r : t.rows)
    if (!r.passed()) fmt::print("diagnosis {}: {}\n", r.name, r.diagnosis);
  if (t.equations && bug != Bug::none) {
    const auto& b = wb::ch7::bug_info(bug);
    bool caught = false;
    for (const auto& r : t.rows) caught = caught || (!r.passed() && r.name.rfind(b.equation, 0) == 0);
    fmt::print("{} planted bug {} {} by the check of equation {}\n", caught ? "the" : "WARNING: the", b.name,
               caught ? "was caught" : "was NOT caught", b.equation);
  }
  return wb::all_passed(t.rows);
}

/// Writes every quantity of the real backward pass (the exercise functions chained as in
/// backward(), with the layers' φ) to --export. When an exercise function stops with a size
/// error there, the export is skipped with a line saying why; the tables have shown where.
void export_quantities(const Options& opt, const wb::ch7::Problem& p) {
  with_activation(opt.layer_activation(), [&](auto phi) {
    using Phi = decltype(phi);
    const wb::ch7::Forward<double> f = wb::ch7::forward<Phi>(p);
    try {
      const wb::ch7::Backward b = wb::guarded("7.1–7.7", [&] { return wb::ch7::backward<Phi>(p, f); });
      const auto files = wb::ch7::export_all(opt.export_dir, p, f, b);
      fmt::print("Exported {} files to {}: ", files.size(), opt.export_dir);
      for (std::size_t i = 0; i < files.size(); ++i) fmt::print("{}{}", i ? " " : "", files[i]);
      fmt::print("\n");
    } catch (const wb::ExerciseError& e) {
      fmt::print("Export skipped: the backward pass stopped: {}\n", e.what());
    }
  });
}

/// --cost: the numeric gradient of a sample of chapter 2's parameters, extrapolated to all of
/// them, beside one backward pass (cost.hpp). Exits 1 if the two gradients disagree.
int run_cost(const Options& opt) {
  const wb::ch7::Sizes s{784, 256, 10};
  wb::ch7::CostProblem p = wb::ch7::make_cost_problem(s, opt.cost_batch, opt.seed);
  const int repeats = 5;
  const wb::ch7::CostReport r = wb::ch7::measure_cost(p, opt.cost_sample, repeats, opt.seed);
  const wb::ch7::Work w = wb::ch7::work_per_example(s, r.parameters);
  fmt::print("Chapter 7: why backpropagation (反向传播) and not one derivative per parameter\n\n");
  fmt::print("network   chapter 2's {}-{}-{} (ReLU), P = {} parameters, a minibatch of n = {}, double, seed {}\n",
             s.d, s.h, s.q, r.parameters, opt.cost_batch, opt.seed);
  fmt::print("backprop  one forward + backward pass, all {} partial derivatives: {:.1f} ms (mean of {})\n",
             r.parameters, 1000 * r.backprop_seconds, repeats);
  fmt::print("numeric   central differences of {} parameters drawn at random, two forward passes each:\n"
             "          {:.2f} s, {:.1f} ms per parameter; for all {}: {:.0f} s = {:.1f} h\n",
             r.sample, r.numeric_seconds, 1000 * r.per_parameter(), r.parameters, r.numeric_all_seconds(),
             r.numeric_all_seconds() / 3600);
  fmt::print("ratio     numeric / backprop: {:.0f} measured; {:.0f} counted in multiply-adds per example,\n"
             "          2P(dh + hq) = {:.4g} against (dh + hq) + (2hq + hd) = {:.0f} + {:.0f}\n",
             r.ratio(), w.ratio(), w.numeric, w.forward, w.backward);
  const bool agree = r.max_abs_difference <= 1e-8;
  fmt::print("agreement on the sample: max |numeric − backprop| = {:.1e}, max |∂J/∂θ| = {:.1e}: {}\n",
             r.max_abs_difference, r.max_abs_partial, agree ? "the same gradient" : "DIFFERENT");
  return agree ? wb::exit_ok : wb::exit_failure;
}

int run(const Options& opt) {
  if (opt.cost) return run_cost(opt);
  // --- The problem: random data and weights, seeded (graph.hpp).
  wb::ch7::Problem p = wb::ch7::make_problem(opt.sizes, opt.batch, opt.lambda, opt.seed);
  if (opt.kink) wb::ch7::plant_kink(p);
  const wb::CheckOptions check{opt.method};
  print_header(opt, p);
  print_legend(opt.sizes, check);

  // --- A planted bug replaces one equation of the table by a classic mistake (planted.hpp).
  if (opt.bug != Bug::none) {
    const auto& b = wb::ch7::bug_info(opt.bug);
    fmt::print("\nPLANTED BUG {} in equation {}: {}\n", b.name, b.equation, b.mistake);
  }

  // --- The checks (equation_checks.hpp, layer_checks.hpp), timed together.
  wb::Stopwatch clock;
  std::vector<Table> tables;
  for (const std::string& phi_name : opt.equation_activations())
    tables.push_back(with_activation(phi_name, [&](auto phi) {
      using Phi = decltype(phi);
      return Table{fmt::format("The notes' graph with φ = {}: equations A, B1, B2, C, D, E1, E2 (no bias, J = L + s)",
                               Phi::name),
                   wb::ch7::check_equations<Phi>(p, check, wb::ch7::equations_with<Phi>(opt.bug)), true};
    }));
  tables.push_back(with_activation(opt.layer_activation(), [&](auto phi) {
    using Phi = decltype(phi);
    return Table{fmt::format("Chapter 2's layers with φ = {} in double: batched, with biases, J = L "
                             "(chapter 2 trains without decay)", Phi::name),
                 wb::ch7::check_layers<Phi>(p, check), false};
  }));
  const double ms = 1000 * clock.seconds();

  bool ok = true;
  std::size_t rows = 0;
  for (const Table& t : tables) {
    ok = print_table(t, opt.bug) && ok;
    rows += t.rows.size();
  }

  // --- Memory and speed (report.hpp).
  fmt::print("\n{}", wb::ch7::memory_report(opt.sizes, p.batch()));
  fmt::print("{}", wb::ch7::backward_memory_report(256));
  fmt::print("\nTime: {} rows checked in {:.2f} ms ({} method)\n", rows, ms, wb::method_name(check.method));

  // --- Export (its directory was checked before the run).
  if (!opt.export_dir.empty()) export_quantities(opt, p);

  fmt::print("\n{}\n", ok ? "All rows pass." : "Some rows FAIL: see the diagnosis lines above.");
  return ok ? wb::exit_ok : wb::exit_failure;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("07_backprop", [&] {
    const std::optional<Options> opt = parse(argc, argv);
    return opt ? run(*opt) : int(wb::exit_ok);
  });
}
