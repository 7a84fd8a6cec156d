#include <fmt/chrono.h>
#include <fmt/core.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#include "commands.hpp"

namespace wb::coach {

namespace {

/// The saves under a directory: inotify on it and every directory below it, or, where inotify
/// is not available, its files' modification times read once a second.
class Saves {
 public:
  explicit Saves(fs::path root) : root_(std::move(root)), fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
    int watches = 0;
    const auto watch = [&](const fs::path& dir) {
      watches += fd_ >= 0 && inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) >= 0;
    };
    watch(root_);
    for (const auto& entry : fs::recursive_directory_iterator(root_))
      if (entry.is_directory()) watch(entry.path());
    if (watches == 0 && fd_ >= 0) close(fd_), fd_ = -1;
    stamp_ = newest();
  }
  ~Saves() {
    if (fd_ >= 0) close(fd_);
  }
  Saves(const Saves&) = delete;
  Saves& operator=(const Saves&) = delete;

  /// Blocks until a file is saved, then until 300 ms pass without another event: an editor's
  /// several writes, or a burst of saves, make one recheck. A save during a recheck makes
  /// the next one.
  void wait() {
    if (fd_ < 0) {
      while (newest() == stamp_) std::this_thread::sleep_for(std::chrono::seconds(1));
      stamp_ = newest();
      return;
    }
    pollfd p{fd_, POLLIN, 0};
    while (!drain()) poll(&p, 1, -1);
    while (poll(&p, 1, 300) > 0) drain();
  }

 private:
  /// Reads every pending event; whether there was one.
  bool drain() {
    std::array<char, 4096> events{};
    bool any = false;
    while (read(fd_, events.data(), events.size()) > 0) any = true;
    return any;
  }
  fs::file_time_type newest() const {
    fs::file_time_type t{};
    for (const auto& entry : fs::recursive_directory_iterator(root_))
      if (entry.is_regular_file()) t = std::max(t, entry.last_write_time());
    return t;
  }

  fs::path root_;
  int fd_;
  fs::file_time_type stamp_{};
};

/// The first exercise of `all` that is not done, or all.end().
std::vector<Result>::iterator first_open(std::vector<Result>& all) {
  return std::find_if(all.begin(), all.end(), [](const Result& r) { return r.verdict.state != State::done; });
}

}  // namespace

int command_watch(const fs::path& build, const std::string& what) {
  const auto exercises = select(what);
  const fs::path log = build / "check.log";
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // every line reaches a pipe or a file at once
  Saves saves(source_dir / "exercises");
  fmt::print("Watching exercises/ ({}): save a file to recheck the current exercise; Ctrl-C to stop.\n",
             what.empty() ? "all chapters" : "chapter or exercise " + what);
  std::vector<Result> all = check(build, exercises, log);
  report(build, all, log, done_overall(all), exercises.size());
  for (auto current = first_open(all); current != all.end(); current = first_open(all)) {
    saves.wait();
    const auto start = std::chrono::steady_clock::now();
    if (colour()) fmt::print("\033[2J\033[H");
    *current = check(build, {current->exercise}, log).front();
    // When it is done, the next one is checked at once, so its state shows without a save.
    std::vector<Result> shown = {*current};
    if (const auto next = first_open(all); current->verdict.state == State::done && next != all.end()) {
      *next = check(build, {next->exercise}, log).front();
      shown.push_back(*next);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report(build, shown, log, done_overall(all), exercises.size());
    fmt::print("(checked in {:.1f} s, {:%H:%M:%S})\n", seconds, fmt::localtime(std::time(nullptr)));
  }
  return 0;
}

}  // namespace wb::coach
