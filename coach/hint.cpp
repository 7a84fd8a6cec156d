#include <fmt/core.h>

#include <algorithm>
#include <fstream>

#include "commands.hpp"
#include "wb/output_file.hpp"

namespace wb::coach {

namespace {

/// Where the exercise's derivation is: the chapter's page in the repository, readable in any
/// editor, and the built HTML page when `./workbook docs` has built it.
std::string page_of(const wb::Exercise& e) {
  const std::string readme = fmt::format("chapters/{}/README.md, the section marked {{#{}}}", e.chapter, e.section);
  const fs::path html = source_dir / "build" / "docs" / "html" / fmt::format("chapter_{}.html", e.chapter);
  if (!fs::exists(html)) return readme;
  return fmt::format("{}, or in a browser: {}#{}", readme, html.string(), e.section);
}

}  // namespace

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
  fmt::print("{} {} — {}\n", e.id, e.title, place(e));  // what it implements only after the last hint
  for (std::size_t k = first; k <= last; ++k)
    fmt::print("\nHint {} of {}:\n{}", k + 1, count, wrap(e.hints[k], 92, "  "));
  if (!all) seen[e.id] = std::min(last + 1, count);
  if (last + 1 == count)
    fmt::print("\n{}", wrap(fmt::format("That was the last hint. It implements {}; the derivation is in {}.",
                                        e.implements, page_of(e)), 92, ""));
  else
    fmt::print("\n./workbook hint {} again for the next one, --all for all {}.\n", e.id, count);
  fs::create_directories(build);
  std::string text;
  for (const auto& [key, n] : seen) text += fmt::format("{} {}\n", key, n);
  wb::write_file(state.string(), text);
  return 0;
}
}  // namespace wb::coach
