// Chapter tests of build/bin/06_dropout: one short seeded run (the book's small case, the
// moments, both networks for a few epochs on a subset, dropout against DropConnect, figures and
// CSV files), reproducibility, dropout outside [0, 1) refused (also by 02_mlp); and wb::Mlp's
// dropout modes: evaluation is the identity, p = 0 is no dropout, p outside [0, 1) is refused.
//
// Every band is four standard deviations of the estimate it bounds, computed here from p and the
// number of draws; the networks' accuracies are checked against bands that hold over seeds 1–5
// and 42 (chapter 6's page lists the measurements).
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "06_dropout/robustness.hpp"
#include "support.hpp"
#include "wb/pattern.hpp"
#include "wb/error.hpp"
#include "wb/mlp.hpp"

BOOST_AUTO_TEST_SUITE(test_ch06_dropout)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
using wb::test::count_lines;
using wb::test::Epoch;
using wb::test::epochs_in;
using wb::test::run_command;
using wb::test::TempDir;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/06_dropout";
constexpr int short_epochs = 5;
constexpr double draws = 4000;

/// The short run every output check reads: run once, kept for the whole module.
struct ShortRun {
  TempDir out{"wb-ch06-out"}, csv{"wb-ch06-csv"};
  wb::test::CommandResult result;
  ShortRun() {
    result = run_command(program + " --epochs " + std::to_string(short_epochs) + " --draws 4000 --seed 3 --out " +
                         out.str() + " --export " + csv.str());
  }
};

const ShortRun& short_run() {
  static const ShortRun run;
  return run;
}

/// The text after `marker` (up to the next blank line).
std::string section(const std::string& output, const std::string& marker) {
  const std::size_t from = output.find(marker);
  BOOST_REQUIRE_MESSAGE(from != std::string::npos, "no '" << marker << "' in the output");
  const std::size_t to = output.find("\n\n", from);
  return output.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

/// The numbers of a printed matrix: every line of the block after `marker` until a line without digits.
arma::mat matrix_after(const std::string& output, const std::string& marker) {
  std::istringstream in(output.substr(output.find(marker) + marker.size()));
  std::string line;
  std::getline(in, line);  // the rest of the marker's line
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line) && line.rfind("   ", 0) == 0 && line.find_first_of("0123456789") != std::string::npos) {
    std::istringstream cells(line);
    rows.emplace_back();
    for (double v; cells >> v;) rows.back().push_back(v);
  }
  arma::mat M(rows.size(), rows.empty() ? 0 : rows.front().size());
  for (arma::uword r = 0; r < M.n_rows; ++r)
    for (arma::uword c = 0; c < M.n_cols; ++c) M(r, c) = rows[r][c];
  return M;
}

/// The numbers on the line that starts (after indentation) with `label`.
std::vector<double> numbers_on(const std::string& text, const std::string& label) {
  const std::size_t at = text.find("   " + label);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no line '" << label << "'");
  std::string line = text.substr(at + 3 + label.size());
  line = line.substr(0, line.find('\n'));
  std::vector<double> found;
  for (const auto& number : wb::search_all(line, R"([-+]?\d+(\.\d+)?)")) found.push_back(std::stod(number[0]));
  return found;
}

