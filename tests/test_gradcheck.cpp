// The gradient checker's own tests: functions with known gradients, planted mistakes at known
// entries, kinks, the higher-accuracy references, the directional and sampled modes.
// The checker is wb::core: these tests use functions of their own, never the exercise
// functions, so a learner's (right or wrong) exercise cannot make the checker's tests fail.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "wb/error.hpp"
#include "wb/gradcheck.hpp"

BOOST_AUTO_TEST_SUITE(test_gradcheck)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace {

// ---------------------------------------------------------------- the functions checked

/// ReLU(z) = max(z, 0), element-wise (real matrices only).
arma::mat relu(const arma::mat& z) { return arma::clamp(z, 0.0, arma::datum::inf); }

/// ReLU′(z) = 1 where z > 0, else 0 (0 at the kink).
arma::mat relu_derivative(const arma::mat& z) { return arma::conv_to<arma::mat>::from(z > 0.0); }

/// tanh′(z) = 1 − tanh²(z)
arma::mat tanh_derivative(const arma::mat& z) { return 1.0 - arma::square(arma::tanh(z)); }

/// σ(z) = 1 / (1 + e^{−z}), element-wise, for real and complex matrices.
template <typename eT>
arma::Mat<eT> sigmoid(const arma::Mat<eT>& z) {
  return eT(1) / (eT(1) + arma::exp(-z));
}

/// σ′(z) = σ(z)(1 − σ(z))
arma::mat sigmoid_derivative(const arma::mat& z) {
  const arma::mat s = sigmoid(z);
  return s % (1.0 - s);
}

/// The mean softmax cross-entropy of the logits o (q × n) against the labels y, for real and
/// complex matrices: L = (1/n) Σ_i ( log Σ_k e^{o_ki − m_i} − (o_{y_i i} − m_i) ), with
/// m_i = max_k Re o_ki (a real shift, which leaves the imaginary parts alone).
template <typename eT>
eT cross_entropy(const arma::Mat<eT>& o, const arma::uvec& y) {
  eT total(0);
  for (arma::uword i = 0; i < o.n_cols; ++i) {
    const eT m(arma::max(arma::real(o.col(i))));
    total += std::log(arma::accu(arma::exp(o.col(i) - m))) - (o(y(i), i) - m);
  }
  return total / eT(o.n_cols);
}

/// ReLU written as (z + |z|)/2, for real and complex matrices: right on real matrices, but |z|
/// is not complex-analytic, so the complex step means nothing there (Im f(x + ih)/h = ½ on
/// both sides of 0, where ReLU′ is 1 or 0).
template <typename eT>
arma::Mat<eT> relu_through_abs(const arma::Mat<eT>& z) {
  arma::Mat<eT> r = z;
  r.transform([](eT v) { return (v + eT(std::abs(v))) / eT(2); });
  return r;
}

/// ∂L/∂o = (softmax(o) − onehot(y)) / n, column by column.
arma::mat cross_entropy_gradient(const arma::mat& o, const arma::uvec& y) {
  arma::mat p = arma::exp(o.each_row() - arma::max(o, 0));
  p.each_row() /= arma::sum(p, 0);
  for (arma::uword i = 0; i < o.n_cols; ++i) p(y(i), i) -= 1.0;
  return p / double(o.n_cols);
}

// ---------------------------------------------------------------- helpers

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// |a − b| ≤ tol·max(|a|, |b|) for every entry (relative agreement, with absolute values).
double max_relative_difference(const arma::mat& a, const arma::mat& b) {
  double worst = 0;
  for (arma::uword k = 0; k < a.n_elem; ++k) {
    const double d = std::abs(a(k) - b(k));
    const double m = std::max(std::abs(a(k)), std::abs(b(k)));
    worst = std::max(worst, m > 0 ? d / m : d);
  }
  return worst;
}

/// Softmax regression with weight decay, J(W) = L(W x, y) + λ/2‖W‖², the setting of the
/// classic mistakes. W is q × d with q ≠ d, so a transpose changes the shape.
struct DecayProblem {
  arma::uword q = 3, d = 5, n = 8;
  double lambda = 1e-2;
  arma::mat W, x;
  arma::uvec y;
  arma::mat dJ_dW_loss;  // ∂L/∂W (already averaged over the batch)
  arma::mat decay;       // λW

  DecayProblem() {
    arma::arma_rng::set_seed(7);
    W = 0.1 * arma::randn<arma::mat>(q, d);
    x = arma::randn<arma::mat>(d, n);
    y = arma::randi<arma::uvec>(n, arma::distr_param(0, int(q) - 1));
    dJ_dW_loss = cross_entropy_gradient(arma::mat(W * x), y) * x.t();
    decay = lambda * W;
  }
  arma::mat gradient() const { return dJ_dW_loss + decay; }
  /// Written once for any element type, so the complex step can run it.
  auto J() const {
    return [this](const auto& V) {
      using eT = typename std::decay_t<decltype(V)>::elem_type;
      const arma::Mat<eT> xe = arma::conv_to<arma::Mat<eT>>::from(x);
      const arma::Mat<eT> o = V * xe;
      return cross_entropy(o, y) + eT(lambda / 2) * arma::accu(V % V);
    };
  }
  wb::DiagnosisContext context() const {
    wb::DiagnosisContext c;
    c.batch = double(n);
    c.decay = decay;
    return c;
  }
};

const std::string transpose_msg = "missing transpose";
const std::string sign_msg = "sign error";
const std::string batch_msg = "missing 1/batch factor";
const std::string extra_batch_msg = "extra 1/batch factor";
const std::string decay_msg = "missing λW";
const std::string double_lambda_msg = "λ vs 2λ";
const std::string factor_msg = "off by a constant factor";
const std::string none_msg = "no classic mistake matches";
const std::string phi_msg = "φ instead of φ′: the backward pass multiplied by φ(z), not φ′(z)";

}  // namespace

