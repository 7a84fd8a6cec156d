// Unit tests of the coach's readers (coach/coach.cpp): the regions between exercise markers,
// the first error of a compiler log, Boost.Test's failures and test lists, and the verdicts
// `./workbook check` prints. The sample logs are what GCC 12 and Boost.Test 1.74 print. Then
// the coach in Chinese (coach/words.hpp): the locale, `hint --zh`, `check --zh`, the folding of
// Chinese lines, and the catalogue's Chinese fields.
#include <boost/test/unit_test.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>

#include "coach.hpp"
#include "support.hpp"
#include "wb/catalogue.hpp"
#include "wb/process.hpp"

BOOST_AUTO_TEST_SUITE(test_coach)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace coach = wb::coach;

namespace {

const std::string file =
    "#pragma once\n"                                  // 1
    "namespace wb {\n"                                // 2
    "// [exercise 2.1]\n"                             // 3
    "/// Exercise 2.1: ReLU.\n"                       // 4
    "template <typename eT>\n"                        // 5
    "arma::Mat<eT> relu(const arma::Mat<eT>& z) {\n"  // 6
    "  not_implemented(\"2.1\", z);\n"                // 7
    "}\n"                                             // 8
    "// [exercise 2.1]\n"                             // 9
    "}  // namespace wb\n";                           // 10

wb::Exercise exercise(const std::string& id) {
  wb::Exercise e;
  e.id = id;
  e.chapter = "02_mlp";
  e.title = "ReLU";
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(regions)

BOOST_AUTO_TEST_CASE(a_region_runs_from_marker_to_marker_and_names_the_line_to_edit) {
  const auto r = coach::find_region(file, "// [exercise 2.1]");
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->first_line == 3);
  BOOST_TEST(r->last_line == 9);
  BOOST_TEST(coach::line_to_edit(*r) == 7);
  BOOST_TEST(!coach::find_region(file, "// [exercise 2.2]").has_value());
  BOOST_TEST(!coach::find_region(file + "// [exercise 2.1]\n", "// [exercise 2.1]").has_value(), "three markers");
}

BOOST_AUTO_TEST_CASE(once_the_stub_is_gone_the_line_to_edit_is_the_first_line_of_the_body) {
  std::string edited = file;
  edited.replace(edited.find("  not_implemented"), std::string("  not_implemented(\"2.1\", z);").size(), "  return z;");
  BOOST_TEST(coach::line_to_edit(*coach::find_region(edited, "// [exercise 2.1]")) == 7);
}

BOOST_AUTO_TEST_CASE(replacing_a_region_keeps_everything_around_it) {
  const auto r = coach::find_region(file, "// [exercise 2.1]");
  const std::string replaced = coach::replace_region(file, *r, "// [exercise 2.1]\nNEW\n// [exercise 2.1]\n");
  BOOST_TEST(replaced == "#pragma once\nnamespace wb {\n// [exercise 2.1]\nNEW\n// [exercise 2.1]\n}  // namespace wb\n");
}

BOOST_AUTO_TEST_CASE(a_declaration_ignores_comments_and_layout_but_not_types) {
  const std::string a = "/// doc\ntemplate <typename eT>\narma::Mat<eT> relu(const arma::Mat<eT>& z) {  // body\n";
  const std::string b = "template <typename eT>  // other words\narma::Mat<eT>\n  relu(const arma::Mat<eT>& z)\n{\n";
  const std::string c = "template <typename eT>\narma::Mat<eT> relu(arma::Mat<eT> z) {\n";
  BOOST_TEST(coach::declaration_of(a, "relu") == "template <typename eT> arma::Mat<eT> relu(const arma::Mat<eT>& z)");
  BOOST_TEST(coach::declaration_of(a, "relu") == coach::declaration_of(b, "relu"));
  BOOST_TEST(coach::declaration_of(a, "relu") != coach::declaration_of(c, "relu"));
  BOOST_TEST(coach::declaration_of(a, "relu_derivative").empty());
  // A function that is not a template (exercise 4.5) is found the same way.
  const std::string d = "/// doc; with a semicolon\ninline arma::uvec kfold_fold(const arma::uvec& order,\n    arma::uword K) {\n";
  BOOST_TEST(coach::declaration_of(d, "kfold_fold") == "inline arma::uvec kfold_fold(const arma::uvec& order, arma::uword K)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(compiler_logs)

BOOST_AUTO_TEST_CASE(the_first_error_in_the_learners_file_is_found_with_its_excerpt) {
  const std::string log =
      "[ 50%] Building CXX object tests/CMakeFiles/test_ex02_mlp.dir/test_ex02_mlp.cpp.o\n"
      "In file included from /src/lib/nn/include/wb/exercises.hpp:10,\n"
      "/src/exercises/wb/ex02_mlp.hpp: In instantiation of ‘arma::Mat<eT> wb::relu(const arma::Mat<eT>&) [with eT = float]’:\n"
      "/src/tests/test_ex02_mlp.cpp:52:35:   required from here\n"
      "/src/exercises/wb/ex02_mlp.hpp:24:12: error: no match for ‘operator>’ (operand types are ‘const arma::Mat<float>’ and ‘int’)\n"
      "   24 |   return z % (z > 0);\n"
      "      |              ~~~^~~~\n"
      "/usr/include/c++/12/bits/stl_pair.h:676:5: note: candidate: ‘template<class _T1, class _T2> constexpr bool std::operator>(…)’\n"
      "  676 |     operator>(const pair<_T1, _T2>& __x, const pair<_T1, _T2>& __y)\n";
  const auto e = coach::first_compile_error(log, "/src");
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->file == "exercises/wb/ex02_mlp.hpp");
  BOOST_TEST(e->line == 24);
  BOOST_TEST(e->message == "no match for ‘operator>’ (operand types are ‘const arma::Mat<float>’ and ‘int’)");
  BOOST_REQUIRE(e->excerpt.size() == 2u);
  BOOST_TEST(e->excerpt[0] == "   24 |   return z % (z > 0);");
}

BOOST_AUTO_TEST_CASE(a_long_error_keeps_its_beginning_and_its_end) {
  // GCC names what it could not convert first and the type it needed last; a cut message must
  // keep both, and cut no UTF-8 character (the quotes are three bytes each).
  const std::string middle(400, 'x');
  const std::string message = "could not convert ‘arma::operator>(" + middle +
                              ")’ from ‘const arma::mtOp<long long unsigned int, arma::Mat<double>, "
                              "arma::op_rel_gt_post>’ to ‘arma::Mat<double>’";
  const auto e = coach::first_compile_error("/src/exercises/wb/ex02_mlp.hpp:33:14: error: " + message + "\n", "/src");
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->message.size() < 260u);
  BOOST_TEST(e->message.rfind("could not convert ‘arma::operator>(", 0) == 0u);
  BOOST_TEST(e->message.find(" … ") != std::string::npos);
  const std::string end = "to ‘arma::Mat<double>’";
  BOOST_TEST(e->message.compare(e->message.size() - end.size(), end.size(), end) == 0);
  // Valid UTF-8: every lead byte is followed by as many continuation bytes as it announces.
  std::size_t i = 0;
  bool valid = true;
  while (i < e->message.size() && valid) {
    const auto lead = static_cast<unsigned char>(e->message[i]);
    const std::size_t extra = lead < 0x80 ? 0 : lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 99;
    valid = extra != 99 && i + extra < e->message.size();
    for (std::size_t k = 1; valid && k <= extra; ++k) {
      valid = (static_cast<unsigned char>(e->message[i + k]) & 0xC0) == 0x80;
    }
    i += extra + 1;
  }
  BOOST_TEST(valid, "the shortened message is not valid UTF-8: " << e->message);
}

BOOST_AUTO_TEST_CASE(an_error_inside_armadillo_is_placed_at_the_learners_line_on_the_way) {
  const std::string log =
      "/usr/include/armadillo_bits/Mat_meat.hpp:120:3: error: static assertion failed: bad element type\n"
      "/src/exercises/wb/ex07_backprop.hpp:61:22:   required from ‘arma::Mat<eT> wb::hidden_gradient(…)’\n"
      "/src/tests/test_ex07_backprop.cpp:180:3:   required from here\n";
  const auto e = coach::first_compile_error(log, "/src");
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->file == "exercises/wb/ex07_backprop.hpp");
  BOOST_TEST(e->line == 61);
  BOOST_TEST(e->message.find("static assertion failed: bad element type") == 0u);
  BOOST_TEST(e->message.find("Mat_meat.hpp:120") != std::string::npos, "the message says where the compiler stopped");
}

