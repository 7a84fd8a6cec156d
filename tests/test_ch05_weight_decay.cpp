// Chapter tests of build/bin/05_weight_decay: short seeded runs checked for what the maths
// guarantees (λ = 3 generalizes better than λ = 0, ‖w‖ shrinks as λ grows, the part of w the
// gradient never touches decays exactly by (1 − ηλ)^k, the decayed step is the SGD step on J,
// gradient descent converges to the closed form), the figures, --export, bad input; and
// weight decay in the MLP: λ > 0 shrinks the weights, never the biases.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "05_weight_decay/choice.hpp"
#include "05_weight_decay/regression.hpp"
#include "05_weight_decay/selection.hpp"
#include "support.hpp"
#include "wb/pattern.hpp"
#include "wb/train.hpp"

BOOST_AUTO_TEST_SUITE(test_ch05_weight_decay)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
using wb::test::count_lines;
using wb::test::run_command;
using wb::test::table_rows;
using wb::test::TempDir;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/05_weight_decay";

/// One row of the sweep table: λ, ‖w‖, the train and test loss after the last epoch.
struct SweepRow {
  double lambda = 0, norm = 0, train = 0, test = 0;
};

std::vector<SweepRow> sweep_in(const std::string& output) {
  std::vector<SweepRow> rows;
  for (const auto& f : table_rows(output, "λ        ‖w‖ SGD")) {
    BOOST_REQUIRE_GE(f.size(), 4u);
    rows.push_back({std::stod(f[0]), std::stod(f[1]), std::stod(f[2]), std::stod(f[3])});
  }
  return rows;
}

