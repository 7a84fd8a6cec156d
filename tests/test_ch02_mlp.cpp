// Chapter tests of build/bin/02_mlp: a short seeded run on a subset, the figures, and every
// kind of bad input (missing or corrupt data, invalid options, divergence), run as a user would.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "02_mlp/features.hpp"
#include "support.hpp"

BOOST_AUTO_TEST_SUITE(test_ch02_mlp)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
using wb::test::run_command;
using wb::test::TempDir;
using wb::test::count_lines;
using wb::test::Epoch;
using wb::test::epochs_in;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/02_mlp";

}  // namespace

BOOST_AUTO_TEST_CASE(a_short_seeded_run_on_a_subset_learns_and_draws_both_figures,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const auto r = run_command(program + " --epochs 3 --train-size 6000 --seed 3 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<Epoch> e = epochs_in(r.output);
  BOOST_REQUIRE_EQUAL(e.size(), 3u);
  BOOST_TEST(e[0].number == 1);
  BOOST_TEST(e[2].number == 3);
  BOOST_TEST(e[2].train_loss < e[0].train_loss);
  BOOST_TEST(e[2].train_acc > 0.6);
  BOOST_TEST(e[2].test_acc > 0.6);
  // The first six test images with their true and predicted names.
  BOOST_TEST(r.output.find("true         predicted") != std::string::npos);
  BOOST_TEST(r.output.find("ankle boot") != std::string::npos);  // test image 0 is an ankle boot
  const fs::path figures = out.path() / "02_mlp";
  for (const char* name : {"curves", "predictions", "first_layer"}) {
    BOOST_TEST(fs::file_size(figures / (std::string(name) + ".dat")) > 0u);
    BOOST_TEST(fs::file_size(figures / (std::string(name) + ".gp")) > 0u);
    BOOST_TEST(fs::exists(figures / (std::string(name) + ".svg")));
  }
  // the curves' data: three curves (loss, train and test accuracy), one row per epoch each
  std::ifstream curves(figures / "curves.dat");
  std::size_t rows = 0;
  for (std::string line; std::getline(curves, line);) rows += !line.empty() && line[0] != '#';
  BOOST_TEST(rows == 9u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_prints_the_same_losses,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const std::string command = program + " --epochs 1 --train-size 3000 --seed 5 --out " + out.str();
  const auto a = run_command(command), b = run_command(command);
  BOOST_REQUIRE_EQUAL(a.status, 0);
  BOOST_REQUIRE_EQUAL(b.status, 0);
  const auto ea = epochs_in(a.output), eb = epochs_in(b.output);
  BOOST_REQUIRE_EQUAL(ea.size(), 1u);
  BOOST_REQUIRE_EQUAL(eb.size(), 1u);
  BOOST_TEST(ea[0].train_loss == eb[0].train_loss);
  BOOST_TEST(ea[0].test_acc == eb[0].test_acc);
}

BOOST_AUTO_TEST_CASE(without_gnuplot_the_data_and_scripts_are_written_and_the_user_told,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const auto r = run_command("PATH=/nonexistent " + program + " --epochs 1 --train-size 1000 --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.output.find("gnuplot is not installed") != std::string::npos);
  BOOST_TEST(r.output.find("gnuplot-nox") != std::string::npos);
  BOOST_TEST(fs::exists(out.path() / "02_mlp" / "curves.gp"));
  BOOST_TEST(!fs::exists(out.path() / "02_mlp" / "curves.svg"));
}

BOOST_AUTO_TEST_CASE(a_missing_dataset_gives_one_line_naming_the_directory_and_the_fix_and_exit_2) {
  const auto r = run_command(program + " --data /nonexistent/fashion");
  BOOST_TEST(r.status == 2);
  BOOST_TEST(count_lines(r.output) == 1u);
  BOOST_TEST(r.output.find("/nonexistent/fashion") != std::string::npos);
  BOOST_TEST(r.output.find("dataset-fashion-mnist") != std::string::npos);
  BOOST_TEST(r.output.find("--data") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(corrupt_data_files_give_one_line_naming_the_file_and_exit_2) {
  TempDir data;
  for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                           "t10k-labels-idx1-ubyte"}) {
    std::ofstream(data.path() / name) << "this is not an IDX file";
  }
  const auto r = run_command(program + " --data " + data.str());
  BOOST_TEST(r.status == 2);
  BOOST_TEST(count_lines(r.output) == 1u);
  BOOST_TEST(r.output.find("train-images-idx3-ubyte") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_option_values_are_rejected_with_a_non_zero_exit) {
  for (const char* options : {"--lr 0", "--lr -0.1", "--batch-size 0", "--epochs 0", "--hidden 0",
                              "--threads -1", "--no-such-option", "--lr abc"}) {
    const auto r = run_command(program + " " + options);
    BOOST_TEST_INFO(options << " printed: " << r.output);
    BOOST_TEST(r.status == 64);  // a usage error (sysexits.h), not a crash
    BOOST_TEST(r.output.find("Epoch") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(help_lists_every_option) {
  const auto r = run_command(program + " --help");
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--epochs", "--lr", "--batch-size", "--hidden", "--seed", "--data", "--out", "--threads"})
    BOOST_TEST(r.output.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_CASE(a_diverging_learning_rate_stops_naming_the_epoch_and_suggesting_a_smaller_one,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const auto r = run_command(program + " --lr 50 --epochs 3 --train-size 6000 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.output.find("diverged in epoch 1") != std::string::npos);
  BOOST_TEST(r.output.find("smaller") != std::string::npos);
  BOOST_TEST(epochs_in(r.output).empty());
}

// ---- What the first layer looks at (features.hpp) --------------------------------------------

BOOST_AUTO_TEST_SUITE(first_layer)

BOOST_AUTO_TEST_CASE(a_unit_is_drawn_on_its_own_symmetric_scale) {
  arma::fmat W(2, 784, arma::fill::zeros);
  W(0, 0) = 2;     // the unit's largest weight: 1 (drawn black)
  W(0, 5) = -1;    // half of it, negative: 0.25
  W(0, 783) = -2;  // its most negative: 0 (white)
  const arma::fvec v = wb::ch02::unit_image(W, 0);
  BOOST_TEST(v.n_elem == 784u);
  BOOST_TEST(v(0) == 1.0f);
  BOOST_TEST(v(5) == 0.25f);
  BOOST_TEST(v(783) == 0.0f);
  BOOST_TEST(v(1) == 0.5f);  // a weight 0 is mid gray
  BOOST_TEST(arma::all(wb::ch02::unit_image(W, 1) == 0.5f));  // an all-zero unit, no division by 0
}

BOOST_AUTO_TEST_CASE(the_mosaic_puts_each_pixel_of_each_unit_in_its_tile) {
  arma::fmat W(5, 784, arma::fill::value(-1.0f));  // every pixel white...
  for (arma::uword j = 0; j < 5; ++j) W(j, 3 * 28 + 7 + j) = 1;  // ...but one, row 3, column 7 + j: black
  const wb::ch02::Mosaic m = wb::ch02::mosaic(W, arma::uvec{0, 1, 2, 3, 4}, 3);
  BOOST_TEST(m.height == 2u * 28 + 2);  // two rows of tiles, one gap of 2
  BOOST_TEST(m.width == 3u * 28 + 2 * 2);
  BOOST_TEST_REQUIRE(m.pixels.n_elem == m.height * m.width);
  BOOST_TEST(arma::accu(m.pixels) == 5.0f);  // the five black pixels; tiles and gaps 0 elsewhere
  for (arma::uword j = 0; j < 5; ++j) {
    const arma::uword top = (j / 3) * 30, left = (j % 3) * 30;
    BOOST_TEST(m.pixels((top + 3) * m.width + left + 7 + j) == 1.0f, "unit " << j);
  }
}

BOOST_AUTO_TEST_CASE(the_moved_ratio_is_each_units_change_over_its_initial_norm) {
  arma::fmat initial(3, 784, arma::fill::zeros), trained(3, 784, arma::fill::zeros);
  initial(0, 0) = 3, initial(0, 1) = 4;  // norm 5
  trained(0, 0) = 3, trained(0, 1) = 4, trained(0, 2) = 2.5f;  // moved by 2.5: 0.5
  initial(1, 10) = 1, trained(1, 10) = -1;  // moved by 2: 2
  initial(2, 20) = 2, trained(2, 20) = 2;  // not moved: 0
  const arma::vec r = wb::ch02::moved_ratio(initial, trained);
  BOOST_TEST_REQUIRE(r.n_elem == 3u);
  BOOST_TEST(std::abs(r(0) - 0.5) <= 1e-7);
  BOOST_TEST(std::abs(r(1) - 2.0) <= 1e-7);
  BOOST_TEST(r(2) == 0.0);
}

BOOST_AUTO_TEST_CASE(adjacent_weights_correlate_about_0_when_independent_and_near_1_when_smooth) {
  std::mt19937_64 rng(5);
  std::normal_distribution<float> normal(0.0f, 0.01f);
  arma::fmat independent(256, 784);
  independent.imbue([&] { return normal(rng); });
  // 256 · 28 · 27 = 193 536 pairs: the correlation of independent weights is within 4/√n = 0.009 of 0.
  BOOST_TEST(std::abs(wb::ch02::neighbour_correlation(independent)) <= 0.01);
  arma::fmat smooth(3, 784);
  for (arma::uword j = 0; j < 3; ++j)
    for (arma::uword p = 0; p < 784; ++p) smooth(j, p) = float(std::sin(0.1 * double(p % 28) + double(j)) + 0.01 * double(p / 28));
  BOOST_TEST(wb::ch02::neighbour_correlation(smooth) >= 0.99);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_ch02_mlp
