// The fast training step (wb/fast_step.hpp says what it does and why), compiled once for float
// and double.
#include "wb/fast_step.hpp"

#include <cblas.h>

#include <type_traits>
#include <utility>

#include "wb/minibatches.hpp"
#include "wb/runtime.hpp"

namespace wb {
namespace {

/// The block of ∂J/∂W that holds the weights from the inputs `inputs`, from those rows of X,
/// read in place (no copy of the block):
/// \f[ \frac{\partial J}{\partial \mathbf{W}_{:,a:b}} = \frac{\partial J}{\partial \mathbf{y}}
///     \mathbf{X}_{a:b,:}^\top \f]
/// With `accumulate`, the product is added to the block: X and dY may then be some of the
/// columns, the block being the sum over all of them. Lanes with disjoint blocks may run this
/// at the same time.
template <typename eT>
void gradient_block(Linear<eT>& layer, const arma::Mat<eT>& X, const arma::Mat<eT>& dY, Span inputs, bool accumulate) {
  const auto m = int(dY.n_rows), n = int(inputs.size()), k = int(dY.n_cols);
  const eT* x = X.memptr() + inputs.first;  // X(inputs.first, 0), leading dimension X.n_rows
  eT* dw = layer.dW.colptr(inputs.first);
  const eT beta = accumulate ? eT(1) : eT(0);
  if constexpr (std::is_same_v<eT, float>)
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, dY.memptr(), m, x, int(X.n_rows), beta, dw, m);
  else
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, dY.memptr(), m, x, int(X.n_rows), beta, dw, m);
}

}  // namespace

template <typename eT>
BatchLoss FastStep<eT>::step(Mlp<eT>& net, const Dataset& data, const arma::uvec& idx, eT lr) {
  const arma::uword n = idx.n_elem;
  prepare(net, n);
  ScopedBlasThreads one(1);  // each lane's GEMMs run on its own thread
  run_lanes(count_, [&](int lane) {  // by columns: each lane its examples, forward and back down to ∂J/∂z
    forward_lane(net, data, idx, lane);
    loss_lane(data, idx, lane);
    backward_lane(net, lane);
  });
  run_lanes(count_, [&](int lane) { weights_lane(net, lane, lr); });  // by weights: blocks of every ∂J/∂W
  step_small(net, lr);
  BatchLoss batch;
  for (const Lane& s : lanes_) {
    batch.loss += s.loss_sum / double(n);
    batch.correct += s.correct;
  }
  return batch;
}

/// Sizes what a step of n examples needs, a lane per BLAS thread; starts each hidden layer's
/// dropout numbers where the textbook step's forward pass starts them, and moves net's stream past them.
template <typename eT>
void FastStep<eT>::prepare(Mlp<eT>& net, arma::uword n) {
  count_ = std::max(1, blas_threads());
  lanes_.resize(std::size_t(count_));
  const std::size_t hidden = net.layers.size() - 1;
  dropout_on_.assign(hidden, false);
  dropout_at_.clear();
  dZ_.resize(hidden);
  for (std::size_t l = 0; l < hidden; ++l) {
    const arma::uword rows = net.layers[l].W.n_rows;
    dropout_on_[l] = net.config().dropout[l] > 0;
    dropout_at_.push_back(net.dropout_rng);
    if (dropout_on_[l]) net.dropout_rng.template skip<eT>(rows * n);  // as fill() of rows × n numbers
    dZ_[l].set_size(rows, n);
  }
  for (Linear<eT>& layer : net.layers) layer.dW.set_size(arma::size(layer.W));
  X_.set_size(net.layers[0].W.n_cols, n);
  O_.set_size(net.layers.back().W.n_rows, n);
  dO_.set_size(arma::size(O_));
}

/// The input of layer k ≥ 1 for lane s's columns: h of the layer below, after dropout when it is on.
template <typename eT>
const arma::Mat<eT>& FastStep<eT>::input_of(const Lane& s, std::size_t k) const {
  return dropout_on_[k - 1] ? s.dropped[k - 1] : s.H[k - 1];
}

/// The lane's examples, gathered from the bytes, through every layer to its columns of the logits.
template <typename eT>
void FastStep<eT>::forward_lane(Mlp<eT>& net, const Dataset& data, const arma::uvec& idx, int lane) {
  const Span cols = share(lane, count_, idx.n_elem);
  if (cols.empty()) return;
  Lane& s = lanes_[std::size_t(lane)];
  const std::size_t hidden = net.layers.size() - 1;
  for (auto* v : {&s.Z, &s.H, &s.dropped, &s.mask}) v->resize(hidden);
  gather_columns(data, idx, X_, cols);
  const arma::Mat<eT> x = columns_of(std::as_const(X_), cols);  // a view
  for (std::size_t l = 0; l < hidden; ++l) {
    net.layers[l].forward(l == 0 ? x : input_of(s, l), s.Z[l]);
    net.activation_forward(l, s.Z[l], s.H[l]);
    if (dropout_on_[l]) {
      s.U.set_size(arma::size(s.H[l]));
      dropout_at_[l].fill_part(s.U, cols.first * s.U.n_rows);  // this lane's part of the layer's numbers
      s.dropped[l] = dropout_forward(s.H[l], s.U, net.config().dropout[l], s.mask[l]);  // exercise 6.1
    }
  }
  arma::Mat<eT> o = columns_of(O_, cols);  // a view: the logits are written in place
  net.layers.back().forward(hidden == 0 ? x : input_of(s, hidden), o);
}

