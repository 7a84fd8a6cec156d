/// \file
/// \brief The kinds of error the workbook raises: a user's mistake, an exercise not done yet,
/// and an exercise that misbehaves.
#pragma once

#include <stdexcept>
#include <string>

namespace wb {

/// Exit codes of the chapter programs.
enum ExitCode : int {
  exit_ok = 0,
  exit_failure = 1,   ///< a check failed, or training diverged
  exit_data = 2,      ///< the data set is missing or unreadable
  exit_exercise = 3,  ///< an exercise stub was called, or an exercise function misbehaved
  exit_usage = 64,    ///< an invalid command-line option (as CLI11 and sysexits.h)
  exit_interrupted = 130,  ///< stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)
};

/// A user's mistake: missing data, a corrupt file, a bad option value, a diverging run.
/// The message is one line that names the cause and the fix; `code` is the exit status.
class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message, int code = exit_failure)
      : std::runtime_error(message), code_(code) {}
  int code() const noexcept { return code_; }

 private:
  int code_;
};

/// A missing or unreadable data file (exit status 2).
class DataError : public UserError {
 public:
  explicit DataError(const std::string& message) : UserError(message, exit_data) {}
};

/// An invalid command-line option (exit status 64).
class UsageError : public UserError {
 public:
  explicit UsageError(const std::string& message) : UserError(message, exit_usage) {}
};

/// Thrown by every exercise stub: "exercise 2.3 (softmax cross-entropy) is not implemented
/// yet — see exercises/wb/ex02_mlp.hpp". `id()` is the exercise's id.
class NotImplemented : public std::logic_error {
 public:
  NotImplemented(const std::string& id, const std::string& message) : std::logic_error(message), id_(id) {}
  const std::string& id() const noexcept { return id_; }

 private:
  std::string id_;
};

/// An exercise function that ran but misbehaved: a size mismatch inside it, or a result of the
/// wrong size. The message names the exercise and its equation, the expected and actual
/// sizes, and what to look at ("7.4 (equation C): expected dJ/dh of 4×2, got 3×2 — …").
class ExerciseError : public std::logic_error {
 public:
  ExerciseError(const std::string& id, const std::string& message) : std::logic_error(message), id_(id) {}
  const std::string& id() const noexcept { return id_; }

 private:
  std::string id_;
};

/// Throws NotImplemented for the exercise `id`, with its title and file from the catalogue.
[[noreturn]] void throw_not_implemented(const char* id);

/// What every stub calls: `wb::not_implemented("2.1", z);`. The stub's arguments are passed
/// along only so that the compiler does not warn about unused parameters while it is a stub.
template <typename... Args>
[[noreturn]] void not_implemented(const char* id, const Args&...) {
  throw_not_implemented(id);
}

}  // namespace wb