// ---------------------------------------------------------------- known gradients pass

BOOST_AUTO_TEST_CASE(the_least_squares_gradient_passes_on_every_entry) {
  arma::arma_rng::set_seed(1);
  const arma::mat A = arma::randn<arma::mat>(7, 4);
  const arma::mat b = arma::randn<arma::mat>(7, 3);
  const arma::mat X = arma::randn<arma::mat>(4, 3);
  const auto f = [&](const arma::mat& V) { return 0.5 * arma::accu(arma::square(A * V - b)); };
  const wb::GradCheckReport r = wb::check_gradient("½‖AX−b‖²", f, X, A.t() * (A * X - b));
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.checked == X.n_elem);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.kinks == 0u);
  BOOST_TEST(std::abs(r.max_rel_error) <= 1e-8);
  BOOST_TEST(r.diagnosis.empty());
}

BOOST_AUTO_TEST_CASE(the_softmax_cross_entropy_gradient_passes) {
  arma::arma_rng::set_seed(2);
  const arma::mat o = 3.0 * arma::randn<arma::mat>(10, 6);
  const arma::uvec y = arma::randi<arma::uvec>(6, arma::distr_param(0, 9));
  const auto L = [&](const arma::mat& V) { return cross_entropy(V, y); };
  const wb::GradCheckReport r = wb::check_gradient("L(o)", L, o, cross_entropy_gradient(o, y));
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.checked == o.n_elem);
  BOOST_TEST(std::abs(r.max_rel_error) <= 1e-8);
}

BOOST_AUTO_TEST_CASE(tanh_and_sigmoid_backward_passes_pass_against_an_upstream_gradient) {
  arma::arma_rng::set_seed(3);
  const arma::mat Z = arma::randn<arma::mat>(6, 5);
  const arma::mat dH = arma::randn<arma::mat>(6, 5);
  const auto tanh_f = [](const auto& V) { return arma::tanh(V).eval(); };
  const auto sigmoid_f = [](const auto& V) { return sigmoid(V); };
  const wb::GradCheckReport t = wb::check_backward("tanh", tanh_f, Z, dH, dH % tanh_derivative(Z));
  const wb::GradCheckReport s = wb::check_backward("sigmoid", sigmoid_f, Z, dH, dH % sigmoid_derivative(Z));
  BOOST_TEST_MESSAGE(wb::row(t) << '\n' << wb::row(s));
  BOOST_TEST(t.status == wb::Status::ok);
  BOOST_TEST(s.status == wb::Status::ok);
  BOOST_TEST(t.checked == Z.n_elem);
  BOOST_TEST(std::abs(t.max_rel_error) <= 1e-8);
  BOOST_TEST(std::abs(s.max_rel_error) <= 1e-8);
  // ... and the same backward pass with the upstream gradient forgotten is caught.
  const wb::GradCheckReport wrong = wb::check_backward("tanh", tanh_f, Z, dH, tanh_derivative(Z));
  BOOST_TEST(wrong.status == wb::Status::fail);
}

BOOST_AUTO_TEST_CASE(the_l2_penalty_gradient_passes) {
  arma::arma_rng::set_seed(4);
  const arma::mat W = arma::randn<arma::mat>(9, 4);
  const double lambda = 1e-2;
  const auto s = [&](const arma::mat& V) { return lambda / 2 * arma::accu(V % V); };
  const wb::GradCheckReport r = wb::check_gradient("B1 ds/dW", s, W, lambda * W);
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(std::abs(r.max_rel_error) <= 1e-8);
}

// ---------------------------------------------------------------- the report of a failure

