#include "wb/options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "wb/error.hpp"

namespace wb {
namespace {

/// The number in `text`, or NaN when `text` is not one number.
double parse_number(const std::string& text) {
  if (text.empty()) return std::nan("");
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  return *end == '\0' && errno == 0 ? v : std::nan("");
}

/// The columns `text` takes on a terminal: one per character, not per byte of UTF-8.
std::size_t display_width(const std::string& text) {
  return std::size_t(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// CLI11's --help, with the descriptions aligned by characters instead of bytes: an option
/// whose type shows "≥ 0" (three bytes, one column) lines up with the others.
class AlignedHelp : public CLI::Formatter {
 public:
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    const std::string description = make_option_desc(opt);
    const std::size_t column = get_column_width(), width = display_width(name);
    std::string line = name;
    if (!description.empty()) {
      line += width < column ? std::string(column - width, ' ') : "\n" + std::string(column, ' ');
      for (const char c : description) line += c == '\n' ? "\n" + std::string(column, ' ') : std::string(1, c);
    }
    return line + "\n";
  }
};

std::string interval(double lo, double hi, bool open_lo, bool open_hi) {
  return fmt::format("{}{:g}, {:g}{}", open_lo ? "(" : "[", lo, hi, open_hi ? ")" : "]");
}

}  // namespace

Check positive_number() {
  return Check{
      [](const std::string& text) -> std::string {
        const double v = parse_number(text);
        return std::isfinite(v) && v > 0 ? "" : "must be a number > 0, not " + text;
      },
      "> 0"};
}

Check number_in(double lo, double hi, bool open_lo, bool open_hi) {
  const std::string range = interval(lo, hi, open_lo, open_hi);
  return Check{
      [=](const std::string& text) -> std::string {
        const double v = parse_number(text);
        const bool ok = std::isfinite(v) && (open_lo ? v > lo : v >= lo) && (open_hi ? v < hi : v <= hi);
        return ok ? "" : "must be a number in " + range + ", not " + text;
      },
      "in " + range};
}

Check integer_in(long long lo, long long hi) {
  const std::string range = fmt::format("[{}, {}]", lo, hi);
  return Check{
      [=](const std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const long long v = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 10);
        const bool ok = !text.empty() && *end == '\0' && errno == 0 && v >= lo && v <= hi;
        return ok ? "" : "must be an integer in " + range + ", not " + text;
      },
      "in " + range};
}

Check one_of(const std::vector<std::string>& names) {
  const std::string list = fmt::format("{}", fmt::join(names, ", "));
  return Check{
      [=](const std::string& text) -> std::string {
        return std::find(names.begin(), names.end(), text) != names.end() ? "" : "must be one of " + list + ", not " + text;
      },
      "one of " + list};
}

Check seed_value() {
  return Check{
      [](const std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (digits) std::strtoull(text.c_str(), &end, 10);
        return digits && errno == 0 ? "" : "must be an integer in [0, 18446744073709551615], not " + text;
      },
      "≥ 0"};
}

CommandLine::Option* CommandLine::Option::check(const Check& check) {
  option_->check(CLI::Validator([message = check.message](std::string& text) { return message(text); }, check.summary,
                                check.summary));
  return this;
}

CommandLine::Option* CommandLine::Option::delimiter(char separator) {
  option_->delimiter(separator);
  return this;
}

CommandLine::Option* CommandLine::Option::expected(int count) {
  option_->expected(count);
  return this;
}

CommandLine::Option* CommandLine::Option::capture_default_str() {
  option_->capture_default_str();
  return this;
}

CommandLine::Option* CommandLine::Option::required() {
  option_->required();
  return this;
}

CommandLine::CommandLine(const std::string& description, const std::string& program)
    : owned_(std::make_unique<CLI::App>(description, program)), app_(owned_.get()) {
  app_->formatter(std::make_shared<AlignedHelp>());  // subcommands inherit it
}

CommandLine::CommandLine(CLI::App* subcommand) : app_(subcommand) {}

CommandLine::~CommandLine() = default;

template <class T>
CommandLine::Option* CommandLine::add_option(const std::string& name, T& value, const std::string& help) {
  return &options_.emplace_back(app_->add_option(name, value, help));
}

// The types the chapters, the coach and the benchmark bind (add one here for a new type).
template CommandLine::Option* CommandLine::add_option(const std::string&, bool&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, int&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, long&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, unsigned long&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, unsigned long long&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, double&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, std::string&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, std::vector<int>&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, std::vector<unsigned long>&,
                                                      const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, std::vector<unsigned long long>&,
                                                      const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, std::vector<double>&, const std::string&);
template CommandLine::Option* CommandLine::add_option(const std::string&, std::vector<std::string>&,
                                                      const std::string&);

CommandLine::Option* CommandLine::add_flag(const std::string& name, bool& value, const std::string& help) {
  return &options_.emplace_back(app_->add_flag(name, value, help));
}

CommandLine* CommandLine::add_subcommand(const std::string& name, const std::string& description) {
  subcommands_.emplace_back(new CommandLine(app_->add_subcommand(name, description)));
  return subcommands_.back().get();
}

void CommandLine::require_subcommand() { app_->require_subcommand(1); }

void CommandLine::fallthrough() { app_->fallthrough(); }

bool CommandLine::chosen() const { return app_->parsed(); }

bool CommandLine::parse(int argc, char** argv) {
  CLI::App& app = *app_;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e);
    return false;
  } catch (const CLI::CallForAllHelp& e) {
    app.exit(e);
    return false;
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    throw UsageError(fmt::format("{} (see {} --help)", message, app.get_name()));
  }
  return true;
}

void require_writable_directory(const std::string& dir, const std::string& option) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw UsageError(fmt::format("{}: cannot create the directory '{}' ({}); choose a writable directory", option,
                                 dir, ec ? ec.message() : "a file of that name exists"));
  const fs::path probe = fs::path(dir) / ".wb-write-test";
  std::ofstream out(probe);
  const bool writable = static_cast<bool>(out << "x");
  out.close();
  fs::remove(probe, ec);
  if (!writable)
    throw UsageError(fmt::format("{}: cannot write in '{}' ({}); choose a writable directory", option, dir,
                                 std::strerror(EACCES)));
}

}  // namespace wb
