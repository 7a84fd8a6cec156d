#include <fmt/format.h>

#include "commands.hpp"

namespace wb::coach {

int command_list(const Language& say) {
  std::string chapter;
  for (const wb::Exercise& e : wb::catalogue()) {
    if (e.chapter != chapter)
      fmt::print("{}{}\n", chapter.empty() ? "" : "\n", say(text::list_chapter, chapter_number(e.chapter), e.chapter));
    chapter = e.chapter;
    const std::string needs = e.needs.empty() ? "" : say(text::list_needs, fmt::join(e.needs, ", "));
    fmt::print("  {:<5} {:<34} {}{}\n", e.id, title(e, say.lang), place(e), needs);
  }
  return 0;
}
}  // namespace wb::coach
