/// \file
/// \brief The pages in two languages, compared section by section: each page `X.md` of the
/// course has its Chinese counterpart `X.zh.md`, and the two must have the same sections (their
/// labels `{#name}`, at the same levels, in the same order) and, in each section, the same
/// included material (`\snippet`, `\verbinclude`, `\image`, …) and the same links (`\ref`
/// targets, Markdown link targets, where `Y.zh.md` stands for `Y.md`). The prose is free.
///
/// A section of an English page whose heading is followed by the line `<!-- wb:english-only -->`
/// has no counterpart (README's sections for maintainers); a page whose title is followed by it
/// has none at all (the contributors' page). Used by test_page_pairs.cpp.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace wb::page_pairs {

namespace fs = std::filesystem;

inline const std::string english_only = "<!-- wb:english-only -->";

/// One section of a page: its heading and what is compared, as sorted lists.
struct Section {
  int level = 0;
  std::string label;    ///< `{#label}`, empty when the heading has none
  std::string heading;  ///< the heading's text, for messages
  bool english_only = false;
  std::vector<std::string> included;  ///< `\snippet chapters/x.cpp marker`, `\image html f.svg`, `[TOC]`
  std::vector<std::string> links;     ///< `\ref target`, `](target)`
};

/// The part of a Markdown link target compared: `Y.zh.md` and `Y.md` are the same page.
inline std::string link_target(std::string target) {
  const std::string zh = ".zh.md";
  if (target.size() > zh.size() && target.compare(target.size() - zh.size(), zh.size(), zh) == 0)
    target.replace(target.size() - zh.size(), zh.size(), ".md");
  return target;
}

/// What one line of text includes and links to, added to `s`. The caption of an `\image` or a
/// `\dotfile` and a `\ref`'s text are prose: only the command, the format, the file and the
/// snippet's marker count.
inline void scan_line(const std::string& line, Section& s) {
  static const std::regex include(
      R"(\\(snippet(\{doc\})?|verbinclude|include(\{doc\})?|dotfile|htmlinclude)\s+(\S+)(\s+([^"\s][^"]*?))?\s*("[^"]*")?\s*$)");
  static const std::regex image(R"(\\image\s+(\w+)\s+(\S+))");
  static const std::regex ref(R"([\\@]ref\s+([A-Za-z0-9_:~./-]*[A-Za-z0-9_]))");
  static const std::regex md_link(R"(\]\(([^)\s]+)\))");
  std::smatch m;
  if (std::regex_search(line, m, include))
    s.included.push_back("\\" + m[1].str() + " " + m[4].str() + (m[6].matched ? " " + m[6].str() : ""));
  if (std::regex_search(line, m, image)) s.included.push_back("\\image " + m[1].str() + " " + m[2].str());
  if (line.find("[TOC]") != std::string::npos) s.included.push_back("[TOC]");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), ref); it != std::sregex_iterator(); ++it)
    s.links.push_back("\\ref " + (*it)[1].str());
  for (auto it = std::sregex_iterator(line.begin(), line.end(), md_link); it != std::sregex_iterator(); ++it)
    s.links.push_back("](" + link_target((*it)[1].str()) + ")");
}

/// The sections of a page, in order; the text before the first heading is section 0 (label
/// empty). Fenced code blocks are skipped: a `#` there is a comment, not a heading.
inline std::vector<Section> sections(const std::string& text) {
  static const std::regex heading(R"(^(#{1,6})\s+(.*?)\s*(\{#([A-Za-z0-9_-]+)\})?\s*$)");
  std::vector<Section> out(1);
  std::istringstream in(text);
  std::string line;
  bool in_code = false, after_heading = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) in_code = !in_code;
    if (in_code) continue;
    std::smatch m;
    if (std::regex_match(line, m, heading)) {
      Section s;
      s.level = static_cast<int>(m[1].length());
      s.label = m[4].str();
      s.heading = m[2].str();
      out.push_back(s);
      after_heading = true;
      continue;
    }
    if (after_heading && line.find(english_only) != std::string::npos) out.back().english_only = true;
    if (!line.empty()) after_heading = false;
    scan_line(line, out.back());
  }
  for (Section& s : out) {
    std::sort(s.included.begin(), s.included.end());
    std::sort(s.links.begin(), s.links.end());
  }
  return out;
}

/// The sections an English page shares with its counterpart: those not marked English only,
/// nor inside one that is (a subsection of a maintainers' section is the maintainers' too).
inline std::vector<Section> shared_sections(const std::vector<Section>& all) {
  std::vector<Section> out;
  int skip_below = 0;  // while > 0: inside an English-only section of this level
  for (const Section& s : all) {
    if (skip_below > 0 && s.level > skip_below) continue;
    skip_below = s.english_only ? s.level : 0;
    if (!s.english_only) out.push_back(s);
  }
  return out;
}

/// "a, b": what is in `a` and not in `b` (both sorted, as multisets).
inline std::string missing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> d;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(d));
  std::string out;
  for (const std::string& x : d) out += (out.empty() ? "" : ", ") + x;
  return out;
}

