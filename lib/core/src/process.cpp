#include "wb/process.hpp"

#include <fmt/core.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "wb/error.hpp"

namespace wb {
namespace {

/// The process group of the command being waited for; 0 when there is none.
std::atomic<pid_t> running_group{0};

}  // namespace

CommandResult run_command(const std::string& command) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw UserError(fmt::format("cannot run {}: {}", command, std::strerror(errno)));
  const pid_t pid = fork();
  if (pid < 0) throw UserError(fmt::format("cannot run {}: {}", command, std::strerror(errno)));
  if (pid == 0) {  // the child: its own process group, stdout and stderr into the pipe
    setpgid(0, 0);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);  // also here: the group exists before anyone may signal it
  running_group = pid;
  close(fds[1]);
  CommandResult result;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t n = read(fds[0], buffer.data(), buffer.size());
    if (n > 0) result.output.append(buffer.data(), std::size_t(n));
    else if (n == 0 || errno != EINTR) break;
  }
  close(fds[0]);
  int raw = 0;
  while (waitpid(pid, &raw, 0) < 0 && errno == EINTR) {}
  running_group = 0;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

void stop_running_command() {
  const pid_t group = running_group;
  if (group > 0) kill(-group, SIGTERM);
}

}  // namespace wb
