/// \file
/// \brief Chapter 5 — weight decay (权重衰减, L2正则化): the book's experiment in C++.
///
/// D2L's section "Weight decay" fits a linear regression with 200 inputs to only 20 training
/// samples, by minibatch SGD (lr 0.003, batch 5, 100 epochs) from w ~ N(0, 1), once without
/// the penalty (`train(lambd=0)`: it overfits) and once with λ = 3, and prints ‖w‖. This
/// program does the same in double with the exercise functions of `ex05_weight_decay.hpp`
/// (the penalty, the decayed step) and `ex07_backprop.hpp` (the penalty's gradient), then
/// sweeps λ, explains where ‖w‖ comes from, and checks every run against the closed form
/// (the ridge solution, solved by LAPACK). The same penalty in the MLP is
/// `02_mlp --weight-decay λ`. With `--selection`, instead, it sets dropping features against
/// weight decay on chapter 4's polynomial data (selection.hpp).

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "05_weight_decay/choice.hpp"
#include "05_weight_decay/regression.hpp"
#include "05_weight_decay/selection.hpp"
#include "wb/csv.hpp"
#include "wb/error.hpp"
#include "wb/options.hpp"
#include "wb/plot.hpp"
#include "wb/runtime.hpp"

namespace {

namespace fs = std::filesystem;
using wb::ch05::Descent;
using wb::ch05::Model;
using wb::ch05::Problem;
using wb::ch05::Run;

/// The command line, after validation. The defaults are the book's experiment.
struct Options {
  wb::ch05::Settings settings;
  std::uint64_t seed = 42;
  std::string out_dir = "out";
  std::string export_dir;  ///< empty: no export
  bool selection = false;  ///< --selection: dropping features against weight decay
  arma::uword folds = 5;   ///< K of the K-fold cross-validation that chooses λ
};

/// The λ of the sweep: 0, then 10⁻³ … 100 in steps of about √10. The book's two runs are
/// λ = 0 and λ = 3.
const std::vector<double> sweep_lambdas = {0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100};
constexpr double book_lambdas[] = {0, 3};
constexpr arma::uword descent_steps = 20000;  ///< the budget of each run to convergence
constexpr std::uint64_t choice_seeds = 10;    ///< λ is chosen for --seed and the seeds after it

/// Parses and validates the command line; returns false when --help was printed.
bool parse(int argc, char** argv, Options& opt) {
  wb::CommandLine app{"Chapter 5: weight decay. D2L's experiment (linear regression, 200 inputs, 20 training samples, "
               "SGD lr 0.003, batch 5) for λ = 0 and λ = 3, a λ sweep, and every run against the closed form.",
               "05_weight_decay"};
  app.add_option("--epochs", opt.settings.epochs, "passes of SGD over the 20 training samples (the book: 100)")
      ->check(wb::integer_in(1, 100000))->capture_default_str();
  app.add_option("--seed", opt.seed, "seed of the data, the initialization and the shuffling")
      ->check(wb::seed_value())->capture_default_str();
  app.add_option("--out", opt.out_dir, "directory for the figures (written under OUT/05_weight_decay)")
      ->capture_default_str();
  app.add_option("--export", opt.export_dir,
                 "also write the data, the weights and the per-epoch losses as CSV files into this directory");
  app.add_option("--folds", opt.folds,
                 "K of the K-fold cross-validation that chooses λ on the 20 training samples (20: leave one out)")
      ->check(wb::integer_in(2, 20))->capture_default_str();
  app.add_flag("--selection", opt.selection,
               "instead: keep the first k of chapter 4's 20 polynomial features, against weight decay on all 20");
  if (!app.parse(argc, argv)) return false;
  if (opt.selection && !opt.export_dir.empty())
    throw wb::UsageError("--selection exports nothing: drop --export, or run without --selection");
  wb::require_writable_directory((fs::path(opt.out_dir) / "05_weight_decay").string(), "--out");
  if (!opt.export_dir.empty()) wb::require_writable_directory(opt.export_dir, "--export");
  return true;
}

/// What a learner should suspect when a check fails in their build (empty in the reference build).
std::string in_your_build(const char* exercises) {
  if (std::string(wb::exercise_tree) != "exercises") return "";
  return fmt::format(" — in your build, look at exercise {} (./workbook check 5)", exercises);
}

/// The run of the sweep with this λ.
const Run& run_for(const std::vector<Run>& runs, double lambda) {
  return *std::find_if(runs.begin(), runs.end(), [&](const Run& r) { return r.lambda == lambda; });
}

// ## The book's two runs: the losses, ‖w‖ and the book's numbers next to ours.
void print_book_runs(const std::vector<Run>& runs, const Options& opt) {
  const Run& r0 = run_for(runs, 0);
  const Run& r3 = run_for(runs, 3);
  fmt::print("\nThe book's two runs, train(lambd=0) and train(lambd=3): L on both sets after the epoch\n");
  fmt::print("         ------ λ = 0 ------     ------ λ = 3 ------\n");
  fmt::print("epoch    train loss  test loss   train loss  test loss\n");
  const int epochs = opt.settings.epochs;
  const int every = std::max(1, epochs / 10);
  for (int e = 1; e <= epochs; ++e) {
    if (e != 1 && e % every != 0 && e != epochs) continue;
    const auto& a = r0.losses[std::size_t(e - 1)];
    const auto& b = r3.losses[std::size_t(e - 1)];
    fmt::print("{:5}    {:<10.3e}  {:<10.3e}  {:<10.3e}  {:.3e}\n", e, a.train, a.test, b.train, b.test);
  }
  fmt::print("\n         ‖w‖        train loss  test loss   penalty s   the book (one run)\n");
  const char* book[] = {"‖w‖ ≈ 12–14; train loss to 1e-2 and below, test loss stays ≈ 1e2",
                        "‖w‖ ≈ 0.3–0.4; train and test loss both fall to 1e-1 … 1e-2"};
  for (const Run* r : {&r0, &r3}) {
    const auto& last = r->losses.back();
    fmt::print("λ = {:<3g}  {:<9.4f}  {:<10.3e}  {:<10.3e}  {:<10.4f}  {}\n", r->lambda, arma::norm(r->model.w), last.train,
               last.test, wb::l2_penalty(arma::mat(r->model.w), r->lambda), book[r == &r3]);
  }
}

// ## Where ‖w‖ comes from: the part of w that the gradient never touches only decays.
void print_orthogonal_part(const Problem& p, const Model& init, const std::vector<Run>& runs, const Options& opt) {
  const arma::vec w0_perp = wb::ch05::orthogonal_part(p.train.x, init.w);
  const arma::uword d = p.train.x.n_rows, n = p.train.size();
  fmt::print("\nWhere ‖w‖ comes from: ∂L/∂w lies in the span of the {} training inputs, so the part w⊥ of w\n"
             "orthogonal to them ({} of the {} dimensions) only decays, by 1 − ηλ per step: w⊥ = (1 − ηλ)^k w₀⊥.\n",
             n, d - std::min(d, n), d);
  fmt::print("         ‖w₀⊥‖     (1 − ηλ)^k  ‖w⊥‖ predicted  ‖w⊥‖ measured  ‖difference‖  ‖w − w⊥‖\n");
  for (double lambda : book_lambdas) {
    const Run& r = run_for(runs, lambda);
    const double factor = std::pow(1 - opt.settings.lr * lambda, double(r.steps));
    const arma::vec w_perp = wb::ch05::orthogonal_part(p.train.x, r.model.w);
    const double difference = arma::norm(w_perp - factor * w0_perp);
    fmt::print("λ = {:<3g}  {:<8.4f}  {:<10.5f}  {:<14.4f}  {:<13.4f}  {:<12.1e}  {:.4f}\n", lambda, arma::norm(w0_perp),
               factor, factor * arma::norm(w0_perp), arma::norm(w_perp), difference, arma::norm(r.model.w - w_perp));
    // Equal in exact arithmetic; rounding leaves about 1e-16 of the start per step.
    if (!(difference <= 1e-12 * arma::norm(w0_perp)))
      throw wb::UserError(fmt::format("the part of w orthogonal to the training inputs is not (1 − ηλ)^k w₀⊥ for λ = {:g} "
                                      "(‖difference‖ {:.1e}){}", lambda, difference, in_your_build("5.2")));
  }
  fmt::print("(k = {} steps, η = {:g}.)\nWith x ~ N(0, I), the test loss is mostly ‖w⊥‖²/2:", run_for(runs, 0).steps,
             opt.settings.lr);
  for (double lambda : book_lambdas) {
    const Run& r = run_for(runs, lambda);
    const double w_perp = arma::norm(wb::ch05::orthogonal_part(p.train.x, r.model.w));
    fmt::print(" {:.3g} of {:.3g} for λ = {:g}{}", w_perp * w_perp / 2, r.losses.back().test, lambda,
               lambda == book_lambdas[0] ? "," : ".\n");
  }
}

// ## The decayed step is the SGD step on J: the largest difference over every step of every run.
void print_step_check(const std::vector<Run>& runs) {
  double worst = 0;
  arma::uword steps = 0;
  for (const Run& r : runs) {
    worst = std::max(worst, r.step_difference);
    steps += r.steps;
  }
  fmt::print("\nThe decayed step (1 − ηλ)w − η∇L (exercise 5.2) against the SGD step w − η(∇L + λw) on J\n"
             "(exercises 7.2 and 2.6), over all {} steps of the {} runs: largest |difference| {:.1e} (allowed 1e-12)\n",
             steps, runs.size(), worst);
  if (!(worst <= 1e-12))
    throw wb::UserError(fmt::format("the decayed step differs from the SGD step on J by {:.3g}{}", worst,
                                    in_your_build("5.2, or 7.2")));
}

/// One seed's draw: the data, the start w₀, and the order of the training samples for the folds.
struct Draw {
  Problem problem;
  Model init;
  arma::uvec order;  ///< the 20 training indices, shuffled: fold k is the k-th of K consecutive parts
};

/// The data and the initialization, seeded: the same for every λ; then the folds' order.
Draw draw_experiment(const wb::ch05::Settings& s, std::uint64_t seed) {
  //! [data]
  std::mt19937_64 rng(seed);
  const Problem p{wb::ch05::synthetic_data(s, s.n_train, rng), wb::ch05::synthetic_data(s, s.n_test, rng)};
  const Model init = wb::ch05::init_model(s.inputs, rng);
  //! [data]
  return {p, init, wb::shuffled_indices(s.n_train, rng)};
}

/// Every λ of the sweep, the book's λ = 0 and λ = 3 among them, from the same start.
std::vector<Run> sweep(const Draw& draw, const wb::ch05::Settings& s, std::uint64_t seed) {
  const Problem& p = draw.problem;
  const Model& init = draw.init;
  //! [sweep]
  std::vector<Run> runs;
  for (double lambda : sweep_lambdas) runs.push_back(wb::ch05::train(p, init, lambda, s, seed + 1));
  //! [sweep]
  return runs;
}

/// λ̂ by K-fold cross-validation on the training samples of `draw`; `runs` (on all of them)
/// give the test losses, read only after the choice.
wb::ch05::LambdaChoice choice_for(const Draw& draw, const std::vector<Run>& runs, const Options& opt) {
  std::vector<double> test;
  for (const Run& r : runs) test.push_back(r.losses.back().test);
  return wb::ch05::choose_lambda(draw.problem, draw.init, sweep_lambdas, test, draw.order, opt.folds, opt.settings,
                                 opt.seed + 1);
}

/// ½‖w_true⊥‖²: half the squared norm of the true weights' part orthogonal to the training inputs,
/// which no run sees. On inputs x ~ N(0, I), it is the test loss any w in their span still leaves.
double unseen_loss(const Draw& draw, const wb::ch05::Settings& s) {
  const arma::vec true_w(s.inputs, arma::fill::value(s.true_w));
  const double unseen = arma::norm(wb::ch05::orthogonal_part(draw.problem.train.x, true_w));
  return unseen * unseen / 2;
}

// ## The book's exercise 2: λ chosen by K-fold cross-validation, then the test set, once.
void print_choice(const wb::ch05::LambdaChoice& c, const Draw& draw, const Options& opt) {
  const arma::uword n = opt.settings.n_train, K = opt.folds;
  const std::string held_out = n % K == 0 ? fmt::format("{}", n / K) : fmt::format("{} or {}", n / K, n / K + 1);
  fmt::print("\nChoosing λ without the test set: {}-fold cross-validation on the {} training samples. Each fold's\n"
             "train(λ) starts from the same w₀, learns from the other folds and is scored on its own {} samples; CV is\n"
             "the mean of the {} scores, and λ̂ the λ with the lowest CV. The test loss is that of train(λ) on all {}.\n",
             K, n, held_out, K, n);
  fmt::print("λ        CV loss     test loss\n");
  for (std::size_t i = 0; i < c.lambdas.size(); ++i)
    fmt::print("{:<7g}  {:<10.3e}  {:.3e}{}{}\n", c.lambdas[i], c.cv[i], c.test[i], i == c.chosen ? "   ← λ̂, chosen" : "",
               i == c.best ? "   ← best in hindsight" : "");
  fmt::print("chosen λ̂ = {:g}: test loss {:.3e}; best λ in hindsight {:g}: test loss {:.3e}; ratio {:.2f}\n",
             c.chosen_lambda(), c.test[c.chosen], c.best_lambda(), c.test[c.best], c.ratio());
  fmt::print("No λ removes ½‖w_true⊥‖² = {:.3e}: w_true = ({:g}, …, {:g}) has a part orthogonal to the {} training\n"
             "inputs that no training sees, and on test inputs x ~ N(0, I) it adds that much to the expected loss.\n",
             unseen_loss(draw, opt.settings), opt.settings.true_w, opt.settings.true_w, opt.settings.n_train);
}

// ## The same choice for more seeds: a band of λ̂ and of the ratio of test losses.
void print_choice_over_seeds(const wb::ch05::LambdaChoice& first, const Options& opt) {
  fmt::print("\nThe same choice for seeds {} … {} (data, start, folds and shuffling all drawn from the seed):\n"
             "seed   λ̂       test loss   best λ   test loss   ratio   ½‖w_true⊥‖²\n", opt.seed, opt.seed + choice_seeds - 1);
  double lo = arma::datum::inf, hi = 0, worst = 0;
  for (std::uint64_t seed = opt.seed; seed < opt.seed + choice_seeds; ++seed) {
    Options o = opt;
    o.seed = seed;
    const Draw draw = draw_experiment(opt.settings, seed);
    const wb::ch05::LambdaChoice c = seed == opt.seed ? first : choice_for(draw, sweep(draw, opt.settings, seed), o);
    fmt::print("{:<5}  {:<7g}  {:<10.3e}  {:<7g}  {:<10.3e}  {:<5.2f}   {:.3e}\n", seed, c.chosen_lambda(),
               c.test[c.chosen], c.best_lambda(), c.test[c.best], c.ratio(), unseen_loss(draw, opt.settings));
    lo = std::min(lo, c.chosen_lambda());
    hi = std::max(hi, c.chosen_lambda());
    worst = std::max(worst, c.ratio());
  }
  fmt::print("over the {} seeds: λ̂ from {:g} to {:g}; test loss at λ̂ at most {:.2f} times the best\n", choice_seeds, lo, hi,
             worst);
}

/// The closed form for each λ > 0 of the sweep (λ = 0 has none: x_c x_cᵀ is singular).
std::vector<Model> ridge_solutions(const Problem& p, const std::vector<Run>& runs) {
  std::vector<Model> ridge;
  for (const Run& r : runs) ridge.push_back(r.lambda > 0 ? wb::ch05::ridge(p.train, r.lambda) : Model{});
  return ridge;
}

// ## The sweep: 100 epochs of SGD for every λ, next to the ridge solution.
void print_sweep(const Problem& p, const Model& init, const std::vector<Run>& runs, const std::vector<Model>& ridge,
                 const Options& opt) {
  const arma::vec w0_perp = wb::ch05::orthogonal_part(p.train.x, init.w);
  fmt::print("\nThe λ sweep: {} epochs of SGD for each λ (the same data, initialization and shuffling), and the\n"
             "ridge solution w* that minimizes J (the closed form; none for λ = 0)\n", opt.settings.epochs);
  fmt::print("λ        ‖w‖ SGD   train loss  test loss   ‖w*‖     test loss w*  ‖w − w*‖   (1 − ηλ)^k‖w₀⊥‖\n");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    const double remnant = std::pow(1 - opt.settings.lr * r.lambda, double(r.steps)) * arma::norm(w0_perp);
    const auto& last = r.losses.back();
    if (r.lambda == 0) {
      fmt::print("{:<7g}  {:<8.4f}  {:<10.3e}  {:<10.3e}  {:<7}  {:<12}  {:<9}  {:.4f}\n", r.lambda, arma::norm(r.model.w),
                 last.train, last.test, "-", "-", "-", remnant);
      continue;
    }
    fmt::print("{:<7g}  {:<8.4f}  {:<10.3e}  {:<10.3e}  {:<7.4f}  {:<12.3e}  {:<9.3e}  {:.4f}\n", r.lambda,
               arma::norm(r.model.w), last.train, last.test, arma::norm(ridge[i].w),
               wb::ch05::squared_loss(ridge[i], p.test), arma::norm(r.model.w - ridge[i].w), remnant);
    // w* minimizes J: no run may end below it.
    const double J_sgd = wb::ch05::objective(r.model, p.train, r.lambda);
    const double J_ridge = wb::ch05::objective(ridge[i], p.train, r.lambda);
    if (!(J_ridge <= J_sgd * (1 + 1e-12)))
      throw wb::UserError(fmt::format("the ridge solution's J ({:.6g}) is above SGD's ({:.6g}) for λ = {:g}{}", J_ridge,
                                      J_sgd, r.lambda, in_your_build("5.1")));
  }
  fmt::print("J(w*) ≤ J(w) for every λ > 0: the closed form is the minimum SGD is heading for.\n");
}