BOOST_AUTO_TEST_CASE(a_wrong_gradient_fails_and_the_report_names_the_planted_entry) {
  arma::arma_rng::set_seed(5);
  const arma::mat A = arma::randn<arma::mat>(6, 5);
  const arma::mat b = arma::randn<arma::mat>(6, 4);
  const arma::mat X = arma::randn<arma::mat>(5, 4);
  const auto f = [&](const arma::mat& V) { return 0.5 * arma::accu(arma::square(A * V - b)); };
  const arma::mat right = A.t() * (A * X - b);
  arma::mat wrong = right;
  wrong(3, 2) += 0.01;  // one planted error, small next to the entries (order 1)
  // and one at three times its own tolerance, which fails but must not be the worst
  wrong(1, 1) += 3 * (1e-6 + 1e-5 * std::abs(right(1, 1)));
  const wb::GradCheckReport r = wb::check_gradient("planted", f, X, wrong);
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(!r.passed());
  BOOST_TEST(r.checked == X.n_elem);
  BOOST_TEST(r.failed == 2u);
  BOOST_TEST(r.worst_row == 3u);
  BOOST_TEST(r.worst_col == 2u);
  BOOST_TEST(std::abs(r.analytic - wrong(3, 2)) <= 1e-15);
  BOOST_TEST(std::abs(r.numeric - right(3, 2)) <= 1e-8);
  BOOST_TEST(std::abs(r.abs_error - 0.01) <= 1e-8);
  BOOST_TEST(std::abs(r.rel_error - 0.01 / std::max({std::abs(wrong(3, 2)), std::abs(right(3, 2)), 0.1})) <= 1e-6);
  BOOST_TEST(r.max_rel_error >= r.rel_error);
  BOOST_TEST(!r.diagnosis.empty());
  BOOST_TEST(contains(r.diagnosis, none_msg));
}

BOOST_AUTO_TEST_CASE(a_non_finite_analytic_entry_never_passes) {
  const arma::mat X = {{1.0, 2.0}, {3.0, 4.0}};
  const auto f = [](const arma::mat& V) { return 0.5 * arma::accu(V % V); };
  arma::mat A = X;
  A(1, 0) = arma::datum::nan;
  const wb::GradCheckReport r = wb::check_gradient("nan", f, X, A);
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.failed == 1u);
  BOOST_TEST(r.worst_row == 1u);
  BOOST_TEST(r.worst_col == 0u);
}

BOOST_AUTO_TEST_CASE(a_report_prints_as_one_row_aligned_with_the_header) {
  const arma::mat X = {{1.0, 2.0}, {3.0, 4.0}};
  const auto f = [](const arma::mat& V) { return 0.5 * arma::accu(V % V); };
  const std::string header = wb::table_header();
  const std::string ok = wb::row(wb::check_gradient("E1  dJ/dW1", f, X, X));
  const std::string bad = wb::row(wb::check_gradient("E2  dJ/dW2", f, X, 2.0 * X));
  BOOST_TEST_MESSAGE(header << '\n' << ok << '\n' << bad);
  for (const std::string& line : {header, ok, bad}) BOOST_TEST(!contains(line, "\n"));
  BOOST_TEST(ok.rfind("E1  dJ/dW1", 0) == 0u);
  // the method column starts at the same offset in the header and in both rows
  BOOST_TEST(header.find("method") == ok.find("central"));
  BOOST_TEST(header.find("method") == bad.find("central"));
  BOOST_TEST(header.find("status") == ok.find("ok "));
  BOOST_TEST(header.find("status") == bad.find("FAIL"));
  BOOST_TEST(contains(bad, factor_msg));
  const std::string t = wb::table({wb::check_gradient("a", f, X, X)});
  BOOST_TEST(std::count(t.begin(), t.end(), '\n') == 2);
}

BOOST_AUTO_TEST_CASE(the_method_is_parsed_from_its_command_line_name) {
  BOOST_TEST(static_cast<int>(wb::method_from_string("central")) == static_cast<int>(wb::Method::central));
  BOOST_TEST(static_cast<int>(wb::method_from_string("richardson")) == static_cast<int>(wb::Method::richardson));
  BOOST_TEST(static_cast<int>(wb::method_from_string("complex")) == static_cast<int>(wb::Method::complex_step));
  BOOST_CHECK_THROW(wb::method_from_string("forward"), wb::UserError);
  BOOST_TEST(std::string(wb::status_word(wb::Status::fail)) == "FAIL");
}

// ---------------------------------------------------------------- shapes

