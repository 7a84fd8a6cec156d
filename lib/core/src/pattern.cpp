#include "wb/pattern.hpp"

#include <regex>

namespace wb {
namespace {

std::vector<std::string> groups(const std::smatch& m) {
  std::vector<std::string> found;
  for (const auto& group : m) found.push_back(group.str());
  return found;
}

}  // namespace

std::vector<std::string> search(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? groups(m) : std::vector<std::string>{};
}

std::vector<std::vector<std::string>> search_all(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  std::vector<std::vector<std::string>> found;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) found.push_back(groups(*it));
  return found;
}

std::string replace_all(const std::string& text, const std::string& pattern, const std::string& replacement) {
  return std::regex_replace(text, std::regex(pattern), replacement);
}

}  // namespace wb
