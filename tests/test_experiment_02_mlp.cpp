// The experiment: build/bin/02_mlp with its defaults (the notes' settings, 50 epochs on all of
// Fashion-MNIST) must reproduce the notes' results within bands. The notes printed
//   Epoch 1/50, Train Loss: 1.0378, Train Acc: 0.6438
//   Epoch 50/50, Train Loss: 0.2356, Train Acc: 0.9151
// (PyTorch, a different random initialization and shuffling, so only bands are comparable).
#define BOOST_TEST_MODULE experiment of chapter 2
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "support.hpp"


BOOST_AUTO_TEST_CASE(the_default_run_reproduces_the_notes_within_their_bands,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  wb::test::TempDir out;
  const auto r = wb::test::run_command(std::string(WB_BIN_DIR) + "/02_mlp --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);

  static const std::regex line(R"(Epoch (\d+)/50, Train Loss: (\d+\.\d+), Train Acc: (\d\.\d+), Test Acc: (\d\.\d+))");
  std::vector<std::smatch> epochs;
  for (std::sregex_iterator it(r.output.begin(), r.output.end(), line), end; it != end; ++it) epochs.push_back(*it);
  BOOST_REQUIRE_EQUAL(epochs.size(), 50u);

  const double first_train_acc = std::stod(epochs.front()[3]);
  const double last_train_acc = std::stod(epochs.back()[3]);
  const double last_test_acc = std::stod(epochs.back()[4]);
  BOOST_TEST(first_train_acc >= 0.60);
  BOOST_TEST(first_train_acc <= 0.70);
  BOOST_TEST(last_train_acc >= 0.905);
  BOOST_TEST(last_test_acc >= 0.87);
}
