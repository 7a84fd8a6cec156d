// Chapter tests of build/bin/01_linear_limits, run as a user would: what the default run prints
// (checked against what the mathematics says, not against stored numbers), its figures, the
// same output for the same seed, bad options and a diverging learning rate.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"
#include "wb/pattern.hpp"

BOOST_AUTO_TEST_SUITE(test_ch01_linear_limits)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
using wb::test::count_lines;
using wb::test::run_command;
using wb::test::TempDir;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/01_linear_limits";

/// One run of the program with a fresh --out directory, which lives as long as the run.
struct Run {
  TempDir out;
  wb::test::CommandResult result;
  explicit Run(const std::string& options) : result(run_command(program + " " + options + " --out " + out.str())) {
    BOOST_TEST_MESSAGE(result.output);
  }
};

/// The output without its last line, the timing.
std::string without_timing(const std::string& output) {
  return wb::replace_all(output, R"(\(\d+\.\d+ s\)\n$)", "");
}

/// A row of the table of mean squared errors.
struct Errors {
  double line, feature, network, truth;
};

Errors errors_of(const std::string& output, const std::string& relation) {
  const auto m = wb::search_all(output, "  " + relation + R"( +(\d\.\d+) +(\d\.\d+) \([^)]*\) +(\d\.\d+) +(\d\.\d+) +\d\.\d+\n)");
  BOOST_REQUIRE_MESSAGE(m.size() == 1u, "one row of mean squared errors for " << relation);
  return {std::stod(m[0][1]), std::stod(m[0][2]), std::stod(m[0][3]), std::stod(m[0][4])};
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_affine_layers_equal_their_collapse_to_rounding) {
  Run run("");
  BOOST_REQUIRE_EQUAL(run.result.status, 0);
  const auto gaps = wb::search_all(run.result.output, R"(largest \|difference\| = (\S+))");
  BOOST_REQUIRE_EQUAL(gaps.size(), 2u);  // two layers, then ten layers
  for (const auto& g : gaps) BOOST_TEST(std::stod(g[1]) <= 1e-12, "two or ten affine layers against one: " << g[1]);
  // With a ReLU between the layers the best affine map leaves a clear error.
  const auto relu = wb::search_all(run.result.output, R"(RMS error (\d+\.\d+), against an RMS output of (\d+\.\d+))");
  BOOST_REQUIRE_EQUAL(relu.size(), 1u);
  BOOST_TEST(std::stod(relu[0][1]) > 0.05 * std::stod(relu[0][2]));
}

