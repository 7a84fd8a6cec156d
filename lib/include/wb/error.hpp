/// \file
/// \brief The two kinds of error the workbook raises: a user's mistake, and an exercise not done yet.
#pragma once

#include <stdexcept>
#include <string>

namespace wb {

/// Exit codes of the chapter programs.
enum ExitCode : int {
  exit_ok = 0,
  exit_failure = 1,   ///< a check failed, or training diverged
  exit_data = 2,      ///< the data set is missing or unreadable
  exit_usage = 64,    ///< an invalid command-line option (as CLI11 and sysexits.h)
  exit_exercise = 3,  ///< an exercise stub was called
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

/// Thrown by every exercise stub: names the exercise and the file to edit.
class NotImplemented : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// Throws NotImplemented with the message
/// "exercise 2.3 (softmax cross-entropy) is not implemented yet — see exercises/wb/ex02_mlp.hpp".
[[noreturn]] void not_implemented(const char* number, const char* title, const char* file);

}  // namespace wb
