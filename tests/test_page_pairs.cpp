// The course in two languages (page_pairs.hpp): every page and its Chinese counterpart have the
// same sections, each with the same included snippets, outputs and figures and the same links.
// The first cases plant each kind of drift in a small pair and check that it is caught and named;
// the last compares the real pages (of the source tree, or of WB_PAGES_ROOT when set: a
// translator's working copy).
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "page_pairs.hpp"
#include "support.hpp"

BOOST_AUTO_TEST_SUITE(test_page_pairs)  // the file's own suite: CTest runs it by this name

namespace pp = wb::page_pairs;

namespace {

const std::string english =
    "# Chapter 9 — a page {#chapter_09}\n"
    "\n"
    "[TOC]\n"
    "\n"
    "## The model {#ch09_model}\n"
    "The symbols are those of the \\ref notation \"notation page\"; see [chapter 2](../02_mlp/README.md).\n"
    "\\snippet chapters/09/main.cpp model\n"
    "```\n"
    "# not a heading: a comment in a code block\n"
    "```\n"
    "### Its gradient {#ch09_gradient}\n"
    "\\image html 09_loss.svg \"the loss\"\n"
    "\\dotfile graph.dot \"the graph\"\n"
    "## Running it {#ch09_running}\n"
    "\\verbinclude 09.txt\n"
    "It calls wb::relu (\\ref wb::relu).\n"
    "## For maintainers {#ch09_maintainers}\n"
    "<!-- wb:english-only -->\n"
    "How the page is built, \\ref contributing.\n"
    "### Its details {#ch09_details}\n"
    "More for maintainers.\n";

const std::string chinese =
    "# 第 9 章 一页 {#chapter_09}\n"
    "\n"
    "[TOC]\n"
    "\n"
    "## 模型 {#ch09_model}\n"
    "见[第 2 章](../02_mlp/README.zh.md)；符号见 \\ref notation \"符号页\"。\n"
    "\\snippet chapters/09/main.cpp model\n"
    "### 它的梯度 {#ch09_gradient}\n"
    "\\image html 09_loss.svg \"损失\"\n"
    "\\dotfile graph.dot \"计算图\"\n"
    "## 运行 {#ch09_running}\n"
    "它调用 wb::relu（\\ref wb::relu）。\n"
    "\\verbinclude 09.txt\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the planted text is not in the page: " << from);
  return text.replace(at, from.size(), to);
}

