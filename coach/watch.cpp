#include <fmt/chrono.h>
#include <fmt/core.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <thread>

#include "commands.hpp"

namespace wb::coach {

namespace {

/// Blocks until a file under exercises/ is saved: inotify on every directory below it, or a
/// poll of modification times every second where inotify is not available.
void wait_for_save() {
  const fs::path root = source_dir / "exercises";
  const int fd = inotify_init1(IN_CLOEXEC);
  if (fd >= 0) {
    int watches = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_directory())
        watches += inotify_add_watch(fd, entry.path().c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) >= 0;
    watches += inotify_add_watch(fd, root.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) >= 0;
    if (watches > 0) {
      std::array<char, 4096> events{};
      if (read(fd, events.data(), events.size()) > 0) {
        // Editors write in several steps: let them finish, then drain what else arrived.
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        pollfd p{fd, POLLIN, 0};
        while (poll(&p, 1, 0) > 0 && read(fd, events.data(), events.size()) > 0) {}
      }
      close(fd);
      return;
    }
    close(fd);
  }
  const auto stamp = [&] {
    fs::file_time_type newest{};
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) newest = std::max(newest, entry.last_write_time());
    return newest;
  };
  const auto before = stamp();
  while (stamp() == before) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace

int command_watch(const fs::path& build, const std::string& what) {
  const auto exercises = select(what);
  const fs::path log = build / "check.log";
  fmt::print("Watching exercises/ ({}): save a file to recheck the current exercise; Ctrl-C to stop.\n",
             what.empty() ? "all chapters" : "chapter or exercise " + what);
  std::vector<Result> all = check(build, exercises, log);
  report(build, all, log, done_overall(all), exercises.size());
  for (;;) {
    const auto current = std::find_if(all.begin(), all.end(), [](const Result& r) { return r.verdict.state != State::done; });
    if (current == all.end()) return 0;
    wait_for_save();
    const auto start = std::chrono::steady_clock::now();
    if (colour()) fmt::print("\033[2J\033[H");
    const std::vector<Result> now = check(build, {current->exercise}, log);
    *current = now.front();
    // When it is done, the next one is checked at once, so its state shows without a save.
    std::vector<Result> shown = {now.front()};
    if (current->verdict.state == State::done) {
      const auto next = std::find_if(all.begin(), all.end(), [](const Result& r) { return r.verdict.state != State::done; });
      if (next != all.end()) {
        *next = check(build, {next->exercise}, log).front();
        shown.push_back(*next);
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report(build, shown, log, done_overall(all), exercises.size());
    fmt::print("(checked in {:.1f} s, {:%H:%M:%S})\n", seconds, fmt::localtime(std::time(nullptr)));
    std::fflush(stdout);
  }
}
}  // namespace wb::coach