/// The lane's loss and correct predictions, and its columns of ∂J/∂o. Its loss is the mean over
/// its columns, so its ∂J/∂o is scaled by its share of the minibatch: ∂(mean over n)/∂o.
template <typename eT>
void FastStep<eT>::loss_lane(const Dataset& data, const arma::uvec& idx, int lane) {
  const arma::uword n = idx.n_elem;
  const Span cols = share(lane, count_, n);
  Lane& s = lanes_[std::size_t(lane)];
  s.loss_sum = 0;
  s.correct = 0;
  if (cols.empty()) return;
  const arma::uvec y = data.y.elem(idx.subvec(cols.first, cols.last - 1));
  const arma::Mat<eT> o = columns_of(std::as_const(O_), cols);
  arma::Mat<eT> d = columns_of(dO_, cols);
  s.loss_sum = double(SoftmaxCrossEntropy::forward(o, y)) * double(cols.size());
  s.correct = correct_predictions(o, y);
  SoftmaxCrossEntropy::backward(o, y, d);
  if (cols.size() != n) d *= eT(cols.size()) / eT(n);
}

/// The lane's columns of ∂J/∂o back through every layer: its part of each ∂J/∂b (a sum over its
/// columns), of ∂J/∂α with pReLU, and its columns of each hidden layer's ∂J/∂z.
template <typename eT>
void FastStep<eT>::backward_lane(const Mlp<eT>& net, int lane) {
  const std::size_t last = net.layers.size() - 1;
  const Span cols = share(lane, count_, dO_.n_cols);
  Lane& s = lanes_[std::size_t(lane)];
  s.db.resize(net.layers.size());
  s.dalpha.zeros(net.alpha.n_elem);
  for (std::size_t k = last + 1; k-- > 0;) {  // k: the layer whose ∂J/∂y this lane has
    const arma::Mat<eT> dY = columns_of(k == last ? std::as_const(dO_) : std::as_const(dZ_[k]), cols);
    s.db[k] = arma::sum(dY, 1);
    if (k == 0 || cols.empty()) continue;
    const std::size_t l = k - 1;  // the hidden layer under k
    net.layers[k].backward(dY, s.dH);
    if (dropout_on_[l]) s.dH = dropout_backward(s.dH, s.mask[l]);  // exercise 6.2
    if (net.alpha.n_elem > 0) s.dalpha(l) = prelu_alpha_gradient(s.Z[l], s.dH);  // exercise 3.4, a sum
    arma::Mat<eT> dz = columns_of(dZ_[l], cols);  // a view
    net.activation_backward(l, s.Z[l], s.dH, dz);
  }
}

/// The lane's block of every weight gradient (the weights from its share of layer k's inputs, a
/// sum over all the columns), plus λW, and the SGD step of that block right after it. No lane
/// reads another's block.
template <typename eT>
void FastStep<eT>::weights_lane(Mlp<eT>& net, int lane, eT lr) {
  const std::size_t last = net.layers.size() - 1;
  for (std::size_t k = 0; k <= last; ++k) {
    Linear<eT>& layer = net.layers[k];
    const Span inputs = share(lane, count_, layer.W.n_cols);
    if (inputs.empty()) continue;
    const arma::Mat<eT>& dY = k == last ? dO_ : dZ_[k];
    if (k == 0) {
      gradient_block(layer, X_, dY, inputs, false);
    } else {  // the input is h′ of layer k − 1, in the lanes' parts: a sum over them
      bool first = true;
      for (int part = 0; part < count_; ++part) {
        const Span cols = share(part, count_, dY.n_cols);
        if (cols.empty()) continue;
        gradient_block(layer, input_of(lanes_[std::size_t(part)], k), columns_of(dY, cols), inputs, !first);
        first = false;
      }
    }
    arma::Mat<eT> dw = columns_of(layer.dW, inputs);
    arma::Mat<eT> w = columns_of(layer.W, inputs);
    if (net.config().weight_decay > 0) dw += penalty_gradient(std::as_const(w), net.config().weight_decay);  // exercise 7.2
    sgd_step(w, std::as_const(dw), lr);  // exercise 2.6
  }
}

/// After the lanes: each ∂J/∂b (and ∂J/∂α) is the sum of the lanes' parts; then their steps.
template <typename eT>
void FastStep<eT>::step_small(Mlp<eT>& net, eT lr) {
  for (std::size_t k = 0; k < net.layers.size(); ++k) {
    Linear<eT>& layer = net.layers[k];
    layer.db = lanes_[0].db[k];
    for (std::size_t lane = 1; lane < lanes_.size(); ++lane) layer.db += lanes_[lane].db[k];
    sgd_step(layer.b, layer.db, lr);
  }
  if (net.alpha.n_elem == 0) return;
  net.dalpha = lanes_[0].dalpha;
  for (std::size_t lane = 1; lane < lanes_.size(); ++lane) net.dalpha += lanes_[lane].dalpha;
  sgd_step(net.alpha, net.dalpha, lr);
}

template class FastStep<float>;
template class FastStep<double>;

}  // namespace wb