BOOST_AUTO_TEST_CASE(the_network_beats_the_line_on_a_feature_which_beats_the_straight_line) {
  for (const char* seed : {"42", "7"}) {
    Run run(std::string("--seed ") + seed);
    BOOST_REQUIRE_EQUAL(run.result.status, 0);
    for (const char* relation : {"income", "temperature"}) {
      const Errors e = errors_of(run.result.output, relation);
      BOOST_TEST_INFO("seed " << seed << ", " << relation);
      BOOST_TEST(e.line > 5 * e.network);
      BOOST_TEST(e.feature > e.network);
      BOOST_TEST(e.line > e.feature);
      // The truth's own error is the noise; 16 ReLU units come within a factor 3 of it.
      BOOST_TEST(e.network < 3 * e.truth);
      BOOST_TEST(e.truth > 0.0001);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_normal_equations_square_the_condition_number) {
  Run run("");
  BOOST_REQUIRE_EQUAL(run.result.status, 0);
  const auto c = wb::search_all(run.result.output, R"(cond\(X\) = (\S+) +cond\(XᵀX\) = (\S+))");
  const auto e = wb::search_all(run.result.output,
                         R"(double: normal equations (\S+);  float: LAPACK \(QR\) (\S+), normal equations (\S+)\n)");
  BOOST_REQUIRE_EQUAL(c.size(), 2u);
  BOOST_REQUIRE_EQUAL(e.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const double cond = std::stod(c[k][1]), cond_squared = std::stod(c[k][2]);
    // The singular values of XᵀX are those of X squared (printed to 3 digits).
    BOOST_TEST(std::abs(cond_squared - cond * cond) <= 0.01 * cond * cond);
    BOOST_TEST(std::stod(e[k][1]) < 1e-9);  // double: either way is accurate here
  }
  // In float the temperature data (cond ≈ 800) loses far more through XᵀX than through QR.
  BOOST_TEST(std::stod(e[1][3]) > 10 * std::stod(e[1][2]));
  BOOST_TEST(std::stod(e[1][2]) < 1e-5);
}

BOOST_AUTO_TEST_CASE(no_line_gets_more_than_three_xor_points_and_two_relu_units_get_all_four) {
  Run run("");
  BOOST_REQUIRE_EQUAL(run.result.status, 0);
  const std::string& out = run.result.output;
  BOOST_TEST(out.find("best accuracy 3 of 4 = 75 %") != std::string::npos);
  BOOST_TEST(out.find("lines realise 14 of the 16 labellings") != std::string::npos);
  BOOST_TEST(out.find("accuracy 4 of 4 = 100 %") != std::string::npos);
  BOOST_TEST(out.find("with the product x₁x₂ as a third feature: w = (2, 2, -4), b = -1, 4 of 4 right") !=
             std::string::npos);
  // The effect of x₁ flips sign with x₂: positive where x₂ = 0, negative where x₂ = 1.
  const auto effect = wb::search_all(out, R"(([-+]\d+\.\d+) when x₂ = 0, ([-+]\d+\.\d+) when x₂ = 1)");
  BOOST_REQUIRE_EQUAL(effect.size(), 1u);
  BOOST_TEST(std::stod(effect[0][1]) > 0);
  BOOST_TEST(std::stod(effect[0][2]) < 0);
}

BOOST_AUTO_TEST_CASE(rows_and_columns_give_transposed_batches) {
  Run run("");
  BOOST_REQUIRE_EQUAL(run.result.status, 0);
  const auto gap = wb::search_all(run.result.output, R"(largest \|H − zᵀ\| = (\S+))");
  BOOST_REQUIRE_EQUAL(gap.size(), 1u);
  BOOST_TEST(std::stod(gap[0][1]) <= 1e-12);
  BOOST_TEST(run.result.output.find("X 256×784, W' 784×256, H 256×256") != std::string::npos);
  BOOST_TEST(run.result.output.find("x 784×256, W 256×784, z 256×256") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(draws_three_figures) {
  Run run("--steps 200");
  BOOST_REQUIRE_EQUAL(run.result.status, 0);
  const fs::path figures = run.out.path() / "01_linear_limits";
  for (const char* name : {"income", "temperature", "xor"}) {
    BOOST_TEST(fs::file_size(figures / (std::string(name) + ".dat")) > 0u, name);
    BOOST_TEST(fs::file_size(figures / (std::string(name) + ".gp")) > 0u, name);
    BOOST_TEST(fs::exists(figures / (std::string(name) + ".svg")), name);
  }
}

BOOST_AUTO_TEST_CASE(the_same_seed_prints_the_same_and_another_seed_other_data) {
  Run a("--seed 3 --steps 300"), b("--seed 3 --steps 300"), c("--seed 4 --steps 300");
  BOOST_REQUIRE_EQUAL(a.result.status, 0);
  BOOST_REQUIRE_EQUAL(c.result.status, 0);
  // The --out directories differ, and so do the "wrote …" lines: compare the rest.
  const auto strip = [](const Run& r) {
    return wb::replace_all(without_timing(r.result.output), R"(wrote \S+)", "wrote");
  };
  BOOST_TEST(strip(a) == strip(b));
  BOOST_TEST(errors_of(a.result.output, "income").line != errors_of(c.result.output, "income").line);
}

BOOST_AUTO_TEST_CASE(without_gnuplot_the_data_and_scripts_are_written_and_the_user_told) {
  TempDir out;
  const auto r = run_command("PATH=/nonexistent " + program + " --steps 100 --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.output.find("gnuplot is not installed") != std::string::npos);
  BOOST_TEST(fs::exists(out.path() / "01_linear_limits" / "xor.gp"));
  BOOST_TEST(!fs::exists(out.path() / "01_linear_limits" / "xor.svg"));
}

BOOST_AUTO_TEST_CASE(invalid_options_give_one_line_and_exit_64) {
  for (const char* options : {"--samples 5", "--samples abc", "--hidden 0", "--steps 0", "--lr 0", "--lr -0.1",
                              "--lr 11", "--seed -1", "--no-such-option", "--out /dev/null/figures"}) {
    const auto r = run_command(program + " " + options);
    BOOST_TEST_INFO(options << " printed: " << r.output);
    BOOST_TEST(r.status == 64);
    BOOST_TEST(count_lines(r.output) == 1u);
    BOOST_TEST(r.output.find("Affine maps") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(help_lists_every_option) {
  const auto r = run_command(program + " --help");
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--samples", "--hidden", "--steps", "--lr", "--seed", "--out"})
    BOOST_TEST(r.output.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_CASE(a_diverging_learning_rate_stops_and_suggests_a_smaller_one) {
  TempDir out;
  const auto r = run_command(program + " --lr 5 --out " + out.str());
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.output.find("diverged") != std::string::npos);
  BOOST_TEST(r.output.find("smaller") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()  // test_ch01_linear_limits
