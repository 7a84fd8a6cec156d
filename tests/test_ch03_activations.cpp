// Chapter tests of build/bin/03_activations, run as a user would: what it prints (the checks,
// the accuracy table, the vanishing gradient, the dead ReLUs), its figures, its bad input,
// its reproducibility; and build/bin/02_mlp trained with every activation of the chapter.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"
#include "wb/pattern.hpp"

BOOST_AUTO_TEST_SUITE(test_ch03_activations)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
using wb::test::run_command;
using wb::test::TempDir;

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/03_activations";
const std::string mlp = std::string(WB_BIN_DIR) + "/02_mlp";
const std::vector<std::string> activations = {"relu", "sigmoid", "tanh", "leaky_relu", "prelu",
                                              "elu",  "gelu",    "silu", "softplus"};

/// Where the default run writes its figures.
const TempDir& default_out() {
  static const TempDir out("wb-ch03");
  return out;
}

/// The default run, once for the whole module (a few seconds).
const wb::test::CommandResult& default_run() {
  static const wb::test::CommandResult r = run_command(program + " --seed 42 --out " + default_out().str());
  return r;
}

/// The numbers after `name` on its line of `output` ("sigmoid  1.5e-16  2.6e-16 …").
std::vector<double> numbers_of(const std::string& output, const std::string& line_start) {
  std::vector<double> found;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(line_start, 0) != 0) continue;
    const std::string rest = line.substr(line_start.size());
    for (const auto& number : wb::search_all(rest, R"([-+]?\d+\.?\d*(?:e[-+]\d+)?)"))
      found.push_back(std::stod(number[0]));
    break;
  }
  return found;
}

