/// \file
/// \brief What every chapter program's command line shares: wb::CommandLine (CLI11 behind a
/// narrow door), checks with one message format, the parse that turns any mistake into one line
/// and exit status 64, and the checks of output directories made before the work starts.
///
/// A chapter's `parse()` declares its options on a wb::CommandLine with these checks, calls
/// wb::CommandLine::parse, then checks combinations of options and throws wb::UsageError for
/// one that cannot work. Every message has the form `--option: must be <accepted>, not <value>`,
/// and wb::run_program prints it as `PROGRAM: error: <message>` (one line, exit status 64).
///
/// Why a door and not CLI11 itself: CLI11 is header-only, and a program that includes it
/// compiles all of it, 40% of a chapter program's machine code and a third of its compile time.
/// Here it is compiled once, in wb::core (options.cpp); the chapters read the same as with
/// CLI11 (`app.add_option(...)->check(...)->capture_default_str()`).
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace wb {

/// A check of an option's value as typed: `message(text)` is "" when `text` is accepted, and
/// otherwise the reason ("must be a number > 0, not abc"); `summary` is shown in --help.
struct Check {
  std::function<std::string(const std::string& text)> message;
  std::string summary;
};

/// A finite number > 0 (a learning rate, a weight decay).
Check positive_number();

/// A finite number in [lo, hi] (or with open ends): "must be a number in (0, 10], not X".
Check number_in(double lo, double hi, bool open_lo = false, bool open_hi = false);

/// An integer in [lo, hi]: "must be an integer in [1, 1000], not X".
Check integer_in(long long lo, long long hi);

/// One of `names`: "must be one of relu, sigmoid, tanh, not softmax".
Check one_of(const std::vector<std::string>& names);

/// A seed: an integer in [0, 2^64 − 1]; a negative number is refused, not wrapped around.
Check seed_value();

/// A program's command line: its options, bound to variables that hold their defaults.
///
///     wb::CommandLine app{"Chapter 2: ...", "02_mlp"};
///     app.add_option("--lr", opt.lr, "SGD learning rate η")->check(wb::positive_number())->capture_default_str();
///     app.add_flag("--kink", opt.kink, "make z₀₀ exactly 0");
///     if (!app.parse(argc, argv)) return;   // --help was printed
class CommandLine {
 public:
  /// One declared option; each call returns the option again, to chain them.
  class Option {
   public:
    explicit Option(CLI::Option* option) : option_(option) {}
    Option* check(const Check& check);          ///< refuse values that `check` refuses
    Option* delimiter(char separator);          ///< a list: "256,256"
    Option* expected(int count);                ///< exactly `count` values
    Option* capture_default_str();              ///< show the variable's value in --help
    Option* required();                         ///< the option must be given

   private:
    CLI::Option* option_;
  };

  CommandLine(const std::string& description, const std::string& program);
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  /// `--name` (or a positional `name`) whose value is parsed into `value`. T is one of bool,
  /// int, long, unsigned long, unsigned long long, double, std::string, or a std::vector of
  /// int, unsigned long, unsigned long long, double or std::string.
  template <class T>
  Option* add_option(const std::string& name, T& value, const std::string& help);

  /// A flag: "--kink" sets `value`; "--x,!--no-x" gives both ways.
  Option* add_flag(const std::string& name, bool& value, const std::string& help);

  /// Parses the command line. Returns false when --help was asked for (and printed); throws
  /// UsageError with one line ("--lr: must be a number > 0, not abc (see 02_mlp --help)") for
  /// anything refused: an unknown option, a missing or invalid value.
  bool parse(int argc, char** argv);

  /// A subcommand (`wb_coach check 2`): a command line of its own, with its own options.
  CommandLine* add_subcommand(const std::string& name, const std::string& description);
  /// Exactly one subcommand must be given.
  void require_subcommand();
  /// Options of this command line may also come after a subcommand's.
  void fallthrough();
  /// Whether this subcommand was given (after parse()).
  bool chosen() const;

 private:
  explicit CommandLine(CLI::App* subcommand);

  std::unique_ptr<CLI::App> owned_;  // the program's own; empty for a subcommand
  CLI::App* app_;
  std::deque<Option> options_;  // the handles returned, at stable addresses
  std::vector<std::unique_ptr<CommandLine>> subcommands_;
};

/// Creates `dir` (with its parents) and checks that a file can be written in it, before any
/// work starts; throws UsageError naming `option` and the reason otherwise.
void require_writable_directory(const std::string& dir, const std::string& option);

}  // namespace wb
