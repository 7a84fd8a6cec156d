/// \file
/// \brief The learner's coach (`./workbook check`, `hint`, `reset`, `solution`, `watch`): the
/// pieces that read what the compiler, the tests and git print, and the saves `watch` waits
/// for, kept apart from the program so that the tests can feed them samples.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "wb/catalogue.hpp"
#include "words.hpp"

namespace wb::coach {

// ---------------------------------------------------------------------------------------------
// Regions: an exercise's functions sit between two marker lines "// [exercise N.M]"
// ---------------------------------------------------------------------------------------------

/// The lines of a file between (and including) an exercise's two marker lines.
struct Region {
  std::string text;     ///< the marker lines and everything between them
  int first_line = 0;   ///< 1-based line of the opening marker
  int last_line = 0;    ///< 1-based line of the closing marker
};

/// The region of `marker` in `file_text`; nullopt unless the marker occurs exactly twice.
std::optional<Region> find_region(const std::string& file_text, const std::string& marker);

/// `file_text` with the region of `marker` replaced by `region_text`.
std::string replace_region(const std::string& file_text, const Region& old_region, const std::string& region_text);

/// The line to edit in a region: the line of its `not_implemented(` call if there is one,
/// else the line after the first function's opening brace.
int line_to_edit(const Region& region);

/// The declaration of function `name` in a region, a template or not: from where it starts
/// (its `template` line, or its return type) to the `{` that opens its body, with comments
/// removed and runs of whitespace made one space. Empty when the region has no such function.
std::string declaration_of(const std::string& region_text, const std::string& name);

// ---------------------------------------------------------------------------------------------
// What the compiler printed
// ---------------------------------------------------------------------------------------------

/// The first error of a build log, placed in the learner's code where possible.
struct CompileError {
  std::string file;                  ///< relative to the source directory when inside it
  int line = 0;
  std::string message;               ///< the compiler's message, cut to one readable line
  std::vector<std::string> excerpt;  ///< the source line and the caret, as the compiler showed them
};

/// The first `error:` of a GCC/Clang log. When the error sits in a header the learner did not
/// write (Armadillo's, say), the place is the first line under `exercises/` that the compiler
/// named on the way ("required from here"). Paths are made relative to `source_dir`.
std::optional<CompileError> first_compile_error(const std::string& log, const std::string& source_dir);

// ---------------------------------------------------------------------------------------------
// What the tests printed
// ---------------------------------------------------------------------------------------------

/// One failure reported by Boost.Test: the test case, the message's first line and the lines
/// that follow it (the worst entry, what was expected, what was computed).
struct CaseFailure {
  std::string test_case;             ///< "suite/case"
  std::string message;               ///< the first line, which says what is wrong
  std::vector<std::string> details;  ///< the message's further lines, as printed
};

/// Every failure in Boost.Test's human-readable log (`--log_level=error`), in order: a line
/// `file(line): error: in "suite/case": …` and the lines under it up to the next such line.
std::vector<CaseFailure> failures_in(const std::string& log);

/// The leaf test cases ("suite/case") in the output of `--list_content`.
std::vector<std::string> test_cases_in(const std::string& list_content);

/// Where an exercise stands.
enum class State {
  done,         ///< every test case passes
  not_started,  ///< its stub still throws NotImplemented
  blocked,      ///< its tests need another exercise that is not done (catalogue "needs")
  failing,      ///< a test case fails: `reason` says why
  broken,       ///< the code does not compile
};

/// A verdict on one exercise, with a one-line reason (empty when done or not started) and,
/// for a failing test, the lines of its message under that one.
struct Verdict {
  State state = State::failing;
  std::string reason;
  std::vector<std::string> details;
};

/// The verdict from the exit status and log of running the exercise's test cases; a reason the
/// coach writes itself (a time limit, an exit status) is in `lang`, one the tests print as it is.
Verdict judge(const Exercise& exercise, int status, const std::string& log, Lang lang = Lang::en);

/// "done", "not started", "needs 2.1 first", "failing", "does not compile", or the same in Chinese.
std::string state_word(const Verdict& v, Lang lang = Lang::en);

// ---------------------------------------------------------------------------------------------
// Saves (`./workbook watch`)
// ---------------------------------------------------------------------------------------------

/// The saves under a directory: inotify on it and every directory below it, or, where inotify
/// is not available, its files' modification times read once a second.
class Saves {
 public:
  explicit Saves(std::filesystem::path root);
  ~Saves();
  Saves(const Saves&) = delete;
  Saves& operator=(const Saves&) = delete;

  /// Blocks until a file is saved, then until 300 ms pass without another event: an editor's
  /// several writes, or a burst of saves, make one recheck. A save during a recheck makes
  /// the next one.
  void wait();
  /// Whether a file was saved since wait() returned (wait() would return at once).
  bool pending();

 private:
  bool drain();  ///< reads every pending event; whether there was one
  std::filesystem::file_time_type newest() const;

  std::filesystem::path root_;
  int fd_;
  std::filesystem::file_time_type stamp_{};
};

}  // namespace wb::coach
