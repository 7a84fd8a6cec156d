#include <fmt/core.h>

#include <algorithm>
#include <fstream>

#include "commands.hpp"
#include "wb/output_file.hpp"

namespace wb::coach {

namespace {

/// Where the exercise's derivation is: the chapter's page in the repository, readable in any
/// editor, and the built HTML page when `./workbook docs` has built it. In Chinese, the Chinese
/// page and HTML tree (the section's label is the same in both), or the English ones where they
/// are missing.
std::string page_of(const wb::Exercise& e, const Language& say) {
  // The file in this language under `dir`, unless only the English one is there.
  const auto first_there = [](const fs::path& dir, const fs::path& mine, const fs::path& english) {
    return fs::exists(dir / mine) || !fs::exists(dir / english) ? mine : english;
  };
  const fs::path chapter = fs::path("chapters") / e.chapter;
  const fs::path readme = first_there(source_dir, chapter / say(text::readme), chapter / text::readme.en);
  const std::string page = say(text::page, readme.string(), e.section);
  const fs::path docs = source_dir / "build" / "docs", name = fmt::format("chapter_{}.html", e.chapter);
  const fs::path html = docs / first_there(docs, fs::path(say(text::html_tree)) / name, fs::path(text::html_tree.en) / name);
  if (!fs::exists(html)) return page;
  return say(text::page_in_browser, page, html.string(), e.section);
}

}  // namespace

int command_hint(const fs::path& build, const std::string& id, bool all, const Language& say) {
  const wb::Exercise& e = one(id);
  const fs::path state = build / "hints-seen.txt";
  std::map<std::string, std::size_t> seen;
  {
    std::ifstream in(state);
    std::string key;
    std::size_t n;
    while (in >> key >> n) seen[key] = n;
  }
  const std::vector<std::string>& shown = hints(e, say.lang);
  const std::size_t count = shown.size();
  const std::size_t first = all ? 0 : std::min(seen[e.id], count - 1);
  const std::size_t last = all ? count - 1 : first;
  fmt::print("{} {} — {}\n", e.id, title(e, say.lang), place(e));  // what it implements only after the last hint
  for (std::size_t k = first; k <= last; ++k)
    fmt::print("\n{}\n{}", say(text::hint_heading, k + 1, count), wrap(shown[k], 92, "  "));
  if (!all) seen[e.id] = std::min(last + 1, count);
  if (last + 1 == count)
    fmt::print("\n{}", wrap(say(text::last_hint, implements(e, say.lang), page_of(e, say)), 92, ""));
  else
    fmt::print("\n{}\n", say(text::next_hint, e.id, count, say.repeat()));
  fs::create_directories(build);
  std::string saved;
  for (const auto& [key, n] : seen) saved += fmt::format("{} {}\n", key, n);
  wb::write_file(state.string(), saved);
  return 0;
}
}  // namespace wb::coach
