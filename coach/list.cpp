#include <fmt/format.h>

#include "commands.hpp"

namespace wb::coach {

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
}  // namespace wb::coach
