#include "wb/runtime.hpp"

#include <fmt/core.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <new>
#include <string>

#include "wb/error.hpp"

extern "C" {
void openblas_set_num_threads(int);
int openblas_get_num_threads(void);
}

namespace wb {
namespace {

volatile std::sig_atomic_t signal_count = 0;

extern "C" void on_interrupt(int signal) {
  if (++signal_count > 1) {
    std::signal(signal, SIG_DFL);  // a second Ctrl-C: stop now
    std::raise(signal);
  }
}

}  // namespace

bool interrupted() { return signal_count > 0; }

void stop_if_interrupted(const std::string& what) {
  if (interrupted())
    throw UserError(fmt::format("stopped by Ctrl-C during {}; no output file was left half-written", what),
                    exit_interrupted);
}

int run_program(const char* program, const std::function<int()>& body) {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return body();
  } catch (const UserError& e) {
    fmt::print(stderr, "{}: error: {}\n", program, e.what());
    return e.code();
  } catch (const NotImplemented& e) {
    fmt::print(stderr, "{}: {}\n", program, e.what());
    return exit_exercise;
  } catch (const ExerciseError& e) {
    fmt::print(stderr, "{}: {}\n", program, e.what());
    return exit_exercise;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "{}: error: out of memory; try a smaller --batch-size or --hidden\n", program);
    return exit_failure;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: internal error: {}\n", program, e.what());
    return exit_failure;
  }
}

int set_threads(int n) {
  if (n > 0) openblas_set_num_threads(n);
  return openblas_get_num_threads();
}

int blas_threads() { return openblas_get_num_threads(); }

double peak_memory_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0.0;
}

}  // namespace wb
