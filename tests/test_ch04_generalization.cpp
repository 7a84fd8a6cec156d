// Chapter tests of build/bin/04_generalization: the polynomial part as the book runs it (it
// takes well under a second), a short validation run on a Fashion-MNIST subset, the figures,
// the CSV export, and every kind of bad input, run as a user would.
//
// What is checked is what the mathematics guarantees, or what holds for every seed measured
// (chapter 4's page lists them): an exact fit through three points, the least-squares weights
// near the book's cubic, the 20-feature least-squares fit far worse on the test set than the
// 4-feature one, the underfit's loss far above the noise. The comparison of the two SGD fits
// (the 20-feature fit's test loss above the 4-feature fit's) depends on the data drawn: it
// holds for the default seed 42 checked here, and for 12 of the 20 seeds on the page.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"
#include "wb/pattern.hpp"

BOOST_AUTO_TEST_SUITE(test_ch04_generalization)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
using wb::test::count_lines;
using wb::test::run_command;
using wb::test::TempDir;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/04_generalization";

/// The number after `label` in `text` (the first occurrence after `from`), or NaN.
double number_after(const std::string& text, const std::string& label, const std::string& from = "") {
  const std::size_t start = from.empty() ? 0 : text.find(from);
  if (start == std::string::npos) return NAN;
  const std::size_t at = text.find(label, start);
  if (at == std::string::npos) return NAN;
  return std::stod(text.substr(at + label.size()));
}

/// The weights on the line starting with `label` after `from`: "[  5.0057,  1.2080, …]".
std::vector<double> weights_after(const std::string& text, const std::string& label, const std::string& from) {
  const std::size_t at = text.find(label, text.find(from));
  std::vector<double> w;
  if (at == std::string::npos) return w;
  std::stringstream line(text.substr(text.find('[', at) + 1, text.find(']', at) - text.find('[', at) - 1));
  for (std::string cell; std::getline(line, cell, ',');) w.push_back(std::stod(cell));
  return w;
}

/// The losses printed for one of the book's fits ("Normal", "Underfitting", "Overfitting").
struct FitLosses {
  double sgd_train = NAN, sgd_test = NAN, exact_train = NAN, exact_test = NAN;
};

FitLosses fit_losses(const std::string& text, const std::string& fit) {
  FitLosses f;
  const std::string from = "\n" + fit + " (";
  f.sgd_train = number_after(text, "SGD            train loss ", from);
  f.sgd_test = number_after(text.substr(text.find("SGD            train loss", text.find(from))), "test loss ");
  f.exact_train = number_after(text, "least squares  train loss ", from);
  f.exact_test = number_after(text.substr(text.find("least squares  train loss", text.find(from))), "test loss ");
  return f;
}

/// The output without its timing line, for comparing two runs.
std::string without_timing(const std::string& out) { return wb::replace_all(out, "Total time [^\n]*\n", ""); }

