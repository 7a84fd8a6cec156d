#include <fmt/color.h>
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "wb/process.hpp"

namespace wb::coach {

// --- Building and testing --------------------------------------------------------------------

/// Builds one test program of the learner's build; on failure returns the first error.
namespace {

std::optional<CompileError> build_target(const fs::path& build, const std::string& target, const fs::path& log,
                                         Lang lang) {
  const wb::CommandResult o = wb::run_command(fmt::format("cmake --build {} --target {}", wb::shell_quote(build.string()), target));
  std::ofstream(log, std::ios::app) << "$ cmake --build " << build.string() << " --target " << target << "\n" << o.output;
  if (o.status == 0) return std::nullopt;
  auto error = first_compile_error(o.output, source_dir.string());
  return error ? error : CompileError{"", 0, Language{lang, ""}(text::build_failed), {}};
}

/// Runs the exercise's test cases and judges them; what they print goes to the log.
Verdict test(const fs::path& build, const wb::Exercise& e, const fs::path& log, Lang lang) {
  std::string filter;
  for (const std::string& c : e.tests) filter += (filter.empty() ? "" : ":") + c;
  const std::string command = fmt::format("cd {} && timeout 120 bin/{} --run_test={} --log_level=error --report_level=no "
                                          "--color_output=no", wb::shell_quote(build.string()), e.test_program(), filter);
  const wb::CommandResult o = wb::run_command(command);
  std::ofstream(log, std::ios::app) << "$ " << command << "\n" << o.output;
  return judge(e, o.status, o.output, lang);
}

}  // namespace

std::vector<Result> check(const fs::path& build, const std::vector<const wb::Exercise*>& exercises, const fs::path& log,
                          Lang lang) {
  const Language say{lang, ""};
  fs::remove(log);
  std::map<std::string, std::optional<CompileError>> broken;  // test program → its first error
  for (const wb::Exercise* e : exercises)
    if (!broken.count(e->test_program())) broken[e->test_program()] = build_target(build, e->test_program(), log, lang);
  std::vector<Result> results;
  for (const wb::Exercise* e : exercises) {
    const auto& error = broken[e->test_program()];
    if (!error) {
      results.push_back({e, test(build, *e, log, lang), std::nullopt});
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
    r.verdict.reason = culprit != results.end() ? say(text::not_checked_while, culprit->exercise->id)
                                                : say(text::not_checked_program, r.exercise->test_program());
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

namespace {

/// `text` after a line's first `used` columns, folded at 100 columns onto lines indented by 10.
std::string folded(const std::string& text, std::size_t used) {
  std::istringstream words(text);
  std::string out, word;
  bool line_start = true;  // nothing of `text` on this line yet
  while (words >> word) {
    if (used + (line_start ? 0 : 1) + columns(word) > 100 && used > 10) {
      out += "\n" + std::string(10, ' ');
      used = 10;
      line_start = true;
    }
    out += (line_start ? "" : " ") + word;
    used += (line_start ? 0 : 1) + columns(word);
    line_start = false;
  }
  return out;
}

}  // namespace

void print_result(const Result& r, Lang lang) {
  const wb::Exercise& e = *r.exercise;
  const std::string& name = title(e, lang);
  const std::string word = state_word(r.verdict, lang);
  fmt::terminal_color c = fmt::terminal_color::red;
  if (r.verdict.state == State::done) c = fmt::terminal_color::green;
  if (r.verdict.state == State::not_started || r.verdict.state == State::blocked) c = fmt::terminal_color::yellow;
  std::string line = fmt::format("  {:<5} {:<34} ", e.id, name);
  if (r.verdict.state == State::broken && !r.verdict.reason.empty()) line += paint(r.verdict.reason, fmt::terminal_color::yellow);
  else line += paint(word, c);
  const std::string after = Language{lang, ""}(text::reason_after);
  if (r.verdict.state == State::failing)
    line += after + folded(r.verdict.reason, columns(fmt::format("  {:<5} {:<34} {}{}", e.id, name, word, after)));
  fmt::print("{}\n", line);
  for (const std::string& l : r.verdict.details) fmt::print("        {}\n", l);
  if (r.error) {
    const CompileError& x = *r.error;
    fmt::print("        {}{}\n", x.file.empty() ? "" : fmt::format("{}:{}: ", x.file, x.line), x.message);
    for (const std::string& l : x.excerpt) fmt::print("        {}\n", l);
  }
}

bool report(const fs::path& build, const std::vector<Result>& results, const fs::path& log, std::size_t total_done,
            std::size_t total, const Language& say) {
  const auto titles = chapter_titles(build, say.lang);
  std::string chapter;
  bool any_error = false;
  for (const Result& r : results) {
    if (r.exercise->chapter != chapter) {
      chapter = r.exercise->chapter;
      const auto t = titles.find(chapter);
      fmt::print("\n{}\n", say(text::chapter, chapter_number(chapter), t != titles.end() ? t->second : chapter));
    }
    print_result(r, say.lang);
    any_error = any_error || r.error.has_value();
  }
  const bool any_failure =
      std::any_of(results.begin(), results.end(), [](const Result& r) { return r.verdict.state == State::failing; });
  if (any_error || any_failure) fmt::print("        {}\n", say(text::log, log.string()));
  const auto next = std::find_if(results.begin(), results.end(),
                                 [](const Result& r) { return r.verdict.state != State::done; });
  if (next == results.end()) {
    const Text& all = total == wb::catalogue().size() ? text::all_of_workbook : text::all_of_these;
    fmt::print("\n{}\n", say(text::progress_done, total_done, total, say(all)));
    return true;
  }
  const wb::Exercise& e = *next->exercise;
  fmt::print("\n{}\n", say(text::progress_next, total_done, total, e.id, title(e, say.lang), place(e), say.repeat()));
  return false;
}

std::size_t done_overall(const std::vector<Result>& results) {
  return std::size_t(std::count_if(results.begin(), results.end(),
                                   [](const Result& r) { return r.verdict.state == State::done; }));
}

int command_check(const fs::path& build, const std::string& what, const Language& say) {
  const auto exercises = select(what);
  const fs::path log = build / "check.log";
  const std::vector<Result> results = check(build, exercises, log, say.lang);
  const bool all = report(build, results, log, done_overall(results), exercises.size(), say);
  return all ? 0 : 1;
}

}  // namespace wb::coach