// ## Against the closed form: gradient descent run to convergence, digit by digit.
std::vector<Descent> print_convergence(const Problem& p, const Model& init, const std::vector<Run>& runs,
                                       const std::vector<Model>& ridge) {
  fmt::print("\nAgainst the closed form: gradient descent on J over all {} samples from the same w₀, step 1/L, until a\n"
             "step changes nothing (at most {} steps); the error shrinks like (1 − μ/L)^k\n",
             p.train.size(), descent_steps);
  fmt::print("λ        1 − μ/L      steps   ‖w − w*‖/‖w*‖  |b − b*|   digits\n");
  std::vector<Descent> descents;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].lambda == 0) continue;
    const Descent g = wb::ch05::descend(p.train, init, runs[i].lambda, descent_steps);
    const double error = arma::norm(g.model.w - ridge[i].w) / arma::norm(ridge[i].w);
    fmt::print("{:<7g}  {:<11.7f}  {:<6}  {:<13.1e}  {:<9.1e}  {}\n", runs[i].lambda, g.rate, g.steps, error,
               std::abs(g.model.b(0) - ridge[i].b(0)),
               g.converged ? fmt::format("{:.0f}", std::floor(-std::log10(std::max(error, 1e-17))))
                           : fmt::format("not converged: needs ≈ {:.0e} steps", std::log(1e-15) / std::log(g.rate)));
    descents.push_back(g);
  }
  return descents;
}

