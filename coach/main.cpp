/// \file
/// \brief wb_coach, the learner's side of `./workbook`: check, hint, reset, solution, watch, list,
/// and `verify`, the guarantee that every catalogued exercise is real (run by CTest).
///
/// It reads the exercise catalogue compiled into wb::core, builds and runs only the test
/// programs it needs, and prints one line per exercise. `./workbook` configures the learner's
/// build (build-mine/) and calls it there; it can also be run directly:
/// `build-mine/bin/wb_coach check 2 --build build-mine`.

#include <fmt/chrono.h>
#include <fmt/color.h>
#include <fmt/core.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "coach.hpp"
#include "wb/catalogue.hpp"
#include "wb/error.hpp"
#include "wb/options.hpp"
#include "wb/runtime.hpp"

namespace fs = std::filesystem;
using namespace wb::coach;

namespace {

const fs::path source_dir = WB_SOURCE_DIR;

// --- Small helpers -------------------------------------------------------------------------

struct Output {
  int status = -1;
  std::string text;
};

/// Runs a shell command, stdout and stderr together.
Output run(const std::string& command) {
  Output out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw wb::UserError("cannot run: " + command);
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.text.append(buffer.data(), n);
  const int raw = pclose(pipe);
  out.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw wb::UserError("cannot read " + path.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".wb-tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!(out << text)) throw wb::UserError("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

bool colour = isatty(STDOUT_FILENO) != 0;

std::string paint(const std::string& text, fmt::terminal_color c) {
  return colour ? fmt::format(fmt::fg(c), "{}", text) : text;
}

/// The chapters' titles, from the build's chapters.txt ("NN_topic<TAB>title").
std::map<std::string, std::string> chapter_titles(const fs::path& build) {
  std::map<std::string, std::string> titles;
  std::ifstream in(build / "chapters.txt");
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) titles[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return titles;
}

int chapter_number(const std::string& chapter) { return std::stoi(chapter.substr(0, 2)); }

/// The exercises `what` names: all (""), one chapter ("2", "02", "02_mlp", "mlp") or one id ("2.1").
std::vector<const wb::Exercise*> select(const std::string& what) {
  std::vector<const wb::Exercise*> chosen;
  for (const wb::Exercise& e : wb::catalogue()) {
    const std::string topic = e.chapter.substr(3);
    const bool match = what.empty() || what == e.id || what == e.chapter || what == topic ||
                       what == e.chapter.substr(0, 2) ||
                       (what.find_first_not_of("0123456789") == std::string::npos && std::stoi(what) == chapter_number(e.chapter));
    if (match) chosen.push_back(&e);
  }
  if (chosen.empty())
    throw wb::UsageError(fmt::format("no exercise or chapter '{}': give an id such as 2.1, or a chapter such as 2 "
                                     "(./workbook list shows them all)", what));
  return chosen;
}

const wb::Exercise& one(const std::string& id) {
  const wb::Exercise* e = wb::find_exercise(id);
  if (e == nullptr)
    throw wb::UsageError(fmt::format("no exercise '{}': ids look like 2.1 (./workbook list shows them all)", id));
  return *e;
}

std::optional<Region> region_in(const std::string& file, const wb::Exercise& e) {
  return find_region(read_file(source_dir / file), e.marker());
}

/// "exercises/wb/ex02_mlp.hpp:31", the place to edit.
std::string place(const wb::Exercise& e) {
  const auto r = region_in(e.file, e);
  return r ? fmt::format("{}:{}", e.file, line_to_edit(*r)) : e.file;
}

/// Folds `text` into lines of at most `width` columns, each indented by `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::istringstream words(text);
  std::string word, line, out;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

// --- Building and testing --------------------------------------------------------------------

/// Builds one test program of the learner's build; on failure returns the first error.
std::optional<CompileError> build_target(const fs::path& build, const std::string& target, const fs::path& log) {
  const Output o = run(fmt::format("cmake --build {} --target {}", quoted(build.string()), target));
  std::ofstream(log, std::ios::app) << "$ cmake --build " << build.string() << " --target " << target << "\n" << o.text;
  if (o.status == 0) return std::nullopt;
  auto error = first_compile_error(o.text, source_dir.string());
  return error ? error : CompileError{"", 0, "the build failed (see the log)", {}};
}

/// Runs the exercise's test cases and judges them.
Verdict test(const fs::path& build, const wb::Exercise& e) {
  std::string filter;
  for (const std::string& c : e.tests) filter += (filter.empty() ? "" : ":") + c;
  const Output o = run(fmt::format("cd {} && timeout 120 bin/{} --run_test={} --log_level=error --report_level=no "
                                   "--color_output=no",
                                   quoted(build.string()), e.test_program(), filter));
  return judge(e, o.status, o.text);
}

struct Result {
  const wb::Exercise* exercise;
  Verdict verdict;
  std::optional<CompileError> error;  ///< where it does not compile (its own region)
};

/// Builds the test programs the exercises need, runs their cases, and returns a verdict each.
std::vector<Result> check(const fs::path& build, const std::vector<const wb::Exercise*>& exercises, const fs::path& log) {
  fs::remove(log);
  std::map<std::string, std::optional<CompileError>> broken;  // test program → its first error
  for (const wb::Exercise* e : exercises)
    if (!broken.count(e->test_program())) broken[e->test_program()] = build_target(build, e->test_program(), log);
  std::vector<Result> results;
  for (const wb::Exercise* e : exercises) {
    const auto& error = broken[e->test_program()];
    if (!error) {
      results.push_back({e, test(build, *e), std::nullopt});
      continue;
    }
    const auto r = region_in(e->file, *e);
    const bool mine = r && error->file == e->file && error->line >= r->first_line && error->line <= r->last_line;
    Result result{e, {}, std::nullopt};
    result.verdict.state = State::broken;
    if (mine) result.error = error;
    results.push_back(result);
  }
  // The others of a program that does not compile: say whose code stops them.
  for (Result& r : results) {
    if (r.verdict.state != State::broken || r.error) continue;
    const auto culprit = std::find_if(results.begin(), results.end(), [&](const Result& x) {
      return x.error && x.exercise->test_program() == r.exercise->test_program();
    });
    r.verdict.reason = culprit != results.end() ? fmt::format("not checked while {} does not compile", culprit->exercise->id)
                                                : fmt::format("not checked: {} does not compile", r.exercise->test_program());
  }
  // A compile error outside every exercise's region is shown under the first exercise of its program.
  for (auto& [program, error] : broken) {
    if (!error) continue;
    const bool shown = std::any_of(results.begin(), results.end(), [&](const Result& r) { return r.error.has_value(); });
    if (shown) continue;
    for (Result& r : results)
      if (r.exercise->test_program() == program) {
        r.error = error;
        r.verdict.reason.clear();
        break;
      }
  }
  return results;
}

void print_result(const Result& r) {
  const wb::Exercise& e = *r.exercise;
  const std::string word = state_word(r.verdict);
  fmt::terminal_color c = fmt::terminal_color::red;
  if (r.verdict.state == State::done) c = fmt::terminal_color::green;
  if (r.verdict.state == State::not_started || r.verdict.state == State::blocked) c = fmt::terminal_color::yellow;
  std::string line = fmt::format("  {:<5} {:<34} ", e.id, e.title);
  if (r.verdict.state == State::broken && !r.verdict.reason.empty()) line += paint(r.verdict.reason, fmt::terminal_color::yellow);
  else line += paint(word, c) + (r.verdict.state == State::failing ? ": " + r.verdict.reason : "");
  fmt::print("{}\n", line);
  if (r.error) {
    const CompileError& x = *r.error;
    fmt::print("        {}{}\n", x.file.empty() ? "" : fmt::format("{}:{}: ", x.file, x.line), x.message);
    for (const std::string& l : x.excerpt) fmt::print("        {}\n", l);
  }
}

/// Prints the results grouped by chapter, then "N/M done" and the next exercise to do.
/// Returns true when every exercise printed is done.
bool report(const fs::path& build, const std::vector<Result>& results, const fs::path& log, std::size_t total_done,
            std::size_t total) {
  const auto titles = chapter_titles(build);
  std::string chapter;
  bool any_error = false;
  for (const Result& r : results) {
    if (r.exercise->chapter != chapter) {
      chapter = r.exercise->chapter;
      const auto t = titles.find(chapter);
      fmt::print("\nChapter {} — {}\n", chapter_number(chapter), t != titles.end() ? t->second : chapter);
    }
    print_result(r);
    any_error = any_error || r.error.has_value();
  }
  if (any_error) fmt::print("        (the whole compiler output: {})\n", log.string());
  fmt::print("\n{}/{} done", total_done, total);
  const auto next = std::find_if(results.begin(), results.end(),
                                 [](const Result& r) { return r.verdict.state != State::done; });
  if (next == results.end()) {
    fmt::print(". {}\n", total == wb::catalogue().size() ? "Every exercise of the workbook is done: well done."
                                                          : "All of these are done.");
    return true;
  }
  const wb::Exercise& e = *next->exercise;
  fmt::print(". Next: {} {} — {}   (./workbook hint {})\n", e.id, e.title, place(e), e.id);
  return false;
}

/// How many of all the catalogued exercises are done, counting the ones checked now.
std::size_t done_overall(const std::vector<Result>& results) {
  return std::size_t(std::count_if(results.begin(), results.end(),
                                   [](const Result& r) { return r.verdict.state == State::done; }));
}

int command_check(const fs::path& build, const std::string& what) {
  const auto exercises = select(what);
  const fs::path log = build / "check.log";
  const std::vector<Result> results = check(build, exercises, log);
  const bool all = report(build, results, log, done_overall(results), exercises.size());
  return all ? 0 : 1;
}

// --- Hints -----------------------------------------------------------------------------------

int command_hint(const fs::path& build, const std::string& id, bool all) {
  const wb::Exercise& e = one(id);
  const fs::path state = build / "hints-seen.txt";
  std::map<std::string, std::size_t> seen;
  {
    std::ifstream in(state);
    std::string key;
    std::size_t n;
    while (in >> key >> n) seen[key] = n;
  }
  const std::size_t count = e.hints.size();
  const std::size_t first = all ? 0 : std::min(seen[e.id], count - 1);
  const std::size_t last = all ? count - 1 : first;
  fmt::print("{} {} — {} ({})\n", e.id, e.title, place(e), e.implements);
  for (std::size_t k = first; k <= last; ++k)
    fmt::print("\nHint {} of {}:\n{}", k + 1, count, wrap(e.hints[k], 92, "  "));
  if (!all) seen[e.id] = std::min(last + 1, count);
  if (last + 1 == count)
    fmt::print("\nThat was the last hint. The derivation: {} on chapter {}'s page, "
               "build/docs/html/chapter_{}.html#{} (./workbook docs builds the pages).\n",
               e.implements, chapter_number(e.chapter), e.chapter, e.section);
  else
    fmt::print("\n./workbook hint {} again for the next one, --all for all {}.\n", e.id, count);
  fs::create_directories(build);
  std::ofstream out(state);
  for (const auto& [key, n] : seen) out << key << ' ' << n << '\n';
  return 0;
}

// --- Reset and solution ----------------------------------------------------------------------

/// The exercise's stub as the repository's history last had it: the newest committed version of
/// its file whose region still calls not_implemented("ID"). Needs git.
std::string pristine_stub(const wb::Exercise& e) {
  const Output log = run(fmt::format("git -C {} log --format=%H -- {}", quoted(source_dir.string()), quoted(e.file)));
  if (log.status != 0)
    throw wb::UserError(fmt::format("reset needs the repository's git history, and git said: {}", log.text));
  std::istringstream commits(log.text);
  std::string commit;
  while (std::getline(commits, commit)) {
    const Output old = run(fmt::format("git -C {} show {}:{}", quoted(source_dir.string()), commit, quoted(e.file)));
    if (old.status != 0) continue;
    const auto r = find_region(old.text, e.marker());
    if (r && r->text.find("not_implemented(\"" + e.id + "\"") != std::string::npos) return r->text;
  }
  throw wb::UserError(fmt::format("no committed version of {} holds the stub of {}", e.file, e.id));
}

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
  write_file(backup, current->text);
  write_file(file, replace_region(text, *current, stub));
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

// --- Watch -----------------------------------------------------------------------------------

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
    if (colour) fmt::print("\033[2J\033[H");
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

// --- List ------------------------------------------------------------------------------------

int command_list() {
  std::string chapter;
  for (const wb::Exercise& e : wb::catalogue()) {
    if (e.chapter != chapter) fmt::print("{}Chapter {} ({})\n", chapter.empty() ? "" : "\n", chapter_number(e.chapter), e.chapter);
    chapter = e.chapter;
    const std::string needs = e.needs.empty() ? "" : fmt::format("  (needs {})", fmt::join(e.needs, ", "));
    fmt::print("  {:<5} {:<34} {}{}\n", e.id, e.title, place(e), needs);
  }
  return 0;
}

// --- Verify: the guarantee that every exercise is real -------------------------------------

/// In the reference build: every catalogued exercise has a region in both trees with the same
/// declarations; its test cases exist, and nothing else is in the exercise test programs; on the
/// stubs each case fails naming the exercise; with the solutions each passes. Prints one line per
/// problem; returns the number of problems.
int command_verify(const fs::path& build, bool stubs) {
  int problems = 0;
  const auto problem = [&](const std::string& what) {
    fmt::print("PROBLEM: {}\n", what);
    ++problems;
  };
  std::map<std::string, std::set<std::string>> catalogued;  // program → its catalogued cases
  for (const wb::Exercise& e : wb::catalogue()) {
    for (const std::string& c : e.tests)
      if (!catalogued[e.test_program()].insert(c).second) problem(fmt::format("{}: test case {} is listed twice", e.id, c));
    const auto mine = region_in(e.file, e), ref = region_in(e.solution_file(), e);
    if (!mine) problem(fmt::format("{}: {} has not exactly two lines '{}'", e.id, e.file, e.marker()));
    if (!ref) problem(fmt::format("{}: {} has not exactly two lines '{}'", e.id, e.solution_file(), e.marker()));
    if (!mine || !ref) continue;
    for (const std::string& f : e.functions) {
      const std::string a = declaration_of(mine->text, f), b = declaration_of(ref->text, f);
      if (a.empty() || b.empty()) problem(fmt::format("{}: function {} is not defined in {}", e.id, f, a.empty() ? e.file : e.solution_file()));
      else if (a != b) problem(fmt::format("{}: {} is declared differently in the two trees:\n  {}\n  {}", e.id, f, a, b));
    }
    if (stubs && mine->text.find("not_implemented(\"" + e.id + "\"") == std::string::npos)
      problem(fmt::format("{}: the stub in {} does not call not_implemented(\"{}\", …)", e.id, e.file, e.id));
  }
  for (const auto& [program, cases] : catalogued) {
    const Output listing = run(fmt::format("{} --list_content", quoted((build / "bin" / program).string())));
    const std::vector<std::string> found = test_cases_in(listing.text);
    if (found.empty()) {
      problem(fmt::format("{} lists no test case (is it built?)", program));
      continue;
    }
    for (const std::string& c : found)
      if (!cases.count(c)) problem(fmt::format("{}: test case {} is in no exercise of the catalogue", program, c));
    for (const std::string& c : cases)
      if (std::find(found.begin(), found.end(), c) == found.end())
        problem(fmt::format("{}: the catalogue lists test case {}, which does not exist", program, c));
  }
  std::size_t checked = 0;
  for (const wb::Exercise& e : wb::catalogue()) {
    for (const std::string& c : e.tests) {
      const std::string options = fmt::format("--run_test={} --log_level=error --report_level=no --color_output=no", c);
      const Output ref = run(fmt::format("timeout 120 {} {}", quoted((build / "bin" / e.test_program()).string()), options));
      if (ref.status != 0) problem(fmt::format("{}: {} fails with the reference solution:\n{}", e.id, c, ref.text));
      if (!stubs) continue;
      const Output stub = run(fmt::format("timeout 120 {} {}", quoted((build / "bin" / "test_exercises_on_stubs").string()), options));
      const Verdict v = judge(e, stub.status, stub.text);
      if (stub.status == 0) problem(fmt::format("{}: {} passes against the stub: it cannot fail", e.id, c));
      else if (v.state != State::not_started)
        problem(fmt::format("{}: {} fails against the stubs without naming exercise {} first ({}): {}", e.id, c, e.id,
                            state_word(v), stub.text));
      ++checked;
    }
  }
  fmt::print("{} exercises, {} test cases{}: {}\n", wb::catalogue().size(), checked,
             stubs ? " failing on the stubs, each naming its exercise, and passing with the solutions" : "",
             problems ? fmt::format("{} problem{}", problems, problems == 1 ? "" : "s") : "all as they should be");
  return problems;
}

}  // namespace

int main(int argc, char** argv) {
  return wb::run_program("workbook", [&]() -> int {
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
