#include "coach.hpp"

#include <fmt/core.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace wb::coach {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// At most about `n` characters (counted as bytes, never cutting a UTF-8 character): the first
/// two thirds and the last third, joined by " … ". The end of a compiler's message often names
/// the fix ("… from ‘mtOp<…>’ to ‘arma::Mat<double>’"), so it is kept.
std::string shorten(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  const auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; };
  std::size_t head = n * 2 / 3;
  while (head > 0 && continuation(head)) --head;
  std::size_t tail = s.size() - (n - n * 2 / 3);
  while (tail < s.size() && continuation(tail)) ++tail;
  return s.substr(0, head) + " … " + s.substr(tail);
}

std::string relative_to(const std::string& path, const std::string& dir) {
  const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  return !prefix.empty() && path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : path;
}

}  // namespace

// --- Regions ---------------------------------------------------------------------------------

std::optional<Region> find_region(const std::string& file_text, const std::string& marker) {
  const std::vector<std::string> lines = lines_of(file_text);
  std::vector<int> at;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (trim(lines[i]) == marker) at.push_back(int(i));
  if (at.size() != 2) return std::nullopt;
  Region r;
  r.first_line = at[0] + 1;
  r.last_line = at[1] + 1;
  for (int i = at[0]; i <= at[1]; ++i) r.text += lines[std::size_t(i)] + "\n";
  return r;
}

std::string replace_region(const std::string& file_text, const Region& old_region, const std::string& region_text) {
  const std::vector<std::string> lines = lines_of(file_text);
  std::string out;
  for (int i = 0; i < int(lines.size()); ++i) {
    if (i + 1 == old_region.first_line) out += region_text;
    if (i + 1 >= old_region.first_line && i + 1 <= old_region.last_line) continue;
    out += lines[std::size_t(i)] + "\n";
  }
  return out;
}

int line_to_edit(const Region& region) {
  const std::vector<std::string> lines = lines_of(region.text);
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (contains(lines[i], "not_implemented(")) return region.first_line + int(i);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string t = trim(lines[i]);
    if (t.rfind("//", 0) != 0 && !t.empty() && t.back() == '{') return region.first_line + int(i) + 1;
  }
  return region.first_line;
}

std::string declaration_of(const std::string& region_text, const std::string& name) {
  // Strip comments, find "name(", go back to the end of whatever came before (a ';' or a '}',
  // or the start of the region) and take everything up to the body's "{".
  std::string code;
  for (const std::string& line : lines_of(region_text)) {
    const auto c = line.find("//");
    code += (c == std::string::npos ? line : line.substr(0, c)) + " ";
  }
  const std::regex head("\\b" + name + "\\s*\\(");
  std::smatch m;
  if (!std::regex_search(code, m, head)) return "";
  const std::size_t before = code.find_last_of(";}", std::size_t(m.position(0)));
  const std::size_t start = before == std::string::npos ? 0 : before + 1;
  const std::size_t brace = code.find('{', start);
  if (brace == std::string::npos) return "";
  std::string decl;
  bool space = false;
  for (char ch : code.substr(start, brace - start)) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = true;
      continue;
    }
    if (space && !decl.empty()) decl += ' ';
    space = false;
    decl += ch;
  }
  return decl;
}

// --- The compiler ----------------------------------------------------------------------------

std::optional<CompileError> first_compile_error(const std::string& log, const std::string& source_dir) {
  static const std::regex located(R"(^(.+?):(\d+):(?:(\d+):)?\s+(error|fatal error|required from here|note|warning|required from .*)(:?)(.*)$)");
  const std::vector<std::string> lines = lines_of(log);
  std::optional<CompileError> error;
  std::size_t error_at = 0;
  for (std::size_t i = 0; i < lines.size() && !error; ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, located)) continue;
    if (m[4] != "error" && m[4] != "fatal error") continue;
    error = CompileError{relative_to(m[1], source_dir), std::stoi(m[2]), shorten(trim(m[6]), 220), {}};
    error_at = i;
  }
  if (!error) {
    for (const std::string& line : lines)  // a linker or CMake error: its first line
      if (contains(line, "error")) return CompileError{"", 0, shorten(trim(line), 220), {}};
    return std::nullopt;
  }
  // The source excerpt GCC prints under the error: "   47 |   return o + y;" and the caret.
  for (std::size_t i = error_at + 1; i < lines.size() && error->excerpt.size() < 3; ++i) {
    if (!std::regex_search(lines[i], std::regex(R"(^\s*\d*\s*\|)"))) break;
    error->excerpt.push_back(lines[i]);
  }
  if (error->file.rfind("exercises/", 0) == 0) return error;
  // The error sits in someone else's header: the learner's line is on the way to it.
  for (const std::string& line : lines) {
    std::smatch m;
    if (!std::regex_match(line, m, located)) continue;
    const std::string file = relative_to(m[1], source_dir);
    if (file.rfind("exercises/", 0) != 0) continue;
    error->message = fmt::format("{} (in {}:{})", error->message, error->file, error->line);
    error->file = file;
    error->line = std::stoi(m[2]);
    error->excerpt.clear();
    break;
  }
  return error;
}

