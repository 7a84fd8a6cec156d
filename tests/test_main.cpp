// The one place that defines Boost.Test's entry point (main and the master test suite), compiled
// once and linked into every test program; the test files themselves only include
// <boost/test/unit_test.hpp>.
#define BOOST_TEST_MODULE mlp-workbook
#include <boost/test/unit_test.hpp>
