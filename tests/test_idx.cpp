#define BOOST_TEST_MODULE test_idx
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_FAIL("not written yet"); }
