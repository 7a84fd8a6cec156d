#include <fmt/core.h>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "wb/error.hpp"
#include "wb/output_file.hpp"
#include "wb/process.hpp"

namespace wb::coach {

namespace {

/// The exercise's stub as the repository's history last had it: the newest committed version of
/// its file whose region still calls not_implemented("ID"). Needs git.
std::string pristine_stub(const wb::Exercise& e) {
  const std::string git = "git -C " + wb::shell_quote(source_dir.string());
  const wb::CommandResult log = wb::run_command(fmt::format("{} log --format=%H -- {}", git, wb::shell_quote(e.file)));
  if (log.status != 0)
    throw wb::UserError(fmt::format("reset needs the repository's git history, and git said: {}", log.output));
  std::istringstream commits(log.output);
  std::string commit;
  while (std::getline(commits, commit)) {
    const wb::CommandResult old = wb::run_command(fmt::format("{} show {}:{}", git, commit, wb::shell_quote(e.file)));
    if (old.status != 0) continue;
    const auto r = find_region(old.output, e.marker());
    if (r && r->text.find("not_implemented(\"" + e.id + "\"") != std::string::npos) return r->text;
  }
  throw wb::UserError(fmt::format("no committed version of {} holds the stub of {}", e.file, e.id));
}

}  // namespace

int command_reset(const fs::path& build, const std::string& id, bool yes) {
  const wb::Exercise& e = one(id);
  const fs::path file = source_dir / e.file;
  const std::string text = read_file(file);
  const auto current = find_region(text, e.marker());
  if (!current)
    throw wb::UserError(fmt::format("the two marker lines '{}' are not both in {} any more; restore the whole file "
                                    "with: git checkout -- {}", e.marker(), e.file, e.file));
  const std::string stub = pristine_stub(e);
  if (stub == current->text) {
    fmt::print("{} {} is already its stub; nothing to reset.\n", e.id, e.title);
    return 0;
  }
  if (!yes) {
    fmt::print("Reset {} {} in {} (lines {}–{}) to its stub? Your version is kept in {}. [y/N] ", e.id, e.title,
               e.file, current->first_line, current->last_line, (build / "reset").string());
    std::fflush(stdout);
    std::string answer;
    if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes")) {
      fmt::print("Nothing changed.\n");
      return 1;
    }
  }
  fs::create_directories(build / "reset");
  const fs::path backup = build / "reset" / fmt::format("{}-{}.hpp", e.id, std::time(nullptr));
  wb::write_file(backup.string(), current->text);
  wb::write_file(file.string(), replace_region(text, *current, stub));
  fmt::print("Reset {} {}: {} holds its stub again (your version: {}).\n", e.id, e.title, place(e), backup.string());
  return 0;
}

int command_solution(const fs::path& build, const std::string& id, bool force) {
  const wb::Exercise& e = one(id);
  if (!force) {
    const std::vector<Result> r = check(build, {&e}, build / "check.log");
    if (r.front().verdict.state != State::done) {
      print_result(r.front());
      fmt::print("\nThe reference solution of {} is shown once its tests pass (./workbook check {}), or with "
                 "--force. Try ./workbook hint {} first.\n", e.id, e.id, e.id);
      return 1;
    }
  }
  const auto region = region_in(e.solution_file(), e);
  if (!region) throw wb::UserError(fmt::format("{} has no region '{}'", e.solution_file(), e.marker()));
  fmt::print("{} {} — the reference, {} lines {}–{}:\n\n{}", e.id, e.title, e.solution_file(), region->first_line,
             region->last_line, region->text);
  return 0;
}
}  // namespace wb::coach
