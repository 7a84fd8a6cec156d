/// \file
/// \brief What every chapter program shares: the error-to-exit-code wrapper, threads, timing.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace wb {

/// Runs a chapter's body and turns every error into one line on stderr and an exit code:
/// UserError → its code, NotImplemented and ExerciseError → exit_exercise, anything else →
/// exit_failure ("internal error": a bug of the workbook, not of the learner).
int run_program(const char* program, const std::function<int()>& body);

/// Sets the number of BLAS threads (0 keeps OpenBLAS's default). Returns the number in use.
int set_threads(int n);

/// The number of threads OpenBLAS uses now.
int blas_threads();

/// Runs the BLAS on `n` threads until the end of the scope, then restores the previous count.
/// A GEMM with 10 rows is faster on one thread than split over two.
class ScopedBlasThreads {
 public:
  explicit ScopedBlasThreads(int n) : saved_(blas_threads()) {
    if (n != saved_) set_threads(n);
  }
  ~ScopedBlasThreads() {
    if (blas_threads() != saved_) set_threads(saved_);
  }
  ScopedBlasThreads(const ScopedBlasThreads&) = delete;
  ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;

 private:
  int saved_;
};

/// The default Fashion-MNIST directory (the Debian package `dataset-fashion-mnist`).
inline const char* default_data_dir() { return "/usr/share/datasets/fashion-mnist"; }

/// Peak resident memory of this process so far, in MiB (from /proc/self/status).
double peak_memory_mib();

/// A wall-clock stopwatch.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace wb