BOOST_AUTO_TEST_CASE(a_gradient_of_the_wrong_shape_fails_with_a_message_not_a_crash) {
  const arma::mat X(3, 4, arma::fill::ones);
  const auto f = [](const arma::mat& V) { return arma::accu(V % V); };
  wb::GradCheckReport r;
  BOOST_CHECK_NO_THROW(r = wb::check_gradient("shape", f, X, arma::mat(2, 2, arma::fill::ones)));
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(contains(r.diagnosis, "shape mismatch"));
  BOOST_TEST(contains(r.diagnosis, "2×2"));
  BOOST_TEST(contains(r.diagnosis, "3×4"));
  BOOST_CHECK_NO_THROW(wb::row(r));
  // a backward check whose upstream gradient does not have the output's shape
  const auto g = [](const arma::mat& V) { return arma::mat(V * V.t()); };
  BOOST_CHECK_NO_THROW(r = wb::check_backward("dY shape", g, X, arma::mat(4, 4, arma::fill::ones), X));
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(contains(r.diagnosis, "upstream gradient dY is 4×4 but f(X) is 3×3"));
}

// ---------------------------------------------------------------- the diagnosis line

BOOST_AUTO_TEST_CASE(the_correct_decay_gradient_passes_with_lambda_1e_2) {
  const DecayProblem p;
  const wb::GradCheckReport r = wb::check_gradient("E1", p.J(), p.W, p.gradient(), {}, p.context());
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.diagnosis.empty());
}

BOOST_AUTO_TEST_CASE(each_planted_mistake_is_diagnosed_as_itself) {
  const DecayProblem p;
  const double n = double(p.n);
  struct Plant {
    const char* name;
    arma::mat analytic;
    std::string expected;
  };
  const std::vector<Plant> plants = {
      {"no-transpose", p.gradient().t(), transpose_msg},
      {"sign", -p.gradient(), sign_msg},
      {"no-batch-mean", n * p.dJ_dW_loss + p.decay, batch_msg},
      {"double-batch-mean", p.dJ_dW_loss / n + p.decay, extra_batch_msg},
      {"missing-decay", p.dJ_dW_loss, decay_msg},
      {"double-lambda", p.dJ_dW_loss + 2 * p.decay, double_lambda_msg},
      {"factor-3", 3 * p.gradient(), factor_msg},
  };
  const std::vector<std::string> all = {transpose_msg, sign_msg, batch_msg, extra_batch_msg,
                                        decay_msg, double_lambda_msg, factor_msg, none_msg};
  for (const Plant& plant : plants) {
    BOOST_TEST_CONTEXT("planted " << plant.name) {
      wb::GradCheckReport r;
      BOOST_CHECK_NO_THROW(r = wb::check_gradient(plant.name, p.J(), p.W, plant.analytic, {}, p.context()));
      BOOST_TEST_MESSAGE(wb::row(r));
      BOOST_TEST(r.status == wb::Status::fail);
      BOOST_TEST(r.diagnosis.rfind(plant.expected, 0) == 0u, "diagnosis: " << r.diagnosis);
      for (const std::string& other : all)
        if (other != plant.expected) BOOST_TEST(!contains(r.diagnosis, other));
    }
  }
}

BOOST_AUTO_TEST_CASE(no_other_hypothesis_explains_a_planted_mistake_once_its_own_is_withheld) {
  // Withholding the context a hypothesis needs (the batch size, the decay term) must leave
  // the mistake unexplained, rather than being picked up by another hypothesis.
  const DecayProblem p;
  const double n = double(p.n);
  wb::DiagnosisContext no_batch = p.context();
  no_batch.batch = 0;
  wb::DiagnosisContext no_decay = p.context();
  no_decay.decay.reset();
  const auto diagnosis = [&](const arma::mat& A, const wb::DiagnosisContext& c) {
    return wb::check_gradient("x", p.J(), p.W, A, {}, c).diagnosis;
  };
  BOOST_TEST(contains(diagnosis(n * p.dJ_dW_loss + p.decay, no_batch), none_msg));
  BOOST_TEST(contains(diagnosis(p.dJ_dW_loss / n + p.decay, no_batch), none_msg));
  BOOST_TEST(contains(diagnosis(p.dJ_dW_loss, no_decay), none_msg));
  BOOST_TEST(contains(diagnosis(p.dJ_dW_loss + 2 * p.decay, no_decay), none_msg));
  // without decay, the plain batch form A = n·N is recognised too
  BOOST_TEST(contains(diagnosis(n * p.gradient(), no_decay), batch_msg));
}

BOOST_AUTO_TEST_CASE(a_transposed_square_gradient_is_diagnosed_as_a_missing_transpose) {
  arma::arma_rng::set_seed(6);
  const arma::mat A = arma::randn<arma::mat>(4, 4);
  const arma::mat X = arma::randn<arma::mat>(4, 4);
  const auto f = [&](const arma::mat& V) { return arma::accu(arma::sin(A * V)); };
  const arma::mat right = A.t() * arma::cos(A * X);
  const wb::GradCheckReport r = wb::check_gradient("square", f, X, right.t());
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.diagnosis.rfind(transpose_msg, 0) == 0u);
}