// --- The tests -------------------------------------------------------------------------------

std::vector<CaseFailure> failures_in(const std::string& log) {
  // "path(line): error: in "suite/case": message" and "...: fatal error: in "suite/case": message"
  static const std::regex failure(R"re((?:fatal )?error: in "([^"]+)": (.*)$)re");
  // Any other line of Boost.Test's own: "path(line): ...", "*** 3 failures ...", "Running ...".
  static const std::regex own(R"re(^(\S+\(\d+\): |\*\*\* |Running \d+ test|Leaving|Entering))re");
  std::vector<CaseFailure> found;
  bool inside = false;  // the lines under a failure's first line belong to its message
  for (const std::string& line : lines_of(log)) {
    std::smatch m;
    if (!std::regex_search(line, m, failure)) {
      inside = inside && !std::regex_search(line, own) && !trim(line).empty();
      if (inside) found.back().details.push_back(line);
      continue;
    }
    std::string message = trim(m[2]);
    // Boost's own wording around a failed check adds nothing for a learner.
    for (const char* prefix : {"wb::NotImplemented: ", "wb::ExerciseError: ", "std::logic_error: ", "std::runtime_error: "})
      if (message.rfind(prefix, 0) == 0) message = message.substr(std::string(prefix).size());
    found.push_back({m[1], message, {}});
    inside = true;
  }
  return found;
}

std::vector<std::string> test_cases_in(const std::string& list_content) {
  // "suite*" then "    case*", indented by 4 per level; a suite is followed by deeper lines.
  std::vector<std::pair<int, std::string>> entries;
  static const std::regex entry(R"(^( *)([A-Za-z0-9_]+)\*?$)");
  for (const std::string& line : lines_of(list_content)) {
    std::smatch m;
    if (std::regex_match(line, m, entry)) entries.emplace_back(int(m[1].length()) / 4, m[2]);
  }
  std::vector<std::string> cases, path;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& [depth, name] = entries[i];
    path.resize(std::size_t(depth));
    path.push_back(name);
    const bool leaf = i + 1 == entries.size() || entries[i + 1].first <= depth;
    if (!leaf) continue;
    std::string full;
    for (const std::string& part : path) full += (full.empty() ? "" : "/") + part;
    cases.push_back(full);
  }
  return cases;
}

Verdict judge(const Exercise& exercise, int status, const std::string& log, Lang lang) {
  const Language say{lang, ""};
  if (status == 0) return {State::done, "", {}};
  const std::vector<CaseFailure> failures = failures_in(log);
  // "exercise 5.3 (the L1 penalty's subgradient (stretch)) is not implemented yet": titles may hold parentheses.
  static const std::regex stub(R"(exercise (\d+\.\d+) \(.*\) is not implemented yet)");
  // A stub that throws: this exercise's own (not started) or another one's (blocked).
  for (const CaseFailure& f : failures) {
    std::smatch m;
    if (!std::regex_search(f.message, m, stub)) continue;
    if (m[1] == exercise.id) return {State::not_started, "", {}};
    return {State::blocked, m[1], {}};
  }
  if (!failures.empty()) return {State::failing, failures.front().message, failures.front().details};
  if (status == 124) return {State::failing, say(text::timed_out), {}};
  const std::vector<std::string> lines = lines_of(log);
  return {State::failing, lines.empty() ? say(text::exit_status, status) : shorten(trim(lines.front()), 200), {}};
}

std::string state_word(const Verdict& v, Lang lang) {
  const Language say{lang, ""};
  switch (v.state) {
    case State::done: return say(text::done);
    case State::not_started: return say(text::not_started);
    case State::blocked: return say(text::needs_first, v.reason);
    case State::failing: return say(text::failing);
    case State::broken: return say(text::broken);
  }
  return "?";
}

// --- Saves ---------------------------------------------------------------------------------

Saves::Saves(std::filesystem::path root) : root_(std::move(root)), fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
  int watches = 0;
  const auto watch = [&](const std::filesystem::path& dir) {
    watches += fd_ >= 0 && inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) >= 0;
  };
  watch(root_);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root_))
    if (entry.is_directory()) watch(entry.path());
  if (watches == 0 && fd_ >= 0) close(fd_), fd_ = -1;
  stamp_ = newest();
}

Saves::~Saves() {
  if (fd_ >= 0) close(fd_);
}

void Saves::wait() {
  if (fd_ < 0) {
    while (newest() == stamp_) std::this_thread::sleep_for(std::chrono::seconds(1));
    stamp_ = newest();
    return;
  }
  pollfd p{fd_, POLLIN, 0};
  while (!drain()) poll(&p, 1, -1);
  while (poll(&p, 1, 300) > 0) drain();
}

bool Saves::pending() {
  if (fd_ < 0) return newest() != stamp_;
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

bool Saves::drain() {
  std::array<char, 4096> events{};
  bool any = false;
  while (read(fd_, events.data(), events.size()) > 0) any = true;
  return any;
}

std::filesystem::file_time_type Saves::newest() const {
  std::filesystem::file_time_type t{};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root_))
    if (entry.is_regular_file()) t = std::max(t, entry.last_write_time());
  return t;
}

}  // namespace wb::coach
