/// \file
/// \brief The words the learner's commands print, in English and in Chinese: one table, a row
/// per text with both languages side by side; the language the locale or an option asks for;
/// and the display width and line folding that Chinese text needs (a wide character takes two
/// columns, and a line may break between two of them).
///
/// What quotes code or numbers stays as it is printed elsewhere, in English: the catalogue's
/// diagnoses, the compiler's messages, the lines of a failing check.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <vector>

#include "wb/catalogue.hpp"

namespace wb::coach {

/// The languages the coach speaks.
enum class Lang { en, zh };

/// One text in both languages: a format string of fmt each. The comment of a row says what its
/// arguments are, in order; a translation may take them in another order ({1} before {0}).
struct Text {
  const char* en;
  const char* zh;
};

/// The table: every fixed text of check, watch, hint, list, reset and solution.
namespace text {
// Where an exercise stands (check, watch, solution).
inline constexpr Text done{"done", "已完成"};
inline constexpr Text not_started{"not started", "未开始"};
inline constexpr Text needs_first{"needs {} first", "需先完成 {}"};  // the exercise needed
inline constexpr Text failing{"failing", "未通过"};
inline constexpr Text reason_after{": ", "："};  // between "failing" and why
inline constexpr Text broken{"does not compile", "编译失败"};
inline constexpr Text not_checked_while{"not checked while {} does not compile", "{} 编译失败，暂不检查"};  // its id
inline constexpr Text not_checked_program{"not checked: {} does not compile", "未检查：{} 编译失败"};  // the program
inline constexpr Text build_failed{"the build failed (see the log)", "构建失败（详见日志）"};
inline constexpr Text timed_out{"its tests did not finish within the time limit (an endless loop?)",
                                "测试未能在时限内结束（是不是死循环？）"};
inline constexpr Text exit_status{"its tests stopped with exit status {}", "测试中止，退出状态为 {}"};  // the status
// The report of check and watch.
inline constexpr Text chapter{"Chapter {} — {}", "第 {} 章 — {}"};  // number, title
inline constexpr Text log{"(everything the compiler and the tests printed: {})",
                          "（编译器和测试输出的全部内容见 {}）"};  // the log's path
inline constexpr Text progress_done{"{}/{} done. {}", "已完成 {}/{}。{}"};  // done, total, one of the next two
inline constexpr Text all_of_workbook{"Every exercise of the workbook is done: well done.",
                                      "本练习册的全部练习都已完成，干得漂亮！"};
inline constexpr Text all_of_these{"All of these are done.", "这些练习都已完成。"};
// done, total, id, title, place, the language option repeated ("" or " --zh")
inline constexpr Text progress_next{"{0}/{1} done. Next: {2} {3} — {4}   (./workbook hint {2}{5})",
                                    "已完成 {0}/{1}。下一个：{2} {3} — {4}   （./workbook hint {2}{5}）"};
inline constexpr Text watching{"Watching exercises/ ({}): save a file to recheck the current exercise; Ctrl-C to stop.",
                               "正在监视 exercises/（{}）：每保存一次文件，就重新检查当前练习；按 Ctrl-C 停止。"};
inline constexpr Text watch_all{"all chapters", "全部章节"};
inline constexpr Text watch_some{"chapter or exercise {}", "章节或练习 {}"};  // what was given
inline constexpr Text checked_in{"(checked in {:.1f} s, {:%H:%M:%S})", "（检查用时 {:.1f} 秒，{:%H:%M:%S}）"};  // s, std::tm
// hint
inline constexpr Text hint_heading{"Hint {} of {}:", "提示 {}/{}："};  // number, count
// what it implements, where its derivation is
inline constexpr Text last_hint{"That was the last hint. It implements {}; the derivation is in {}.",
                                "这是最后一条提示。本练习实现：{}；推导见 {}。"};
// id, count, the language option repeated
inline constexpr Text next_hint{"./workbook hint {0}{2} again for the next one, --all for all {1}.",
                                "再运行一次 ./workbook hint {0}{2} 看下一条，加 --all 一次看全部 {1} 条。"};
// the page's path, the section's label
inline constexpr Text page{"{}, the section marked {{#{}}}", "{} 中标记 {{#{}}} 的一节"};
inline constexpr Text page_in_browser{"{}, or in a browser: {}#{}", "{}，或在浏览器中打开 {}#{}"};  // page, HTML, label
inline constexpr Text readme{"README.md", "README.zh.md"};  // the chapter page's file (English where no other)
inline constexpr Text html_tree{"html", "html_zh"};         // its HTML tree under build/docs (likewise)
// list
inline constexpr Text list_chapter{"Chapter {} ({})", "第 {} 章（{}）"};  // number, directory
inline constexpr Text list_needs{"  (needs {})", "  （需先完成 {}）"};    // the ids, joined
// reset and solution
inline constexpr Text already_stub{"{} {} is already its stub; nothing to reset.",
                                   "{} {} 已经是最初的桩代码（stub），无需重置。"};  // id, title
// id, title, file, first line, last line, backup directory
inline constexpr Text ask_reset{"Reset {0} {1} in {2} (lines {3}–{4}) to its stub? Your version is kept in {5}. [y/N] ",
                                "把 {2} 中的 {0} {1}（第 {3}–{4} 行）重置为最初的桩代码（stub）吗？你的版本会保存在 {5}。[y/N] "};
inline constexpr Text nothing_changed{"Nothing changed.", "没有做任何修改。"};
inline constexpr Text reset_done{"Reset {} {}: {} holds its stub again (your version: {}).",
                                 "已重置 {} {}：{} 恢复为桩代码（你的版本：{}）。"};  // id, title, place, backup
// id, the language option repeated
inline constexpr Text solution_locked{"The reference solution of {0} is shown once its tests pass (./workbook check {0}{1}), "
                                      "or with --force. Try ./workbook hint {0}{1} first.",
                                      "{0} 的参考答案要等它的测试通过后才会显示（./workbook check {0}{1}），或者加 --force。"
                                      "不妨先试试 ./workbook hint {0}{1}。"};
// id, title, file, first line, last line
inline constexpr Text solution_heading{"{} {} — the reference, {} lines {}–{}:", "{} {} — 参考答案，{} 第 {}–{} 行："};
}  // namespace text

/// The language the commands speak and the option that chose it, which the commands they
/// suggest repeat ("--zh", "--en"; empty when the locale chose).
struct Language {
  Lang lang = Lang::en;
  std::string option;

