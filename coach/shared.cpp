#include <fmt/color.h>
#include <fmt/core.h>
#include <unistd.h>

#include <csignal>

#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "wb/error.hpp"
#include "wb/process.hpp"

namespace wb::coach {

const fs::path source_dir = WB_SOURCE_DIR;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw wb::UserError("cannot read " + path.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

namespace {

/// Ctrl-C or SIGTERM: end the command being waited for (a build, a test program), then end the
/// coach the way the signal ends a program, at once, wherever it is (a build, a wait for a save).
extern "C" void stop_now(int signal) {
  wb::stop_running_command();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

void stop_on_signals() {
  std::signal(SIGINT, stop_now);
  std::signal(SIGTERM, stop_now);
}

bool colour() {
  static const bool terminal = isatty(STDOUT_FILENO) != 0;
  return terminal;
}

std::string paint(const std::string& text, fmt::terminal_color c) {
  return colour() ? fmt::format(fmt::fg(c), "{}", text) : text;
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
std::size_t columns(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a continuation byte
  return n;
}

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::istringstream words(text);
  std::string word, line, out;
  while (words >> word) {
    if (!line.empty() && columns(line) + 1 + columns(word) > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}
}  // namespace wb::coach
