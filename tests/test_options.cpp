// Unit tests of what every program's command line shares (wb/options.hpp: wb::CommandLine and
// its checks) and of wb/pattern.hpp, which the tests themselves read programs' output with.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"
#include "wb/error.hpp"
#include "wb/options.hpp"
#include "wb/pattern.hpp"

BOOST_AUTO_TEST_SUITE(test_options)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace {

/// Parses `args` (after the program name) on `app`; returns what parse() returned.
bool parse(wb::CommandLine& app, std::vector<std::string> args) {
  args.insert(args.begin(), "prog");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return app.parse(int(argv.size()), argv.data());
}

/// The one-line message of the UsageError that parsing `args` throws ("" when none is thrown).
std::string usage_error(wb::CommandLine& app, const std::vector<std::string>& args) {
  try {
    parse(app, args);
  } catch (const wb::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(options_flags_and_lists_bind_their_variables) {
  wb::CommandLine app{"a test program", "prog"};
  int epochs = 1;
  double lr = 0.5;
  std::string name = "x";
  std::vector<unsigned long long> sizes;
  bool kink = false, checks = true;
  app.add_option("--epochs", epochs, "")->check(wb::integer_in(1, 100))->capture_default_str();
  app.add_option("--lr", lr, "")->check(wb::positive_number());
  app.add_option("--name", name, "")->check(wb::one_of({"x", "y"}));
  app.add_option("--sizes", sizes, "")->delimiter(',')->expected(3);
  app.add_flag("--kink", kink, "");
  app.add_flag("--checks,!--no-checks", checks, "");
  BOOST_TEST(parse(app, {"--epochs", "7", "--lr", "0.25", "--name", "y", "--sizes", "4,5,6", "--kink", "--no-checks"}));
  BOOST_TEST(epochs == 7);
  BOOST_TEST(lr == 0.25);
  BOOST_TEST(name == "y");
  BOOST_TEST(sizes == (std::vector<unsigned long long>{4, 5, 6}), boost::test_tools::per_element());
  BOOST_TEST(kink);
  BOOST_TEST(!checks);
}

BOOST_AUTO_TEST_CASE(a_refused_value_is_one_line_naming_the_option_the_rule_and_the_value) {
  wb::CommandLine app{"a test program", "prog"};
  int epochs = 1;
  double lr = 0.5, p = 0;
  std::string name = "x";
  unsigned long long seed = 0;
  app.add_option("--epochs", epochs, "")->check(wb::integer_in(1, 100));
  app.add_option("--lr", lr, "")->check(wb::positive_number());
  app.add_option("--p", p, "")->check(wb::number_in(0, 1, false, true));
  app.add_option("--name", name, "")->check(wb::one_of({"x", "y"}));
  app.add_option("--seed", seed, "")->check(wb::seed_value());
  const std::string epochs_error = usage_error(app, {"--epochs", "0"});
  BOOST_TEST(epochs_error.find("--epochs: must be an integer in [1, 100], not 0") != std::string::npos, epochs_error);
  BOOST_TEST(epochs_error.find("(see prog --help)") != std::string::npos, epochs_error);
  BOOST_TEST(epochs_error.find('\n') == std::string::npos, epochs_error);
  const std::string lr_error = usage_error(app, {"--lr", "abc"});
  BOOST_TEST(lr_error.find("must be a number > 0, not abc") != std::string::npos, lr_error);
  const std::string p_error = usage_error(app, {"--p", "1"});
  BOOST_TEST(p_error.find("must be a number in [0, 1), not 1") != std::string::npos, p_error);
  const std::string name_error = usage_error(app, {"--name", "z"});
  BOOST_TEST(name_error.find("must be one of x, y, not z") != std::string::npos, name_error);
  const std::string seed_error = usage_error(app, {"--seed", "-1"});
  BOOST_TEST(seed_error.find("must be an integer in [0, 18446744073709551615], not -1") != std::string::npos, seed_error);
  const std::string unknown = usage_error(app, {"--epoch", "3"});
  BOOST_TEST(unknown.find("--epoch") != std::string::npos, unknown);
  BOOST_TEST(epochs == 1);  // refused values leave the defaults alone
}

BOOST_AUTO_TEST_CASE(help_returns_false_and_a_required_option_must_be_given) {
  wb::CommandLine app{"a test program", "prog"};
  std::string id;
  app.add_option("id", id, "the exercise")->required();
  BOOST_TEST(!parse(app, {"--help"}));
  BOOST_TEST(!usage_error(app, {}).empty());
}

BOOST_AUTO_TEST_CASE(help_aligns_the_descriptions_by_characters_not_bytes) {
  wb::CommandLine app{"a test program", "prog"};
  unsigned long long seed = 42;  // its type shows "≥ 0": 3 bytes of UTF-8, one column
  double lr = 0.1;
  app.add_option("--seed", seed, "the seed")->check(wb::seed_value())->capture_default_str();
  app.add_option("--lr", lr, "the rate")->check(wb::positive_number())->capture_default_str();
  std::ostringstream help;
  std::streambuf* const saved = std::cout.rdbuf(help.rdbuf());
  const bool parsed = parse(app, {"--help"});
  std::cout.rdbuf(saved);
  BOOST_TEST(!parsed);
  // The column (in characters) where each description starts on its option's line.
  const auto column_of = [&](const std::string& description) -> long {
    const std::string text = help.str();
    const std::size_t at = text.find(description);
    if (at == std::string::npos) return -1;
    const std::size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 = 0 on the first line
    return long(std::count_if(text.begin() + long(line_start), text.begin() + long(at),
                              [](char c) { return (c & 0xC0) != 0x80; }));
  };
  BOOST_TEST(help.str().find("≥ 0") != std::string::npos, help.str());
  BOOST_TEST(column_of("the seed") == 30, help.str());  // CLI11's column width
  BOOST_TEST(column_of("the rate") == 30, help.str());
}

BOOST_AUTO_TEST_CASE(subcommands_report_which_one_was_given) {
  wb::CommandLine app{"a test program", "prog"};
  app.require_subcommand();
  app.fallthrough();
  std::string build = "b", what;
  bool stubs = false;
  app.add_option("--build", build, "");
  wb::CommandLine* check = app.add_subcommand("check", "");
  check->add_option("what", what, "");
  wb::CommandLine* verify = app.add_subcommand("verify", "");
  verify->add_flag("--stubs", stubs, "");
  BOOST_TEST(parse(app, {"check", "2.1", "--build", "there"}));
  BOOST_TEST(check->chosen());
  BOOST_TEST(!verify->chosen());
  BOOST_TEST(what == "2.1");
  BOOST_TEST(build == "there");
  wb::CommandLine none{"a test program", "prog"};
  none.require_subcommand();
  none.add_subcommand("list", "");
  BOOST_TEST(!usage_error(none, {}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pattern)

BOOST_AUTO_TEST_CASE(search_gives_the_match_then_its_groups_or_nothing) {
  const std::vector<std::string> m = wb::search("loss 0.25, acc 0.75", R"(loss (\d\.\d+)(x)?, acc (\S+))");
  BOOST_TEST(m == (std::vector<std::string>{"loss 0.25, acc 0.75", "0.25", "", "0.75"}), boost::test_tools::per_element());
  BOOST_TEST(wb::search("no numbers", R"(\d+)").empty());
}

BOOST_AUTO_TEST_CASE(search_all_finds_every_match_in_order) {
  const auto all = wb::search_all("a1 b22 c333", R"([a-z](\d+))");
  BOOST_REQUIRE_EQUAL(all.size(), 3u);
  BOOST_TEST(all[0][1] == "1");
  BOOST_TEST(all[1][1] == "22");
  BOOST_TEST(all[2][0] == "c333");
  BOOST_TEST(wb::search_all("", "x").empty());
}

BOOST_AUTO_TEST_CASE(replace_all_replaces_every_match_with_groups) {
  BOOST_TEST(wb::replace_all("wrote /tmp/a and /tmp/b", R"(/tmp/(\w))", "OUT-$1") == "wrote OUT-a and OUT-b");
  BOOST_TEST(wb::replace_all("unchanged", "x", "y") == "unchanged");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_options
