#include <fmt/color.h>
#include <fmt/core.h>
#include <unistd.h>

#include <csignal>

#include <fstream>

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
namespace {

/// The title in the page heading of a Chinese chapter page, "# 第 2 章 多层感知机：… {#chapter_02_mlp}",
/// without the chapter's number and the label: "多层感知机：…"; empty without such a line.
std::string chinese_title(const fs::path& page) {
  std::ifstream in(page);
  std::string line;
  while (std::getline(in, line) && line.rfind("# ", 0) != 0) {
  }
  if (line.rfind("# ", 0) != 0) return "";
  line = line.substr(2);
  if (const auto label = line.find(" {#"); label != std::string::npos) line = line.substr(0, label);
  if (line.rfind("第 ", 0) == 0) {
    if (const auto mark = line.find(" 章 "); mark != std::string::npos) line = line.substr(mark + std::string(" 章 ").size());
  }
  return line;
}

}  // namespace

std::map<std::string, std::string> chapter_titles(const fs::path& build, Lang lang) {
  std::map<std::string, std::string> titles;
  std::ifstream in(build / "chapters.txt");
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) titles[line.substr(0, tab)] = line.substr(tab + 1);
  }
  if (lang == Lang::zh)
    for (auto& [chapter, title] : titles)
      if (const std::string zh = chinese_title(source_dir / "chapters" / chapter / "README.zh.md"); !zh.empty()) title = zh;
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

}  // namespace wb::coach