/// Axes with both scales logarithmic.
wb::Axes log_axes(const std::string& title, const std::string& xlabel, const std::string& ylabel, const std::string& key) {
  wb::Axes axes;
  axes.title = title;
  axes.xlabel = xlabel;
  axes.ylabel = ylabel;
  axes.log_x = axes.log_y = true;
  axes.key = key;
  return axes;
}

// ## Figures: the book's two loss curves, and the sweep.
void draw_figures(const std::vector<Run>& runs, const std::vector<Model>& ridge, const Problem& p, const Model& init,
                  const Options& opt) {
  const std::string dir = (fs::path(opt.out_dir) / "05_weight_decay").string();
  for (double lambda : book_lambdas) {
    const Run& r = run_for(runs, lambda);
    std::vector<wb::Curve> curves(2);
    curves[0].title = "train";
    curves[1].title = "test";
    for (std::size_t e = 0; e < r.losses.size(); ++e) {
      for (auto& c : curves) c.x.push_back(double(e + 1));
      curves[0].y.push_back(r.losses[e].train);
      curves[1].y.push_back(r.losses[e].test);
    }
    wb::Axes axes = log_axes(fmt::format("train(lambd={:g}): L after each epoch, ‖w‖ = {:.3f}", lambda,
                                         arma::norm(r.model.w)), "epoch", "loss", "top right");
    axes.log_x = false;
    fmt::print("{}\n", wb::plot_xy(dir, fmt::format("loss_lambda_{:g}", lambda), axes, curves).note);
  }

  const arma::vec w0_perp = wb::ch05::orthogonal_part(p.train.x, init.w);
  std::vector<wb::Curve> loss(3), norm(3);
  loss[0].title = "test loss, SGD";
  loss[1].title = "train loss, SGD";
  loss[2].title = "test loss, ridge w* (closed form)";
  norm[0].title = "‖w‖, SGD";
  norm[1].title = "‖w*‖, ridge (closed form)";
  norm[2].title = "(1 − ηλ)^k ‖w₀⊥‖, what is left of the initialization";
  for (auto* curves : {&loss, &norm})
    for (auto& c : *curves) c.style = "linespoints";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    if (r.lambda == 0) continue;  // not on a log axis
    for (auto* curves : {&loss, &norm})
      for (auto& c : *curves) c.x.push_back(r.lambda);
    loss[0].y.push_back(r.losses.back().test);
    loss[1].y.push_back(r.losses.back().train);
    loss[2].y.push_back(wb::ch05::squared_loss(ridge[i], p.test));
    norm[0].y.push_back(arma::norm(r.model.w));
    norm[1].y.push_back(arma::norm(ridge[i].w));
    const double remnant = std::pow(1 - opt.settings.lr * r.lambda, double(r.steps)) * arma::norm(w0_perp);
    norm[2].y.push_back(remnant > 1e-4 ? remnant : arma::datum::nan);  // below the figure's range: not drawn
  }
  const std::string title = fmt::format("after {} epochs of SGD, and the closed form", opt.settings.epochs);
  fmt::print("{}\n", wb::plot_xy(dir, "sweep_loss", log_axes("Loss against λ " + title, "λ", "loss", "bottom left"), loss).note);
  fmt::print("{}\n", wb::plot_xy(dir, "sweep_norm", log_axes("‖w‖ against λ " + title, "λ", "‖w‖", "bottom left"), norm).note);
}

