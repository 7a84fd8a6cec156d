// Exercise tests of chapter 5: the L2 penalty (5.1), the decayed SGD step (5.2) and the L1
// penalty's subgradient (5.3).
//
// Expected values are closed forms evaluated in long double here, or the gradient checker's
// numeric derivative of a test-local function; none comes from the code under test. The
// penalty's gradient λW is exercise 7.2, tested with chapter 7's exercises.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <cmath>
#include <complex>
#include <random>

#include "exercise_checks.hpp"
#include "wb/exercises.hpp"
#include "wb/gradcheck.hpp"

using wb::test::require_close;
using wb::test::require_passed;

namespace {

/// A seeded matrix of N(0, scale²) entries.
arma::mat random_matrix(arma::uword rows, arma::uword cols, double scale, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, scale);
  arma::mat M(rows, cols);
  M.imbue([&] { return normal(rng); });
  return M;
}

/// λ/2 Σ w², in long double (the reference).
double reference_l2(const arma::mat& w, double lambda) {
  long double sum = 0;
  for (double v : w) sum += static_cast<long double>(v) * v;
  return double(static_cast<long double>(lambda) / 2 * sum);
}

/// w − η(∇L + λw), entry by entry in long double: the SGD step on J = L + λ/2‖w‖² (the reference).
arma::mat reference_step(const arma::mat& w, const arma::mat& g, double lr, double lambda) {
  arma::mat out(arma::size(w));
  for (arma::uword k = 0; k < w.n_elem; ++k) {
    const long double wk = w(k);
    out(k) = double(wk - static_cast<long double>(lr) * (static_cast<long double>(g(k)) + lambda * wk));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(l2_penalty)

BOOST_AUTO_TEST_CASE(is_half_lambda_times_the_sum_of_the_squares) {
  const arma::mat w = {{1.0, -2.0}, {3.0, 0.5}};
  require_close("s = λ/2‖w‖² of [1 -2; 3 0.5] with λ = 0.1 (0.05 · 14.25)", double(wb::l2_penalty(w, 0.1)), 0.7125, 1e-15,
                {{"5.1 no_half", 1.425}, {"5.1 norm_not_squared", 0.05 * std::sqrt(14.25)}});
  require_close("s of the zero vector", double(wb::l2_penalty(arma::mat(3, 1, arma::fill::zeros), 3.0)), 0.0, 0.0);
}

BOOST_AUTO_TEST_CASE(counts_every_entry_of_a_vector_or_a_matrix) {
  const arma::mat W = random_matrix(20, 10, 1.0, 3);
  const arma::vec w = arma::vectorise(random_matrix(200, 1, 1.0, 4));
  require_close("s of a 20×10 matrix with λ = 3", double(wb::l2_penalty(W, 3.0)), reference_l2(W, 3.0), 1e-11);
  require_close("s of the book's 200-vector w ~ N(0, 1) with λ = 3", double(wb::l2_penalty(w, 3.0)),
                reference_l2(w, 3.0), 1e-11);
}

BOOST_AUTO_TEST_CASE(is_analytic_for_the_complex_step_with_gradient_lambda_w) {
  // Im s(w + ih·e_k)/h must be ∂s/∂w_k = λw_k (equation B1): it is when s is written with
  // products of entries; abs() or norm() would throw the imaginary part away.
  const double lambda = 0.7;
  const arma::mat w = random_matrix(4, 3, 1.0, 5);
  const arma::cx_mat w_complex(w, arma::zeros<arma::mat>(arma::size(w)));
  require_close("s in complex<double> at a real point", std::real(wb::l2_penalty(w_complex, lambda)),
                reference_l2(w, lambda), 1e-13);
  const auto s = [&](const auto& W) { return wb::l2_penalty(W, lambda); };
  const wb::GradCheckReport r =
      wb::check_gradient("5.1 ds/dw", s, w, arma::mat(lambda * w), wb::CheckOptions{wb::Method::complex_step});
  require_passed(r);
  BOOST_TEST(r.method == wb::Method::complex_step,
             "s is not analytic in complex arithmetic, so the complex step could not be used: write it with w % w, "
             "not abs(w) or norm(w) ("
                 << r.note << ")");
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat w = {{0.5f, -1.5f, 2.0f}};
  require_close("s in float with λ = 2 (0.25 + 2.25 + 4)", double(wb::l2_penalty(w, 2.0f)), 6.5, 1e-6);
  require_close("s in double with λ = 2", wb::l2_penalty(arma::conv_to<arma::mat>::from(w), 2.0), 6.5, 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(decayed_sgd_step)

BOOST_AUTO_TEST_CASE(shrinks_w_by_one_minus_eta_lambda_then_steps_against_the_loss_gradient) {
  arma::mat w = {1.0, -2.0, 0.5};
  const arma::mat g = {0.5, 1.0, -2.0};
  wb::decayed_sgd_step(w, g, 0.1, 2.0);
  // (1 − 0.1·2)·w − 0.1·g = 0.8·w − 0.1·g
  // (1 + ηλ)w − ηg = 1.2·w − 0.1·g; (1 − ηλ)w − η(g + λw) = 0.6·w − 0.1·g
  require_close("w after one step with η = 0.1, λ = 2", w, arma::mat{0.75, -1.7, 0.6}, 1e-15,
                {{"5.2 growth", arma::mat{1.15, -2.5, 0.8}}, {"5.2 decay_twice", arma::mat{0.55, -1.3, 0.5}}});
}

BOOST_AUTO_TEST_CASE(is_the_sgd_step_on_the_loss_plus_the_penalty_to_1e_12) {
  // The book's setting: 200 weights of order 1, lr 0.003, λ = 3; and larger steps.
  const arma::mat w0 = random_matrix(200, 1, 1.0, 6), g = random_matrix(200, 1, 5.0, 7);
  for (const auto& [lr, lambda] : {std::pair{0.003, 3.0}, std::pair{0.1, 0.5}, std::pair{0.5, 1e-3}}) {
    arma::mat w = w0;
    wb::decayed_sgd_step(w, g, lr, lambda);
    require_close("(1 − ηλ)w − η∇L against w − η(∇L + λw) for η = " + std::to_string(lr) + ", λ = " + std::to_string(lambda),
                  w, reference_step(w0, g, lr, lambda), 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(is_plain_sgd_for_lambda_zero) {
  arma::mat w = {{1.0, 2.0}, {-3.0, 4.0}};
  const arma::mat g = {{10.0, 0.0}, {1.0, -1.0}};
  wb::decayed_sgd_step(w, g, 0.5, 0.0);
  require_close("w − η∇L with λ = 0, η = 0.5 (a 2×2 matrix keeps its shape)", w, arma::mat{{-4.0, 2.0}, {-3.5, 4.5}}, 1e-15);
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  arma::fmat wf = {{2.0f, -4.0f}};
  wb::decayed_sgd_step(wf, arma::fmat{{1.0f, 1.0f}}, 0.25f, 1.0f);
  require_close("w in float: 0.75·w − 0.25·∇L", wf, arma::fmat{{1.25f, -3.25f}}, 1e-6);
  arma::mat wd = {{2.0, -4.0}};
  wb::decayed_sgd_step(wd, arma::mat{{1.0, 1.0}}, 0.25, 1.0);
  require_close("w in double: 0.75·w − 0.25·∇L", wd, arma::mat{{1.25, -3.25}}, 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(l1_penalty_subgradient)

BOOST_AUTO_TEST_CASE(is_lambda_times_the_sign_of_each_entry) {
  const arma::mat w = {{1.5, -0.2}, {3.0, -4.0}};
  require_close("∂(λ‖w‖₁)/∂w with λ = 0.5", wb::l1_penalty_subgradient(w, 0.5), arma::mat{{0.5, -0.5}, {0.5, -0.5}}, 1e-15,
                {{"5.3 penalty_not_slope", arma::mat(0.5 * arma::abs(w))}, {"5.3 l2_gradient", arma::mat(0.5 * w)}});
}

BOOST_AUTO_TEST_CASE(passes_the_gradient_checker_away_from_zero) {
  // Entries at least 0.1 away from 0: there λ‖w‖₁ is differentiable, and the checker's
  // central differences (steps of about 1e-5) never cross the kink.
  arma::mat w = random_matrix(5, 4, 1.0, 8);
  w.transform([](double v) { return v + (v >= 0 ? 0.1 : -0.1); });
  const double lambda = 0.3;
  const arma::mat g = wb::l1_penalty_subgradient(w, lambda);
  const auto l1 = [&](const arma::mat& W) { return lambda * arma::accu(arma::abs(W)); };
  require_passed(wb::check_gradient("5.3 d(λ‖w‖₁)/dw", l1, w, g));
}

BOOST_AUTO_TEST_CASE(is_a_subgradient_at_zero) {
  // At 0, |w| has a corner: every value in [−λ, λ] is a subgradient (0 is the usual choice).
  const arma::mat w = {{0.0, 2.0, 0.0}};
  const arma::mat g = wb::l1_penalty_subgradient(w, 0.25);
  BOOST_TEST((std::abs(g(0)) <= 0.25 && std::abs(g(2)) <= 0.25),
             "at w = 0 a subgradient of λ|w| lies in [−λ, λ] = [−0.25, 0.25], got " << g(0) << " and " << g(2));
  require_close("the subgradient at w = 2", g(1), 0.25, 1e-15);
}

BOOST_AUTO_TEST_CASE(works_in_float_and_double) {
  const arma::fmat w = {{-1.0f, 0.5f}};
  require_close("λ sign(w) in float, λ = 2", wb::l1_penalty_subgradient(w, 2.0f), arma::fmat{{-2.0f, 2.0f}}, 1e-6);
  require_close("λ sign(w) in double, λ = 2", wb::l1_penalty_subgradient(arma::conv_to<arma::mat>::from(w), 2.0),
                arma::mat{{-2.0, 2.0}}, 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()