/// The one difference compare() finds between `english` and `zh`; fails unless there is exactly one.
std::string the_difference(const std::string& zh) {
  const auto d = pp::compare(english, zh, "chapters/09/README.zh.md");
  BOOST_REQUIRE_EQUAL(d.size(), 1u);
  BOOST_TEST_MESSAGE("caught: " << d[0]);
  return d[0];
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(a_faithful_translation_differs_in_nothing_compared) {
  // Prose, captions and link texts differ; the order of lines inside a section may too.
  const auto d = pp::compare(english, chinese, "chapters/09/README.zh.md");
  BOOST_TEST(d.empty(), "differences: " << d.size() << (d.empty() ? "" : ", first: " + d[0]));
}

BOOST_AUTO_TEST_CASE(a_section_deleted_from_the_chinese_page_is_named_with_its_page) {
  const std::string d = the_difference(replace(chinese, "### 它的梯度 {#ch09_gradient}\n\\image html 09_loss.svg \"损失\"\n\\dotfile graph.dot \"计算图\"\n", ""));
  BOOST_TEST(has(d, "chapters/09/README.zh.md"));
  BOOST_TEST(has(d, "{#ch09_gradient} is missing"));
}

BOOST_AUTO_TEST_CASE(a_section_only_in_the_chinese_page_or_out_of_order_is_named) {
  BOOST_TEST(has(the_difference(chinese + "## 补充 {#ch09_extra}\n"), "{#ch09_extra} is only in the Chinese page"));
  const std::string swapped =
      replace(replace(chinese, "## 运行 {#ch09_running}", "## X"), "## 模型 {#ch09_model}", "## 运行 {#ch09_running}");
  const auto d = pp::compare(english, replace(swapped, "## X", "## 模型 {#ch09_model}"), "p");
  BOOST_TEST_REQUIRE(!d.empty());
  BOOST_TEST(has(d[0], "out of order"), d[0]);
}

BOOST_AUTO_TEST_CASE(a_snippet_output_or_figure_missing_from_a_section_is_named) {
  BOOST_TEST(has(the_difference(replace(chinese, "\\snippet chapters/09/main.cpp model\n", "")),
                 "section {#ch09_model}: only the English page includes \\snippet chapters/09/main.cpp model"));
  // Another file: the English one missing, the other one extra.
  const auto output = pp::compare(english, replace(chinese, "09.txt", "09_old.txt"), "p");
  BOOST_TEST_REQUIRE(output.size() == 2u);
  BOOST_TEST(has(output[0], "section {#ch09_running}: only the English page includes \\verbinclude 09.txt"), output[0]);
  BOOST_TEST(has(output[1], "only the Chinese page includes \\verbinclude 09_old.txt"), output[1]);
  const auto figure = pp::compare(english, replace(chinese, "09_loss.svg", "09_loss.png"), "p");
  BOOST_TEST_REQUIRE(figure.size() == 2u);
  BOOST_TEST(has(figure[1], "\\image html 09_loss.png"), figure[1]);
  // Moved to another section: missing in one, extra in the other.
  const auto d = pp::compare(english, replace(replace(chinese, "\\verbinclude 09.txt\n", ""), "[TOC]", "[TOC]\n\\verbinclude 09.txt"), "p");
  BOOST_TEST(d.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_link_to_another_target_or_a_missing_link_is_named) {
  BOOST_TEST(has(the_difference(replace(chinese, "（\\ref wb::relu）", "")), "only the English page links to \\ref wb::relu"));
  const auto ref = pp::compare(english, replace(chinese, "\\ref notation", "\\ref glossary"), "p");
  BOOST_TEST_REQUIRE(ref.size() == 2u);
  BOOST_TEST(has(ref[0], "only the English page links to \\ref notation"), ref[0]);
  BOOST_TEST(has(ref[1], "only the Chinese page links to \\ref glossary"), ref[1]);
  const auto link = pp::compare(english, replace(chinese, "../02_mlp/README.zh.md", "../03_activations/README.zh.md"), "p");
  BOOST_TEST_REQUIRE(link.size() == 2u);
  BOOST_TEST(has(link[1], "](../03_activations/README.md)"), link[1]);
}

BOOST_AUTO_TEST_CASE(a_markdown_link_and_a_ref_to_the_same_page_are_the_same_link) {
  const std::string en = replace(english, "## For maintainers", "See [how it is built](docs/contributing.md).\n## For maintainers");
  const std::string zh = chinese + "见 \\ref contributing \"构建说明\"。\n";
  BOOST_TEST(pp::compare(en, zh, "p").size() == 2u, "unresolved, the two links differ");
  const pp::LinkResolver to_label = [](const std::string& path) {
    return path == "docs/contributing.md" ? std::string("contributing") : std::string();
  };
  const auto d = pp::compare(en, zh, "p", to_label, to_label);
  BOOST_TEST(d.empty(), "differences: " << d.size() << (d.empty() ? "" : ", first: " + d[0]));
  BOOST_TEST(pp::compare(en, replace(zh, "\\ref contributing", "\\ref glossary"), "p", to_label, to_label).size() == 2u);
}

BOOST_AUTO_TEST_CASE(headings_need_labels_and_the_same_levels) {
  BOOST_TEST(has(the_difference(replace(chinese, "### 它的梯度 {#ch09_gradient}", "#### 它的梯度 {#ch09_gradient}")),
                 "a level-3 heading in English, level 4 in Chinese"));
  const std::string unlabelled = replace(english, "## Running it {#ch09_running}", "## Running it");
  const auto d = pp::compare(unlabelled, replace(chinese, "## 运行 {#ch09_running}", "## 运行"), "p");
  BOOST_TEST_REQUIRE(d.size() == 1u);
  BOOST_TEST(has(d[0], "has no label"), d[0]);
}

BOOST_AUTO_TEST_CASE(english_only_sections_and_their_subsections_need_no_counterpart) {
  const auto sections = pp::shared_sections(pp::sections(english));
  BOOST_TEST(sections.size() == 5u);  // before the title, the title, model, gradient, running
  BOOST_TEST(sections.back().label == "ch09_running");
  BOOST_TEST(!pp::page_is_english_only(english));
  BOOST_TEST(pp::page_is_english_only("# Contributing {#contributing}\n\n<!-- wb:english-only -->\nText.\n"));
}

BOOST_AUTO_TEST_CASE(chinese_text_that_doxygen_or_the_browser_would_change_is_named_with_its_line) {
  BOOST_TEST(pp::chinese_text_problems(chinese, "p").empty());
  const auto problems = pp::chinese_text_problems(
      "# 标题 {#t}\n"
      "第一行在这里断开，\n"          // 2: the break shows as a space
      "第二行接着写。\n"              // 3
      "\n"
      "这是**重点**，不是强调。\n"    // 5: asterisks touching Chinese text
      "\n"
      "约 75 %，另有 10 \\%。\n"     // 7: the first % is dropped, the escaped one is not
      "\n"
      "<b>粗体</b>，English *emphasis*, a x² formula, /\\*笔记的注释\\*/。\n"
      "```\n"
      "代码里\n"
      "换行可以\n"
      "```\n"
      "| 表 | 格 |\n"
      "- 列表，\n"
      "- 第二项\n",
      "p.zh.md");
  BOOST_TEST_REQUIRE(problems.size() == 3u, "problems: " << problems.size());
  BOOST_TEST(has(problems[0], "p.zh.md:3: a line break between two Chinese characters"), problems[0]);
  BOOST_TEST(has(problems[1], "p.zh.md:5: an asterisk"), problems[1]);
  BOOST_TEST(has(problems[2], "p.zh.md:7: Doxygen drops a %"), problems[2]);
}

BOOST_AUTO_TEST_CASE(a_tree_with_a_page_missing_a_link_to_english_and_an_orphan_is_caught) {
  const wb::test::TempDir root;
  const auto write = [&](const std::string& path, const std::string& text) {
    std::filesystem::create_directories((root.path() / path).parent_path());
    std::ofstream(root.path() / path) << text;
  };
  write("README.md", "# Course\n\nStart with [chapter 1](chapters/01_a/README.md).\n");
  write("README.zh.md", "# 课程\n\n从[第 1 章](chapters/01_a/README.md)开始。\n");
  write("chapters/01_a/README.md", english);
  write("chapters/01_a/README.zh.md", chinese);
  write("chapters/02_b/README.md", english);
  write("docs/contributing.md", "# Contributing {#contributing}\n\n" + pp::english_only + "\n");
  write("docs/tables.md", "<!-- shared tables -->\n");
  write("docs/orphan.zh.md", "# 孤页 {#orphan}\n");
  const auto d = pp::compare_tree(root.path());
  BOOST_TEST_REQUIRE(d.size() == 3u, "differences: " << d.size());
  BOOST_TEST(has(d[0], "README.zh.md: links to the English page chapters/01_a/README.md"), d[0]);
  BOOST_TEST(has(d[1], "chapters/02_b/README.md has no Chinese counterpart"), d[1]);
  BOOST_TEST(has(d[2], "docs/orphan.zh.md has no English page"), d[2]);
}

BOOST_AUTO_TEST_CASE(every_page_of_the_course_has_its_counterpart_section_by_section) {
  const char* root = std::getenv("WB_PAGES_ROOT");
  const auto d = pp::compare_tree(root && *root ? root : WB_SOURCE_DIR);
  for (const std::string& line : d) BOOST_ERROR(line);
  BOOST_TEST_MESSAGE(pp::chinese_pages(root && *root ? root : WB_SOURCE_DIR).size() << " Chinese pages compared");
}

BOOST_AUTO_TEST_SUITE_END()