// ## --export: the data, the weights and the per-epoch losses as CSV files.
void export_csv(const Problem& p, const Model& init, const std::vector<Run>& runs, const std::vector<Model>& ridge,
                const std::string& dir) {
  const arma::uword d = p.train.x.n_rows;
  std::vector<std::string> data_header = {"y"};
  for (arma::uword j = 1; j <= d; ++j) data_header.push_back(fmt::format("x{}", j));
  const auto path = [&](const char* name) { return (fs::path(dir) / name).string(); };
  wb::write_csv(path("train.csv"), data_header, arma::join_rows(p.train.y.t(), p.train.x.t()));
  wb::write_csv(path("test.csv"), data_header, arma::join_rows(p.test.y.t(), p.test.x.t()));

  std::vector<std::string> weight_header = {"model", "lambda", "b"};
  for (arma::uword j = 1; j <= d; ++j) weight_header.push_back(fmt::format("w{}", j));
  std::vector<std::string> labels = {"init"};
  arma::mat weights = arma::join_rows(arma::vec{arma::datum::nan, init.b(0)}.t(), init.w.t());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    labels.push_back("sgd");
    weights.insert_rows(weights.n_rows, arma::join_rows(arma::vec{runs[i].lambda, runs[i].model.b(0)}.t(), runs[i].model.w.t()));
    if (runs[i].lambda == 0) continue;
    labels.push_back("ridge");
    weights.insert_rows(weights.n_rows, arma::join_rows(arma::vec{runs[i].lambda, ridge[i].b(0)}.t(), ridge[i].w.t()));
  }
  wb::write_csv(path("weights.csv"), weight_header, weights, labels);

  arma::mat losses(0, 4);
  for (const Run& r : runs)
    for (std::size_t e = 0; e < r.losses.size(); ++e)
      losses.insert_rows(losses.n_rows, arma::rowvec{r.lambda, double(e + 1), r.losses[e].train, r.losses[e].test});
  wb::write_csv(path("losses.csv"), {"lambda", "epoch", "train_loss", "test_loss"}, losses);
  fmt::print("wrote train.csv, test.csv, weights.csv and losses.csv to {}\n", dir);
}