/// The first number after `label` in the output (NaN when absent).
double number_after(const std::string& output, const std::string& label) {
  const std::size_t at = output.find(label);
  if (at == std::string::npos) return std::nan("");
  return std::stod(output.substr(at + label.size()));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_short_run_shows_weight_decay_shrinking_w_and_generalizing) {
  TempDir out;
  const auto r = run_command(program + " --epochs 50 --seed 7 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<SweepRow> sweep = sweep_in(r.output);
  BOOST_REQUIRE_EQUAL(sweep.size(), 12u);
  BOOST_TEST(sweep.front().lambda == 0.0);
  BOOST_TEST(sweep.back().lambda == 100.0);
  // ‖w‖ shrinks as λ grows: the decay factor (1 − ηλ)^k of the untouched part falls with λ.
  for (std::size_t i = 1; i < sweep.size(); ++i)
    BOOST_TEST(sweep[i].norm < sweep[i - 1].norm, "‖w‖ at λ = " << sweep[i].lambda << " is not below λ = " << sweep[i - 1].lambda);
  const SweepRow& none = sweep[0];
  const SweepRow& three = *std::find_if(sweep.begin(), sweep.end(), [](const SweepRow& s) { return s.lambda == 3; });
  // The test loss is about ‖w⊥‖²/2 (x ~ N(0, I)), and λ = 3 multiplies w⊥ by (1 − 0.009)^200
  // ≈ 0.16 in 50 epochs: its test loss is about 37 times smaller; 5 leaves room for the rest.
  BOOST_TEST(three.test < none.test / 5, "λ = 3's test loss " << three.test << " vs λ = 0's " << none.test);
  // With 20 samples in 200 dimensions, λ = 0 keeps w's 180 untouched dimensions: ‖w‖ ≈ √180 ± 3σ.
  BOOST_TEST((none.norm > 11 && none.norm < 16), "‖w‖ at λ = 0: " << none.norm);
  BOOST_TEST(none.train < none.test / 100, "λ = 0 should fit the training set far better than the test set");
}

BOOST_AUTO_TEST_CASE(the_untouched_part_decays_exactly_and_the_decayed_step_is_the_sgd_step_on_J) {
  TempDir out;
  const auto r = run_command(program + " --epochs 10 --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  for (const char* lambda : {"0", "3"}) {
    // "λ = 3    ‖w₀⊥‖  (1 − ηλ)^k  predicted  measured  ‖difference‖  ‖w − w⊥‖": six numbers
    const std::string number = R"(\s+([0-9.e+-]+))";
    const auto m = wb::search(r.output, std::string("λ = ") + lambda + number + number + number + number + number + number + "\n");
    BOOST_REQUIRE(!m.empty());
    // Equal in exact arithmetic; ‖w₀⊥‖ ≈ 13, rounding leaves about 1e-14.
    const double difference = std::stod(m[5]);
    BOOST_TEST(difference <= 1e-11, "‖w⊥ − (1 − ηλ)^k w₀⊥‖ at λ = " << lambda << ": " << difference);
  }
  const double difference = number_after(r.output, "largest |difference| ");
  BOOST_TEST(difference <= 1e-12, "the decayed step against the SGD step on J: " << difference);
}

BOOST_AUTO_TEST_CASE(gradient_descent_reaches_the_closed_form_where_it_converges) {
  TempDir out;
  const auto r = run_command(program + " --epochs 1 --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const auto rows = table_rows(r.output, "λ        1 − μ/L");
  BOOST_REQUIRE_EQUAL(rows.size(), 11u);  // every λ > 0 of the sweep
  for (const auto& f : rows) {
    const double lambda = std::stod(f[0]), relative_error = std::stod(f[3]);
    // The rate 1 − μ/L is below 1 and falls as λ grows from 0.001 to 1 (μ grows with λ).
    BOOST_TEST((std::stod(f[1]) > 0.9 && std::stod(f[1]) < 1.0));
    if (lambda >= 0.3) {
      BOOST_TEST(relative_error < 1e-10, "λ = " << lambda << ": gradient descent vs the ridge solution " << relative_error);
    } else if (lambda <= 0.01) {
      BOOST_TEST(f[5] == "not", "λ = " << lambda << " cannot converge in 20000 steps, and the program should say so");
    }
  }
}

BOOST_AUTO_TEST_CASE(draws_the_four_figures) {
  TempDir out;
  const auto r = run_command(program + " --epochs 5 --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  for (const char* name : {"loss_lambda_0", "loss_lambda_3", "sweep_loss", "sweep_norm"}) {
    const fs::path base = out.path() / "05_weight_decay" / name;
    BOOST_TEST(fs::file_size(base.string() + ".dat") > 0u, name);
    BOOST_TEST(fs::exists(base.string() + ".gp"), name);
    BOOST_TEST(fs::exists(base.string() + ".svg"), name);
  }
}

BOOST_AUTO_TEST_CASE(export_writes_the_data_weights_and_losses_with_header_rows) {
  TempDir out, csv;
  const auto r = run_command(program + " --epochs 3 --out " + out.str() + " --export " + csv.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const auto lines = [&](const char* name) {
    std::ifstream in(csv.path() / name);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    return all;
  };
  const auto train = lines("train.csv"), test = lines("test.csv"), weights = lines("weights.csv"), losses = lines("losses.csv");
  BOOST_REQUIRE_EQUAL(train.size(), 21u);  // header + 20 samples
  BOOST_TEST(test.size() == 101u);
  BOOST_TEST(train[0].rfind("y,x1,x2,", 0) == 0u);
  BOOST_TEST(std::count(train[1].begin(), train[1].end(), ',') == 200);  // y and 200 inputs
  BOOST_TEST(weights[0].rfind("model,lambda,b,w1,", 0) == 0u);
  BOOST_TEST(weights.size() == 1u + 1u + 12u + 11u);  // header, init, 12 SGD runs, 11 ridge solutions
  BOOST_TEST(weights[1].rfind("init,", 0) == 0u);
  BOOST_TEST(losses[0] == "lambda,epoch,train_loss,test_loss");
  BOOST_TEST(losses.size() == 1u + 12u * 3u);
  for (const auto& entry : fs::directory_iterator(csv.path()))
    BOOST_TEST(entry.path().extension() != ".tmp", "left behind: " << entry.path());
}

BOOST_AUTO_TEST_CASE(the_same_seed_prints_the_same_output_and_another_seed_does_not) {
  TempDir out;
  const std::string command = program + " --epochs 5 --out " + out.str();
  const auto a = run_command(command + " --seed 11"), b = run_command(command + " --seed 11"),
             c = run_command(command + " --seed 12");
  BOOST_REQUIRE_EQUAL(a.status, 0);
  BOOST_TEST(a.output == b.output);
  BOOST_TEST(a.output != c.output);
}

BOOST_AUTO_TEST_CASE(invalid_options_are_rejected_with_one_line_and_exit_64) {
  for (const char* options : {"--epochs 0", "--epochs abc", "--seed -1", "--no-such-option", "--out /proc/no/such",
                              "--export /proc/no/such", "--folds 1", "--folds 21"}) {
    const auto r = run_command(program + " " + options);
    BOOST_TEST_INFO(options << " printed: " << r.output);
    BOOST_TEST(r.status == 64);
    BOOST_TEST(count_lines(r.output) == 1u);
    BOOST_TEST(r.output.find("Weight decay") == std::string::npos);  // before any work
  }
}

BOOST_AUTO_TEST_CASE(help_lists_every_option) {
  const auto r = run_command(program + " --help");
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--epochs", "--seed", "--out", "--export", "--folds", "--selection"})
    BOOST_TEST(r.output.find(option) != std::string::npos, option);
}

// ---- The chapter's code on its own ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_cv_loss_is_the_mean_over_the_folds_and_the_choice_its_argmin) {
  // CV_K(λ) by hand: fold k's train(λ) on the other folds, its L on fold k, averaged over k.
  wb::ch05::Settings s;
  s.epochs = 5;
  std::mt19937_64 rng(5);
  const wb::ch05::Problem p{wb::ch05::synthetic_data(s, s.n_train, rng), wb::ch05::synthetic_data(s, s.n_test, rng)};
  const wb::ch05::Model init = wb::ch05::init_model(s.inputs, rng);
  const arma::uvec order = wb::shuffled_indices(s.n_train, rng);
  const arma::uword K = 4;
  double by_hand = 0;
  for (arma::uword k = 0; k < K; ++k) {
    const wb::Fold f = wb::kfold_split(order, K, k);
    const wb::ch05::Model m = wb::ch05::train({wb::ch05::subset(p.train, f.train), p.test}, init, 3, s, 9).model;
    by_hand += wb::ch05::squared_loss(m, wb::ch05::subset(p.train, f.validation)) / double(K);
  }
  BOOST_TEST(wb::ch05::cv_loss(p.train, init, 3, order, K, s, 9) == by_hand, boost::test_tools::tolerance(1e-12));
  // λ̂ is the argmin of CV; the best λ the argmin of the test losses given; the ratio ≥ 1.
  const std::vector<double> lambdas = {0, 1, 3}, test = {5, 1, 2};
  const wb::ch05::LambdaChoice c = wb::ch05::choose_lambda(p, init, lambdas, test, order, K, s, 9);
  BOOST_REQUIRE_EQUAL(c.cv.size(), 3u);
  BOOST_TEST(c.cv[c.chosen] == *std::min_element(c.cv.begin(), c.cv.end()));
  BOOST_TEST(c.best_lambda() == 1.0);
  BOOST_TEST(c.ratio() == test[c.chosen] / 1.0);
  BOOST_TEST(c.ratio() >= 1.0);
}

BOOST_AUTO_TEST_CASE(the_ridge_solution_agrees_with_its_dual_form) {
  // Primal (d × d, what the chapter solves) against the dual (n × n) on the centred data:
  // w* = x_c (x_cᵀx_c + nλI)⁻¹ y_cᵀ — a different formula and a different system.
  wb::ch05::Settings s;
  std::mt19937_64 rng(3);
  const wb::ch05::Samples train = wb::ch05::synthetic_data(s, s.n_train, rng);
  const double lambda = 0.5, n = double(train.size());
  const wb::ch05::Model m = wb::ch05::ridge(train, lambda);
  const arma::mat xc = train.x.each_col() - arma::mean(train.x, 1);
  const arma::rowvec yc = train.y - arma::mean(train.y);
  const arma::vec dual = xc * arma::solve(arma::mat(xc.t() * xc + n * lambda * arma::eye(train.size(), train.size())), yc.t());
  BOOST_TEST(arma::norm(m.w - dual) <= 1e-12 * arma::norm(dual), "primal vs dual ridge: " << arma::norm(m.w - dual));
  BOOST_TEST(std::abs(m.b(0) - (arma::mean(train.y) - arma::dot(arma::mean(train.x, 1), dual))) <= 1e-12);
}

// ---- Weight decay in the MLP (02_mlp --weight-decay) -----------------------------------------

BOOST_AUTO_TEST_CASE(in_the_mlp_weight_decay_adds_lambda_w_to_each_weight_gradient_and_nothing_to_the_biases) {
  wb::MlpConfig plain, decayed;
  plain.hidden = decayed.hidden = {6};
  decayed.weight_decay = 0.5;
  wb::Mlp<double> a(5, 3, plain), b(5, 3, decayed);
  a.init(9);
  b.init(9);
  arma::arma_rng::set_seed(4);
  const arma::mat X = arma::randn<arma::mat>(5, 4), dO = arma::randn<arma::mat>(3, 4);
  a.forward(X, wb::Mode::train);
  a.backward(X, dO);
  b.forward(X, wb::Mode::train);
  b.backward(X, dO);
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    BOOST_TEST(arma::abs(b.layers[l].dW - a.layers[l].dW - 0.5 * a.layers[l].W).max() <= 1e-12, "layer " << l + 1 << ": dW");
    BOOST_TEST(arma::abs(b.layers[l].db - a.layers[l].db).max() == 0.0, "layer " << l + 1 << ": the bias is decayed");
  }
}

BOOST_AUTO_TEST_CASE(in_the_mlp_weight_decay_shrinks_the_weights_norm) {
  // Three Gaussian blobs in 20 dimensions, trained with and without decay from the same start.
  arma::arma_rng::set_seed(6);
  wb::Dataset train;
  train.y.set_size(600);
  train.X = arma::randn<arma::fmat>(20, 600);
  for (arma::uword i = 0; i < 600; ++i) {
    train.y(i) = i % 3;
    train.X(train.y(i), i) += 3.0f;
  }
  wb::TrainConfig config;
  config.epochs = 5;
  config.batch_size = 32;
  double squared_norm[2];
  for (int k = 0; k < 2; ++k) {
    wb::MlpConfig net_config;
    net_config.hidden = {16};
    net_config.init_sigma = 0.5;
    net_config.weight_decay = k == 0 ? 0.0 : 0.05;
    wb::Mlp<float> net(20, 3, net_config);
    net.init(config.seed);
    wb::train(net, train, train, config);
    squared_norm[k] = 0;
    for (const auto& layer : net.layers) squared_norm[k] += arma::accu(arma::square(arma::conv_to<arma::mat>::from(layer.W)));
  }
  // 5 epochs of 19 steps shrink the start by (1 − 0.1·0.05)^95 ≈ 0.62 in norm; the data term pushes back less.
  BOOST_TEST(std::sqrt(squared_norm[1]) < 0.9 * std::sqrt(squared_norm[0]),
             "Σ‖W‖ with λ = 0.05: " << std::sqrt(squared_norm[1]) << ", without: " << std::sqrt(squared_norm[0]));
}

BOOST_AUTO_TEST_CASE(the_mlp_program_prints_smaller_weight_norms_with_weight_decay,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const std::string command = std::string(WB_BIN_DIR) + "/02_mlp --epochs 1 --train-size 3000 --out " + out.str();
  const std::string norms = R"(weight norms: ‖W\(1\)‖ = (\S+), ‖W\(2\)‖ = (\S+);)";
  double first[2][2];
  for (int k = 0; k < 2; ++k) {
    const auto r = run_command(command + (k ? " --weight-decay 0.1" : ""));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    const auto m = wb::search(r.output, norms);
    BOOST_REQUIRE(!m.empty());
    first[k][0] = std::stod(m[1]);
    first[k][1] = std::stod(m[2]);
  }
  // 12 steps at lr 0.1 with λ = 0.1: the start shrinks by (1 − 0.01)^12 ≈ 0.89.
  BOOST_TEST(first[1][0] < 0.95 * first[0][0], "‖W(1)‖ with λ = 0.1: " << first[1][0] << ", without: " << first[0][0]);
  BOOST_TEST(first[1][1] < first[0][1], "‖W(2)‖ with λ = 0.1: " << first[1][1] << ", without: " << first[0][1]);
}

// ---- --selection: dropping features against weight decay (selection.hpp) ----------------------

BOOST_AUTO_TEST_SUITE(selection)

/// Mean ½(ŷ − y)² of w on features x, written out here.
double half_loss(const arma::vec& w, const arma::mat& x, const arma::mat& y) {
  return arma::accu(arma::square(w.t() * x - y)) / (2.0 * double(x.n_cols));
}

BOOST_AUTO_TEST_CASE(the_fits_agree_with_the_normal_equations) {
  const wb::ch4::PolyData data = wb::ch05::chapter4_data(5);
  // k = 4: (XXᵀ)w = Xyᵀ on the first four features.
  const arma::mat X4 = data.train_x(4);
  const arma::vec w4 = arma::solve(arma::mat(X4 * X4.t()), arma::vec(X4 * data.train_y().t()));
  const wb::ch05::Fit k4 = wb::ch05::keep_first(data, 4);
  BOOST_TEST(k4.df == 4.0);
  BOOST_TEST(std::abs(k4.train_loss - half_loss(w4, X4, data.train_y())) <= 1e-10);
  BOOST_TEST(std::abs(k4.test_loss - half_loss(w4, data.test_x(4), data.test_y())) <= 1e-10);
  // λ = 10⁻³ on all 20: (XXᵀ + nλD)w = Xyᵀ, D = diag(0, 1, …, 1); df = tr Xᵀ(XXᵀ + nλD)⁻¹X.
  const double lambda = 1e-3, n = double(data.n_train);
  const arma::mat X = data.train_x(20);
  arma::mat D = arma::eye(20, 20);
  D(0, 0) = 0;
  const arma::mat M = X * X.t() + n * lambda * D;
  const arma::vec w = arma::solve(M, arma::vec(X * data.train_y().t()));
  const wb::ch05::Fit r = wb::ch05::decay_all(data, lambda);
  BOOST_TEST(std::abs(r.train_loss - half_loss(w, X, data.train_y())) <= 1e-8);
  BOOST_TEST(std::abs(r.test_loss - half_loss(w, data.test_x(20), data.test_y())) <= 1e-8);
  BOOST_TEST(std::abs(r.df - arma::trace(X.t() * arma::solve(M, X))) <= 1e-8);
}

BOOST_AUTO_TEST_CASE(the_degrees_of_freedom_fall_from_20_as_lambda_grows) {
  const wb::ch05::Selection s = wb::ch05::compare_selection(wb::ch05::chapter4_data(42));
  BOOST_TEST_REQUIRE(s.kept.size() == 20u);
  BOOST_TEST_REQUIRE(s.decayed.size() == 23u);         // 0, 10⁻²⁰ … 10
  BOOST_TEST_REQUIRE(s.decayed_fine.size() == 212u);   // 0, 10⁻²⁰ … 10 by tenths of a decade
  BOOST_TEST(std::abs(s.decayed.front().df - 20) <= 1e-9);
  for (std::size_t i = 1; i < s.decayed_fine.size(); ++i)
    BOOST_TEST(s.decayed_fine[i].df < s.decayed_fine[i - 1].df, "λ = " << s.decayed_fine[i].setting);
  BOOST_TEST((s.decayed.back().df > 1 && s.decayed.back().df < 1.3));  // λ = 10: w₀ and a little more
  // λ = 0 is least squares on all 20 features, the same fit as k = 20.
  BOOST_TEST(std::abs(s.decayed.front().train_loss - s.kept.back().train_loss) <= 1e-9);
}

BOOST_AUTO_TEST_CASE(the_numbers_the_page_states) {
  // Seed 42 (the docs run): k = 4 at 5.3345e-03; λ = 1.26e-05, df 7.18, at 5.1788e-03.
  const wb::ch05::Selection s = wb::ch05::compare_selection(wb::ch05::chapter4_data(42));
  const wb::ch05::Fit& k = wb::ch05::best(s.kept);
  const wb::ch05::Fit& l = wb::ch05::best(s.decayed_fine);
  BOOST_TEST(k.setting == 4.0);
  BOOST_TEST(std::abs(k.test_loss - 5.3345e-3) <= 1e-7);
  BOOST_TEST(std::abs(l.setting - 1.26e-5) <= 0.01e-5);
  BOOST_TEST(std::abs(l.df - 7.18) <= 0.01);
  BOOST_TEST(std::abs(l.test_loss - 5.1788e-3) <= 1e-7);
  BOOST_TEST(std::abs(s.kept[2].test_loss - 5.717) <= 1e-3);  // k = 3
  // Seeds 42, 1, 2, 3: the best of each within 3% of the other, either way; the best λ in
  // [1e-5, 3e-4], with df 5.9 … 7.2.
  for (std::uint64_t seed : {42, 1, 2, 3}) {
    const wb::ch05::Selection t = wb::ch05::compare_selection(wb::ch05::chapter4_data(seed));
    const wb::ch05::Fit& bk = wb::ch05::best(t.kept);
    const wb::ch05::Fit& bl = wb::ch05::best(t.decayed_fine);
    BOOST_TEST(std::abs(bl.test_loss / bk.test_loss - 1) <= 0.03, "seed " << seed);
    BOOST_TEST((bl.setting >= 1e-5 && bl.setting <= 3e-4), "seed " << seed << ": λ " << bl.setting);
    BOOST_TEST((bl.df >= 5.9 && bl.df <= 7.2), "seed " << seed << ": df " << bl.df);
  }
}

BOOST_AUTO_TEST_CASE(the_program_draws_the_figure_and_refuses_an_export) {
  TempDir out;
  const auto r = run_command(program + " --selection --out " + out.str());
  BOOST_TEST(r.status == 0, r.output);
  BOOST_TEST(number_after(r.output, "lowest test loss: k = ") == 4.0, r.output);
  BOOST_TEST(fs::exists(fs::path(out.str()) / "05_weight_decay" / "selection.dat"));
  const auto bad = run_command(program + " --selection --export " + out.str());
  BOOST_TEST(bad.status == 64, bad.output);
  BOOST_TEST(count_lines(bad.output) == 1u, bad.output);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_ch05_weight_decay
