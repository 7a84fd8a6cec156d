// One clear line for every wrong input, in every program: a table of invalid values of every
// option (zero, negative, not a number, NaN, infinite, out of range, unknown options, choices
// that do not exist, combinations that cannot work, an --out or --export that cannot be
// written, missing or corrupt data). Each must end with exit status 64 (a usage error) or 2
// (data), print exactly one line, on stderr, that names the option (or the data directory), print
// nothing on stdout — the check comes before any work — and leave no file behind.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

BOOST_AUTO_TEST_SUITE(test_bad_input)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;

namespace {

struct Case {
  const char* program;
  const char* args;
  int status;          ///< 64 or 2
  const char* names;   ///< what the line must mention: the option, the directory
};

// clang-format off
const std::vector<Case> cases = {
    // every program: unknown options, seeds, --out
    {"01_linear_limits", "--no-such-option", 64, "--no-such-option"},
    {"01_linear_limits", "--samples 5", 64, "--samples"},
    {"01_linear_limits", "--samples abc", 64, "--samples"},
    {"01_linear_limits", "--hidden 0", 64, "--hidden"},
    {"01_linear_limits", "--steps 0", 64, "--steps"},
    {"01_linear_limits", "--lr 0", 64, "--lr"},
    {"01_linear_limits", "--lr 11", 64, "--lr"},
    {"01_linear_limits", "--lr nan", 64, "--lr"},
    {"01_linear_limits", "--seed -5", 64, "--seed"},
    {"01_linear_limits", "--out /proc/wb-cannot-write", 64, "--out"},
    {"02_mlp", "--no-such-option", 64, "--no-such-option"},
    {"02_mlp", "--epochs 0", 64, "--epochs"},
    {"02_mlp", "--epochs -3", 64, "--epochs"},
    {"02_mlp", "--epochs 1.5", 64, "--epochs"},
    {"02_mlp", "--lr 0", 64, "--lr"},
    {"02_mlp", "--lr -0.1", 64, "--lr"},
    {"02_mlp", "--lr nan", 64, "--lr"},
    {"02_mlp", "--lr inf", 64, "--lr"},
    {"02_mlp", "--lr abc", 64, "--lr"},
    {"02_mlp", "--batch-size 0", 64, "--batch-size"},
    {"02_mlp", "--batch-size 70000", 64, "--batch-size"},
    {"02_mlp", "--hidden 0", 64, "--hidden"},
    {"02_mlp", "--hidden 256,abc", 64, "--hidden"},
    {"02_mlp", "--activation softmax", 64, "--activation"},
    {"02_mlp", "--weight-decay -1", 64, "--weight-decay"},
    {"02_mlp", "--weight-decay nan", 64, "--weight-decay"},
    {"02_mlp", "--step slow", 64, "--step"},
    {"02_mlp", "--dropout 1.5", 64, "--dropout"},
    {"02_mlp", "--dropout -0.1", 64, "--dropout"},
    {"02_mlp", "--dropout 1", 64, "--dropout"},
    {"02_mlp", "--hidden 256,256 --dropout 0.2", 64, "--dropout"},
    {"02_mlp", "--seed -5", 64, "--seed"},
    {"02_mlp", "--seed abc", 64, "--seed"},
    {"02_mlp", "--threads -1", 64, "--threads"},
    {"02_mlp", "--threads 1000", 64, "--threads"},
    {"02_mlp", "--train-size 70000", 64, "--train-size"},
    {"02_mlp", "--out /proc/wb-cannot-write", 64, "--out"},
    {"02_mlp", "--data /nonexistent/fashion-mnist", 2, "/nonexistent/fashion-mnist"},
    {"03_activations", "--no-such-option", 64, "--no-such-option"},
    {"03_activations", "--seed -1", 64, "--seed"},
    {"03_activations", "--compare -1", 64, "--compare"},
    {"03_activations", "--compare 101", 64, "--compare"},
    {"03_activations", "--out /proc/wb-cannot-write", 64, "--out"},
    {"04_generalization", "--no-such-option", 64, "--no-such-option"},
    {"04_generalization", "--epochs 0", 64, "--epochs"},
    {"04_generalization", "--lr 0", 64, "--lr"},
    {"04_generalization", "--lr nan", 64, "--lr"},
    {"04_generalization", "--batch-size 0", 64, "--batch-size"},
    {"04_generalization", "--loss l3", 64, "--loss"},
    {"04_generalization", "--folds 1", 64, "--folds"},
    {"04_generalization", "--train-size 60000", 64, "--train-size"},
    {"04_generalization", "--validation-size 0", 64, "--validation-size"},
    {"04_generalization", "--mlp-epochs 0", 64, "--mlp-epochs"},
    {"04_generalization", "--small-hidden 0", 64, "--small-hidden"},
    {"04_generalization", "--threads -1", 64, "--threads"},
    {"04_generalization", "--seed x", 64, "--seed"},
    {"04_generalization", "--out /proc/wb-cannot-write", 64, "--out"},
    {"04_generalization", "--export /proc/wb-cannot-write", 64, "--export"},
    {"04_generalization", "--data /nonexistent/fashion-mnist", 2, "/nonexistent/fashion-mnist"},
    {"05_weight_decay", "--no-such-option", 64, "--no-such-option"},
    {"05_weight_decay", "--epochs 0", 64, "--epochs"},
    {"05_weight_decay", "--epochs abc", 64, "--epochs"},
    {"05_weight_decay", "--seed -1", 64, "--seed"},
    {"05_weight_decay", "--out /proc/wb-cannot-write", 64, "--out"},
    {"05_weight_decay", "--export /proc/wb-cannot-write", 64, "--export"},
    {"06_dropout", "--no-such-option", 64, "--no-such-option"},
    {"06_dropout", "--step slow", 64, "--step"},
    {"06_dropout", "--dropout 1.5,0.5", 64, "--dropout"},
    {"06_dropout", "--dropout 0.2,1", 64, "--dropout"},
    {"06_dropout", "--dropout -0.1,0.5", 64, "--dropout"},
    {"06_dropout", "--dropout nan,0.5", 64, "--dropout"},
    {"06_dropout", "--dropout 0.5", 64, "--dropout"},
    {"06_dropout", "--dropout 0.1,0.2,0.3", 64, "--dropout"},
    {"06_dropout", "--epochs 0", 64, "--epochs"},
    {"06_dropout", "--lr 0", 64, "--lr"},
    {"06_dropout", "--lr inf", 64, "--lr"},
    {"06_dropout", "--train-size 70000", 64, "--train-size"},
    {"06_dropout", "--draws 5", 64, "--draws"},
    {"06_dropout", "--threads -1", 64, "--threads"},
    {"06_dropout", "--seed -1", 64, "--seed"},
    {"06_dropout", "--out /proc/wb-cannot-write", 64, "--out"},
    {"06_dropout", "--export /proc/wb-cannot-write", 64, "--export"},
    {"06_dropout", "--data /nonexistent/fashion-mnist", 2, "/nonexistent/fashion-mnist"},
    {"07_backprop", "--no-such-option", 64, "--no-such-option"},
    {"07_backprop", "--lambda 0", 64, "--lambda"},
    {"07_backprop", "--lambda 11", 64, "--lambda"},
    {"07_backprop", "--lambda abc", 64, "--lambda"},
    {"07_backprop", "--batch 0", 64, "--batch"},
    {"07_backprop", "--sizes 3,4", 64, "--sizes"},
    {"07_backprop", "--sizes 0,4,3", 64, "--sizes"},
    {"07_backprop", "--sizes 5,4,1", 64, "--sizes"},
    {"07_backprop", "--method euler", 64, "--method"},
    {"07_backprop", "--method complex", 64, "--method"},
    {"07_backprop", "--activation softmax", 64, "--activation"},
    {"07_backprop", "--plant typo", 64, "--plant"},
    {"07_backprop", "--plant no-batch-mean --batch 1", 64, "--plant"},
    {"07_backprop", "--seed -1", 64, "--seed"},
    {"07_backprop", "--export /proc/wb-cannot-write", 64, "--export"},
};
// clang-format on

/// Whether the program takes --out (07_backprop writes no figure).
bool takes_out(const std::string& program, const std::string& args) {
  return program != "07_backprop" && args.find("--out") == std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_wrong_input_gets_one_line_naming_it_a_usage_or_data_status_and_no_output) {
  for (const Case& c : cases) {
    wb::test::TempDir out;
    std::string command = std::string(WB_BIN_DIR) + "/" + c.program + " " + c.args;
    if (takes_out(c.program, c.args)) command += " --out " + out.str() + "/figures";
    const wb::test::SplitResult r = wb::test::run_split(command);
    BOOST_TEST_CONTEXT(c.program << " " << c.args << "\n  stderr: " << r.err << "  stdout: " << r.out) {
      BOOST_TEST(r.status == c.status);
      BOOST_TEST(wb::test::count_lines(r.err) == 1u, "one line on stderr");
      BOOST_TEST(r.err.find(c.names) != std::string::npos, "the line names " << c.names);
      BOOST_TEST(r.err.find(c.program) == 0u, "the line starts with the program's name");
      BOOST_TEST(r.out.empty(), "nothing on stdout: the check comes before the work");
      BOOST_TEST(r.err.find("internal error") == std::string::npos);
      std::size_t files = 0;
      for (const auto& entry : fs::recursive_directory_iterator(out.path())) files += entry.is_regular_file();
      BOOST_TEST(files == 0u, "no file written");
    }
  }
}

BOOST_AUTO_TEST_CASE(corrupt_data_gets_one_line_naming_the_file_and_status_2) {
  wb::test::TempDir data;
  for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                           "t10k-labels-idx1-ubyte"})
    std::ofstream(data.path() / name) << "this is not an IDX file";
  for (const char* program : {"02_mlp", "04_generalization", "06_dropout"}) {
    wb::test::TempDir out;
    const wb::test::SplitResult r = wb::test::run_split(std::string(WB_BIN_DIR) + "/" + program + " --data " +
                                                        data.str() + " --out " + out.str());
    BOOST_TEST_CONTEXT(program << "\n  stderr: " << r.err) {
      BOOST_TEST(r.status == 2);
      BOOST_TEST(wb::test::count_lines(r.err) == 1u);
      BOOST_TEST(r.err.find("train-images-idx3-ubyte") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(help_exits_0_and_lists_seed_for_every_program) {
  // Every chapter program, from the build's list of chapters (tests/CMakeLists.txt).
  std::istringstream names(WB_CHAPTER_PROGRAMS);
  const std::vector<std::string> programs{std::istream_iterator<std::string>(names), {}};
  BOOST_TEST_REQUIRE(!programs.empty(), "WB_CHAPTER_PROGRAMS names no program");
  for (const std::string& program : programs) {
    const wb::test::SplitResult r = wb::test::run_split(std::string(WB_BIN_DIR) + "/" + program + " --help");
    BOOST_TEST_CONTEXT(program) {
      BOOST_TEST(r.status == 0);
      BOOST_TEST(r.out.find("--seed") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(ctrl_c_during_training_stops_with_one_line_status_130_and_no_file,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  wb::test::TempDir out;
  // 50 epochs would take a minute: the interrupt comes after about two seconds of training.
  const std::string program = std::string(WB_BIN_DIR) + "/02_mlp --out " + out.str();
  const wb::test::SplitResult r = wb::test::run_split(program + " & pid=$!; sleep 3; kill -INT $pid; wait $pid");
  BOOST_TEST_CONTEXT("stderr: " << r.err) {
    BOOST_TEST(r.status == 130);
    BOOST_TEST(wb::test::count_lines(r.err) == 1u);
    BOOST_TEST(r.err.find("stopped by Ctrl-C during epoch") != std::string::npos);
  }
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(out.path())) files += entry.is_regular_file();
  BOOST_TEST(files == 0u, "no figure is written for an interrupted run");
}

BOOST_AUTO_TEST_CASE(a_file_size_limit_is_reported_in_one_line_and_leaves_no_half_written_file,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  // ulimit -f 2: files of at most 2 kB. The figures' data and SVGs are larger: the writes fail,
  // and every file that exists under its final name must be whole.
  wb::test::TempDir out;
  const wb::test::SplitResult r = wb::test::run_split("ulimit -f 2; " + std::string(WB_BIN_DIR) +
                                                      "/02_mlp --epochs 1 --train-size 1000 --out " + out.str());
  BOOST_TEST_CONTEXT("stderr: " << r.err) {
    BOOST_TEST(r.status == 1);
    BOOST_TEST(wb::test::count_lines(r.err) == 1u);
    BOOST_TEST(r.err.find("could not write") != std::string::npos);
  }
  for (const auto& entry : fs::recursive_directory_iterator(out.path())) {
    const std::string name = entry.path().filename().string();
    BOOST_TEST(name.find(".tmp") == std::string::npos, "a temporary file was left: " << name);
    if (entry.path().extension() == ".svg") {
      std::ifstream in(entry.path());
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      BOOST_TEST(text.find("</svg>") != std::string::npos, name << " is cut short");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()  // test_bad_input
