// The experiment: build/bin/04_generalization against the book's numbers. The book (D2L,
// "Model Selection, Underfitting, and Overfitting") prints, from one run with its own random
// numbers, weights close to the cubic's (5, 1.2, -3.4, 5.6) for the normal fit, e.g.
// [[ 4.9995, 1.1950, -3.3982, 5.6142]]; a training loss that stays high (near 10 on its log
// plot) for 2 features; and a test loss above the training loss for 20 features. Only bands
// are comparable. Every band below holds for each of the seeds measured on chapter 4's page
// (20 seeds for the polynomial fits, 8 for the small validation run, 5 for the full split):
//   - the default run (D2L's loss (ŷ − y)²/2, seed 42);
//   - the book's PyTorch loss (--loss mse: twice the loss and the step);
//   - the full validation split: 50 000 training and 10 000 validation images.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

BOOST_AUTO_TEST_SUITE(test_experiment_04_generalization)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace {

const std::string program = std::string(WB_BIN_DIR) + "/04_generalization";

/// The number after `label`, searching from the first `from`; NaN when absent.
double number_after(const std::string& text, const std::string& label, const std::string& from) {
  const std::size_t start = text.find(from);
  if (start == std::string::npos) return NAN;
  const std::size_t at = text.find(label, start);
  return at == std::string::npos ? NAN : std::stod(text.substr(at + label.size()));
}

/// The weights of the line "weight SGD:" (or "weight exact:") of one fit.
std::vector<double> weights(const std::string& text, const std::string& which, const std::string& fit) {
  const std::size_t at = text.find(which, text.find("\n" + fit + " ("));
  std::vector<double> w;
  if (at == std::string::npos) return w;
  const std::size_t open = text.find('[', at), close = text.find(']', at);
  std::stringstream cells(text.substr(open + 1, close - open - 1));
  for (std::string cell; std::getline(cells, cell, ',');) w.push_back(std::stod(cell));
  return w;
}

bool within(double v, double lo, double hi) { return v >= lo && v <= hi; }

/// SGD train and test loss of a fit: "SGD            train loss X  test loss Y".
std::pair<double, double> sgd_losses(const std::string& text, const std::string& fit) {
  const std::string from = "\n" + fit + " (";
  const double train = number_after(text, "SGD            train loss ", from);
  const std::size_t line = text.find("SGD            train loss", text.find(from));
  return {train, number_after(text.substr(line), "test loss ", "SGD")};
}

/// One row "small 784-4-10    train-loss  validation-loss  train-acc  validation-acc  gap".
std::vector<double> network_row(const std::string& text, const std::string& name) {
  const std::size_t at = text.find("\n" + name + " 784-", text.find("After training"));
  std::vector<double> row;
  if (at == std::string::npos) return row;
  std::stringstream line(text.substr(at + 1, text.find('\n', at + 1) - at - 1));
  std::string label, arch;
  line >> label >> arch;
  for (double v; line >> v;) row.push_back(v);
  return row;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_default_run_reproduces_the_book_within_bands,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  wb::test::TempDir out;
  const auto r = wb::test::run_command(program + " --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  // The normal fit: least squares within 0.04 of the cubic over 20 seeds; SGD after 400 epochs
  // of the half loss is as far as 1.3 from it when the smallest curvature is small.
  const std::vector<double> exact = weights(r.output, "weight exact:", "Normal"), sgd = weights(r.output, "weight SGD:", "Normal");
  BOOST_REQUIRE_EQUAL(exact.size(), 4u);
  BOOST_REQUIRE_EQUAL(sgd.size(), 4u);
  const double truth[] = {5.0, 1.2, -3.4, 5.6};
  const double lo[] = {4.8, 1.0, -3.8, 4.0}, hi[] = {5.2, 1.8, -3.1, 5.8};
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(std::abs(exact[i] - truth[i]) <= 0.1, "least-squares w" << i << " = " << exact[i]);
    BOOST_TEST(within(sgd[i], lo[i], hi[i]), "SGD w" << i << " = " << sgd[i] << " outside [" << lo[i] << ", " << hi[i] << "]");
  }
  const auto normal = sgd_losses(r.output, "Normal"), under = sgd_losses(r.output, "Underfitting"),
             over = sgd_losses(r.output, "Overfitting");
  BOOST_TEST(within(normal.first, 0.003, 0.05), "normal train loss " << normal.first);
  BOOST_TEST(within(normal.second, 0.003, 0.5), "normal test loss " << normal.second);
  BOOST_TEST(within(under.first, 1.0, 30.0), "underfit train loss " << under.first);
  BOOST_TEST(within(under.second, 1.0, 30.0), "underfit test loss " << under.second);
  BOOST_TEST(within(over.first, 0.003, 0.02), "overfit train loss " << over.first);
  BOOST_TEST(within(over.second, 0.003, 0.3), "overfit test loss " << over.second);
  // The small validation run: over 8 seeds the large network's gap was always the larger one,
  // its validation accuracy the higher, and the validation set chose it.
  const std::vector<double> small = network_row(r.output, "small"), large = network_row(r.output, "large");
  BOOST_REQUIRE_EQUAL(small.size(), 5u);
  BOOST_REQUIRE_EQUAL(large.size(), 5u);
  BOOST_TEST(within(small[3], 0.65, 0.80), "small validation accuracy " << small[3]);
  BOOST_TEST(within(large[3], 0.74, 0.84), "large validation accuracy " << large[3]);
  BOOST_TEST(within(large[4], 0.07, 0.20), "large gap " << large[4]);
  BOOST_TEST(large[4] > small[4], "gaps: large " << large[4] << ", small " << small[4]);
  BOOST_TEST(large[0] < large[1], "large: train loss " << large[0] << " below validation loss " << large[1]);
  BOOST_TEST(r.output.find("The validation set chooses the large network") != std::string::npos);
  BOOST_TEST(within(number_after(r.output, "measured once: ", "chooses"), 0.72, 0.82));
}

BOOST_AUTO_TEST_CASE(with_the_books_pytorch_loss_the_normal_fit_lands_near_the_cubic) {
  wb::test::TempDir out;
  const auto r = wb::test::run_command(program + " --loss mse --no-fashion-mnist --out " + out.str());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const std::vector<double> exact = weights(r.output, "weight exact:", "Normal"), sgd = weights(r.output, "weight SGD:", "Normal");
  BOOST_REQUIRE_EQUAL(sgd.size(), 4u);
  const double lo[] = {4.9, 1.1, -3.55, 5.1}, hi[] = {5.1, 1.4, -3.25, 5.7};  // 20 seeds: 4.97–5.03, 1.18–1.32, −3.48–−3.34, 5.25–5.63
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(within(sgd[i], lo[i], hi[i]), "SGD w" << i << " = " << sgd[i]);
    BOOST_TEST(std::abs(sgd[i] - exact[i]) <= 0.5, "SGD w" << i << " = " << sgd[i] << ", exact " << exact[i]);
  }
  const auto under = sgd_losses(r.output, "Underfitting");
  BOOST_TEST(within(under.first, 2.0, 60.0), "underfit train loss with MSELoss " << under.first);
}