/// The word in the status column of the checker's row `name` ("relu φ′  kink  central …").
std::string status_of(const std::string& output, const std::string& row) {
  const auto m = wb::search(output, "\n" + row + R"(\s+(ok|kink|FAIL)\s)");
  return m.empty() ? "(no row " + row + ")" : m[1];
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_derivative_passes_and_only_the_relu_family_has_a_kink_at_zero,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const auto& r = default_run();
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  for (const std::string& a : activations) {
    const bool kinked = a == "relu" || a == "leaky_relu" || a == "prelu";
    BOOST_TEST(status_of(r.output, a + " φ′") == (kinked ? "kink" : "ok"), a << "′ on the grid");
  }
  BOOST_TEST(status_of(r.output, "prelu ∂J/∂α") == "ok");
  BOOST_TEST(r.output.find("relu       kink at z = 0: slope 0 on the left, 1 on the right; φ′(0) is taken as 0") !=
             std::string::npos);
  BOOST_TEST(r.output.find("All checks pass.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_identity_and_the_largest_slopes_are_printed,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const auto& r = default_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<double> identity = numbers_of(r.output, "  tanh(z) + 1 = 2σ(2z): largest difference on the grid");
  BOOST_REQUIRE(!identity.empty());
  BOOST_TEST(identity[0] <= 1e-12);
  BOOST_TEST(r.output.find("σ′(0) = 0.25 = 1/4 and tanh′(0) = 1: each the largest slope on the grid, at z = 0 and 0") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_activation_is_accurate_at_plus_minus_1000_in_double_and_float,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const auto& r = default_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  // The accuracy table comes after its header; its rows: φ double, φ′ double, φ float, φ′ float.
  const std::string table = r.output.substr(r.output.find("φ double"));
  for (const std::string& a : activations) {
    const std::vector<double> e = numbers_of(table, a + " ");
    BOOST_REQUIRE_MESSAGE(e.size() == 4u, "the accuracy row of " << a);
    const double float_bound = a == "gelu" ? 1e-5 : 1e-6;
    BOOST_TEST(e[0] <= 1e-12, a << " φ in double");
    BOOST_TEST(e[1] <= 1e-12, a << " φ′ in double");
    BOOST_TEST(e[2] <= float_bound, a << " φ in float");
    BOOST_TEST(e[3] <= float_bound, a << " φ′ in float");
  }
}

BOOST_AUTO_TEST_CASE(the_gradient_vanishes_through_ten_sigmoid_layers_but_not_through_relu,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const auto& r = default_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::string table = r.output.substr(r.output.find("layer 1 / 10"));
  const std::vector<double> relu = numbers_of(table, "relu "), sigmoid = numbers_of(table, "sigmoid ");
  BOOST_REQUIRE_EQUAL(relu.size(), 3u);
  BOOST_REQUIRE_EQUAL(sigmoid.size(), 3u);
  // σ′ ≤ 1/4: with weights of σ = √(2/128) each layer scales the gradient by about √2/4 or less,
  // (√2/4)⁹ ≈ 1e-4 over the nine hidden layers. He's scale keeps ReLU's gradient of order one.
  BOOST_TEST(sigmoid[2] < 1e-3);
  BOOST_TEST(relu[2] > 0.1);
  BOOST_TEST(relu[2] < 10.0);
  BOOST_TEST(relu[0] > 100 * sigmoid[0]);
}

BOOST_AUTO_TEST_CASE(a_learning_rate_of_50_kills_relus_that_the_notes_rate_does_not,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const auto& r = default_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<double> init = numbers_of(r.output, "  at initialization:");
  const std::vector<double> notes = numbers_of(r.output, "  after one epoch at lr 0.1 (the notes):");
  const std::vector<double> huge = numbers_of(r.output, "  at lr 50, when wb::train stopped it:");
  BOOST_REQUIRE(!init.empty());
  BOOST_REQUIRE(!notes.empty());
  BOOST_REQUIRE(!huge.empty());
  BOOST_TEST(init[0] == 0.0);   // biases of ±1/28 and tiny weights: every unit fires on some image
  BOOST_TEST(notes[0] <= 2.0);  // small steps do not push a unit below 0 on all 10 000 images
  BOOST_TEST(huge[0] >= 13.0);  // at least 5 % of the 256 units
  BOOST_TEST(r.output.find("training diverged in epoch 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(after_lr_50_the_leaky_slopes_keep_units_alive_that_relu_loses,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const auto& r = default_run();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::size_t at = r.output.find("|φ′| < 1e-3 on all");
  BOOST_REQUIRE(at != std::string::npos);
  const std::string table = r.output.substr(at);
  const std::vector<double> huge = numbers_of(r.output, "  at lr 50, when wb::train stopped it:");
  BOOST_REQUIRE(!huge.empty());
  for (const std::string& a : activations) {
    const std::vector<double> v = numbers_of(table, a + " ");  // z ≤ 0 on all, |φ′| < 1e-3 on all, …
    BOOST_REQUIRE_MESSAGE(v.size() >= 2, "no row " << a << " in the lr 50 table");
    BOOST_TEST((v[0] <= 256.0 && v[1] <= 256.0), a);
  }
  const std::vector<double> relu = numbers_of(table, "relu "), leaky = numbers_of(table, "leaky_relu "),
                            prelu = numbers_of(table, "prelu ");
  BOOST_TEST(relu[0] == huge[0]);  // the same run as the line above
  BOOST_TEST(relu[1] == relu[0]);  // ReLU′ is 0 exactly where z ≤ 0 (0 at z = 0, PyTorch's convention)
  BOOST_TEST(leaky[0] >= 13.0);    // the leaky ReLU's units are pushed below 0 as ReLU's are …
  BOOST_TEST(leaky[1] == 0.0);     // … and keep the slope 0.01 there
  BOOST_TEST(prelu[1] == 0.0);     // seed 42's pReLU learns α ≈ 0.19, far above 1e-3
}

BOOST_AUTO_TEST_CASE(the_three_figures_are_written, *boost::unit_test::precondition(wb::test::have_data)) {
  BOOST_REQUIRE_EQUAL(default_run().status, 0);
  for (const char* name : {"functions", "derivatives", "gradient_norms"}) {
    const fs::path base = default_out().path() / "03_activations" / name;
    BOOST_TEST(fs::file_size(fs::path(base).replace_extension(".dat")) > 0u, name);
    BOOST_TEST(fs::file_size(fs::path(base).replace_extension(".gp")) > 0u, name);
    BOOST_TEST(fs::exists(fs::path(base).replace_extension(".svg")), name);
  }
}

BOOST_AUTO_TEST_CASE(the_same_seed_prints_the_same_output, *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  const auto again = run_command(program + " --seed 42 --out " + out.str());
  BOOST_REQUIRE_EQUAL(again.status, 0);
  // The figure notes name the --out directory; everything else must be byte-identical.
  const std::string dir = R"(/tmp/wb-[^/ ]*)";
  BOOST_TEST(wb::replace_all(again.output, dir, "OUT") == wb::replace_all(default_run().output, dir, "OUT"));
}

BOOST_AUTO_TEST_CASE(bad_options_give_one_line_and_exit_64) {
  TempDir out;
  for (const std::string& args : {std::string("--seed -1"), std::string("--compare 101"), std::string("--compare x"),
                                  std::string("--frobnicate"), std::string("--out /proc/no-such-dir")}) {
    const auto r = run_command(program + " " + args + (args.rfind("--out", 0) == 0 ? "" : " --out " + out.str()));
    BOOST_TEST(r.status == 64, args << ": exit status " << r.status);
    BOOST_TEST(wb::test::count_lines(r.output) == 1u, args << ": " << r.output);
    BOOST_TEST(r.output.rfind("03_activations: error: ", 0) == 0u, args << ": " << r.output);
  }
}

BOOST_AUTO_TEST_CASE(missing_data_gives_one_line_and_exit_2) {
  TempDir out;
  const auto r = run_command(program + " --data /nonexistent --out " + out.str());
  BOOST_TEST(r.status == 2);
  BOOST_TEST(wb::test::count_lines(r.output) == 1u, r.output);
  BOOST_TEST(r.output.find("dataset-fashion-mnist") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_lists_the_options) {
  const auto r = run_command(program + " --help");
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--seed", "--out", "--data", "--compare"}) BOOST_TEST(r.output.find(option) != std::string::npos, option);
}

// 02_mlp --activation X: the notes' network trains with every activation. Epoch-3 training
// accuracy above 0.7 on the first 10 000 images with minibatches of 64 (470 steps), at the
// notes' lr 0.1 — except sigmoid at 0.5: σ′ ≤ 1/4 shrinks its gradients, and at 0.1 it is
// still near 0.67 (chapter 3's page, "Training the notes' network with each").
BOOST_AUTO_TEST_CASE(the_notes_network_trains_with_every_activation, *boost::unit_test::precondition(wb::test::have_data)) {
  TempDir out;
  for (const std::string& a : activations) {
    const std::string lr = a == "sigmoid" ? "0.5" : "0.1";
    const auto r = run_command(mlp + " --epochs 3 --train-size 10000 --batch-size 64 --seed 3 --threads 1 --activation " + a +
                               " --lr " + lr + " --out " + out.str());
    BOOST_REQUIRE_MESSAGE(r.status == 0, a << ": " << r.output);
    const auto e = wb::test::epochs_in(r.output);
    BOOST_REQUIRE_EQUAL(e.size(), 3u);
    BOOST_TEST(e[2].train_acc > 0.7, a << " (lr " << lr << "): epoch-3 train accuracy " << e[2].train_acc);
    BOOST_TEST(e[2].train_loss < e[0].train_loss, a);
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_activation_is_refused_with_the_list_of_names) {
  const auto r = run_command(mlp + " --activation swish");
  BOOST_TEST(r.status == 64);
  for (const std::string& a : activations) BOOST_TEST(r.output.find(a) != std::string::npos, a);
}

BOOST_AUTO_TEST_SUITE_END()  // test_ch03_activations