/// Runs the polynomial part once (no Fashion-MNIST) with `options`; shared by several cases.
const wb::test::CommandResult& polynomial_run() {
  static TempDir out;
  static const wb::test::CommandResult r = run_command(program + " --no-fashion-mnist --out " + out.str());
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(three_points_are_fitted_exactly_from_degree_two_on) {
  const auto& r = polynomial_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::size_t at = r.output.find("1. Three points");
  BOOST_REQUIRE(at != std::string::npos);
  const std::string header_end = "‖w‖\n";
  std::stringstream table(r.output.substr(r.output.find(header_end, at) + header_end.size()));
  for (int degree = 0; degree <= 4; ++degree) {
    int deg = -1, params = 0;
    double train = NAN, test = NAN;
    table >> deg >> params >> train >> test;
    table.ignore(1000, '\n');
    BOOST_TEST(deg == degree);
    BOOST_TEST(params == degree + 1);
    if (degree >= 2) BOOST_TEST(train < 1e-20, "degree " << degree << " through 3 points: train loss " << train);
    if (degree == 0) BOOST_TEST(train > 1e-3, "a constant through 3 distinct values cannot fit them: " << train);
    BOOST_TEST(test > 0.1, "degree " << degree << ": a fit to 3 points predicts the test set well? " << test);
  }
}

BOOST_AUTO_TEST_CASE(the_four_feature_fit_finds_the_cubic_and_agrees_with_least_squares) {
  const auto& r = polynomial_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<double> sgd = weights_after(r.output, "weight SGD:", "Normal");
  const std::vector<double> exact = weights_after(r.output, "weight exact:", "Normal");
  const double truth[] = {5.0, 1.2, -3.4, 5.6};
  BOOST_REQUIRE_EQUAL(sgd.size(), 4u);
  BOOST_REQUIRE_EQUAL(exact.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    // 100 examples with noise 0.1: the least-squares weights lie within 0.04 of the cubic's
    // for all 20 seeds measured; 0.1 is the band.
    BOOST_TEST(std::abs(exact[i] - truth[i]) <= 0.1, "least-squares w" << i << " = " << exact[i]);
    // seed 42's 4 features are well conditioned (λ_min = 0.17): 400 epochs converge.
    BOOST_TEST(std::abs(sgd[i] - exact[i]) <= 0.02, "SGD w" << i << " = " << sgd[i] << ", exact " << exact[i]);
  }
  const FitLosses normal = fit_losses(r.output, "Normal");
  BOOST_TEST((normal.sgd_train > 0.002 && normal.sgd_train < 0.01), "4 features: train loss " << normal.sgd_train
                                                                     << " (the noise alone gives σ²/2 = 0.005)");
  BOOST_TEST((normal.sgd_test > 0.002 && normal.sgd_test < 0.01), "4 features: test loss " << normal.sgd_test);
}

BOOST_AUTO_TEST_CASE(two_features_underfit_and_twenty_overfit) {
  const auto& r = polynomial_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const FitLosses normal = fit_losses(r.output, "Normal"), under = fit_losses(r.output, "Underfitting"),
                  over = fit_losses(r.output, "Overfitting");
  // A line cannot follow the cubic: its least squares loss stays above 1.6 for all 20 seeds.
  BOOST_TEST(under.exact_train > 1.0, "2 features: least-squares train loss " << under.exact_train);
  BOOST_TEST(under.sgd_train >= under.exact_train * (1 - 1e-6), "SGD below the least-squares minimum? " << under.sgd_train);
  // The 20-feature least-squares fit: the lowest train loss, a test loss far above the 4-feature one.
  BOOST_TEST(over.exact_train <= normal.exact_train, "20 features: exact train " << over.exact_train);
  BOOST_TEST(over.exact_test > 10 * normal.exact_test, "20 features: exact test " << over.exact_test);
  // The book's statement, for SGD: true for seed 42 (and 12 of the 20 seeds on the page).
  BOOST_TEST(over.sgd_test > normal.sgd_test, "20-feature SGD test loss " << over.sgd_test << " vs 4-feature " << normal.sgd_test);
  BOOST_TEST(over.sgd_test > over.sgd_train, "20-feature SGD: test " << over.sgd_test << " vs train " << over.sgd_train);
  BOOST_TEST(r.output.find("Test loss of the 20-feature fit exceeds the 4-feature fit's") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_exact_twenty_feature_fit_is_far_worse_on_the_test_set_and_cv_chooses_few_features) {
  const auto& r = polynomial_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::size_t at = r.output.find("features  exact train");
  BOOST_REQUIRE(at != std::string::npos);
  std::stringstream table(r.output.substr(r.output.find('\n', at) + 1));
  std::vector<double> exact_test(21, NAN);
  for (int d = 1; d <= 20; ++d) {
    int features = 0;
    double train = NAN, test = NAN;
    table >> features >> train >> test;
    table.ignore(1000, '\n');
    BOOST_REQUIRE_EQUAL(features, d);
    exact_test[d] = test;
  }
  // Over 20 seeds the ratio was at least 12; the band is 10.
  BOOST_TEST(exact_test[20] > 10 * exact_test[4], "exact test loss, 20 features " << exact_test[20] << ", 4: " << exact_test[4]);
  const double chosen = number_after(r.output, "cross-validation chooses ");
  BOOST_TEST((chosen >= 4 && chosen <= 8), "K-fold CV chose " << chosen << " features (4, 5 or 8 over 20 seeds)");
}

BOOST_AUTO_TEST_CASE(the_scaling_is_explained_and_sgd_on_raw_powers_diverges) {
  const auto& r = polynomial_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.output.find("SGD at lr 0.01 on the 20 raw powers: the loss is no longer finite") != std::string::npos);
  BOOST_TEST(r.output.find("1/i! makes x worse conditioned") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_gradient_without_its_mean_takes_ten_times_the_step_and_still_converges) {
  const auto& r = polynomial_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::string from = "A gradient without its 1/n";
  BOOST_REQUIRE(r.output.find(from) != std::string::npos);
  BOOST_TEST(number_after(r.output, "the steps of lr ", from) == 0.1);  // batch 10 × lr 0.01
  // lr 0.1 is far below 2/λ_max ≈ 1 for both feature sets: the fits converge, to the noise level.
  const double four = number_after(r.output, " 4 features, 400 epochs, stable below lr 1.06: train loss ", from);
  const double twenty = number_after(r.output, "20 features, 1500 epochs, stable below lr 0.999: train loss ", from);
  BOOST_TEST((four >= 0.003 && four <= 0.006), "4 features: train loss " << four);
  BOOST_TEST((twenty >= 0.003 && twenty <= 0.01), "20 features: train loss " << twenty);
}

BOOST_AUTO_TEST_CASE(a_short_validation_run_chooses_on_the_validation_set_and_draws_every_figure,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const auto r = run_command(program + " --train-size 300 --validation-size 300 --mlp-epochs 8 --mlp-batch-size 32 --seed 3 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.output.find("300 validation and 300 training images") != std::string::npos);
  for (const char* net : {"small 784-4-10 epoch  8/8", "large 784-256-10 epoch  8/8"})
    BOOST_TEST(r.output.find(net) != std::string::npos, net);
  const double test_acc = number_after(r.output, "measured once: ");
  BOOST_TEST((test_acc > 0.3 && test_acc <= 1.0), "test accuracy " << test_acc);
  for (const char* name : {"three_points", "loss_normal", "loss_underfit", "loss_overfit", "capacity", "samples", "validation"}) {
    BOOST_TEST(fs::file_size(out.path() / "04_generalization" / (std::string(name) + ".dat")) > 0u, name);
    BOOST_TEST(fs::exists(out.path() / "04_generalization" / (std::string(name) + ".svg")), name);
  }
}

BOOST_AUTO_TEST_CASE(export_writes_csv_files_with_a_header_that_recheck_the_printed_numbers) {
  TempDir out, exported;
  const auto r = run_command(program + " --no-fashion-mnist --out " + out.str() + " --export " + exported.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"data.csv", "set,x,y"}, {"three_points.csv", "degree,train_loss,test_loss,norm_w"},
      {"weights.csv", "fit,i,w_sgd,w_exact"}, {"losses.csv", "fit,epoch,train_loss,test_loss"},
      {"capacity.csv", "features,exact_train,exact_test,cv,sgd_train,sgd_test"},
      {"samples.csv", "examples,test_4_features,test_20_features"}};
  for (const auto& [name, header] : files) {
    std::ifstream in(exported.path() / name);
    std::string first;
    BOOST_TEST(static_cast<bool>(std::getline(in, first)), name);
    BOOST_TEST(first == header, name << " starts with " << first);
    BOOST_TEST(!fs::exists(exported.path() / (name + ".tmp")), name << ".tmp left behind");
  }
  std::ifstream data(exported.path() / "data.csv");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(data, line)) rows += !line.empty();
  BOOST_TEST(rows == 201u);  // header + 100 training + 100 test examples
  // The 4-feature SGD weight w0 exported equals the printed one to the printed digits.
  std::ifstream weights(exported.path() / "weights.csv");
  std::getline(weights, line);
  std::getline(weights, line);  // 4_features,0,w_sgd,w_exact
  BOOST_REQUIRE_EQUAL(line.rfind("4_features,0,", 0), 0u);
  const double w0 = std::stod(line.substr(13));
  BOOST_TEST(std::abs(w0 - weights_after(r.output, "weight SGD:", "Normal").at(0)) <= 5e-5);
}

BOOST_AUTO_TEST_CASE(the_same_seed_prints_the_same_output) {
  TempDir a, b;
  const auto first = run_command(program + " --no-fashion-mnist --seed 7 --out " + a.str());
  const auto second = run_command(program + " --no-fashion-mnist --seed 7 --out " + b.str());
  BOOST_REQUIRE_EQUAL(first.status, 0);
  BOOST_TEST(without_timing(first.output).size() > 2000u);
  // The output names the --out directory in its "wrote" lines: compare from the start to there.
  const auto head = [](const std::string& s) { return without_timing(s).substr(0, s.find("\nwrote ")); };
  BOOST_TEST(head(first.output) == head(second.output));
  const auto other = run_command(program + " --no-fashion-mnist --seed 8 --out " + a.str());
  BOOST_TEST(head(other.output) != head(first.output));
}

BOOST_AUTO_TEST_CASE(invalid_options_give_one_line_and_exit_64) {
  TempDir out;
  for (const std::string options : {"--lr 0", "--epochs 0", "--batch-size 0", "--folds 1", "--folds 101", "--loss l1",
                                    "--seed -1", "--train-size 70000", "--validation-size 0", "--mlp-epochs 0",
                                    "--small-hidden 0", "--no-such-option", "--train-size 50000 --validation-size 20000"}) {
    const auto r = run_command(program + " " + options + " --out " + out.str());
    BOOST_TEST_INFO(options << " printed: " << r.output);
    BOOST_TEST(r.status == 64);
    BOOST_TEST(count_lines(r.output) == 1u);
  }
  const auto r = run_command(program + " --export /proc/no-such-dir/export --out " + out.str());
  BOOST_TEST(r.status == 64);
  BOOST_TEST(r.output.find("--export") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_data_stops_before_any_output_unless_part_three_is_skipped) {
  TempDir out;
  const auto r = run_command(program + " --data /nonexistent/fashion --out " + out.str());
  BOOST_TEST(r.status == 2);
  BOOST_TEST(count_lines(r.output) == 1u);
  BOOST_TEST(r.output.find("dataset-fashion-mnist") != std::string::npos);
  BOOST_TEST(r.output.find("--no-fashion-mnist") != std::string::npos);  // the way to run without it
  const auto skipped = run_command(program + " --data /nonexistent/fashion --no-fashion-mnist --out " + out.str());
  BOOST_TEST(skipped.status == 0);
}

BOOST_AUTO_TEST_CASE(a_learning_rate_too_large_stops_naming_the_fit_and_a_stable_rate) {
  TempDir out;
  const auto r = run_command(program + " --lr 3 --no-fashion-mnist --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.output.find("SGD diverged in epoch") != std::string::npos);
  BOOST_TEST(r.output.find("try --lr") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_lists_every_option) {
  const auto r = run_command(program + " --help");
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--epochs", "--lr", "--batch-size", "--loss", "--folds", "--seed", "--out", "--export",
                             "--no-fashion-mnist", "--data", "--train-size", "--validation-size", "--mlp-epochs",
                             "--small-hidden", "--large-hidden", "--threads"})
    BOOST_TEST(r.output.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_SUITE_END()  // test_ch04_generalization
