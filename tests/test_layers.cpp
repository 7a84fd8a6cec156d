// Unit tests of the layers and the training loop (lib/nn/include/wb/layers.hpp, mlp.hpp,
// train.hpp) and of the lanes the fast step runs in (lib/core/include/wb/lanes.hpp).
// The gradients of the layers are verified numerically by the gradient checker in
// test_ch07_backprop.cpp, the fast step against the textbook step in test_fast_step.cpp; here:
// shapes, formulas on small known cases, batching, divergence, the lanes' primitives.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <atomic>
#include <set>
#include <stdexcept>
#include <vector>

#include "wb/error.hpp"
#include "wb/lanes.hpp"
#include "wb/layers.hpp"
#include "wb/minibatches.hpp"
#include "wb/train.hpp"
#include "wb/random.hpp"
#include "wb/runtime.hpp"

BOOST_AUTO_TEST_SUITE(linear_layer)

BOOST_AUTO_TEST_CASE(forward_computes_W_x_plus_b_for_every_column) {
  wb::Linear<double> layer(3, 2);
  layer.W = {{1, 2, 3}, {-1, 0, 1}};
  layer.b = {0.5, -0.5};
  const arma::mat X = {{1, 0}, {0, 1}, {1, 1}};  // two examples as columns
  arma::mat Y;
  layer.forward(X, Y);
  const arma::mat expected = {{4.5, 5.5}, {-0.5, 0.5}};
  BOOST_TEST(arma::approx_equal(Y, expected, "absdiff", 1e-15));
}

