/// \file
/// \brief wb_coach, the learner's side of `./workbook`: check, hint, reset, solution, watch, list,
/// and `verify`, the maintainers' guarantee that every catalogued exercise is real (run by CTest).
/// The learner's commands print in English or in Chinese (`--en`, `--zh`, else the locale).
///
/// It reads the exercise catalogue compiled into wb::core, builds and runs only the test
/// programs it needs, and prints one line per exercise. `./workbook` configures the learner's
/// build (build-mine/) and calls it there; it can also be run directly:
/// `build-mine/bin/wb_coach check 2 --build build-mine`. Each command is a file of its own
/// (commands.hpp).

#include <fmt/core.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "wb/error.hpp"
#include "wb/runtime.hpp"

using namespace wb::coach;

namespace {

// The command line is parsed by hand (not by CLI11, wb/options.hpp): the coach then builds in
// seconds, and `./workbook hint` on a fresh clone waits for little more than that.
const char* const usage =
    "usage: wb_coach COMMAND [ARGUMENT] [FLAGS] [--build DIR]\n"
    "  check [CHAPTER|ID]      build and test your exercises: all, a chapter (2) or one (2.1)\n"
    "  hint ID [--all]         the next hint for an exercise (--all: every hint at once)\n"
    "  reset ID [--yes]        restore an exercise's stub (--yes, -y: do not ask)\n"
    "  solution ID [--force]   the reference solution once your tests pass (--force: before)\n"
    "  watch [CHAPTER|ID]      recheck the current exercise whenever a file in exercises/ is saved\n"
    "  list                    every exercise, in order, with the place to edit\n"
    "  verify [--stubs]        the maintainers' check of the catalogue against the trees (CI)\n"
    "  verify --mistakes       the maintainers' check that each catalogued mistake is diagnosed (CI)\n"
    "  --zh, --en              check, hint, watch, list, reset, solution: print in Chinese (中文) or in\n"
    "                          English; without either, Chinese when the locale is Chinese (LC_ALL,\n"
    "                          else LC_MESSAGES, else LANG starting with zh), English otherwise\n"
    "  --build DIR             the learner's build directory (default: build-mine/)\n";

/// A command line: the command, its one argument (if any), its flags and the build directory.
struct Arguments {
  std::string command, argument, build;
  std::set<std::string> flags;
};

Arguments parse(const std::vector<std::string>& words) {
  Arguments a;
  a.build = (source_dir / "build-mine").string();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--build") {
      if (i + 1 == words.size()) throw wb::UsageError("--build needs a directory: --build build-mine");
      a.build = words[++i];
    } else if (w.rfind("-", 0) == 0) a.flags.insert(w == "-y" ? "--yes" : w);
    else if (a.command.empty()) a.command = w;
    else if (a.argument.empty()) a.argument = w;
    else throw wb::UsageError(fmt::format("one argument is enough, and '{}' is a second one (wb_coach --help)", w));
  }
  static const std::vector<std::pair<std::string, std::string>> allowed = {
      {"check", "--zh --en"},          {"hint", "--all --zh --en"},  {"reset", "--yes --zh --en"},
      {"solution", "--force --zh --en"}, {"watch", "--zh --en"},     {"list", "--zh --en"},
      {"verify", "--stubs --mistakes"}};
  const auto known = std::find_if(allowed.begin(), allowed.end(), [&](const auto& c) { return c.first == a.command; });
  if (known == allowed.end())
    throw wb::UsageError(fmt::format("no command '{}': give one of check, hint, reset, solution, watch, list "
                                     "(wb_coach --help)", a.command));
  for (const std::string& f : a.flags)
    if ((" " + known->second + " ").find(" " + f + " ") == std::string::npos)
      throw wb::UsageError(fmt::format("{} takes no option {} (wb_coach --help)", a.command, f));
  const bool needs_id = a.command == "hint" || a.command == "reset" || a.command == "solution";
  if (needs_id && a.argument.empty())
    throw wb::UsageError(fmt::format("{} needs an exercise id: ./workbook {} 2.1", a.command, a.command));
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("workbook", [&]() -> int {
    stop_on_signals();
    const std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || std::find(words.begin(), words.end(), "--help") != words.end() ||
        std::find(words.begin(), words.end(), "-h") != words.end()) {
      fmt::print("{}", usage);
      return words.empty() ? wb::exit_usage : 0;
    }
    const Arguments a = parse(words);
    const fs::path dir = fs::absolute(a.build);
    const std::string& arg = a.argument;
    const Language say = choose_language(a.flags.count("--zh") > 0, a.flags.count("--en") > 0);
    if (a.command == "check") return command_check(dir, arg, say);
    if (a.command == "hint") return command_hint(dir, arg, a.flags.count("--all") > 0, say);
    if (a.command == "reset") return command_reset(dir, arg, a.flags.count("--yes") > 0, say);
    if (a.command == "solution") return command_solution(dir, arg, a.flags.count("--force") > 0, say);
    if (a.command == "watch") return command_watch(dir, arg, say);
    if (a.command == "verify" && a.flags.count("--mistakes")) return verify_mistakes(dir) == 0 ? 0 : 1;
    if (a.command == "verify") return command_verify(dir, a.flags.count("--stubs") > 0) == 0 ? 0 : 1;
    return command_list(say);
  });
}
