// Unit tests of wb::write_csv: the header row, numbers that read back exactly, labels, and
// all-or-nothing writing through a temporary file.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"
#include "wb/csv.hpp"
#include "wb/error.hpp"

BOOST_AUTO_TEST_SUITE(test_csv)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(writes_a_header_row_and_numbers_that_read_back_exactly) {
  wb::test::TempDir dir;
  const fs::path path = dir.path() / "t.csv";
  const arma::mat rows = {{0.1, -2.0}, {1.0 / 3.0, 1e-300}};
  wb::write_csv(path.string(), {"a", "b"}, rows);
  const std::vector<std::string> lines = lines_of(path);
  BOOST_REQUIRE_EQUAL(lines.size(), 3u);
  BOOST_TEST(lines[0] == "a,b");
  const std::size_t comma = lines[2].find(',');
  BOOST_TEST(std::strtod(lines[2].substr(0, comma).c_str(), nullptr) == 1.0 / 3.0);  // 17 digits: exact
  BOOST_TEST(std::strtod(lines[2].substr(comma + 1).c_str(), nullptr) == 1e-300);
  BOOST_TEST(!fs::exists(dir.path() / "t.csv.tmp"));
}

BOOST_AUTO_TEST_CASE(puts_each_rows_label_first) {
  wb::test::TempDir dir;
  const fs::path path = dir.path() / "w.csv";
  wb::write_csv(path.string(), {"model", "x"}, arma::mat(arma::vec{1.0, 2.0}), {"init", "sgd"});
  const std::vector<std::string> lines = lines_of(path);
  BOOST_REQUIRE_EQUAL(lines.size(), 3u);
  BOOST_TEST(lines[1] == "init,1");
  BOOST_TEST(lines[2] == "sgd,2");
}

BOOST_AUTO_TEST_CASE(refuses_a_header_that_does_not_fit_or_needs_quoting) {
  wb::test::TempDir dir;
  const std::string path = (dir.path() / "bad.csv").string();
  BOOST_CHECK_THROW(wb::write_csv(path, {"a"}, arma::mat(2, 2, arma::fill::zeros)), std::invalid_argument);
  BOOST_CHECK_THROW(wb::write_csv(path, {"a,b"}, arma::mat(1, 1, arma::fill::zeros)), std::invalid_argument);
  BOOST_CHECK_THROW(wb::write_csv(path, {"l", "a"}, arma::mat(2, 1, arma::fill::zeros), {"one"}), std::invalid_argument);
  BOOST_TEST(!fs::exists(path));
}

BOOST_AUTO_TEST_CASE(an_unwritable_place_is_a_user_error_and_leaves_no_file) {
  wb::test::TempDir dir;
  const fs::path path = dir.path() / "missing" / "t.csv";  // the directory does not exist
  BOOST_CHECK_THROW(wb::write_csv(path.string(), {"a"}, arma::mat(1, 1, arma::fill::ones)), wb::UserError);
  BOOST_TEST(!fs::exists(path));
  BOOST_TEST(!fs::exists(path.string() + ".tmp"));
}

BOOST_AUTO_TEST_CASE(replaces_an_existing_file_whole) {
  wb::test::TempDir dir;
  const fs::path path = dir.path() / "t.csv";
  std::ofstream(path) << "old,contents\n1,2\n3,4\n5,6\n";
  wb::write_csv(path.string(), {"a"}, arma::mat(1, 1, arma::fill::ones));
  BOOST_TEST(lines_of(path) == (std::vector<std::string>{"a", "1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()  // test_csv
