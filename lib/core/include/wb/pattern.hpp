/// \file
/// \brief Regular expressions behind three plain functions, for the tests and the benchmark that
/// read what a program printed.
///
/// The same ECMAScript patterns as std::regex, compiled once here in wb::core: a file that
/// uses `<regex>` itself compiles the whole regex engine again (2-3 s of compile time each).
#pragma once

#include <string>
#include <vector>

namespace wb {

/// The first match of `pattern` in `text`: the whole match, then each group ("" for a group
/// that did not take part). Empty when nothing matches.
std::vector<std::string> search(const std::string& text, const std::string& pattern);

/// Every match of `pattern` in `text`, in order, each as wb::search returns it.
std::vector<std::vector<std::string>> search_all(const std::string& text, const std::string& pattern);

/// `text` with every match of `pattern` replaced by `replacement` ($1 for the first group).
std::string replace_all(const std::string& text, const std::string& pattern, const std::string& replacement);

}  // namespace wb
