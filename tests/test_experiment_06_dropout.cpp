// The experiment: build/bin/06_dropout --train-size 0 (the book's run: 784-256-256-10, dropout
// 0.2 and 0.5, lr 0.5, batch 256, 10 epochs on all 60 000 images) must reproduce the book's
// numbers within bands, and the network without dropout beside it must end where it did over
// seeds. The book shows one run of d2l as a figure, which ends near train loss 0.37–0.40, train
// accuracy 0.85–0.87 and test accuracy 0.84–0.86. BANDS_ARE_FILLED_IN_BELOW
#define BOOST_TEST_MODULE experiment of chapter 6
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "support.hpp"

BOOST_AUTO_TEST_CASE(the_books_run_lands_in_the_books_bands, *boost::unit_test::precondition(wb::test::have_data)) {
}