BOOST_AUTO_TEST_CASE(on_the_full_split_the_gap_vanishes, *boost::unit_test::precondition(wb::test::have_data)) {
  wb::test::TempDir out;
  const auto r = wb::test::run_command(program + " --train-size 0 --validation-size 10000 --mlp-epochs 10 "
                                                 "--mlp-batch-size 256 --threads 2 --out " + out.str());
  BOOST_TEST_MESSAGE(r.output);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.output.find("10000 validation and 50000 training images") != std::string::npos);
  const std::vector<double> small = network_row(r.output, "small"), large = network_row(r.output, "large");
  BOOST_REQUIRE_EQUAL(large.size(), 5u);
  BOOST_REQUIRE_EQUAL(small.size(), 5u);
  BOOST_TEST(std::abs(large[4]) <= 0.02, "large gap on 50 000 examples " << large[4]);
  BOOST_TEST(std::abs(small[4]) <= 0.02, "small gap on 50 000 examples " << small[4]);
  BOOST_TEST(within(large[3], 0.83, 0.87), "large validation accuracy " << large[3]);
  BOOST_TEST(within(number_after(r.output, "measured once: ", "chooses"), 0.82, 0.86));
}

BOOST_AUTO_TEST_SUITE_END()  // test_experiment_04_generalization