// ## --selection: keep the first k features, or all 20 with weight decay, side by side.
void print_selection(const wb::ch05::Selection& s) {
  fmt::print("keep the first k features           all 20 features, penalty λ/2 Σ_{{i≥1}} wᵢ² (w₀ not decayed)\n");
  fmt::print(" k   train loss  test loss           λ        df     train loss  test loss\n");
  for (std::size_t i = 0; i < std::max(s.kept.size(), s.decayed.size()); ++i) {
    std::string left(34, ' ');
    if (i < s.kept.size())
      left = fmt::format("{:>2}   {:<10.3e}  {:<10.3e}        ", s.kept[i].setting, s.kept[i].train_loss, s.kept[i].test_loss);
    std::string right;
    if (i < s.decayed.size()) {
      const auto& f = s.decayed[i];
      right = fmt::format("{:<7.1e}  {:5.2f}  {:<10.3e}  {:.3e}", f.setting, f.df, f.train_loss, f.test_loss);
    }
    fmt::print("{} {}\n", left, right);
  }
  const wb::ch05::Fit& k = wb::ch05::best(s.kept);
  const wb::ch05::Fit& l = wb::ch05::best(s.decayed_fine);
  fmt::print("\nlowest test loss: k = {} features, {:.4e}; λ = {:.2e} (df {:.2f}), {:.4e}, λ a tenth of a decade\n"
             "apart (chosen on the test set, both alike: a fair comparison, an optimistic estimate)\n",
             k.setting, k.test_loss, l.setting, l.df, l.test_loss);
  fmt::print("k takes whole steps, 1, 2, …, 20 degrees of freedom; λ takes every value between: df(λ) runs\n"
             "continuously from {:.2f} (λ = 0) down to {:.2f} (λ = {:g}).\n",
             s.decayed.front().df, s.decayed.back().df, s.decayed.back().setting);
}

