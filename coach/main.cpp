/// \file
/// \brief wb_coach, the learner's side of `./workbook`: check, hint, reset, solution, watch, list,
/// and `verify`, the maintainers' guarantee that every catalogued exercise is real (run by CTest).
///
/// It reads the exercise catalogue compiled into wb::core, builds and runs only the test
/// programs it needs, and prints one line per exercise. `./workbook` configures the learner's
/// build (build-mine/) and calls it there; it can also be run directly:
/// `build-mine/bin/wb_coach check 2 --build build-mine`. Each command is a file of its own
/// (commands.hpp).

#include <string>

#include "commands.hpp"
#include "wb/options.hpp"
#include "wb/runtime.hpp"

using namespace wb::coach;

int main(int argc, char** argv) {
  return wb::run_program("workbook", [&]() -> int {
    stop_on_signals();
    wb::CommandLine app{"The learner's coach: check your exercises, ask for hints, reset one, see a solution, watch.",
                        "wb_coach"};
    app.require_subcommand();
    app.fallthrough();  // --build may come after the subcommand's arguments
    std::string build = (source_dir / "build-mine").string(), what, id;
    bool all = false, yes = false, force = false, stubs = false;
    app.add_option("--build", build, "the learner's build directory")->capture_default_str();
    wb::CommandLine* check = app.add_subcommand("check", "build and test your exercises: all, a chapter (2) or one (2.1)");
    check->add_option("what", what, "a chapter or an exercise id");
    wb::CommandLine* hint = app.add_subcommand("hint", "the next hint for an exercise");
    hint->add_option("id", id, "the exercise, e.g. 2.1")->required();
    hint->add_flag("--all", all, "every hint at once");
    wb::CommandLine* reset = app.add_subcommand("reset", "restore an exercise's stub");
    reset->add_option("id", id, "the exercise")->required();
    reset->add_flag("--yes,-y", yes, "do not ask");
    wb::CommandLine* solution = app.add_subcommand("solution", "show the reference solution once your tests pass");
    solution->add_option("id", id, "the exercise")->required();
    solution->add_flag("--force", force, "show it even before your tests pass");
    wb::CommandLine* watch = app.add_subcommand("watch", "recheck the current exercise whenever a file in exercises/ is saved");
    watch->add_option("what", what, "a chapter or an exercise id");
    app.add_subcommand("list", "every exercise, in order, with the place to edit");
    wb::CommandLine* verify = app.add_subcommand("verify", "check the catalogue against the trees and the test programs (CI)");
    verify->add_flag("--stubs", stubs, "also: every test case fails on the stubs naming its exercise");
    if (!app.parse(argc, argv)) return 0;
    const fs::path dir = fs::absolute(build);
    if (check->chosen()) return command_check(dir, what);
    if (hint->chosen()) return command_hint(dir, id, all);
    if (reset->chosen()) return command_reset(dir, id, yes);
    if (solution->chosen()) return command_solution(dir, id, force);
    if (watch->chosen()) return command_watch(dir, what);
    if (verify->chosen()) return command_verify(dir, stubs) == 0 ? 0 : 1;
    return command_list();
  });
}