/// The epoch lines of the run that starts at `header` ("no dropout:" or "dropout 0.2,0.5:").
std::vector<Epoch> run_epochs(const std::string& output, const std::string& header) {
  return epochs_in(section(output, "\n" + header));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(the_program)

BOOST_AUTO_TEST_CASE(prints_the_books_small_case_for_p_0_half_and_1,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const std::string& out = short_run().result.output;
  BOOST_TEST_MESSAGE(out);
  BOOST_REQUIRE_EQUAL(short_run().result.status, 0);
  const arma::mat X = arma::reshape(arma::regspace(0.0, 15.0), 8, 2).t();  // the book's torch.arange(16).reshape(2, 8)
  BOOST_TEST(arma::approx_equal(matrix_after(out, "2 x 8 matrix"), X, "absdiff", 0.0));
  BOOST_TEST(arma::approx_equal(matrix_after(out, "p = 0):"), X, "absdiff", 0.0), "p = 0 must leave X as it is");
  BOOST_TEST(arma::approx_equal(matrix_after(out, "p = 1):"), arma::mat(2, 8, arma::fill::zeros), "absdiff", 0.0),
             "p = 1 must drop everything");
  const arma::mat half = matrix_after(out, "p = 0.5):");
  BOOST_REQUIRE_EQUAL(half.n_elem, 16u);
  arma::uword zeros = 0;
  for (arma::uword k = 0; k < 16; ++k) {
    BOOST_TEST((half(k) == 0.0 || half(k) == 2 * X(k)), "entry " << k << " is " << half(k) << ", neither 0 nor 2·" << X(k));
    zeros += half(k) == 0.0 && X(k) != 0.0;
  }
  BOOST_TEST((zeros >= 2 && zeros <= 14), zeros << " of 15 non-zero entries dropped with p = 0.5");  // P(outside) < 1e-3
}

BOOST_AUTO_TEST_CASE(the_moments_on_a_million_entries_are_within_binomial_bands,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const std::string table = section(short_run().result.output, "On 1000000 entries");
  const double N = 1e6;
  for (const double p : {0.2, 0.5}) {
    // h = 1: dropped ~ Binomial(N, p)/N; h′ = m with E m = 1, Var m = p/(1 − p); h′² = m², Var m² = p/(1 − p)³
    const std::vector<double> v = numbers_on(table, p == 0.2 ? "0.2 " : "0.5 ");  // dropped, mean h′, mean h′², 1/(1 − p)
    BOOST_REQUIRE_EQUAL(v.size(), 4u);
    BOOST_TEST(std::abs(v[0] - p) <= 4 * std::sqrt(p * (1 - p) / N), "p = " << p << ": dropped " << v[0]);
    BOOST_TEST(std::abs(v[1] - 1) <= 4 * std::sqrt(p / (1 - p) / N), "p = " << p << ": mean of h′ " << v[1]);
    BOOST_TEST(std::abs(v[2] - 1 / (1 - p)) <= 4 * std::sqrt(p / std::pow(1 - p, 3) / N),
               "p = " << p << ": mean of h′² " << v[2] << ", not E[h²]/(1 − p) = " << 1 / (1 - p));
  }
}

BOOST_AUTO_TEST_CASE(both_networks_learn_and_in_a_few_epochs_dropout_neither_hurts_nor_narrows_the_gap,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  // Over seeds 1–5 and 42 (5 epochs on 10240 images, means of epochs 4 and 5): test accuracy
  // 0.68–0.76 with or without dropout; the generalization gap (the training images with dropout
  // off, minus test) +0.006 to +0.015 for both, at most 0.006 apart: there is no overfitting
  // yet for dropout to prevent (chapter 6's page, "What the gap shows"). One epoch's values
  // move more, hence the wider bands below.
  const std::string& out = short_run().result.output;
  BOOST_REQUIRE_EQUAL(short_run().result.status, 0);
  const std::vector<Epoch> plain = run_epochs(out, "no dropout:"), dropped = run_epochs(out, "dropout 0.2,0.5:");
  BOOST_REQUIRE_EQUAL(plain.size(), std::size_t(short_epochs));
  BOOST_REQUIRE_EQUAL(dropped.size(), std::size_t(short_epochs));
  // One epoch's test accuracy jumps by several points at lr 0.5: judge the mean of the last two.
  const auto last_two = [](const std::vector<Epoch>& e) { return (e[e.size() - 1].test_acc + e[e.size() - 2].test_acc) / 2; };
  for (const auto* e : {&plain, &dropped}) {
    BOOST_TEST(e->back().train_loss < e->front().train_loss - 1.0);
    BOOST_TEST(last_two(*e) > 0.62);
  }
  BOOST_TEST(std::abs(last_two(plain) - last_two(dropped)) <= 0.06);
  const std::string table = section(out, "After epoch");
  const std::vector<double> a = numbers_on(table, "no dropout"), b = numbers_on(table, "dropout 0.2,0.5");
  BOOST_REQUIRE_EQUAL(a.size(), 6u);  // train loss, train acc, test acc, off, acc - test, off - test
  BOOST_REQUIRE_EQUAL(b.size(), 6u);
  const double gap_plain = a[5], gap_dropped = b[5];
  BOOST_TEST((gap_plain > -0.02 && gap_plain < 0.05), "gap without dropout " << gap_plain);
  BOOST_TEST((gap_dropped > -0.02 && gap_dropped < 0.05), "gap with dropout " << gap_dropped);
  BOOST_TEST(std::abs(gap_plain - gap_dropped) <= 0.02);
  // The book's row is one d2l run on all 60 000 images for 10 epochs: this run is marked as another.
  BOOST_TEST(table.find("the book (d2l), dropout 0.2,0.5") == std::string::npos);
  BOOST_TEST(table.find("the book (d2l): another run, *") != std::string::npos);
  BOOST_TEST(table.find("this one has 10240 training images, not 60000, 5 epochs, not 10;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(dropout_and_dropconnect_agree_per_unit_and_differ_in_correlation,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const std::string table = section(short_run().result.output, "Dropout or DropConnect?");
  BOOST_TEST(table.find("h (256x1)") != std::string::npos);
  BOOST_TEST(table.find("W (10x256)") != std::string::npos);
  const std::vector<double> count = numbers_on(table, "random numbers per example");
  BOOST_TEST((count == std::vector<double>{256, 2560}));
  const double p = 0.5;
  const std::vector<double> zeroed = numbers_on(table, "fraction of the masked entries zeroed");
  BOOST_TEST(std::abs(zeroed[0] - p) <= 4 * std::sqrt(p * (1 - p) / (256 * draws)));
  BOOST_TEST(std::abs(zeroed[1] - p) <= 4 * std::sqrt(p * (1 - p) / (2 * 256 * draws)));
  // "mean of o_9 (ankle boot)  dropout DropConnect closed-form", then the variance line alike
  std::istringstream lines(table);
  std::vector<std::vector<double>> means, variances;
  for (std::string line; std::getline(lines, line);) {
    const bool mean = line.rfind("   mean of o_", 0) == 0, variance = line.rfind("   variance of o_", 0) == 0;
    if (!mean && !variance) continue;
    const std::vector<double> v = numbers_on(line, line.substr(3, line.find(')') - 2));
    BOOST_REQUIRE_EQUAL(v.size(), 3u);
    (mean ? means : variances).push_back(v);
  }
  BOOST_REQUIRE_EQUAL(means.size(), 2u);
  BOOST_REQUIRE_EQUAL(variances.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const double sigma2 = variances[k][2];
    for (std::size_t method = 0; method < 2; ++method) {  // sample mean: within 4 σ/√draws of the closed form
      BOOST_TEST(std::abs(means[k][method] - means[k][2]) <= 4 * std::sqrt(sigma2 / draws) + 1e-4,
                 "unit " << k << ", method " << method << ": mean " << means[k][method] << " vs " << means[k][2]);
      // sample variance of near-normal draws: relative standard deviation √(2/draws)
      BOOST_TEST(std::abs(variances[k][method] - sigma2) <= 5 * std::sqrt(2 / draws) * sigma2 + 1e-4,
                 "unit " << k << ", method " << method << ": variance " << variances[k][method] << " vs " << sigma2);
    }
  }
  const std::vector<double> r = numbers_on(table, "correlation of the two");
  BOOST_REQUIRE_EQUAL(r.size(), 4u);  // dropout, DropConnect, closed form for dropout, 0
  BOOST_TEST(r[2] > 0.3, "the two logits' weight rows share features: their dropout correlation should be large");
  BOOST_TEST(std::abs(r[0] - r[2]) <= 4 * (1 - r[2] * r[2]) / std::sqrt(draws) + 1e-4, "dropout's correlation " << r[0]);
  BOOST_TEST(std::abs(r[1]) <= 4 / std::sqrt(draws), "DropConnect's correlation " << r[1] << " should be 0");
}

BOOST_AUTO_TEST_CASE(draws_three_figures_and_exports_three_csv_files_with_headers,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const ShortRun& run = short_run();
  BOOST_REQUIRE_EQUAL(run.result.status, 0);
  for (const char* name : {"curves", "gap", "dropconnect"}) {
    const fs::path base = run.out.path() / "06_dropout" / name;
    BOOST_TEST(fs::file_size(base.string() + ".dat") > 0u, name);
    BOOST_TEST(fs::exists(base.string() + ".gp"), name);
    BOOST_TEST(fs::exists(base.string() + ".svg"), name);
  }
  const auto lines = [&](const char* file) {
    std::ifstream in(run.csv.path() / file);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    return all;
  };
  const std::vector<std::string> epochs = lines("epochs.csv"), small = lines("small_case.csv"), masks = lines("dropconnect.csv");
  BOOST_REQUIRE_EQUAL(epochs.size(), 1u + 2 * short_epochs);
  BOOST_TEST(epochs[0] == "run,epoch,train_loss,train_acc,test_acc,train_acc_dropout_off");
  BOOST_TEST(epochs[1].rfind("no dropout,1,", 0) == 0);
  BOOST_TEST(epochs.back().rfind("dropout,5,", 0) == 0);
  BOOST_REQUIRE_EQUAL(small.size(), 7u);  // header, two rows for each of p = 0, 0.5, 1
  BOOST_TEST(small[0] == "p,row,c0,c1,c2,c3,c4,c5,c6,c7");
  BOOST_TEST(small[1] == "0,0,0,1,2,3,4,5,6,7");
  BOOST_TEST(small[2] == "0,1,8,9,10,11,12,13,14,15");
  BOOST_TEST(small[6] == "1,1,0,0,0,0,0,0,0,0");
  BOOST_REQUIRE_EQUAL(masks.size(), 7u);
  BOOST_TEST(masks[0] == "quantity,dropout,dropconnect,closed_form");
  for (const auto& entry : fs::directory_iterator(run.csv.path()))
    BOOST_TEST(entry.path().string().find(".tmp") == std::string::npos, "a temporary file was left: " << entry.path());
}

BOOST_AUTO_TEST_CASE(dropout_zero_trains_exactly_the_network_without_dropout,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const auto r = run_command(program + " --train-size 2560 --epochs 2 --draws 500 --dropout 0,0 --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<Epoch> a = run_epochs(r.output, "no dropout:"), b = run_epochs(r.output, "dropout 0,0:");
  BOOST_REQUIRE_EQUAL(a.size(), 2u);
  BOOST_REQUIRE_EQUAL(b.size(), 2u);
  for (std::size_t e = 0; e < 2; ++e) {
    BOOST_TEST(a[e].train_loss == b[e].train_loss);
    BOOST_TEST(a[e].test_acc == b[e].test_acc);
  }
}

// Every program's wrong inputs are in test_bad_input; here the ones of this chapter's subject:
// p outside [0, 1), the wrong number of probabilities, a negative λ, an --export that cannot be
// written.
BOOST_AUTO_TEST_CASE(dropout_outside_zero_to_one_is_refused_with_one_line_and_exit_64) {
  TempDir dir;
  std::ofstream(dir.path() / "a_file") << "not a directory";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--dropout 1.5,0.5", "--dropout: must be a number in [0, 1), not 1.5"},
      {"--dropout 0.2,1", "--dropout: must be a number in [0, 1), not 1"},
      {"--dropout -0.1,0.5", "--dropout: must be a number in [0, 1), not -0.1"},
      {"--dropout 0.5", "--dropout: give two probabilities"},
      {"--weight-decay -0.1", "--weight-decay: must be a number in [0, 1], not -0.1"},
      {"--export " + (dir.path() / "a_file" / "sub").string(), "--export"}};
  for (const auto& [options, message] : cases) {
    const auto r = run_command(program + " " + options);
    BOOST_TEST_INFO(options << " printed: " << r.output);
    BOOST_TEST(r.status == 64);
    BOOST_TEST(count_lines(r.output) == 1u);
    BOOST_TEST(r.output.find(message) != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_chapter_2_program_refuses_dropout_outside_zero_to_one_too) {
  for (const char* options : {"--hidden 256,256 --dropout 1.5,0.5", "--dropout 1"}) {
    const auto r = run_command(std::string(WB_BIN_DIR) + "/02_mlp " + options);
    BOOST_TEST_INFO(options << " printed: " << r.output);
    BOOST_TEST(r.status == 64);
    BOOST_TEST(count_lines(r.output) == 1u);
    BOOST_TEST(r.output.find("--dropout: must be a number in [0, 1)") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(help_lists_every_option) {
  const auto r = run_command(program + " --help");
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--epochs", "--lr", "--dropout", "--weight-decay", "--train-size", "--draws", "--step",
                             "--seed", "--data", "--out", "--export", "--threads"})
    BOOST_TEST(r.output.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_SUITE_END()

// Dropout as robustness (chapters/06_dropout/robustness.hpp): the corruptions and the table.
BOOST_AUTO_TEST_SUITE(robustness)

BOOST_AUTO_TEST_CASE(the_corruptions_add_noise_of_sigma_and_zero_a_fraction_q) {
  const arma::uword rows = 784, cols = 500;  // 392 000 pixels
  const arma::fmat X = arma::fmat(rows, cols, arma::fill::value(0.5f));
  const wb::ch06::NoiseDraws d = wb::ch06::draw_noise(rows, cols, 9);
  const double n = double(X.n_elem);
  BOOST_TEST(arma::approx_equal(wb::ch06::corrupt(X, {wb::ch06::Noise::none, 0}, d), X, "absdiff", 0.0f));
  for (double sigma : {0.1, 0.5}) {
    const arma::fmat e = wb::ch06::corrupt(X, {wb::ch06::Noise::gaussian, sigma}, d) - X;
    // mean within 4σ/√n of 0, standard deviation within 4σ/√(2n) of σ
    BOOST_TEST(std::abs(double(arma::mean(arma::vectorise(e)))) <= 4 * sigma / std::sqrt(n), sigma);
    BOOST_TEST(std::abs(double(arma::stddev(arma::vectorise(e))) - sigma) <= 4 * sigma / std::sqrt(2 * n), sigma);
  }
  arma::fmat previous = X;
  for (double q : {0.1, 0.25, 0.5}) {
    const arma::fmat Z = wb::ch06::corrupt(X, {wb::ch06::Noise::zeroed, q}, d);
    const double zeroed = double(arma::accu(Z == 0.0f)) / n;
    BOOST_TEST(std::abs(zeroed - q) <= 4 * std::sqrt(q * (1 - q) / n), q);  // binomial, 4 standard deviations
    BOOST_TEST(arma::all(arma::vectorise(Z == 0.5f || Z == 0.0f)));  // a pixel is kept as it is, or 0
    BOOST_TEST(arma::all(arma::vectorise(Z <= previous)), "a pixel zeroed at a lower q stays zeroed");
    previous = Z;
  }
}

BOOST_AUTO_TEST_CASE(the_table_gives_each_network_its_accuracy_on_the_same_corrupted_images) {
  wb::Dataset test;
  arma::arma_rng::set_seed(4);
  test.X = arma::randu<arma::fmat>(784, 300);
  test.y = arma::randi<arma::uvec>(300, arma::distr_param(0, 9));
  wb::MlpConfig c;
  c.hidden = {32};
  c.init_sigma = 0.3f;
  wb::Mlp<float> a(784, 10, c), b(784, 10, c);
  a.init(1);
  b.init(2);
  const auto rows = wb::ch06::robustness({&a, &b}, test, 200, 11);
  BOOST_TEST_REQUIRE(rows.size() == wb::ch06::corruptions().size());
  const wb::Dataset part = test.head(200);
  BOOST_TEST(rows.front().accuracy[0] == a.accuracy(part.X, part.y));  // clean: the plain accuracy
  BOOST_TEST(rows.front().accuracy[1] == b.accuracy(part.X, part.y));
  const wb::ch06::NoiseDraws d = wb::ch06::draw_noise(784, 200, 11);
  const arma::fmat noisy = wb::ch06::corrupt(part.X, rows[5].corruption, d);  // σ = 0.5
  BOOST_TEST(rows[5].corruption.level == 0.5);
  BOOST_TEST(rows[5].accuracy[1] == b.accuracy(noisy, part.y));
}

BOOST_AUTO_TEST_SUITE_END()

// wb::Mlp's dropout modes, on a small network in double.
BOOST_AUTO_TEST_SUITE(mlp_dropout)

wb::MlpConfig small_network(std::vector<double> dropout) {
  wb::MlpConfig c;
  c.hidden = {16, 12};
  c.dropout = std::move(dropout);
  c.init_sigma = 0.5;
  return c;
}

BOOST_AUTO_TEST_CASE(evaluation_is_the_identity_and_training_drops) {
  arma::arma_rng::set_seed(1);
  const arma::mat X = arma::randu<arma::mat>(8, 30);
  wb::Mlp<double> plain(8, 4, small_network({})), dropped(8, 4, small_network({0.2, 0.5}));
  plain.init(7);
  dropped.init(7);  // the same weights
  const arma::mat reference = plain.forward(X, wb::Mode::evaluate);
  BOOST_TEST(arma::approx_equal(arma::mat(dropped.forward(X, wb::Mode::evaluate)), reference, "absdiff", 0.0),
             "in evaluation mode dropout must be the identity");
  BOOST_TEST(arma::approx_equal(arma::mat(dropped.forward(X, wb::Mode::evaluate)), reference, "absdiff", 0.0),
             "evaluation must not depend on the random state");
  BOOST_TEST(!arma::approx_equal(arma::mat(dropped.forward(X, wb::Mode::train)), reference, "absdiff", 1e-12),
             "in training mode dropout must change the output");
  const arma::mat h2 = dropped.hidden(1);
  const double zeros = double(arma::accu(h2 == 0.0)), entries = double(h2.n_elem);
  BOOST_TEST(zeros < entries, "hidden() is h before dropout: not all zero");
}

BOOST_AUTO_TEST_CASE(dropout_zero_is_no_dropout_in_training) {
  arma::arma_rng::set_seed(2);
  const arma::mat X = arma::randu<arma::mat>(8, 30);
  wb::Mlp<double> plain(8, 4, small_network({})), zero(8, 4, small_network({0.0, 0.0}));
  plain.init(3);
  zero.init(3);
  BOOST_TEST(arma::approx_equal(arma::mat(zero.forward(X, wb::Mode::train)), arma::mat(plain.forward(X, wb::Mode::train)),
                                "absdiff", 0.0));
}

// The library checks its own invariant in its own words (the programs check their options and
// name the flag: test_bad_input).
BOOST_AUTO_TEST_CASE(the_network_refuses_p_outside_zero_to_one_in_its_own_words) {
  for (const double p : {1.0, 1.5, -0.1}) {
    try {
      wb::Mlp<float> net(8, 4, small_network({0.2, p}));
      BOOST_ERROR("dropout " << p << " was accepted");
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      BOOST_TEST(what.find("MlpConfig: each dropout probability must be in [0, 1)") == 0u, what);
    }
  }
  BOOST_CHECK_THROW(wb::Mlp<float>(8, 4, small_network({0.2})), std::invalid_argument);  // one p for two layers
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_ch06_dropout