/// The test loss of both against the degrees of freedom.
void draw_selection(const wb::ch05::Selection& s, const Options& opt) {
  std::vector<wb::Curve> curves(2);
  curves[0].title = "keep the first k features (df = k)";
  curves[1].title = "all 20 features, weight decay λ (df of the ridge fit)";
  curves[0].style = "linespoints";
  for (const auto& f : s.kept) curves[0].x.push_back(f.df), curves[0].y.push_back(f.test_loss);
  for (const auto& f : s.decayed_fine) curves[1].x.push_back(f.df), curves[1].y.push_back(f.test_loss);
  wb::Axes axes = log_axes(fmt::format("Test loss against degrees of freedom, chapter 4's data, seed {}", opt.seed),
                           "degrees of freedom", "test loss, mean ½(ŷ − y)²", "top left");
  axes.log_x = false;
  fmt::print("{}\n", wb::plot_xy((fs::path(opt.out_dir) / "05_weight_decay").string(), "selection", axes, curves).note);
}

int run_selection(const Options& opt) {
  const wb::ch4::PolyData data = wb::ch05::chapter4_data(opt.seed);
  fmt::print("Dropping features against weight decay (简单去限制丢弃特征很呆很不灵活), on chapter 4's data:\n"
             "y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε, ε ~ N(0, 0.1²), {} training and {} test examples, features\n"
             "xⁱ/i! for i = 0 … {}; seed {}. Every fit in closed form (least squares; ridge through QR).\n\n",
             data.n_train, data.n_test(), data.features.n_rows - 1, opt.seed);
  const wb::ch05::Selection s = wb::ch05::compare_selection(data);
  print_selection(s);
  draw_selection(s, opt);
  return wb::exit_ok;
}

