#include <fmt/chrono.h>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "commands.hpp"

namespace wb::coach {

namespace {

/// The first exercise of `all` that is not done, or all.end().
std::vector<Result>::iterator first_open(std::vector<Result>& all) {
  return std::find_if(all.begin(), all.end(), [](const Result& r) { return r.verdict.state != State::done; });
}

}  // namespace

int command_watch(const fs::path& build, const std::string& what, const Language& say) {
  const auto exercises = select(what);
  const fs::path log = build / "check.log";
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // every line reaches a pipe or a file at once
  Saves saves(source_dir / "exercises");
  fmt::print("{}\n", say(text::watching, what.empty() ? say(text::watch_all) : say(text::watch_some, what)));
  std::vector<Result> all = check(build, exercises, log, say.lang);
  report(build, all, log, done_overall(all), exercises.size(), say);
  for (auto current = first_open(all); current != all.end(); current = first_open(all)) {
    saves.wait();
    const auto start = std::chrono::steady_clock::now();
    if (colour()) fmt::print("\033[2J\033[H");
    *current = check(build, {current->exercise}, log, say.lang).front();
    // When it is done, the next one is checked at once, so its state shows without a save.
    std::vector<Result> shown = {*current};
    if (const auto next = first_open(all); current->verdict.state == State::done && next != all.end()) {
      *next = check(build, {next->exercise}, log, say.lang).front();
      shown.push_back(*next);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report(build, shown, log, done_overall(all), exercises.size(), say);
    fmt::print("{}\n", say(text::checked_in, seconds, fmt::localtime(std::time(nullptr))));
  }
  return 0;
}

}  // namespace wb::coach
