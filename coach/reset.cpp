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

int command_reset(const fs::path& build, const std::string& id, bool yes, const Language& say) {
  const wb::Exercise& e = one(id);
  const fs::path file = source_dir / e.file;
  const std::string text = read_file(file);
  const auto current = find_region(text, e.marker());
  if (!current)
    throw wb::UserError(fmt::format("the two marker lines '{}' are not both in {} any more; restore the whole file "
                                    "with: git checkout -- {}", e.marker(), e.file, e.file));
  const std::string stub = pristine_stub(e);
  if (stub == current->text) {
    fmt::print("{}\n", say(text::already_stub, e.id, title(e, say.lang)));
    return 0;
  }
  if (!yes) {
    fmt::print("{}", say(text::ask_reset, e.id, title(e, say.lang), e.file, current->first_line, current->last_line,
                         (build / "reset").string()));
    std::fflush(stdout);
    std::string answer;
    if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes")) {
      fmt::print("{}\n", say(text::nothing_changed));
      return 1;
    }
  }
  fs::create_directories(build / "reset");
  const fs::path backup = build / "reset" / fmt::format("{}-{}.hpp", e.id, std::time(nullptr));
  wb::write_file(backup.string(), current->text);
  wb::write_file(file.string(), replace_region(text, *current, stub));
  fmt::print("{}\n", say(text::reset_done, e.id, title(e, say.lang), place(e), backup.string()));
  return 0;
}

int command_solution(const fs::path& build, const std::string& id, bool force, const Language& say) {
  const wb::Exercise& e = one(id);
  if (!force) {
    const std::vector<Result> r = check(build, {&e}, build / "check.log", say.lang);
    if (r.front().verdict.state != State::done) {
      print_result(r.front(), say.lang);
      fmt::print("\n{}\n", say(text::solution_locked, e.id, say.repeat()));
      return 1;
    }
  }
  const auto region = region_in(e.solution_file(), e);
  if (!region) throw wb::UserError(fmt::format("{} has no region '{}'", e.solution_file(), e.marker()));
  fmt::print("{}\n\n{}", say(text::solution_heading, e.id, title(e, say.lang), e.solution_file(), region->first_line,
                               region->last_line), region->text);
  return 0;
}
}  // namespace wb::coach