/// The name of a section in messages: its label, or its heading where it has none.
inline std::string name_of(const Section& s) {
  if (s.level == 0) return "the text before the first heading";
  return s.label.empty() ? "\"" + s.heading + "\" (no label)" : "{#" + s.label + "}";
}

/// What differs between section `e` of the English page and section `z` of the Chinese one.
inline void compare_section(const Section& e, const Section& z, const std::string& where,
                            std::vector<std::string>& out) {
  if (e.level > 1 && (e.label.empty() || z.label.empty()))  // a page's title may have none: README's
    out.push_back(where + ": the heading has no label {#name}; give it one, the same in both languages");
  if (e.level != z.level)
    out.push_back(where + ": a level-" + std::to_string(e.level) + " heading in English, level " +
                  std::to_string(z.level) + " in Chinese");
  for (const auto& [list_e, list_z, what] : {std::tuple{&e.included, &z.included, "includes"},
                                             std::tuple{&e.links, &z.links, "links to"}}) {
    if (const std::string only_e = missing(*list_e, *list_z); !only_e.empty())
      out.push_back(where + ": only the English page " + what + " " + only_e);
    if (const std::string only_z = missing(*list_z, *list_e); !only_z.empty())
      out.push_back(where + ": only the Chinese page " + what + " " + only_z);
  }
}

/// Every difference between an English page and its Chinese counterpart `page` (the name used in
/// the messages), one line each, naming the page and the section; empty when they agree.
/// A link's target as compared: the same page reached by a Markdown link or by `\ref`. `to_label`
/// gives the label of the page a link's path leads to, or "" (compare_tree reads the files).
using LinkResolver = std::function<std::string(const std::string& path)>;

/// `sections` with each Markdown link to a page replaced by `\ref` to its label, where known.
inline std::vector<Section> resolved(std::vector<Section> sections, const LinkResolver& to_label) {
  if (!to_label) return sections;
  for (Section& s : sections) {
    for (std::string& link : s.links)
      if (link.rfind("](", 0) == 0)
        if (const std::string label = to_label(link.substr(2, link.size() - 3)); !label.empty()) link = "\\ref " + label;
    std::sort(s.links.begin(), s.links.end());
  }
  return sections;
}

inline std::vector<std::string> compare(const std::string& english, const std::string& chinese,
                                        const std::string& page, const LinkResolver& english_label = {},
                                        const LinkResolver& chinese_label = {}) {
  const std::vector<Section> en = resolved(shared_sections(sections(english)), english_label),
                             zh = resolved(sections(chinese), chinese_label);
  std::vector<std::string> out;
  std::size_t i = 0, j = 0;
  while (i < en.size() || j < zh.size()) {
    if (i < en.size() && j < zh.size() && en[i].label == zh[j].label) {
      compare_section(en[i], zh[j], page + ", section " + name_of(en[i]), out);
      ++i, ++j;
    } else if (i < en.size() && std::none_of(zh.begin() + j, zh.end(),
                                             [&](const Section& s) { return s.label == en[i].label; })) {
      out.push_back(page + ": section " + name_of(en[i]) + " is missing (the English page has it)");
      ++i;
    } else {
      out.push_back(page + ": section " + name_of(zh[j]) +
                    (std::any_of(en.begin(), en.end(), [&](const Section& s) { return s.label == zh[j].label; })
                         ? " is out of order (the English page has it elsewhere)"
                         : " is only in the Chinese page"));
      ++j;
    }
  }
  return out;
}

inline std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The course's pages under `root`: README.md and the Markdown pages of chapters/*/ and docs/,
/// but not the shared tables (`tables.md`) nor the Chinese pages themselves.
inline std::vector<fs::path> english_pages(const fs::path& root) {
  std::vector<fs::path> pages{"README.md"};
  for (const char* dir : {"chapters", "docs"})
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && e.path().extension() == ".md" && name != "tables.md" &&
          name.find(".zh.") == std::string::npos)
        pages.push_back(fs::relative(e.path(), root));
    }
  std::sort(pages.begin(), pages.end());
  return pages;
}

/// The Markdown links of a Chinese page (in directory `dir` of `root`) to English pages that have
/// a Chinese counterpart: the learner would leave the Chinese course there.
inline std::vector<std::string> english_links(const std::string& chinese, const fs::path& root, const fs::path& dir) {
  static const std::regex md_link(R"(\]\(([^)\s#]+\.md)(#[^)\s]*)?\))");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(chinese.begin(), chinese.end(), md_link); it != std::sregex_iterator(); ++it) {
    fs::path target = (*it)[1].str();
    if (target.string().find(".zh.md") != std::string::npos) continue;
    fs::path zh = root / dir / target;
    zh.replace_extension(".zh.md");
    if (fs::exists(zh)) out.push_back(target.string());
  }
  return out;
}

/// The Chinese pages under `root`: README.zh.md and the `.zh.md` pages of chapters/*/ and docs/.
inline std::vector<fs::path> chinese_pages(const fs::path& root) {
  std::vector<fs::path> pages;
  if (fs::exists(root / "README.zh.md")) pages.push_back("README.zh.md");
  for (const char* dir : {"chapters", "docs"})
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.size() > 6 && name.compare(name.size() - 6, 6, ".zh.md") == 0)
        pages.push_back(fs::relative(e.path(), root));
    }
  std::sort(pages.begin(), pages.end());
  return pages;
}

