/// \file
/// \brief `wb_coach verify`, the maintainers' command (CTest's exercises_are_real): every catalogued
/// exercise is real. Kept apart from the learner's commands.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "wb/process.hpp"

namespace wb::coach {

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
    const wb::CommandResult listing = wb::run_command(fmt::format("{} --list_content", wb::shell_quote((build / "bin" / program).string())));
    const std::vector<std::string> found = test_cases_in(listing.output);
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
      const wb::CommandResult ref = wb::run_command(fmt::format("timeout 120 {} {}", wb::shell_quote((build / "bin" / e.test_program()).string()), options));
      if (ref.status != 0) problem(fmt::format("{}: {} fails with the reference solution:\n{}", e.id, c, ref.output));
      if (!stubs) continue;
      const wb::CommandResult stub = wb::run_command(fmt::format("timeout 120 {} {}", wb::shell_quote((build / "bin" / "test_exercises_on_stubs").string()), options));
      const Verdict v = judge(e, stub.status, stub.output);
      if (stub.status == 0) problem(fmt::format("{}: {} passes against the stub: it cannot fail", e.id, c));
      else if (v.state != State::not_started)
        problem(fmt::format("{}: {} fails against the stubs without naming exercise {} first ({}): {}", e.id, c, e.id,
                            state_word(v), stub.output));
      ++checked;
    }
  }
  fmt::print("{} exercises, {} test cases{}: {}\n", wb::catalogue().size(), checked,
             stubs ? " failing on the stubs, each naming its exercise, and passing with the solutions" : "",
             problems ? fmt::format("{} problem{}", problems, problems == 1 ? "" : "s") : "all as they should be");
  return problems;
}

namespace {

/// Every `planted("…")` the planted tree (tests/planted/) holds.
std::set<std::string> plants_in_tests() {
  std::set<std::string> found;
  for (const auto& entry : fs::directory_iterator(source_dir / "tests" / "planted")) {
    const std::string text = read_file(entry.path());
    for (std::size_t at = text.find("planted(\""); at != std::string::npos; at = text.find("planted(\"", at + 1)) {
      const std::size_t from = at + 9, to = text.find('"', from);
      if (to != std::string::npos) found.insert(text.substr(from, to - from));
    }
  }
  return found;
}

/// What `check` prints for a failing exercise: the reason and the detail lines.
std::string printed(const Verdict& v) {
  std::string text = state_word(v) + ": " + v.reason;
  for (const std::string& line : v.details) text += "\n        " + line;
  return text;
}

}  // namespace

int verify_mistakes(const fs::path& build) {
  int problems = 0, planted = 0;
  const auto problem = [&](const std::string& what) {
    fmt::print("PROBLEM: {}\n", what);
    ++problems;
  };
  std::set<std::string> plants = plants_in_tests();
  for (const wb::Exercise& e : wb::catalogue()) {
    if (e.mistakes.size() < 2)
      problem(fmt::format("{} lists {} classic mistakes in the catalogue; give at least 2", e.id, e.mistakes.size()));
    std::string filter;
    for (const std::string& c : e.tests) filter += (filter.empty() ? "" : ":") + c;
    for (const wb::Mistake& m : e.mistakes) {
      const std::string name = e.id + " " + m.name;
      if (plants.erase(name) == 0) {
        problem(fmt::format("mistake '{}' is catalogued but not planted in tests/planted/", name));
        continue;
      }
      const wb::CommandResult r = wb::run_command(fmt::format(
          "WB_PLANT={} timeout 120 {} --run_test={} --log_level=error --report_level=no --color_output=no",
          wb::shell_quote(name), wb::shell_quote((build / "bin" / "test_exercises_on_mistakes").string()), filter));
      const Verdict v = judge(e, r.status, r.output);
      ++planted;
      if (r.status == 0) problem(fmt::format("{}: planted, the tests of {} still pass", name, e.id));
      else if (v.state != State::failing || v.reason.find(m.diagnosis) == std::string::npos)
        problem(fmt::format("{}: check does not print its diagnosis; it prints\n  {}", name, printed(v)));
    }
  }
  for (const std::string& name : plants) problem(fmt::format("tests/planted/ plants '{}', which the catalogue does not list", name));
  fmt::print("{} classic mistakes planted, each diagnosed by check: {}\n", planted,
             problems ? fmt::format("{} problem{}", problems, problems == 1 ? "" : "s") : "all as they should be");
  return problems;
}

}  // namespace wb::coach
