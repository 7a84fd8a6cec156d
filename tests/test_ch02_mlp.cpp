// Chapter tests of build/bin/02_mlp: a short seeded run on a subset, the figures, and every
// kind of bad input (missing or corrupt data, invalid options, divergence), run as a user would.
#define BOOST_TEST_MODULE chapter 2 program
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace fs = std::filesystem;
using wb::test::run_command;
using wb::test::TempDir;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/02_mlp";

bool have_data() { return fs::exists(fs::path(WB_DATA_DIR) / "train-images-idx3-ubyte.gz"); }

struct Epoch {
  int number;
  double loss, train_acc, test_acc;
};

std::vector<Epoch> epochs_in(const std::string& output) {
  static const std::regex line(
      R"(Epoch (\d+)/\d+, Train Loss: (\d+\.\d{4}), Train Acc: (\d\.\d{4}), Test Acc: (\d\.\d{4}) \(\d+\.\d\d s\))");
  std::vector<Epoch> found;
  for (std::sregex_iterator it(output.begin(), output.end(), line), end; it != end; ++it) {
    found.push_back({std::stoi((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
  }
  return found;
}

std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_short_seeded_run_on_a_subset_learns_and_draws_both_figures,
                     *boost::unit_test::precondition([](auto) { return have_data(); })) {
  TempDir out;
  const auto r = run_command(program + " --epochs 3 --train-size 6000 --seed 3 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<Epoch> e = epochs_in(r.output);
  BOOST_REQUIRE_EQUAL(e.size(), 3u);
  BOOST_TEST(e[0].number == 1);
  BOOST_TEST(e[2].number == 3);
  BOOST_TEST(e[2].loss < e[0].loss);
  BOOST_TEST(e[2].train_acc > 0.6);
  BOOST_TEST(e[2].test_acc > 0.6);
  // The first six test images with their true and predicted names.
  BOOST_TEST(r.output.find("true         predicted") != std::string::npos);
  BOOST_TEST(r.output.find("ankle boot") != std::string::npos);  // test image 0 is an ankle boot
  const fs::path figures = out.path() / "02_mlp";
  for (const char* name : {"curves", "predictions"}) {
    BOOST_TEST(fs::file_size(figures / (std::string(name) + ".dat")) > 0u);
    BOOST_TEST(fs::file_size(figures / (std::string(name) + ".gp")) > 0u);
    BOOST_TEST(fs::exists(figures / (std::string(name) + ".svg")));
  }
  // the curves' data: a header and one row per epoch
  std::ifstream curves(figures / "curves.dat");
  const std::string text((std::istreambuf_iterator<char>(curves)), std::istreambuf_iterator<char>());
  BOOST_TEST(count_lines(text) == 4u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_prints_the_same_losses,
                     *boost::unit_test::precondition([](auto) { return have_data(); })) {
  TempDir out;
  const std::string command = program + " --epochs 1 --train-size 3000 --seed 5 --out " + out.str();
  const auto a = run_command(command), b = run_command(command);
  BOOST_REQUIRE_EQUAL(a.status, 0);
  BOOST_REQUIRE_EQUAL(b.status, 0);
  const auto ea = epochs_in(a.output), eb = epochs_in(b.output);
  BOOST_REQUIRE_EQUAL(ea.size(), 1u);
  BOOST_REQUIRE_EQUAL(eb.size(), 1u);
  BOOST_TEST(ea[0].loss == eb[0].loss);
  BOOST_TEST(ea[0].test_acc == eb[0].test_acc);
}

BOOST_AUTO_TEST_CASE(without_gnuplot_the_data_and_scripts_are_written_and_the_user_told,
                     *boost::unit_test::precondition([](auto) { return have_data(); })) {
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
                     *boost::unit_test::precondition([](auto) { return have_data(); })) {
  TempDir out;
  const auto r = run_command(program + " --lr 50 --epochs 3 --train-size 6000 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.output.find("diverged in epoch 1") != std::string::npos);
  BOOST_TEST(r.output.find("smaller") != std::string::npos);
  BOOST_TEST(epochs_in(r.output).empty());
}