BOOST_AUTO_TEST_CASE(the_transpose_diagnosis_speaks_in_the_callers_variables) {
  const std::string plain = "missing transpose: the analytic gradient is the transpose of the numeric one";
  const std::string hint = "did you write x * dJ_do.t() instead of dJ_do * x.t()?";
  const DecayProblem p;
  wb::DiagnosisContext c = p.context();
  c.transpose_hint = hint;
  const wb::GradCheckReport r = wb::check_gradient("E", p.J(), p.W, p.gradient().t(), {}, c);
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.diagnosis == plain + " (" + hint + ")");
  // without a hint: the diagnosis alone, with no variables of somebody else's equation
  const wb::GradCheckReport q = wb::check_gradient("E", p.J(), p.W, p.gradient().t(), {}, p.context());
  BOOST_TEST(q.diagnosis == plain);
  // a square gradient, where only the values tell, and diagnose() on its own
  arma::arma_rng::set_seed(15);
  const arma::mat N = arma::randn<arma::mat>(4, 4);
  BOOST_TEST(wb::diagnose(N.t(), N, c) == plain + " (" + hint + ")");
  BOOST_TEST(wb::diagnose(N.t(), N, {}) == plain);
  // the hint is for a transpose only
  BOOST_TEST(wb::diagnose(-N, N, c).rfind(sign_msg, 0) == 0u);
  BOOST_TEST(!contains(wb::diagnose(-N, N, c), hint));
}

BOOST_AUTO_TEST_CASE(a_caller_hypothesis_diagnoses_phi_instead_of_phi_prime) {
  arma::arma_rng::set_seed(8);
  const arma::mat Z = arma::randn<arma::mat>(5, 7);
  const arma::mat dH = arma::randn<arma::mat>(5, 7);
  const auto phi = [](const auto& V) { return arma::tanh(V).eval(); };
  wb::DiagnosisContext c;
  c.batch = 7;
  c.hypotheses.push_back({phi_msg, dH % arma::tanh(Z)});
  const arma::mat planted = dH % arma::tanh(Z);  // the mistake: φ(z) where φ′(z) belongs
  const wb::GradCheckReport r = wb::check_backward("D  dJ/dz", phi, Z, dH, planted, {}, c);
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.diagnosis == phi_msg);
  // the right backward pass does not trigger it, and without it the mistake is unexplained
  BOOST_TEST(wb::check_backward("D", phi, Z, dH, dH % tanh_derivative(Z), {}, c).passed());
  c.hypotheses.clear();
  BOOST_TEST(contains(wb::check_backward("D", phi, Z, dH, planted, {}, c).diagnosis, none_msg));
}

// ---------------------------------------------------------------- kinks

BOOST_AUTO_TEST_CASE(relu_at_zero_and_within_a_step_of_zero_is_a_kink_not_a_failure) {
  arma::arma_rng::set_seed(9);
  arma::mat Z = arma::randn<arma::mat>(4, 6);
  Z.elem(arma::find(arma::abs(Z) < 0.1)).fill(0.5);  // keep the other entries away from 0
  Z(1, 2) = 0.0;    // exactly at the kink
  Z(3, 4) = 3e-6;   // within the step h = ∛ε ≈ 6.1e-6 of it
  Z(0, 5) = -2e-6;  // and on the other side
  const arma::mat dH = arma::randn<arma::mat>(4, 6) + 2.0;  // no upstream entry near 0
  const auto relu_f = [](const arma::mat& V) { return relu(V); };
  const wb::GradCheckReport r = wb::check_backward("D relu", relu_f, Z, dH, dH % relu_derivative(Z));
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::kink);
  BOOST_TEST(r.passed());
  BOOST_TEST(r.kinks == 3u);
  BOOST_TEST(r.failed == 0u);
}

BOOST_AUTO_TEST_CASE(a_wrong_relu_gradient_away_from_zero_is_a_failure_even_next_to_kinks) {
  arma::arma_rng::set_seed(9);
  arma::mat Z = arma::randn<arma::mat>(4, 6);
  Z.elem(arma::find(arma::abs(Z) < 0.1)).fill(0.5);
  Z(1, 2) = 0.0;
  Z(2, 3) = 0.7;
  const arma::mat dH = arma::randn<arma::mat>(4, 6) + 2.0;
  const auto relu_f = [](const arma::mat& V) { return relu(V); };
  arma::mat wrong = dH % relu_derivative(Z);
  wrong(2, 3) = 0.0;  // as if ReLU′(0.7) were 0
  const wb::GradCheckReport r = wb::check_backward("D relu", relu_f, Z, dH, wrong);
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.failed == 1u);
  BOOST_TEST(r.kinks == 1u);
  BOOST_TEST(r.worst_row == 2u);
  BOOST_TEST(r.worst_col == 3u);
  // a value at the kink that is neither one-sided slope is a failure too
  arma::mat off = dH % relu_derivative(Z);
  off(1, 2) = -5.0 * dH(1, 2);
  const wb::GradCheckReport k = wb::check_backward("D relu", relu_f, Z, dH, off);
  BOOST_TEST(k.status == wb::Status::fail);
  BOOST_TEST(k.worst_row == 1u);
  BOOST_TEST(k.worst_col == 2u);
}