int run(const Options& opt) {
  if (opt.selection) return run_selection(opt);
  const wb::ch05::Settings& s = opt.settings;
  const Draw draw = draw_experiment(s, opt.seed);
  const Problem& p = draw.problem;
  const Model& init = draw.init;
  fmt::print("Weight decay: D2L's experiment, train(lambd) of section \"Weight decay\", in double; exercises from {}/\n",
             wb::exercise_tree);
  fmt::print("data: {} inputs, {} training and {} test samples, x ~ N(0, I), y = {:g} + Σ {:g}·x_i + ε, ε ~ N(0, {:g}²); "
             "seed {}\n", s.inputs, s.n_train, s.n_test, s.true_b, s.true_w, s.noise, opt.seed);
  fmt::print("model: ŷ = wᵀx + b, w ~ N(0, 1), b = 0; J = L + λ/2‖w‖², L the mean of (ŷ − y)²/2, b not penalized\n");
  fmt::print("SGD: lr {:g}, batch {}, {} epochs of {} steps\n", s.lr, s.batch_size, s.epochs,
             (s.n_train + s.batch_size - 1) / s.batch_size);

  const std::vector<Run> runs = sweep(draw, s, opt.seed);
  print_book_runs(runs, opt);
  print_orthogonal_part(p, init, runs, opt);
  print_step_check(runs);
  const std::vector<Model> ridge = ridge_solutions(p, runs);
  print_sweep(p, init, runs, ridge, opt);
  print_convergence(p, init, runs, ridge);
  const wb::ch05::LambdaChoice choice = choice_for(draw, runs, opt);
  print_choice(choice, draw, opt);
  print_choice_over_seeds(choice, opt);
  fmt::print("\n");
  draw_figures(runs, ridge, p, init, opt);
  if (!opt.export_dir.empty()) export_csv(p, init, runs, ridge, opt.export_dir);
  return wb::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("05_weight_decay", [&] {
    Options opt;
    if (!parse(argc, argv, opt)) return int(wb::exit_ok);
    return run(opt);
  });
}