  /// The text in this language.
  const char* operator()(const Text& t) const { return lang == Lang::zh ? t.zh : t.en; }
  /// The text in this language, formatted with `args`.
  template <typename... Args>
  std::string operator()(const Text& t, const Args&... args) const {
    return fmt::format(fmt::runtime((*this)(t)), args...);
  }
  /// " --zh" after a suggested command, or "".
  std::string repeat() const { return option.empty() ? "" : " " + option; }
};

/// Chinese when the locale asks for it: LC_ALL, else LC_MESSAGES, else LANG (the first that is
/// set and not empty) starting with "zh"; English otherwise. Null pointers are unset variables.
Lang language_of_locale(const char* lc_all, const char* lc_messages, const char* lang);

/// The language of the options (`zh`: --zh was given, `en`: --en) or else of the environment's
/// locale; UsageError when both options are given.
Language choose_language(bool zh, bool en);

/// The exercise's title in `lang`.
const std::string& title(const wb::Exercise& e, Lang lang);
/// What it implements, in `lang`.
const std::string& implements(const wb::Exercise& e, Lang lang);
/// Its hints, in `lang`.
const std::vector<std::string>& hints(const wb::Exercise& e, Lang lang);

/// The columns `text` takes on a terminal: one per UTF-8 character, two for a wide one (Chinese,
/// full-width punctuation), as fmt counts them when it pads.
std::size_t columns(const std::string& text);

/// Folds `text` into lines of at most `width` columns, each indented by `indent`. Lines break
/// at spaces and between wide characters, never before a closing mark (，。）…) nor after an
/// opening one (（「…) nor inside braces (e^{o_j − m}); a word longer than a line is a line of
/// its own.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent);

}  // namespace wb::coach