BOOST_AUTO_TEST_CASE(backward_and_gradient_have_the_shapes_of_input_and_parameters) {
  wb::Linear<double> layer(5, 3);
  std::mt19937_64 rng(1);
  layer.init(1.0, rng);
  const arma::mat X(5, 4, arma::fill::randn), dY(3, 4, arma::fill::randn);
  arma::mat dX;
  layer.backward(dY, dX);
  layer.gradient(X, dY);
  BOOST_TEST(dX.n_rows == 5u);
  BOOST_TEST(dX.n_cols == 4u);
  BOOST_TEST(layer.dW.n_rows == 3u);
  BOOST_TEST(layer.dW.n_cols == 5u);
  BOOST_TEST(layer.db.n_elem == 3u);
  // dW = dY Xᵀ entry by entry, db = row sums of dY
  for (arma::uword i = 0; i < 3; ++i) {
    BOOST_TEST(std::abs(layer.db(i) - arma::accu(dY.row(i))) <= 1e-12);
    for (arma::uword j = 0; j < 5; ++j)
      BOOST_TEST(std::abs(layer.dW(i, j) - arma::dot(dY.row(i), X.row(j))) <= 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(init_draws_normal_weights_and_biases_uniform_in_plus_minus_one_over_root_fan_in) {
  wb::Linear<float> layer(784, 256);
  std::mt19937_64 rng(3);
  layer.init(0.01f, rng);
  BOOST_TEST(std::abs(arma::mean(arma::vectorise(layer.W))) <= 1e-4f);
  BOOST_TEST(std::abs(arma::stddev(arma::vectorise(layer.W)) - 0.01f) <= 2e-4f);
  // PyTorch's nn.Linear default: U(-1/sqrt(784), 1/sqrt(784)) = U(-1/28, 1/28); its standard
  // deviation is (2/28)/sqrt(12) = 0.0206.
  const float bound = 1.0f / 28.0f;
  BOOST_TEST(layer.b.min() >= -bound);
  BOOST_TEST(layer.b.max() <= bound);
  BOOST_TEST(layer.b.max() - layer.b.min() >= 1.8f * bound);  // spread over the interval
  BOOST_TEST(std::abs(arma::stddev(layer.b) - 2.0f * bound / std::sqrt(12.0f)) <= 0.003f);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(minibatches)

BOOST_AUTO_TEST_CASE(every_example_appears_exactly_once_per_epoch_and_the_last_batch_is_short) {
  wb::Minibatches batches(1000, 256, 5);
  batches.shuffle();
  BOOST_REQUIRE_EQUAL(batches.count(), 4u);
  std::set<arma::uword> seen;
  for (arma::uword k = 0; k < batches.count(); ++k) {
    const arma::uvec idx = batches.indices(k);
    BOOST_TEST(idx.n_elem == (k < 3 ? 256u : 232u));
    seen.insert(idx.begin(), idx.end());
  }
  BOOST_TEST(seen.size() == 1000u);
  BOOST_TEST(*seen.rbegin() == 999u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_order_and_another_seed_another) {
  wb::Minibatches a(500, 100, 11), b(500, 100, 11), c(500, 100, 12);
  a.shuffle();
  b.shuffle();
  c.shuffle();
  BOOST_TEST(arma::all(a.indices(0) == b.indices(0)));
  BOOST_TEST(arma::any(a.indices(0) != c.indices(0)));
  a.shuffle();  // the next epoch is shuffled anew
  BOOST_TEST(arma::any(a.indices(0) != b.indices(0)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(training)

// Two well-separated Gaussian blobs per class in 20 dimensions: a small problem an MLP solves.
wb::Dataset blobs(arma::uword n, unsigned seed) {
  arma::arma_rng::set_seed(seed);
  wb::Dataset d;
  d.y = arma::randi<arma::uvec>(n, arma::distr_param(0, 2));
  const arma::fmat centers = 2.0f * arma::randn<arma::fmat>(20, 3);
  d.X = 0.3f * arma::randn<arma::fmat>(20, n);
  for (arma::uword i = 0; i < n; ++i) d.X.col(i) += centers.col(d.y(i));
  return d;
}

// A 20-H-10 ReLU network with weights from N(0, sigma^2).
wb::Mlp<float> small_net(arma::uword hidden, std::uint64_t seed, double sigma = 0.1) {
  wb::MlpConfig c;
  c.hidden = {hidden};
  c.init_sigma = sigma;
  wb::Mlp<float> net(20, 10, c);
  net.init(seed);
  return net;
}

BOOST_AUTO_TEST_CASE(sgd_lowers_the_loss_and_learns_a_separable_problem) {
  const wb::Dataset train = blobs(600, 1), test = blobs(200, 1);
  wb::TrainConfig config;
  config.epochs = 5;
  config.batch_size = 32;
  wb::Mlp<float> net = small_net(16, 7);
  const std::vector<wb::EpochStats> history = wb::train(net, train, test, config);
  BOOST_REQUIRE_EQUAL(history.size(), 5u);
  BOOST_TEST(history.back().train_loss < 0.5 * history.front().train_loss);
  BOOST_TEST(history.back().test_acc >= 0.95);
}

BOOST_AUTO_TEST_CASE(the_same_seed_trains_the_same_network) {
  const wb::Dataset train = blobs(300, 2);
  wb::TrainConfig config;
  config.epochs = 2;
  config.batch_size = 50;
  wb::Mlp<float> a = small_net(8, 3), b = small_net(8, 3);
  const auto ha = wb::train(a, train, train, config), hb = wb::train(b, train, train, config);
  BOOST_TEST(ha.back().train_loss == hb.back().train_loss);
  BOOST_TEST(arma::approx_equal(a.layers[0].W, b.layers[0].W, "absdiff", 0.0f));
}

// wb::train with either step: the same epochs (test_fast_step compares the steps themselves).
BOOST_AUTO_TEST_CASE(train_runs_the_textbook_step_or_the_fast_step_to_the_same_numbers) {
  const wb::Dataset train = blobs(300, 5);
  wb::TrainConfig config;
  config.epochs = 2;
  config.batch_size = 50;
  wb::Mlp<float> a = small_net(8, 3), b = small_net(8, 3);
  config.step = wb::Step::textbook;
  const auto ha = wb::train(a, train, train, config);
  config.step = wb::Step::fast;
  const auto hb = wb::train(b, train, train, config);
  for (std::size_t e = 0; e < 2; ++e) {
    BOOST_TEST(std::abs(ha[e].train_loss - hb[e].train_loss) <= 1e-5 * ha[e].train_loss, "epoch " << e + 1);
    BOOST_TEST(ha[e].test_acc == hb[e].test_acc);
  }
  BOOST_TEST(ha.back().train_loss < 0.8 * ha.front().train_loss);  // it learned: the comparison is not vacuous
  BOOST_TEST(arma::abs(a.layers[0].W - b.layers[0].W).max() <= 2e-6f * arma::abs(a.layers[0].W).max());
}

BOOST_AUTO_TEST_CASE(a_diverging_run_stops_with_a_message_naming_the_epoch_and_the_fix) {
  // Random labels: nothing to separate, so huge steps make the loss explode instead of
  // separating the blobs at once.
  wb::Dataset train = blobs(600, 3);
  train.y = arma::randi<arma::uvec>(600, arma::distr_param(0, 9));
  wb::TrainConfig config;
  config.epochs = 20;
  config.lr = 1e4;
  config.batch_size = 32;
  wb::Mlp<float> net = small_net(16, 1);
  BOOST_CHECK_EXCEPTION(wb::train(net, train, train, config), wb::UserError, [](const wb::UserError& e) {
    const std::string m = e.what();
    BOOST_TEST_MESSAGE(m);
    return m.find("diverged in epoch 1") != std::string::npos && m.find("smaller") != std::string::npos &&
           m.find("--lr") != std::string::npos && e.code() != 0;
  });
}

BOOST_AUTO_TEST_CASE(predictions_in_chunks_equal_predictions_in_one_piece) {
  const wb::Dataset d = blobs(100, 4);
  wb::Mlp<float> net = small_net(8, 9, 0.5);
  const arma::uvec whole = net.predict(d.X, 1000), chunked = net.predict(d.X, 7);
  BOOST_TEST(arma::all(whole == chunked));
  BOOST_TEST(std::abs(net.accuracy(d.X, d.y, 13) - double(arma::accu(whole == d.y)) / 100.0) <= 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lanes)

BOOST_AUTO_TEST_CASE(the_shares_cover_every_item_once_in_order) {
  for (int lanes : {1, 2, 3, 4})
    for (arma::uword count : {0, 1, 2, 5, 256, 257}) {
      arma::uword next = 0;
      for (int lane = 0; lane < lanes; ++lane) {
        const wb::Span s = wb::share(lane, lanes, count);
        BOOST_TEST(s.first == next);
        BOOST_TEST(s.size() <= count / arma::uword(lanes) + 1);
        next = s.last;
      }
      BOOST_TEST(next == count);
    }
}

BOOST_AUTO_TEST_CASE(every_lane_runs_once_per_call_and_a_view_writes_into_its_matrix) {
  arma::mat m(3, 7, arma::fill::zeros);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::atomic<int>> runs(3);
    wb::run_lanes(3, [&](int lane) {
      ++runs[std::size_t(lane)];
      arma::mat view = wb::columns_of(m, wb::share(lane, 3, m.n_cols));
      view += double(lane + 1);
    });
    for (const std::atomic<int>& r : runs) BOOST_TEST_REQUIRE(r.load() == 1);
  }
  const arma::rowvec expected = {50, 50, 100, 100, 150, 150, 150};  // columns of lanes 0, 1, 2
  BOOST_TEST(arma::approx_equal(m.row(0), expected, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(an_exception_in_a_lane_reaches_the_caller_after_every_lane_finished) {
  std::atomic<int> finished{0};
  BOOST_CHECK_EXCEPTION(wb::run_lanes(2, [&](int lane) {
                          if (lane == 1) throw std::runtime_error("lane 1 failed");
                          ++finished;
                        }),
                        std::runtime_error, [](const std::runtime_error& e) { return std::string(e.what()) == "lane 1 failed"; });
  BOOST_TEST(finished.load() == 1);
  // and the lanes still work afterwards, nested calls included (those run on the caller's thread)
  std::atomic<int> inner{0};
  wb::run_lanes(2, [&](int) { wb::run_lanes(2, [&](int) { ++inner; }); });
  BOOST_TEST(inner.load() == 4);
}

BOOST_AUTO_TEST_CASE(uniform_numbers_drawn_in_parts_are_those_drawn_at_once) {
  for (arma::uword n : {1, 2, 7, 64}) {
    wb::UniformSource whole(5), parts(5);
    arma::fmat all(n, 3), first(n, 3);
    whole.fill(all);
    whole.fill(first);  // the next matrix of the stream
    for (arma::uword cut : {arma::uword(0), arma::uword(1), n, 2 * n + 1}) {
      if (cut > all.n_elem) continue;
      arma::fvec a(cut), b(all.n_elem - cut);
      parts.fill_part(a, 0);
      parts.fill_part(b, cut);  // an odd offset starts in the middle of a draw
      BOOST_TEST(arma::approx_equal(arma::join_cols(a, b), arma::vectorise(all), "absdiff", 0.0f), n << " rows, cut " << cut);
    }
    parts.skip<float>(all.n_elem);
    arma::fmat next(n, 3);
    parts.fill(next);
    BOOST_TEST(arma::approx_equal(next, first, "absdiff", 0.0f), n << " rows: skip() moves as far as fill()");
  }
}

BOOST_AUTO_TEST_SUITE_END()