BOOST_AUTO_TEST_CASE(a_small_error_on_a_smooth_function_is_not_excused_as_a_kink) {
  // Large curvature (f = e^{3x} at x = 2.9 has f′ ≈ 1.8e4, f″ ≈ 5.4e4) makes the one-sided
  // slopes differ by h·f″ ≈ 0.94, so an analytic value off by 0.36 (twice the tolerance) lies
  // between them; it must still fail, since the jump halves with h (no kink).
  const arma::mat X = {{3.0, 2.9}};
  const auto f = [](const arma::mat& V) { return arma::accu(arma::exp(3.0 * V)); };
  arma::mat A = 3.0 * arma::exp(3.0 * X);
  A(0, 1) *= 1.0 + 2e-5;
  const wb::GradCheckReport r = wb::check_gradient("exp", f, X, A);
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.kinks == 0u);
  BOOST_TEST(r.worst_col == 1u);
}

// ---------------------------------------------------------------- higher-accuracy references

BOOST_AUTO_TEST_CASE(the_complex_step_agrees_to_1e_12_on_tanh_sigmoid_softmax_and_l2) {
  arma::arma_rng::set_seed(10);
  wb::CheckOptions cx;
  cx.method = wb::Method::complex_step;
  const arma::mat Z = arma::randn<arma::mat>(6, 5);
  const arma::mat dH = arma::randn<arma::mat>(6, 5);
  const auto tanh_f = [](const auto& V) { return arma::tanh(V).eval(); };
  const auto sigmoid_f = [](const auto& V) { return sigmoid(V); };
  const arma::uvec y = arma::randi<arma::uvec>(5, arma::distr_param(0, 5));
  const auto L = [&](const auto& V) { return cross_entropy(V, y); };
  const double lambda = 1e-2;
  const auto s = [&](const auto& V) {
    using eT = typename std::decay_t<decltype(V)>::elem_type;
    return eT(lambda / 2) * arma::accu(V % V);
  };
  const DecayProblem p;
  struct Case {
    wb::GradCheckReport report;
    arma::mat analytic;
  };
  const std::vector<Case> cases = {
      {wb::check_backward("tanh", tanh_f, Z, dH, dH % tanh_derivative(Z), cx), dH % tanh_derivative(Z)},
      {wb::check_backward("sigmoid", sigmoid_f, Z, dH, dH % sigmoid_derivative(Z), cx),
       dH % sigmoid_derivative(Z)},
      {wb::check_gradient("softmax CE", L, Z, cross_entropy_gradient(Z, y), cx),
       cross_entropy_gradient(Z, y)},
      {wb::check_gradient("L2", s, Z, lambda * Z, cx), lambda * Z},
      {wb::check_gradient("CE + L2 of W", p.J(), p.W, p.gradient(), cx), p.gradient()},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.report.name) {
      BOOST_TEST_MESSAGE(wb::row(c.report));
      BOOST_TEST(c.report.method == wb::Method::complex_step);
      BOOST_TEST(c.report.status == wb::Status::ok);
      BOOST_TEST(c.report.checked == c.analytic.n_elem);
      BOOST_TEST(std::abs(max_relative_difference(c.report.numeric_gradient, c.analytic)) <= 1e-12);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_complex_step_is_not_trusted_on_relu) {
  arma::arma_rng::set_seed(11);
  arma::mat Z = arma::randn<arma::mat>(3, 4);
  Z.elem(arma::find(arma::abs(Z) < 0.1)).fill(0.5);
  const arma::mat dH = arma::randn<arma::mat>(3, 4);
  wb::CheckOptions cx;
  cx.method = wb::Method::complex_step;
  const auto relu_cx = [](const auto& V) { return relu_through_abs(V); };  // compiles for cx_mat, means nothing there
  const wb::GradCheckReport r = wb::check_backward("relu", relu_cx, Z, dH, dH % relu_derivative(Z), cx);
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.method == wb::Method::richardson);
  BOOST_TEST(contains(r.note, "complex step"));
  // a function that only takes real matrices falls back the same way
  const auto relu_real = [](const arma::mat& V) { return relu(V); };
  const wb::GradCheckReport q = wb::check_backward("relu", relu_real, Z, dH, dH % relu_derivative(Z), cx);
  BOOST_TEST(q.method == wb::Method::richardson);
  BOOST_TEST(q.status == wb::Status::ok);
}

