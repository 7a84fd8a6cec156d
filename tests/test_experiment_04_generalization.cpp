#define BOOST_TEST_MODULE experiment of chapter 4
#include <boost/test/unit_test.hpp>
BOOST_AUTO_TEST_CASE(placeholder) {}