/// Whether the UTF-8 character that starts at `s[i]` (or ends just before `s[i]`, `before`) is
/// Chinese: a CJK ideograph or CJK or full-width punctuation (U+3000–U+9FFF, U+FF00–U+FFEF), all
/// three bytes long in UTF-8.
inline bool chinese_at(const std::string& s, std::size_t i, bool before = false) {
  if (before) {
    if (i < 3) return false;
    i -= 3;
  }
  if (i + 3 > s.size()) return false;
  const auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]);
  const unsigned code = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
  return (b0 & 0xF0u) == 0xE0u && ((code >= 0x3000 && code <= 0x9FFF) || (code >= 0xFF00 && code <= 0xFFEF));
}

/// What Doxygen and the browser do to Chinese text that the page did not mean, one line each
/// (page and line): a line break between two Chinese characters (the browser shows it as a
/// space: a paragraph's Chinese lines are joined), asterisks touching Chinese text (Doxygen
/// prints them instead of emphasis: use <em> or <b>), a `%` before Chinese text (Doxygen drops it:
/// write `\%`). Code blocks and formulas aside.
inline std::vector<std::string> chinese_text_problems(const std::string& text, const std::string& page) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line, previous;
  bool in_code = false, in_formula = false;
  for (int number = 1; std::getline(in, line); ++number, previous = line) {
    if (line.rfind("```", 0) == 0) in_code = !in_code;
    if (line.find("\\f[") != std::string::npos) in_formula = true;
    const bool prose = !in_code && !in_formula;
    if (line.find("\\f]") != std::string::npos) in_formula = false;
    if (!prose) continue;
    const std::string where = page + ":" + std::to_string(number) + ": ";
    const bool continues = !line.empty() && std::string("#|-*<>\\!").find(line[0]) == std::string::npos &&
                           !(std::isdigit(static_cast<unsigned char>(line[0])) && line.find(". ") < 4);
    if (continues && chinese_at(line, 0) && chinese_at(previous, previous.size(), true))
      out.push_back(where + "a line break between two Chinese characters shows as a space; join the two lines");
    bool asterisk = false, percent = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const bool escaped = i > 0 && line[i - 1] == '\\';
      asterisk |= line[i] == '*' && !escaped && (chinese_at(line, i + 1) || chinese_at(line, i, true));
      percent |= line[i] == '%' && !escaped && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) >= 0x80;
    }
    if (asterisk) out.push_back(where + "an asterisk touching Chinese text is printed, not read as emphasis; write <em> or <b>");
    if (percent) out.push_back(where + "Doxygen drops a % before such a character; write \\%");
  }
  return out;
}

/// The label of the page in file `path` (its title's `{#label}`), "" where it has none (README's
/// title) or `path` is not a page.
inline std::string page_label(const fs::path& path) {
  if (path.extension() != ".md" || !fs::exists(path)) return "";
  const std::vector<Section> s = sections(read(path));
  return s.size() > 1 ? s[1].label : "";
}

/// Whether a whole English page has no counterpart: its first non-empty line after the title is
/// the English-only mark.
inline bool page_is_english_only(const std::string& text) {
  const std::vector<Section> s = sections(text);
  return s.size() > 1 && s[1].english_only;
}

/// Every difference between the course's pages under `root` and their Chinese counterparts: a
/// page without its counterpart, a Chinese page without an English one, compare()'s lines, and
/// chinese_text_problems()'s.
inline std::vector<std::string> compare_tree(const fs::path& root) {
  std::vector<std::string> out;
  for (const fs::path& page : english_pages(root)) {
    fs::path zh = page;
    zh.replace_extension(".zh.md");
    const std::string english = read(root / page);
    if (page_is_english_only(english)) {
      if (fs::exists(root / zh)) out.push_back(zh.string() + ": its English page is marked English only");
      continue;
    }
    if (!fs::exists(root / zh)) {
      out.push_back(page.string() + " has no Chinese counterpart " + zh.string() +
                    " (or mark it " + english_only + " under its title)");
      continue;
    }
    const std::string chinese = read(root / zh);
    const auto label_from = [&](const fs::path& dir) {
      return [&root, dir](const std::string& path) { return page_label(root / dir / path); };
    };
    for (const auto& d : {compare(english, chinese, zh.string(), label_from(page.parent_path()), label_from(zh.parent_path())),
                          chinese_text_problems(chinese, zh.string())})
      out.insert(out.end(), d.begin(), d.end());
    for (const std::string& target : english_links(chinese, root, zh.parent_path()))
      out.push_back(zh.string() + ": links to the English page " + target + "; link its Chinese counterpart");
  }
  for (const fs::path& zh : chinese_pages(root)) {
    const std::string name = zh.filename().string();
    if (!fs::exists(root / zh.parent_path() / (name.substr(0, name.size() - 6) + ".md")))
      out.push_back(zh.string() + " has no English page next to it");
  }
  return out;
}

}  // namespace wb::page_pairs