BOOST_AUTO_TEST_CASE(ridders_extrapolation_is_accurate_to_1e_10_with_a_small_error_estimate) {
  const DecayProblem p;
  wb::CheckOptions rich;
  rich.method = wb::Method::richardson;
  const wb::GradCheckReport r = wb::check_gradient("E1 ridders", p.J(), p.W, p.gradient(), rich);
  BOOST_TEST_MESSAGE(wb::row(r) << "  error estimate " << r.error_estimate);
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.method == wb::Method::richardson);
  BOOST_TEST(std::isfinite(r.error_estimate));
  BOOST_TEST(std::abs(r.error_estimate) <= 1e-10);
  BOOST_TEST(std::abs(arma::abs(r.numeric_gradient - p.gradient()).max()) <= 1e-10);
  // the scalar routine: d/dt sin(1 + t) at 0 = cos 1
  const wb::Derivative d = wb::ridders([](double t) { return std::sin(1.0 + t); }, 0.1);
  BOOST_TEST(std::abs(d.value - std::cos(1.0)) <= 1e-12);
  BOOST_TEST(std::abs(d.error) <= 1e-11);
}

BOOST_AUTO_TEST_CASE(the_numeric_gradient_of_each_method_matches_the_analytic_one) {
  const DecayProblem p;
  for (wb::Method m : {wb::Method::central, wb::Method::richardson, wb::Method::complex_step}) {
    BOOST_TEST_CONTEXT(wb::method_name(m)) {
      const arma::mat N = wb::numeric_gradient(p.J(), p.W, m);
      BOOST_TEST(std::abs(arma::abs(N - p.gradient()).max()) <= 1e-9);
    }
  }
}

// ---------------------------------------------------------------- directional and sampled modes

namespace {

/// A 784 → 256 → 10 network's loss as a function of W1 alone (W2, x, y fixed), with decay.
struct BigProblem {
  arma::mat W1, W2, x;
  arma::uvec y;
  double lambda = 1e-2;
  BigProblem() {
    arma::arma_rng::set_seed(12);
    W1 = 0.05 * arma::randn<arma::mat>(256, 784);
    W2 = 0.1 * arma::randn<arma::mat>(10, 256);
    x = arma::randu<arma::mat>(784, 8);
    y = arma::randi<arma::uvec>(8, arma::distr_param(0, 9));
  }
  auto J() const {
    return [this](const arma::mat& V) {
      return cross_entropy(arma::mat(W2 * arma::tanh(V * x)), y) + lambda / 2 * arma::accu(V % V);
    };
  }
  arma::mat gradient() const {
    const arma::mat z = W1 * x;
    const arma::mat h = arma::tanh(z);
    const arma::mat dJ_do = cross_entropy_gradient(arma::mat(W2 * h), y);
    const arma::mat dJ_dz = (W2.t() * dJ_do) % (1 - h % h);
    return dJ_dz * x.t() + lambda * W1;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_directional_mode_passes_a_correct_gradient_of_784_by_256_weights) {
  const BigProblem p;
  wb::CheckOptions dir;
  dir.directional = true;
  const wb::GradCheckReport r = wb::check_gradient("E1 directional", p.J(), p.W1, p.gradient(), dir);
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.directional);
  BOOST_TEST(!r.fell_back);
  BOOST_TEST(r.checked == 0u);
  BOOST_TEST(r.entries == p.W1.n_elem);
  BOOST_TEST(std::abs(r.analytic - r.numeric) <= 1e-6 * std::max(1e-3, std::abs(r.analytic)));
  BOOST_TEST(std::abs(r.analytic) > 0.0);
}

BOOST_AUTO_TEST_CASE(the_directional_mode_falls_back_to_entries_and_finds_a_single_wrong_one) {
  const BigProblem p;
  wb::CheckOptions dir;
  dir.directional = true;
  arma::mat wrong = p.gradient();
  wrong(100, 500) += 0.01;
  const wb::GradCheckReport r = wb::check_gradient("E1 directional", p.J(), p.W1, wrong, dir);
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.directional);
  BOOST_TEST(r.fell_back);
  BOOST_TEST(contains(r.note, "directional check failed"));
  BOOST_TEST(r.checked > 0u);
  BOOST_TEST(r.checked < p.W1.n_elem);
  BOOST_TEST(r.failed == 1u);
  BOOST_TEST(r.worst_row == 100u);
  BOOST_TEST(r.worst_col == 500u);
  BOOST_TEST(std::abs(r.abs_error - 0.01) <= 1e-7);
}