BOOST_AUTO_TEST_CASE(a_log_without_errors_has_no_first_error) {
  BOOST_TEST(!coach::first_compile_error("[100%] Built target test_ex02_mlp\n", "/src").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(test_logs)

BOOST_AUTO_TEST_CASE(failures_are_read_with_their_test_case_and_first_line) {
  const std::string log =
      "Running 2 test cases...\n"
      "/src/tests/test_ex02_mlp.cpp(52): error: in \"relu/keeps_positive_entries_and_zeroes_the_rest\": relu(z): "
      "expected [0 0], got [0 -2] (largest difference 2, allowed 0)\n"
      "unknown location(0): fatal error: in \"relu_derivative/is_a_step_taken_as_zero_at_zero\": wb::NotImplemented: "
      "exercise 2.2 (ReLU derivative) is not implemented yet — see exercises/wb/ex02_mlp.hpp\n"
      "/src/tests/test_ex02_mlp.cpp(61): last checkpoint: \"is_a_step_taken_as_zero_at_zero\" test entry\n";
  const auto f = coach::failures_in(log);
  BOOST_REQUIRE(f.size() == 2u);
  BOOST_TEST(f[0].test_case == "relu/keeps_positive_entries_and_zeroes_the_rest");
  BOOST_TEST(f[0].message == "relu(z): expected [0 0], got [0 -2] (largest difference 2, allowed 0)");
  BOOST_TEST(f[1].message.find("exercise 2.2 (ReLU derivative) is not implemented yet") == 0u);
}

BOOST_AUTO_TEST_CASE(a_failure_keeps_the_lines_of_its_message_under_the_first) {
  const std::string log =
      "/src/tests/test_ex06_dropout.cpp(100): error: in \"dropout_backward/passes\": 6.2 dJ/dh: wrong gradient\n"
      "  worst entry (1,2): yours 0.5, numeric 0\n"
      "check  entry  analytic\n"
      "/src/tests/test_ex06_dropout.cpp(101): last checkpoint: \"passes\" test entry\n"
      "/src/tests/test_ex06_dropout.cpp(130): error: in \"dropout_backward/float\": dJ/dh in float: expected [0 4], got [1 4]\n"
      "\n"
      "*** 2 failures are detected in the test module \"exercises\"\n";
  const auto f = coach::failures_in(log);
  BOOST_REQUIRE(f.size() == 2u);
  BOOST_TEST(f[0].message == "6.2 dJ/dh: wrong gradient");
  BOOST_REQUIRE(f[0].details.size() == 2u);
  BOOST_TEST(f[0].details[0] == "  worst entry (1,2): yours 0.5, numeric 0");
  BOOST_TEST(f[1].details.empty());
  const coach::Verdict v = coach::judge(exercise("6.2"), 201, log);
  BOOST_TEST(v.reason == "6.2 dJ/dh: wrong gradient");
  BOOST_TEST(v.details.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_leaves_of_a_test_list_are_its_cases) {
  const std::string listing = "relu*\n    keeps_positive*\n    works_in_float*\nsgd_step*\n    moves*\ntop_level_case*\n";
  const auto cases = coach::test_cases_in(listing);
  BOOST_REQUIRE(cases.size() == 4u);
  BOOST_TEST(cases[0] == "relu/keeps_positive");
  BOOST_TEST(cases[2] == "sgd_step/moves");
  BOOST_TEST(cases[3] == "top_level_case");
}

BOOST_AUTO_TEST_CASE(the_verdict_tells_done_not_started_blocked_and_failing_apart) {
  const wb::Exercise e = exercise("7.5");
  BOOST_TEST(coach::state_word(coach::judge(e, 0, "")) == "done");
  const std::string own = "x: fatal error: in \"a/b\": wb::NotImplemented: exercise 7.5 (equation D: dJ/dz) is not implemented yet\n";
  BOOST_TEST(coach::state_word(coach::judge(e, 201, own)) == "not started");
  const std::string other = "x: fatal error: in \"a/b\": wb::NotImplemented: exercise 2.1 (ReLU) is not implemented yet\n";
  BOOST_TEST(coach::state_word(coach::judge(e, 201, other)) == "needs 2.1 first");
  const std::string nested = "x: fatal error: in \"a/b\": exercise 7.5 (a title (with parentheses)) is not implemented yet\n";
  BOOST_TEST(coach::state_word(coach::judge(e, 201, nested)) == "not started");
  const coach::Verdict v = coach::judge(e, 201, "t.cpp(9): error: in \"a/b\": D dJ/dz (tanh): φ instead of φ′\n  worst …\n");
  BOOST_TEST(coach::state_word(v) == "failing");
  BOOST_TEST(v.reason == "D dJ/dz (tanh): φ instead of φ′");
  BOOST_TEST(coach::judge(e, 124, "").reason.find("time limit") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(watch)

namespace {

std::string contents(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Starts `wb_coach watch 1.1` on an empty build directory (its check fails at once) with its
/// output in a file, waits until it has printed its report and waits for a save, sends `signal`,
/// and returns whether it ended by that signal within a second.
bool watch_stops_on(int signal) {
  const wb::test::TempDir dir("wb-watch");
  const std::filesystem::path out = dir.path() / "out.txt";
  const pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string program = std::string(WB_BIN_DIR) + "/wb_coach";
    std::freopen(out.c_str(), "w", stdout);
    std::freopen(out.c_str(), "a", stderr);
    execl(program.c_str(), "wb_coach", "watch", "1.1", "--en", "--build", dir.str().c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  using clock = std::chrono::steady_clock;
  for (const auto until = clock::now() + std::chrono::seconds(60);
       contents(out).find("0/1 done") == std::string::npos && clock::now() < until;)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  BOOST_TEST(contents(out).find("0/1 done") != std::string::npos, "watch printed its report (flushed): " << contents(out));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // now it waits for a save
  kill(pid, signal);
  int status = 0;
  pid_t ended = 0;
  for (const auto until = clock::now() + std::chrono::seconds(1); ended == 0 && clock::now() < until;) {
    ended = waitpid(pid, &status, WNOHANG);
    if (ended == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (ended == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return false;
  }
  return WIFSIGNALED(status) && WTERMSIG(status) == signal;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_burst_of_saves_makes_one_recheck) {
  const wb::test::TempDir dir("wb-saves");
  std::filesystem::create_directories(dir.path() / "wb");
  coach::Saves saves(dir.path());
  std::thread editor([&] {  // five saves 40 ms apart, while watch waits
    for (int i = 0; i < 5; ++i) {
      std::ofstream(dir.path() / "wb" / ("ex0" + std::to_string(i) + ".hpp")) << i;
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
  });
  saves.wait();  // returns once the burst is over
  editor.join();
  BOOST_TEST(!saves.pending(), "five saves 40 ms apart made more than one recheck");
  std::ofstream(dir.path() / "wb" / "ex00.hpp") << "again";
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  BOOST_TEST(saves.pending(), "a save after the recheck did not start the next one");
}

BOOST_AUTO_TEST_CASE(watch_stops_within_a_second_on_ctrl_c) { BOOST_TEST(watch_stops_on(SIGINT)); }

BOOST_AUTO_TEST_CASE(watch_stops_within_a_second_on_sigterm) { BOOST_TEST(watch_stops_on(SIGTERM)); }

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(catalogue)

BOOST_AUTO_TEST_CASE(the_catalogue_is_compiled_in_with_every_field) {
  BOOST_REQUIRE(!wb::catalogue().empty());
  const wb::Exercise* e = wb::find_exercise("2.1");
  BOOST_REQUIRE(e != nullptr);
  BOOST_TEST(e->file == "exercises/wb/ex02_mlp.hpp");
  BOOST_TEST(e->solution_file() == "solutions/wb/ex02_mlp.hpp");
  BOOST_TEST(e->test_program() == "test_ex02_mlp");
  BOOST_TEST(e->marker() == "// [exercise 2.1]");
  for (const wb::Exercise& x : wb::catalogue()) {
    BOOST_TEST(!x.tests.empty(), x.id);
    BOOST_TEST((x.hints.size() >= 2 && x.hints.size() <= 3), x.id);
    BOOST_TEST(x.mistakes.size() >= 2u, x.id << " lists " << x.mistakes.size() << " classic mistakes; give at least 2");
  }
  BOOST_TEST(wb::find_exercise("9.9") == nullptr);
}

BOOST_AUTO_TEST_CASE(every_exercise_has_its_title_and_each_hint_in_chinese) {
  for (const wb::Exercise& x : wb::catalogue()) {
    BOOST_TEST(!x.title_zh.empty(), x.id);
    BOOST_TEST(!x.implements_zh.empty(), x.id);
    BOOST_TEST_REQUIRE(x.hints_zh.size() == x.hints.size(), x.id << ": " << x.hints.size() << " hints, "
                                                                  << x.hints_zh.size() << " in Chinese");
    for (std::size_t k = 0; k < x.hints.size(); ++k) {
      BOOST_TEST(!x.hints_zh[k].empty(), x.id << " Chinese hint " << k + 1 << " is empty");
      BOOST_TEST(x.hints_zh[k] != x.hints[k], x.id << " Chinese hint " << k + 1 << " is the English one");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chinese)

namespace {

/// `text` without its spaces and line breaks: a hint folded onto lines is found in what
/// `hint` printed whatever the folding.
std::string unfolded(const std::string& text) {
  std::string out;
  for (const char c : text)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

/// What `wb_coach ARGS --build DIR` prints, run under `env` (e.g. "LANG=zh_CN.UTF-8") with the
/// locale's other variables unset.
std::string coach_prints(const std::string& env, const std::string& args, const std::string& build) {
  const wb::CommandResult r = wb::run_command(fmt::format("env -u LC_ALL -u LC_MESSAGES -u LANG {} {} {} --build {}", env,
                                                          wb::shell_quote(std::string(WB_BIN_DIR) + "/wb_coach"), args,
                                                          wb::shell_quote(build)));
  return r.output;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_locale_asks_for_chinese_through_lc_all_lc_messages_or_lang) {
  using coach::Lang;
  BOOST_TEST((coach::language_of_locale(nullptr, nullptr, "zh_CN.UTF-8") == Lang::zh));
  BOOST_TEST((coach::language_of_locale(nullptr, "zh_TW.UTF-8", "en_US.UTF-8") == Lang::zh));
  BOOST_TEST((coach::language_of_locale("C.UTF-8", nullptr, "zh_CN.UTF-8") == Lang::en), "LC_ALL comes first");
  BOOST_TEST((coach::language_of_locale("", "", "zh_CN.UTF-8") == Lang::zh), "an empty variable is unset");
  BOOST_TEST((coach::language_of_locale(nullptr, nullptr, nullptr) == Lang::en));
  BOOST_TEST(coach::state_word(coach::Verdict{coach::State::not_started, "", {}}, Lang::zh) == "未开始");
  BOOST_TEST(coach::state_word(coach::Verdict{coach::State::blocked, "2.1", {}}, Lang::zh) == "需先完成 2.1");
}

BOOST_AUTO_TEST_CASE(hint_zh_prints_the_chinese_title_and_hint_of_the_catalogue) {
  const wb::test::TempDir dir("wb-hint-zh");
  const wb::Exercise& e = *wb::find_exercise("2.3");
  const std::string out = coach_prints("", "hint 2.3 --zh", dir.str());
  BOOST_TEST(unfolded(out).find(unfolded(e.hints_zh[0])) != std::string::npos, "no Chinese hint 1 in:\n" << out);
  BOOST_TEST(out.find(e.title_zh) != std::string::npos, out);
  BOOST_TEST(out.find("提示 1/3") != std::string::npos, out);
  BOOST_TEST(unfolded(out).find(unfolded(e.hints[0])) == std::string::npos, "the English hint 1 in:\n" << out);
}

BOOST_AUTO_TEST_CASE(a_chinese_locale_speaks_chinese_and_en_overrides_it) {
  const wb::test::TempDir dir("wb-hint-locale");
  const wb::Exercise& e = *wb::find_exercise("2.3");
  const std::string zh = coach_prints("LANG=zh_CN.UTF-8", "hint 2.3 --all", dir.str());
  BOOST_TEST(unfolded(zh).find(unfolded(e.hints_zh[2])) != std::string::npos, "LANG=zh_CN.UTF-8 without an option:\n" << zh);
  BOOST_TEST(unfolded(zh).find(unfolded(e.hints[2])) == std::string::npos, zh);
  const std::string en = coach_prints("LANG=zh_CN.UTF-8", "hint 2.3 --all --en", dir.str());
  BOOST_TEST(unfolded(en).find(unfolded(e.hints[2])) != std::string::npos, "LANG=zh_CN.UTF-8 with --en:\n" << en);
  BOOST_TEST(unfolded(en).find(unfolded(e.hints_zh[2])) == std::string::npos, en);
  BOOST_TEST(coach_prints("LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8", "hint 2.3", dir.str()).find("Hint ") != std::string::npos,
             "LC_ALL=C comes before LANG");
}

BOOST_AUTO_TEST_CASE(check_zh_on_a_stub_says_not_started_in_chinese) {
  // A build directory cmake can build in a moment, whose test program for chapter 1 prints what
  // a stub's test prints: `check` builds it, runs it and judges what it printed.
  const wb::test::TempDir dir("wb-check-zh");
  std::filesystem::create_directories(dir.path() / "src");
  std::ofstream(dir.path() / "src" / "CMakeLists.txt")
      << "cmake_minimum_required(VERSION 3.21)\nproject(stub LANGUAGES NONE)\nadd_custom_target(test_ex01_linear_limits)\n";
  const std::string build = (dir.path() / "build").string();
  const wb::CommandResult configured = wb::run_command(
      fmt::format("cmake -S {} -B {} -G Ninja", wb::shell_quote((dir.path() / "src").string()), wb::shell_quote(build)));
  BOOST_TEST_REQUIRE(configured.status == 0, configured.output);
  std::filesystem::create_directories(dir.path() / "build" / "bin");
  const std::filesystem::path program = dir.path() / "build" / "bin" / "test_ex01_linear_limits";
  std::ofstream(program) << "#!/bin/sh\necho 'unknown location(0): fatal error: in \"collapse_affine/gives\": "
                            "wb::NotImplemented: exercise 1.1 (collapse two affine layers) is not implemented yet'\nexit 201\n";
  std::filesystem::permissions(program, std::filesystem::perms::owner_all);
  const std::string zh = coach_prints("", "check 1.1 --zh", build);
  BOOST_TEST(zh.find("未开始") != std::string::npos, zh);
  BOOST_TEST(zh.find("已完成 0/1") != std::string::npos, zh);
  BOOST_TEST(zh.find(wb::find_exercise("1.1")->title_zh) != std::string::npos, zh);
  BOOST_TEST(zh.find("not started") == std::string::npos, zh);
  BOOST_TEST(coach_prints("", "check 1.1", build).find("not started") != std::string::npos, "English without a zh locale");
}

BOOST_AUTO_TEST_CASE(chinese_lines_fold_between_characters_and_never_before_a_closing_mark) {
  BOOST_TEST(coach::columns("中文ab，") == 8u);  // 2 + 2 + 1 + 1 + 2
  const std::string hint = wb::find_exercise("3.1")->hints_zh[0];
  const std::string folded = coach::wrap(hint, 40, "  ");
  std::istringstream lines(folded);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    BOOST_TEST(coach::columns(line) <= 42u, line);
    for (const char* mark : {"，", "。", "：", "；", "）"}) BOOST_TEST(line.rfind(std::string("  ") + mark, 0) != 0u, line);
  }
  BOOST_TEST(n > 3);
  BOOST_TEST(unfolded(folded) == unfolded(hint));
  BOOST_TEST(coach::wrap("one two three", 8, "") == "one two\nthree\n", "English folds at spaces as before");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_coach
