// Unit tests of wb/kfold.hpp: the seeded order, the training and validation indices of each
// fold (built on exercise 4.5 through the seam) and the mean over the folds.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <random>
#include <set>
#include <stdexcept>

#include "wb/kfold.hpp"

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_order_and_the_order_is_a_permutation) {
  std::mt19937_64 a(7), b(7), c(8);
  const arma::uvec first = wb::shuffled_indices(50, a), again = wb::shuffled_indices(50, b);
  BOOST_TEST(arma::all(first == again));
  BOOST_TEST(arma::any(first != wb::shuffled_indices(50, c)));
  const arma::uvec sorted = arma::sort(first);
  BOOST_TEST(arma::all(sorted == arma::regspace<arma::uvec>(0, 49)));
}

BOOST_AUTO_TEST_CASE(each_fold_trains_on_the_others_and_validates_on_its_own) {
  std::mt19937_64 rng(3);
  const arma::uvec order = wb::shuffled_indices(23, rng);
  std::multiset<arma::uword> validated;
  for (arma::uword k = 0; k < 4; ++k) {
    const wb::Fold fold = wb::kfold_split(order, 4, k);
    BOOST_TEST(fold.train.n_elem + fold.validation.n_elem == 23u);
    BOOST_TEST((fold.validation.n_elem == 6u || fold.validation.n_elem == 5u), "fold " << k << ": " << fold.validation.n_elem);
    std::set<arma::uword> all(fold.train.begin(), fold.train.end());
    for (arma::uword i : fold.validation) BOOST_TEST(all.insert(i).second, "index " << i << " both trains and validates");
    BOOST_TEST(all.size() == 23u);
    validated.insert(fold.validation.begin(), fold.validation.end());
  }
  BOOST_TEST(validated.size() == 23u);
  for (arma::uword i = 0; i < 23; ++i) BOOST_TEST(validated.count(i) == 1u, "index " << i << " validated " << validated.count(i) << " times");
}

BOOST_AUTO_TEST_CASE(cross_validate_is_the_mean_of_the_fold_errors) {
  const arma::uvec order = arma::regspace<arma::uvec>(0, 9);
  // The "error" of a fold is the mean of its validation indices: (1.5 + 5 + 8) / 3 over folds 0–3, 4–6, 7–9.
  const double cv = wb::cross_validate(order, 3, [](const wb::Fold& f) { return arma::mean(arma::conv_to<arma::vec>::from(f.validation)); });
  BOOST_TEST(std::abs(cv - (1.5 + 5.0 + 8.0) / 3) <= 1e-15, "cv = " << cv);
}

BOOST_AUTO_TEST_CASE(refuses_a_K_below_two_above_n_or_a_fold_out_of_range) {
  const arma::uvec order = arma::regspace<arma::uvec>(0, 4);
  BOOST_CHECK_THROW(wb::kfold_split(order, 1, 0), std::invalid_argument);
  BOOST_CHECK_THROW(wb::kfold_split(order, 6, 0), std::invalid_argument);
  BOOST_CHECK_THROW(wb::kfold_split(order, 5, 5), std::invalid_argument);
  BOOST_CHECK_NO_THROW(wb::kfold_split(order, 5, 4));
}
