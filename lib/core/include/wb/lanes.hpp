/// \file
/// \brief Lanes: the training step's own threads. A minibatch's columns are independent until
/// a weight gradient sums over them, so each lane takes a contiguous share of the columns
/// through a whole stretch of the step (gather, GEMM, bias, activation, dropout), and the
/// weight-gradient GEMMs are shared out by blocks of the weight matrix instead. Between those
/// joins every element-wise pass runs on all cores, not only the GEMMs.
#pragma once

#include <armadillo>
#include <functional>

namespace wb {

/// A half-open range [first, last) of columns (or rows) that one lane owns.
struct Span {
  arma::uword first = 0, last = 0;
  arma::uword size() const { return last - first; }
  bool empty() const { return first == last; }
};

/// Lane `lane`'s share of `count` items split as evenly as possible over `lanes` lanes, in order.
inline Span share(int lane, int lanes, arma::uword count) {
  const auto n = arma::uword(lanes), i = arma::uword(lane);
  return {count * i / n, count * (i + 1) / n};
}

/// Runs `task(lane)` for lane = 0 … lanes−1 at the same time and returns when all have
/// finished: lane 0 on the calling thread, the others on helper threads that are kept for the
/// next call (they spin briefly between calls, then sleep). An exception thrown in any lane is
/// rethrown here, after every lane has finished. A call made from inside a task runs its lanes
/// one after the other on that thread. The helpers are shared by the whole process, so call
/// this from one thread at a time, as the chapter programs do.
void run_lanes(int lanes, const std::function<void(int lane)>& task);

/// A matrix that views columns [span.first, span.last) of `m` without copying (Armadillo's
/// "strict auxiliary memory": assigning a result of the same size writes into `m`).
template <typename eT>
arma::Mat<eT> columns_of(arma::Mat<eT>& m, Span span) {
  return arma::Mat<eT>(m.colptr(span.first), m.n_rows, span.size(), false, true);
}

/// Read-only counterpart of columns_of.
template <typename eT>
const arma::Mat<eT> columns_of(const arma::Mat<eT>& m, Span span) {
  return arma::Mat<eT>(const_cast<eT*>(m.colptr(span.first)), m.n_rows, span.size(), false, true);
}

}  // namespace wb