BOOST_AUTO_TEST_CASE(the_directional_fallback_diagnoses_a_systematic_mistake) {
  const DecayProblem p;
  wb::CheckOptions dir;
  dir.directional = true;
  const wb::GradCheckReport r =
      wb::check_gradient("E1", p.J(), p.W, p.dJ_dW_loss + 2 * p.decay, dir, p.context());
  BOOST_TEST(r.fell_back);
  BOOST_TEST(r.status == wb::Status::fail);
  BOOST_TEST(r.diagnosis.rfind(double_lambda_msg, 0) == 0u);
  // the complex step along the direction passes the correct gradient too
  dir.method = wb::Method::complex_step;
  const wb::GradCheckReport c = wb::check_gradient("E1", p.J(), p.W, p.gradient(), dir, p.context());
  BOOST_TEST(c.status == wb::Status::ok);
  BOOST_TEST(!c.fell_back);
  BOOST_TEST(std::abs(c.analytic - c.numeric) <= 1e-13 * std::abs(c.analytic));
}

BOOST_AUTO_TEST_CASE(the_sampled_mode_checks_exactly_k_seeded_entries) {
  arma::arma_rng::set_seed(13);
  const arma::mat X = arma::randn<arma::mat>(30, 40);
  const auto f = [](const arma::mat& V) { return arma::accu(arma::tanh(V)); };
  const arma::mat A = 1 - arma::square(arma::tanh(X));
  wb::CheckOptions o;
  o.samples = 50;
  const wb::GradCheckReport r = wb::check_gradient("sampled", f, X, A, o);
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.checked == 50u);
  const arma::uvec picked = arma::find_finite(r.numeric_gradient);
  BOOST_TEST(picked.n_elem == 50u);
  BOOST_TEST(contains(r.note, "sampled 50 of 1200"));
  // the same seed picks the same entries, another seed others
  const wb::GradCheckReport same = wb::check_gradient("sampled", f, X, A, o);
  const auto same_entries = [&](const wb::GradCheckReport& q) {
    const arma::uvec e = arma::find_finite(q.numeric_gradient);
    return e.n_elem == picked.n_elem && arma::all(e == picked);
  };
  BOOST_TEST(same_entries(same));
  o.seed += 1;
  const wb::GradCheckReport other = wb::check_gradient("sampled", f, X, A, o);
  BOOST_TEST(!same_entries(other));
  // more samples than entries checks every entry once
  o.samples = 5000;
  BOOST_TEST(wb::check_gradient("sampled", f, X, A, o).checked == X.n_elem);
}

BOOST_AUTO_TEST_CASE(ridders_steps_that_cross_a_relu_kink_do_not_fail_a_correct_gradient) {
  // z = 0.002 and −0.005 are far from the kink for the central step (6e-6) but inside Ridders'
  // first steps (1e-2), whose extrapolation there gives 0.68 and −0.01 instead of 1 and 0:
  // where Ridders is contradicted by the central difference, central decides.
  arma::arma_rng::set_seed(14);
  arma::mat Z = arma::randn<arma::mat>(3, 4);
  Z.elem(arma::find(arma::abs(Z) < 0.1)).fill(0.5);
  Z(0, 0) = 0.002;
  Z(2, 1) = -0.005;
  const arma::mat dH = arma::randn<arma::mat>(3, 4) + 2.0;
  const auto relu_f = [](const arma::mat& V) { return relu(V); };
  wb::CheckOptions rich;
  rich.method = wb::Method::richardson;
  const wb::GradCheckReport r = wb::check_backward("relu", relu_f, Z, dH, dH % relu_derivative(Z), rich);
  BOOST_TEST_MESSAGE(wb::row(r));
  BOOST_TEST(r.status == wb::Status::ok);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(contains(r.note, "Ridders' steps crossed a kink at 2 entries"));
  // and the guard does not excuse a wrong entry there
  arma::mat wrong = dH % relu_derivative(Z);
  wrong(0, 0) = 0.0;
  const wb::GradCheckReport w = wb::check_backward("relu", relu_f, Z, dH, wrong, rich);
  BOOST_TEST(w.status == wb::Status::fail);
  BOOST_TEST(w.worst_row == 0u);
  BOOST_TEST(w.worst_col == 0u);
  // the directional mode too, on a whole ReLU layer
  rich.directional = true;
  const arma::mat big = 0.01 * arma::randn<arma::mat>(64, 64);
  const arma::mat up = arma::randn<arma::mat>(64, 64);
  const wb::GradCheckReport d = wb::check_backward("relu", relu_f, big, up, up % relu_derivative(big), rich);
  BOOST_TEST_MESSAGE(wb::row(d));
  BOOST_TEST(d.status == wb::Status::ok);
  BOOST_TEST(!d.fell_back);
}

BOOST_AUTO_TEST_SUITE_END()  // test_gradcheck
