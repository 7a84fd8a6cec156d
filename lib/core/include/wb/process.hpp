/// \file
/// \brief Running another program and capturing what it prints: the one runner the coach, the
/// tests and the benchmark share, and the one way to quote a word for the shell.
#pragma once

#include <string>

namespace wb {

/// How a command ended and what it printed.
struct CommandResult {
  int status = -1;     ///< the exit status, or -1 when it did not exit normally (a signal)
  std::string output;  ///< stdout and stderr, interleaved as they were written
};

/// Runs `command` through `/bin/sh -c` with stderr merged into stdout and waits for it. The
/// command runs in a process group of its own, so that stop_running_command() can end it and
/// whatever it started. Throws wb::UserError when no process can be started.
CommandResult run_command(const std::string& command);

/// `s` as one word for the shell, in single quotes: `it's` becomes `'it'\''s'`.
std::string shell_quote(const std::string& s);

/// Ends the process group of the command run_command is waiting for, if any (SIGTERM).
/// Safe to call from a signal handler.
void stop_running_command();

}  // namespace wb
