// The one place that defines Boost.Test's entry point (main and the master test suite), compiled
// once and linked into every test program. The test files themselves only include
// <boost/test/unit_test.hpp>, which is then also part of the precompiled header.
#define BOOST_TEST_MODULE mlp-workbook
#include <boost/test/unit_test.hpp>
