/// \file
/// \brief What every chapter program shares: the error-to-exit-code wrapper, threads, timing.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace wb {

/// Runs a chapter's body and turns every error into one line on stderr and an exit code:
/// UserError → its code, NotImplemented and ExerciseError → exit_exercise, anything else →
/// exit_failure ("internal error": a bug of the workbook, not of the learner). Before the
/// body it installs the signal handlers of interrupted(), and ignores SIGXFSZ, so that a write
/// beyond a file-size limit fails (and is reported) instead of killing the program.
int run_program(const char* program, const std::function<int()>& body);

/// Whether Ctrl-C (SIGINT) or SIGTERM has arrived since run_program started. A second
/// Ctrl-C stops the program at once.
bool interrupted();

/// Throws UserError (exit status 130, "stopped by Ctrl-C during WHAT; …") when interrupted():
/// long loops call it between steps, so a program stops cleanly, writes nothing half-done,
/// and says so in one line.
void stop_if_interrupted(const std::string& what);

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
