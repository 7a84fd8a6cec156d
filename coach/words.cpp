#include "words.hpp"

#include <cstdint>
#include <cstdlib>

#include "wb/error.hpp"

namespace wb::coach {

Lang language_of_locale(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* value : {lc_all, lc_messages, lang})
    if (value != nullptr && *value != '\0') return std::string(value).rfind("zh", 0) == 0 ? Lang::zh : Lang::en;
  return Lang::en;
}

Language choose_language(bool zh, bool en) {
  if (zh && en) throw wb::UsageError("--zh and --en: give one of them, or neither to follow the locale");
  if (zh) return {Lang::zh, "--zh"};
  if (en) return {Lang::en, "--en"};
  return {language_of_locale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG")), ""};
}

const std::string& title(const wb::Exercise& e, Lang lang) { return lang == Lang::zh ? e.title_zh : e.title; }

const std::string& implements(const wb::Exercise& e, Lang lang) {
  return lang == Lang::zh ? e.implements_zh : e.implements;
}

const std::vector<std::string>& hints(const wb::Exercise& e, Lang lang) {
  return lang == Lang::zh ? e.hints_zh : e.hints;
}

namespace {

/// The UTF-8 characters of a text, each with its code point.
struct Character {
  std::string bytes;
  std::uint32_t code = 0;
};

std::vector<Character> characters(const std::string& text) {
  std::vector<Character> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    std::uint32_t code = n == 1 ? lead : lead & (0x7Fu >> n);
    for (std::size_t k = 1; k < n && i + k < text.size(); ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    out.push_back({text.substr(i, n), code});
    i += n;
  }
  return out;
}

/// Two columns: the ranges fmt counts as wide (fmt/format.h, compute_width).
bool wide(std::uint32_t c) {
  return c >= 0x1100 &&
         (c <= 0x115f || c == 0x2329 || c == 0x232a || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) ||
          (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe10 && c <= 0xfe19) ||
          (c >= 0xfe30 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
          (c >= 0x20000 && c <= 0x2fffd) || (c >= 0x30000 && c <= 0x3fffd) || (c >= 0x1f300 && c <= 0x1f64f) ||
          (c >= 0x1f900 && c <= 0x1f9ff));
}

bool space(std::uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Marks no line starts with, and marks no line ends with.
bool closing(const std::string& c) {
  for (const char* m : {"，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "】", "》", "”", "’", "…"})
    if (c == m) return true;
  return false;
}
bool opening(const std::string& c) {
  for (const char* m : {"（", "「", "『", "【", "《", "“", "‘"})
    if (c == m) return true;
  return false;
}

}  // namespace

std::size_t columns(const std::string& text) {
  std::size_t n = 0;
  for (const Character& c : characters(text)) n += wide(c.code) ? 2 : 1;
  return n;
}

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  // The pieces a line may break between: a run of narrow characters without a space, or one
  // wide character; a closing mark joins the piece before it, an opening one the piece after.
  struct Piece {
    std::string text;
    bool space_before = false;  // a space separates it from the piece before
    bool narrow = false;
    bool open = false;          // ends with an opening mark: the next piece joins it
  };
  // A formula's exponent, e^{o_j − m}, stays on one line: a space inside braces is kept.
  std::vector<Piece> pieces;
  bool gap = false;
  int braces = 0;
  for (const Character& c : characters(text)) {
    const bool inside = braces > 0 && !pieces.empty();
    if (space(c.code)) {
      if (inside && !gap) pieces.back().text += ' ';
      gap = true;
      continue;
    }
    braces += c.code == '{' ? 1 : c.code == '}' && braces > 0 ? -1 : 0;
    const bool narrow = !wide(c.code);
    const bool joins = !pieces.empty() && (inside || (!gap && (pieces.back().open || closing(c.bytes) ||
                                                               (narrow && pieces.back().narrow))));
    if (joins) {
      pieces.back().text += c.bytes;
      pieces.back().narrow = narrow;
      pieces.back().open = opening(c.bytes);
    } else {
      pieces.push_back({c.bytes, gap && !pieces.empty(), narrow, opening(c.bytes)});
    }
    gap = false;
  }
  std::string out, line;
  for (const Piece& p : pieces) {
    const std::string joined = line + (p.space_before ? " " : "") + p.text;
    if (!line.empty() && columns(joined) > width) {
      out += indent + line + "\n";
      line = p.text;
    } else {
      line = joined;
    }
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

}  // namespace wb::coach
