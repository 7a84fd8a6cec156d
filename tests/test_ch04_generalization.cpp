#define BOOST_TEST_MODULE chapter 4 program
#include <boost/test/unit_test.hpp>
BOOST_AUTO_TEST_CASE(placeholder) {}
