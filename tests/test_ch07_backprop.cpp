// Chapter 7 tests: the per-equation checks (chapters/07_backprop: graph.hpp, planted.hpp,
// equation_checks.hpp, layer_checks.hpp) and the built program build/bin/07_backprop.
// Labels: chapter, gradcheck.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <armadillo>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "07_backprop/cost.hpp"
#include "07_backprop/equation_checks.hpp"
#include "07_backprop/graph.hpp"
#include "07_backprop/layer_checks.hpp"
#include "07_backprop/planted.hpp"
#include "07_backprop/report.hpp"
#include "support.hpp"
#include "wb/mlp.hpp"

BOOST_AUTO_TEST_SUITE(test_ch07_backprop)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace ch7 = wb::ch7;

namespace {

/// The default problem of the program: d = 5, h = 4, q = 3, n = 2, λ = 0.01, seed 42.
ch7::Problem default_problem(std::uint64_t seed = 42) { return ch7::make_problem({}, 2, 0.01, seed); }

const wb::GradCheckReport& find_row(const std::vector<wb::GradCheckReport>& rows, const std::string& prefix) {
  for (const auto& r : rows)
    if (r.name.rfind(prefix, 0) == 0) return r;
  BOOST_FAIL("no row " << prefix);
  return rows.front();
}

std::string dump(const std::vector<wb::GradCheckReport>& rows) { return "\n" + wb::table(rows); }

/// Runs build/bin/07_backprop with `args`; returns the exit status, stdout+stderr in `out`.
int run_program(const std::string& args, std::string& out) {
  const std::string command = std::string(WB_BIN_DIR "/07_backprop ") + args;
  const wb::test::CommandResult r = wb::test::run_command(command);
  out = r.output;
  BOOST_REQUIRE_MESSAGE(r.status >= 0, command << " did not exit normally");
  return r.status;
}

/// The line of `out` that starts with `prefix` ("" if none).
std::string line_starting(const std::string& out, const std::string& prefix) {
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

/// Every line of `out` that starts with `prefix`.
std::vector<std::string> lines_starting(const std::string& out, const std::string& prefix) {
  std::istringstream in(out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
  return lines;
}

/// The lines printed under the title that starts with `title`, up to the next empty line:
/// the table's header, its rows and their diagnosis lines (empty if there is no such title).
std::vector<std::string> table_under(const std::string& out, const std::string& title) {
  std::istringstream in(out);
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (inside && line.empty()) break;
    if (inside) lines.push_back(line);
    inside = inside || line.rfind(title, 0) == 0;
  }
  return lines;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// The names of the rows of the equation table and of the layers table, as the checks give them.
std::vector<std::string> row_names(const std::vector<wb::GradCheckReport>& rows) {
  std::vector<std::string> names;
  for (const auto& r : rows) names.push_back(r.name);
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(logic)

BOOST_AUTO_TEST_CASE(every_row_is_ok_with_each_activation) {
  const ch7::Problem p = default_problem();
  const wb::CheckOptions central;
  const auto check = [&](const auto& rows, std::size_t expected) {
    BOOST_TEST(rows.size() == expected);
    for (const auto& r : rows) BOOST_TEST(r.status == wb::Status::ok, r.name << dump(rows));
  };
  check(ch7::check_equations<wb::ReLU>(p, central), 7u);
  check(ch7::check_equations<wb::Sigmoid>(p, central), 7u);
  check(ch7::check_equations<wb::Tanh>(p, central), 7u);
  check(ch7::check_layers<wb::ReLU>(p, central), 7u);
  check(ch7::check_layers<wb::Sigmoid>(p, central), 7u);
  check(ch7::check_layers<wb::Tanh>(p, central), 7u);
  // Richardson on other seeds and sizes, square ones included.
  for (const ch7::Sizes s : {ch7::Sizes{3, 7, 2}, ch7::Sizes{4, 4, 4}}) {
    const ch7::Problem q = ch7::make_problem(s, 3, 0.1, 5);
    check(ch7::check_equations<wb::Tanh>(q, wb::CheckOptions{wb::Method::richardson}), 7u);
  }
}

BOOST_AUTO_TEST_CASE(each_planted_bug_fails_exactly_its_equation_with_the_right_diagnosis) {
  const std::map<ch7::Bug, std::pair<std::vector<std::string>, std::string>> expected = {
      {ch7::Bug::missing_decay, {{"E2"}, "missing λW"}},
      {ch7::Bug::double_lambda, {{"B1"}, "λ vs 2λ"}},
      {ch7::Bug::no_transpose, {{"E1"}, "missing transpose"}},
      {ch7::Bug::phi_not_dphi, {{"D "}, "φ instead of φ′"}},
      {ch7::Bug::no_batch_mean, {{"B2"}, "missing 1/batch factor"}},
      {ch7::Bug::sign, {{"B2"}, "sign error"}},
  };
  BOOST_TEST(expected.size() == ch7::bugs().size());
  const ch7::Problem p = default_problem();
  const auto check_bugs = [&](auto phi) {
    using Phi = decltype(phi);
    for (const auto& [bug, want] : expected) {
      const auto& [failing, diagnosis] = want;
      const std::string label = std::string(ch7::bug_info(bug).name) + " with " + Phi::name;
      const auto rows = ch7::check_equations<Phi>(p, wb::CheckOptions{}, ch7::equations_with<Phi>(bug));
      for (const auto& r : rows) {
        bool should_fail = false;
        for (const auto& prefix : failing) should_fail = should_fail || r.name.rfind(prefix, 0) == 0;
        if (should_fail) {
          BOOST_TEST(r.status == wb::Status::fail, label << ": " << r.name << dump(rows));
          BOOST_TEST(contains(r.diagnosis, diagnosis), label << ": " << r.diagnosis);
        } else {
          BOOST_TEST(r.status == wb::Status::ok, label << ": " << r.name << dump(rows));
        }
      }
    }
  };
  check_bugs(wb::ReLU{});
  check_bugs(wb::Tanh{});
  // The missing transpose is also diagnosed when the shapes cannot tell (h = d: W1 is square),
  // in the row's own variables.
  const ch7::Problem square = ch7::make_problem({4, 4, 3}, 2, 0.01, 3);
  const auto rows =
      ch7::check_equations<wb::Tanh>(square, wb::CheckOptions{}, ch7::equations_with<wb::Tanh>(ch7::Bug::no_transpose));
  BOOST_TEST(contains(find_row(rows, "E1").diagnosis, "missing transpose"), dump(rows));
  BOOST_TEST(contains(find_row(rows, "E1").diagnosis, "(dJ_dz * x.t(), not x * dJ_dz.t())"), dump(rows));
}

BOOST_AUTO_TEST_CASE(an_exercise_stopped_by_a_size_error_fails_its_row_with_the_message_and_the_others_pass) {
  const ch7::Problem p = default_problem();  // W2 is 3 × 4, dJ/do 3 × 2
  ch7::Equations<wb::ReLU> eq;
  eq.hidden_gradient = [](const arma::mat& W2, const arma::mat& dJ_do) {
    // W2 * dJ_do without the transpose. Armadillo's own size check, which the learner's build
    // (build-mine/) keeps and the reference build compiles out (ARMA_NO_DEBUG), made explicit:
    arma::arma_assert_mul_size(W2, dJ_do, "matrix multiplication");
    return arma::mat(W2 * dJ_do);
  };
  const auto rows = ch7::check_equations<wb::ReLU>(p, wb::CheckOptions{}, eq);
  BOOST_TEST_REQUIRE(rows.size() == 7u);
  for (const auto& r : rows) {
    if (r.name.rfind("C ", 0) == 0) {
      BOOST_TEST(r.status == wb::Status::fail, dump(rows));
      BOOST_TEST(contains(r.diagnosis, "exercise 7.4 (equation C)"), r.diagnosis);
      BOOST_TEST(contains(r.diagnosis, "incompatible matrix dimensions: 3x4 and 3x2"), r.diagnosis);
      BOOST_TEST(r.checked == 0u);
      BOOST_TEST((std::isnan(r.analytic) && std::isnan(r.numeric) && std::isnan(r.max_rel_error)));
      BOOST_TEST(contains(wb::row(r), "exercise 7.4"), wb::row(r));
    } else {
      BOOST_TEST(r.status == wb::Status::ok, r.name << dump(rows));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_result_of_the_wrong_shape_fails_its_row_only_and_a_transpose_is_named_in_its_variables) {
  const ch7::Problem p = default_problem();
  const auto only_C_fails = [&](const ch7::Equations<wb::Tanh>& eq, const std::string& diagnosis) {
    const auto rows = ch7::check_equations<wb::Tanh>(p, wb::CheckOptions{}, eq);
    for (const auto& r : rows) {
      if (r.name.rfind("C ", 0) == 0) {
        BOOST_TEST(r.status == wb::Status::fail, dump(rows));
        BOOST_TEST(contains(r.diagnosis, diagnosis), r.diagnosis);
      } else {
        BOOST_TEST(r.status == wb::Status::ok, r.name << dump(rows));  // D and E1 still get a numeric dJ/dh
      }
    }
  };
  ch7::Equations<wb::Tanh> transposed;
  transposed.hidden_gradient = [](const arma::mat& W2, const arma::mat& dJ_do) { return arma::mat(dJ_do.t() * W2); };
  only_C_fails(transposed, "missing transpose: the analytic gradient is the transpose of the numeric one "
                           "(W2.t() * dJ_do, not dJ_do.t() * W2)");
  ch7::Equations<wb::Tanh> wrong_shape;
  wrong_shape.hidden_gradient = [](const arma::mat&, const arma::mat& dJ_do) { return dJ_do; };
  only_C_fails(wrong_shape, "shape mismatch: the analytic gradient is 3×2 but the input is 4×2");
}

BOOST_AUTO_TEST_CASE(a_z_entry_exactly_zero_with_relu_is_reported_as_a_kink_not_a_failure) {
  ch7::Problem p = default_problem();
  ch7::plant_kink(p);
  BOOST_TEST(ch7::forward<wb::ReLU>(p).z(0, 0) == 0.0);
  const auto rows = ch7::check_equations<wb::ReLU>(p, wb::CheckOptions{});
  const auto& D = find_row(rows, "D ");
  BOOST_TEST(D.status == wb::Status::kink, dump(rows));
  BOOST_TEST(D.kinks == 1u);
  BOOST_TEST((D.worst_row == 0u && D.worst_col == 0u));
  BOOST_TEST(wb::all_passed(rows), dump(rows));
  // Without kink detection the same entry is a failure: the kink is real, not a tolerance effect.
  wb::CheckOptions strict;
  strict.detect_kinks = false;
  BOOST_TEST(find_row(ch7::check_equations<wb::ReLU>(p, strict), "D ").status == wb::Status::fail);
}

BOOST_AUTO_TEST_CASE(the_complex_step_meets_1e_12_relative_on_the_smooth_activations) {
  wb::CheckOptions complex_step;
  complex_step.method = wb::Method::complex_step;
  complex_step.rtol = 1e-12;  // the pass rule is the bound itself
  complex_step.atol = 1e-15;
  for (const std::uint64_t seed : {42u, 7u}) {
    const ch7::Problem p = ch7::make_problem({5, 4, 3}, 3, 0.01, seed);
    for (const auto& rows : {ch7::check_equations<wb::Tanh>(p, complex_step), ch7::check_equations<wb::Sigmoid>(p, complex_step),
                             ch7::check_layers<wb::Tanh>(p, complex_step), ch7::check_layers<wb::Sigmoid>(p, complex_step)}) {
      for (const auto& r : rows) {
        BOOST_TEST((r.method == wb::Method::complex_step), r.name << ": fell back to " << wb::method_name(r.method));
        BOOST_TEST(r.status == wb::Status::ok, dump(rows));
        BOOST_TEST(r.max_rel_error <= 1e-12, r.name << dump(rows));
      }
    }
  }
}

/// wb::Mlp<double> end to end (Linear, the activation, dropout, Linear, softmax CE, weight decay)
/// against the checker: every dW and db of every layer, J = L + λ/2 Σ‖W‖². With dropout, the
/// numeric evaluations start from a copy of the network taken before the forward pass, so they
/// draw the same mask (the random source is part of the copy).
void check_mlp(const wb::MlpConfig& config, std::uint64_t seed) {
  const arma::uword d = 6, q = 3, n = 4;
  wb::Mlp<double> net(d, q, config);
  net.init(seed);
  for (auto& layer : net.layers) layer.b = arma::linspace<arma::vec>(-0.2, 0.3, layer.b.n_elem);
  arma::arma_rng::set_seed(seed);
  const arma::mat X = arma::randn<arma::mat>(d, n);
  const arma::uvec y = {0, 2, 1, 2};
  const wb::Mlp<double> before = net;
  arma::mat dO;
  wb::SoftmaxCrossEntropy::backward(net.forward(X, wb::Mode::train), y, dO);
  net.backward(X, dO);
  const auto J_with = [&](std::size_t l, bool bias) {
    return [&, l, bias](const arma::mat& P) {
      wb::Mlp<double> copy = before;
      if (bias) copy.layers[l].b = P;
      else copy.layers[l].W = P;
      return wb::SoftmaxCrossEntropy::forward(copy.forward(X, wb::Mode::train), y) + copy.penalty();
    };
  };
  std::vector<wb::GradCheckReport> rows;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& layer = net.layers[l];
    rows.push_back(wb::check_gradient(fmt::format("Mlp dJ/dW({})", l + 1), J_with(l, false), layer.W, layer.dW));
    rows.push_back(wb::check_gradient(fmt::format("Mlp dJ/db({})", l + 1), J_with(l, true), arma::mat(layer.b), layer.db));
  }
  BOOST_TEST_MESSAGE(wb::table(rows));
  for (const auto& r : rows) BOOST_TEST(r.status == wb::Status::ok, dump(rows));
}

BOOST_AUTO_TEST_CASE(the_trainers_gradients_are_verified_with_the_checker) {
  wb::MlpConfig c;
  c.init_sigma = 0.5;
  c.hidden = {5};
  check_mlp(c, 11);  // chapter 2's network: one hidden ReLU layer
  c.hidden = {5, 4};
  c.activation = wb::ActivationKind::tanh;
  c.weight_decay = 0.1;
  check_mlp(c, 12);  // deeper, smooth, with weight decay on the weights only
  c.activation = wb::ActivationKind::sigmoid;
  c.weight_decay = 0;
  c.dropout = {0.3, 0.5};
  check_mlp(c, 13);  // dropout, the mask of the forward pass held fixed
  // And the layers one by one, as the program's second table shows them.
  const auto layers = ch7::check_layers<wb::ReLU>(ch7::make_problem({6, 5, 3}, 4, 0.01, 11), wb::CheckOptions{});
  for (const auto& r : layers) BOOST_TEST(r.status == wb::Status::ok, dump(layers));
}

// (Speed is measured by ./workbook bench, not asserted here: a timed unit test fails on a
// busy machine.)

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cost_and_memory)

// Chapter 2's network, counted by hand: W1 784×256 = 200704, b1 256, W2 256×10 = 2560, b2 10.
constexpr arma::uword chapter2_parameters = 203530;

BOOST_AUTO_TEST_CASE(the_parameters_are_counted_and_located_as_W1_b1_W2_b2) {
  ch7::CostProblem p = ch7::make_cost_problem({784, 256, 10}, 2, 7);
  BOOST_TEST(ch7::parameter_count(p.net) == chapter2_parameters);
  BOOST_TEST(&ch7::parameter(p.net, 0) == &p.net.layers[0].W(0, 0));
  BOOST_TEST(&ch7::parameter(p.net, 769) == &p.net.layers[0].W(1, 3));  // column-major: 3·256 + 1
  BOOST_TEST(&ch7::parameter(p.net, 200704) == &p.net.layers[0].b(0));
  BOOST_TEST(&ch7::parameter(p.net, 200960) == &p.net.layers[1].W(0, 0));
  BOOST_TEST(&ch7::parameter(p.net, 203529) == &p.net.layers[1].b(9));
  BOOST_CHECK_THROW(ch7::parameter(p.net, chapter2_parameters), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(every_numeric_partial_matches_the_backward_pass_on_a_small_network) {
  ch7::CostProblem p = ch7::make_cost_problem({12, 6, 3}, 5, 3);
  for (auto& layer : p.net.layers) layer.W *= 50;  // σ = 0.5: gradients of order 0.1, not 1e-4
  ch7::backpropagate(p);
  const arma::uword P = ch7::parameter_count(p.net);
  BOOST_TEST(P == 12u * 6 + 6 + 6 * 3 + 3);
  double max_partial = 0;
  for (arma::uword k = 0; k < P; ++k) {
    const double a = ch7::backprop_partial(p.net, k), n = ch7::numeric_partial(p, k);
    BOOST_TEST(std::abs(a - n) <= 1e-8, "parameter " << k << ": backprop " << a << ", numeric " << n);
    max_partial = std::max(max_partial, std::abs(a));
  }
  BOOST_TEST(max_partial > 1e-2);  // the comparison is not between zeros
}

BOOST_AUTO_TEST_CASE(the_work_is_counted_in_multiply_adds) {
  const ch7::Work w = ch7::work_per_example({784, 256, 10}, chapter2_parameters);
  BOOST_TEST(w.forward == 203264.0);   // 784·256 + 256·10
  BOOST_TEST(w.backward == 205824.0);  // 2·256·10 + 256·784
  // 2 · 203530 · 203264 / (203264 + 205824) = 202256.3…, the ratio the page states
  BOOST_TEST(std::abs(w.ratio() - 202256.3) <= 0.1, w.ratio());
}

BOOST_AUTO_TEST_CASE(the_measured_sample_agrees_with_the_backward_pass_on_chapter_2s_network) {
  ch7::CostProblem p = ch7::make_cost_problem({784, 256, 10}, 16, 1);
  const ch7::CostReport r = ch7::measure_cost(p, 4, 1, 1);
  BOOST_TEST(r.parameters == chapter2_parameters);
  BOOST_TEST(r.sample == 4u);
  BOOST_TEST(r.max_abs_difference <= 1e-8);
  BOOST_TEST(r.max_abs_partial > 1e-6);
  BOOST_TEST((r.backprop_seconds > 0 && r.numeric_seconds > 0));
  const std::vector<arma::uword> picked = ch7::sample_parameters(chapter2_parameters, 20, 1);
  BOOST_TEST(picked.size() == 20u);
  const bool increasing = std::adjacent_find(picked.begin(), picked.end(), std::greater_equal<>()) == picked.end();
  BOOST_TEST(increasing);  // distinct, in order
  BOOST_TEST(picked.back() < chapter2_parameters);
}

BOOST_AUTO_TEST_CASE(the_backward_walk_counts_what_is_alive_at_each_equation) {
  // Chapter 2's network, n = 256. By hand: x 200704, z = h = dJ/dh = dJ/dz 65536, o = dJ/do 2560;
  // ds/dW1 = dJ/dW1 200704, ds/dW2 = dJ/dW2 2560; dJ/dL and dJ/ds 2.
  const auto walk = ch7::backward_walk({784, 256, 10}, 256);
  BOOST_TEST_REQUIRE(walk.size() == 7u);
  const std::vector<arma::uword> forward = {334336, 334336, 334336, 331776, 331776, 266240, 65536};
  const std::vector<arma::uword> partials = {2, 203266, 205826, 271362, 336898, 472066, 208386};
  for (std::size_t i = 0; i < walk.size(); ++i) {
    BOOST_TEST(walk[i].forward == forward[i], walk[i].equation);
    BOOST_TEST(walk[i].partials == partials[i], walk[i].equation);
  }
  BOOST_TEST(std::string(ch7::peak(walk).equation) == "E1");
  BOOST_TEST(ch7::peak(walk).total() == 738306u);  // 266240 + 472066: 2.82 MiB in float
  // Without ∂s/∂W stored whole: 738306 − 200704 − 2560.
  BOOST_TEST(ch7::peak(ch7::backward_walk({784, 256, 10}, 256, false)).total() == 535042u);
  // The forward account the walk starts from: 256 · (784 + 2·256 + 10).
  BOOST_TEST(256 * ch7::memory_account({784, 256, 10}).kept == 334336u);
}

BOOST_AUTO_TEST_CASE(the_cost_run_exits_0_and_finds_the_same_gradient) {
  std::string out;
  BOOST_TEST(run_program("--cost --seed 2", out) == 0, out);
  const std::string line = line_starting(out, "agreement on the sample:");
  const std::vector<std::string> m = wb::search(line, R"(max \|numeric − backprop\| = ([0-9.e+-]+))");
  BOOST_TEST_REQUIRE(m.size() == 2u, out);
  BOOST_TEST(std::stod(m[1]) <= 1e-8, line);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(program)

BOOST_AUTO_TEST_CASE(the_default_run_prints_every_row_ok_the_memory_and_the_time_and_exits_0) {
  std::string out;
  BOOST_TEST(run_program("", out) == 0, out);
  const ch7::Problem p = default_problem();
  // Every equation row twice (relu, tanh), every layer row once, all ok.
  for (const auto& [names, times] : {std::pair{row_names(ch7::check_equations<wb::ReLU>(p, {})), 2u},
                                     std::pair{row_names(ch7::check_layers<wb::ReLU>(p, {})), 1u}})
    for (const auto& name : names) {
      const auto lines = lines_starting(out, name);
      BOOST_TEST(lines.size() == times, "row " << name << "\n" << out);
      for (const auto& line : lines) BOOST_TEST(contains(line, " ok "), line);
    }
  BOOST_TEST(contains(out, "pass rule |a − n| ≤ atol + rtol·max(|a|, |n|)"));
  BOOST_TEST(contains(out, "max rel: the largest rel err over the checked entries, kinks excluded"));
  BOOST_TEST(contains(out, "16 values = 128 bytes in double"), out);  // x 5 + z 4 + h 4 + o 3
  BOOST_TEST(contains(out, "1306 values = 5224 bytes per example in float"), out);
  BOOST_TEST(!line_starting(out, "Time: 21 rows checked in").empty(), out);
  BOOST_TEST(contains(out, "All rows pass."));
}

BOOST_AUTO_TEST_CASE(the_default_run_checks_the_equations_with_relu_and_with_tanh_and_says_why) {
  std::string out;
  BOOST_TEST(run_program("", out) == 0, out);
  for (const std::string phi : {"relu", "tanh"}) {
    const auto table = table_under(out, "The notes' graph with φ = " + phi + ": equations A, B1, B2, C, D, E1, E2");
    BOOST_TEST_REQUIRE(table.size() == 8u, phi << ": no table of a header and 7 rows\n" << out);
    BOOST_TEST(table[0].rfind("check ", 0) == 0, table[0]);
    for (std::size_t i = 1; i < table.size(); ++i) BOOST_TEST(contains(table[i], " ok "), phi << ": " << table[i]);
  }
  BOOST_TEST(!line_starting(out, "forward relu: L = ").empty(), out);
  BOOST_TEST(contains(out, "        tanh: L = "), out);
  BOOST_TEST(contains(out, "without --activation the equations are checked with relu AND tanh"), out);
  BOOST_TEST(table_under(out, "Chapter 2's layers with φ = relu").size() == 8u, out);
  BOOST_TEST(table_under(out, "Chapter 2's layers with φ = tanh").empty(), out);
  // --activation X restricts the equations to X.
  BOOST_TEST(run_program("--activation sigmoid", out) == 0, out);
  BOOST_TEST(table_under(out, "The notes' graph with φ = sigmoid").size() == 8u, out);
  BOOST_TEST(table_under(out, "The notes' graph with φ = relu").empty(), out);
  BOOST_TEST(table_under(out, "The notes' graph with φ = tanh").empty(), out);
  BOOST_TEST(table_under(out, "Chapter 2's layers with φ = sigmoid").size() == 8u, out);
}

BOOST_AUTO_TEST_CASE(each_planted_bug_exits_nonzero_with_its_diagnosis_line) {
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"missing-decay", {"diagnosis E2  dJ/dW2: ", "missing λW"}},
      {"double-lambda", {"diagnosis B1  ds/dW1,ds/dW2: ", "λ vs 2λ"}},
      {"no-transpose", {"diagnosis E1  dJ/dW1: ", "missing transpose"}},
      {"phi-not-dphi", {"diagnosis D   dJ/dz: ", "φ instead of φ′"}},
      {"no-batch-mean", {"diagnosis B2  dJ/do: ", "missing 1/batch factor"}},
      {"sign", {"diagnosis B2  dJ/do: ", "sign error"}},
  };
  for (const auto& [bug, want] : expected) {
    std::string out;
    BOOST_TEST(run_program("--plant " + bug, out) == int(wb::exit_failure), bug << "\n" << out);
    const std::string line = line_starting(out, want.first);
    BOOST_TEST(contains(line, want.second), bug << ": '" << line << "'\n" << out);
    BOOST_TEST(contains(out, "the planted bug " + bug + " was caught"), out);
  }
  // The learner's favourite bug, also with tanh and the complex step.
  std::string out;
  BOOST_TEST(run_program("--plant phi-not-dphi --activation tanh --method complex", out) == int(wb::exit_failure), out);
  BOOST_TEST(contains(line_starting(out, "diagnosis D "), "φ instead of φ′"), out);
}

BOOST_AUTO_TEST_CASE(the_kink_option_reports_a_kink_row_and_still_exits_0) {
  std::string out;
  BOOST_TEST(run_program("--kink", out) == 0, out);
  BOOST_TEST(contains(line_starting(out, "D   dJ/dz"), " kink "), out);
}

BOOST_AUTO_TEST_CASE(complex_and_richardson_runs_pass_on_the_smooth_activations) {
  for (const std::string args : {"--activation tanh --method complex", "--activation sigmoid --method complex",
                                 "--activation sigmoid --method richardson --sizes 3,6,4 --batch 5 --seed 9"}) {
    std::string out;
    BOOST_TEST(run_program(args, out) == 0, args << "\n" << out);
    BOOST_TEST(contains(out, "All rows pass."), out);
  }
}

BOOST_AUTO_TEST_CASE(export_writes_every_quantity_with_consistent_shapes_and_values) {
  namespace fs = std::filesystem;
  const wb::test::TempDir tmp("wb-ch7-export");
  const fs::path dir = tmp.path() / "export";
  std::string out;
  BOOST_TEST_REQUIRE(run_program("--sizes 6,4,3 --batch 5 --lambda 0.05 --export " + dir.string(), out) == 0, out);
  const auto load = [&](const std::string& name) {
    arma::mat M;
    BOOST_TEST_REQUIRE(M.load((dir / (name + ".csv")).string(), arma::csv_ascii), "cannot load " << name);
    return M;
  };
  const arma::mat x = load("x"), W1 = load("W1"), W2 = load("W2"), z = load("z"), h = load("h"), o = load("o");
  const arma::mat dJ_do = load("dJ_do"), dJ_dh = load("dJ_dh"), dJ_dz = load("dJ_dz");
  const arma::mat dJ_dW1 = load("dJ_dW1"), dJ_dW2 = load("dJ_dW2");
  arma::uvec y;
  BOOST_TEST_REQUIRE(y.load((dir / "y.csv").string(), arma::csv_ascii));
  std::map<std::string, double> scalar;
  std::ifstream in(dir / "scalars.csv");
  for (std::string line; std::getline(in, line);) {
    const auto comma = line.find(',');
    BOOST_TEST_REQUIRE(comma != std::string::npos, line);
    scalar[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
  }
  BOOST_TEST(scalar.size() == 4u);
  const double lambda = scalar["lambda"];
  BOOST_TEST(lambda == 0.05);

  // Shapes: d = 6, h = 4, q = 3, n = 5.
  const auto shape = [](const arma::mat& M, arma::uword r, arma::uword c) { return M.n_rows == r && M.n_cols == c; };
  BOOST_TEST(shape(x, 6, 5));
  BOOST_TEST(y.n_elem == 5u);
  BOOST_TEST(y.max() < 3u);
  BOOST_TEST(shape(W1, 4, 6));
  BOOST_TEST(shape(W2, 3, 4));
  BOOST_TEST((shape(z, 4, 5) && shape(h, 4, 5) && shape(o, 3, 5)));
  BOOST_TEST((shape(dJ_do, 3, 5) && shape(dJ_dh, 4, 5) && shape(dJ_dz, 4, 5)));
  BOOST_TEST((shape(dJ_dW1, 4, 6) && shape(dJ_dW2, 3, 4)));

  // Values, recomputed from the files (full precision: agreement to ~1e-15 relative).
  const auto same = [](const arma::mat& A, const arma::mat& B) { return arma::approx_equal(A, B, "both", 1e-13, 1e-12); };
  BOOST_TEST(same(z, W1 * x));
  BOOST_TEST(same(h, arma::clamp(z, 0.0, arma::datum::inf)));
  BOOST_TEST(same(o, W2 * h));
  arma::mat P = arma::exp(o.each_row() - arma::max(o, 0));
  P.each_row() /= arma::sum(P, 0);
  double L = 0;
  for (arma::uword i = 0; i < y.n_elem; ++i) L -= std::log(P(y(i), i)) / double(y.n_elem);
  for (arma::uword i = 0; i < y.n_elem; ++i) P(y(i), i) -= 1.0;
  BOOST_TEST(same(dJ_do, P / double(y.n_elem)));
  BOOST_TEST(same(dJ_dh, W2.t() * dJ_do));
  BOOST_TEST(same(dJ_dz, dJ_dh % arma::conv_to<arma::mat>::from(z > 0.0)));
  BOOST_TEST(same(dJ_dW1, dJ_dz * x.t() + lambda * W1));
  BOOST_TEST(same(dJ_dW2, dJ_do * h.t() + lambda * W2));
  const double s = lambda / 2 * (arma::accu(W1 % W1) + arma::accu(W2 % W2));
  BOOST_TEST(scalar["L"] == L, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(scalar["s"] == s, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(scalar["J"] == scalar["L"] + scalar["s"], boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(invalid_options_are_rejected_with_one_line_and_exit_64) {
  for (const std::string args :
       {"--activation softmax", "--lambda -1", "--lambda 0", "--lambda abc", "--lambda 100", "--batch 0",
        "--sizes 3,4", "--sizes 5,4,1", "--sizes 5,0,3", "--method forward", "--method complex",
        "--method complex --activation relu", "--plant off-by-one", "--plant no-batch-mean --batch 1",
        "--kink --activation tanh", "--cost --kink", "--cost --plant sign", "--no-such-option"}) {
    std::string out;
    BOOST_TEST(run_program(args, out) == int(wb::exit_usage), args << "\n" << out);
    BOOST_TEST(contains(out, "07_backprop: error: "), args << "\n" << out);
    BOOST_TEST(std::count(out.begin(), out.end(), '\n') == 1, args << ": not one line\n" << out);
  }
  std::string out;
  BOOST_TEST(run_program("--help", out) == 0, out);
  BOOST_TEST(contains(out, "--plant"));
}

BOOST_AUTO_TEST_CASE(an_unwritable_export_directory_is_refused_with_one_line_before_any_check) {
  for (const std::string dir : {"/proc/nope", "/dev/null/out"}) {
    std::string out;
    BOOST_TEST(run_program("--export " + dir, out) == int(wb::exit_usage), dir << "\n" << out);
    BOOST_TEST(out.rfind("07_backprop: error: --export: ", 0) == 0, dir << "\n" << out);
    BOOST_TEST(contains(out, dir), out);
    BOOST_TEST(std::count(out.begin(), out.end(), '\n') == 1, dir << ": not one line\n" << out);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_ch07_backprop
