/// \file
/// \brief The coach's commands and what they share: choosing exercises from the catalogue,
/// building and running their tests, and printing one line per exercise. One file per command
/// (check.cpp, hint.cpp, reset.cpp, watch.cpp, list.cpp); verify.cpp is the maintainers'. The
/// learner's commands speak the Language they are given (words.hpp); verify speaks English.
#pragma once

#include <fmt/color.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coach.hpp"
#include "wb/catalogue.hpp"

namespace wb::coach {

namespace fs = std::filesystem;

/// The repository: where exercises/, solutions/ and the catalogue are.
extern const fs::path source_dir;

// --- Shared helpers (shared.cpp) -------------------------------------------------------------

/// Ctrl-C and SIGTERM end the coach at once, with the command it is running (wb_coach never
/// needs to finish a step: its files are written whole or not at all, wb::write_file).
void stop_on_signals();

/// The whole file; UserError naming it when it cannot be read.
std::string read_file(const fs::path& path);

/// `text` in colour `c` when stdout is a terminal.
std::string paint(const std::string& text, fmt::terminal_color c);
/// Whether stdout is a terminal (colours, clearing the screen).
bool colour();

/// The chapters' titles: in English from the build's chapters.txt ("NN_topic<TAB>title"); in
/// Chinese from the heading of each chapter's README.zh.md, where there is one.
std::map<std::string, std::string> chapter_titles(const fs::path& build, Lang lang);
/// 2 for "02_mlp".
int chapter_number(const std::string& chapter);

/// The exercises `what` names: all (""), one chapter ("2", "02", "02_mlp", "mlp") or one id ("2.1").
std::vector<const wb::Exercise*> select(const std::string& what);
/// The exercise with this id; UsageError otherwise.
const wb::Exercise& one(const std::string& id);
/// The exercise's region in `file` (a path relative to the repository).
std::optional<Region> region_in(const std::string& file, const wb::Exercise& e);
/// "exercises/wb/ex02_mlp.hpp:31", the place to edit.
std::string place(const wb::Exercise& e);

// --- Building and testing (check.cpp) --------------------------------------------------------

/// One exercise after a check.
struct Result {
  const wb::Exercise* exercise;
  Verdict verdict;
  std::optional<CompileError> error;  ///< where it does not compile (its own region)
};

/// Builds the test programs the exercises need, runs their cases, and returns a verdict each
/// (the reasons the coach writes itself in `lang`). Everything the compiler and the tests print
/// goes to `log`.
std::vector<Result> check(const fs::path& build, const std::vector<const wb::Exercise*>& exercises, const fs::path& log,
                          Lang lang);
/// One exercise's line (and its compile error or failure's detail lines).
void print_result(const Result& r, Lang lang);
/// Prints the results grouped by chapter, then "N/M done" and the next exercise to do.
/// Returns true when every exercise printed is done.
bool report(const fs::path& build, const std::vector<Result>& results, const fs::path& log, std::size_t total_done,
            std::size_t total, const Language& say);
/// How many of `results` are done.
std::size_t done_overall(const std::vector<Result>& results);

// --- The commands ----------------------------------------------------------------------------

int command_check(const fs::path& build, const std::string& what, const Language& say);
int command_hint(const fs::path& build, const std::string& id, bool all, const Language& say);
int command_reset(const fs::path& build, const std::string& id, bool yes, const Language& say);
int command_solution(const fs::path& build, const std::string& id, bool force, const Language& say);
int command_watch(const fs::path& build, const std::string& what, const Language& say);
int command_list(const Language& say);
/// The maintainers' guarantee (verify.cpp): returns the number of problems found.
int command_verify(const fs::path& build, bool stubs);
/// The maintainers' check of the classic mistakes (verify.cpp): each catalogued mistake,
/// planted into the reference (test_exercises_on_mistakes, WB_PLANT), makes its exercise's
/// tests fail with the message `check` would print starting from its diagnosis. Returns the
/// number of problems found.
int verify_mistakes(const fs::path& build);

}  // namespace wb::coach
