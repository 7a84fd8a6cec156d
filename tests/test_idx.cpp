/// \file
/// \brief Tests of wb/idx.hpp and wb/fashion_mnist.hpp: every corruption of an IDX file is a
/// DataError with one clear line, and the real data set loads with the expected shape.
#include <boost/test/unit_test.hpp>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "support.hpp"
#include "wb/error.hpp"
#include "wb/fashion_mnist.hpp"
#include "wb/idx.hpp"
#include "wb/minibatches.hpp"

BOOST_AUTO_TEST_SUITE(test_idx)  // the file's own suite: CTest runs it by this name (tests/CMakeLists.txt)

namespace fs = std::filesystem;
namespace tt = boost::test_tools;
using Bytes = std::vector<std::uint8_t>;

namespace {

/// The bytes of an IDX file: magic (0, 0, type, ndims), big-endian dimensions, then `payload`.
Bytes idx_bytes(const std::vector<std::uint32_t>& dims, const Bytes& payload, std::uint8_t type = 0x08) {
  Bytes b = {0, 0, type, std::uint8_t(dims.size())};
  for (auto d : dims)
    for (int shift : {24, 16, 8, 0}) b.push_back(std::uint8_t(d >> shift));
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

/// `n` bytes 0, 1, 2, … (mod 256).
Bytes ramp(std::size_t n, std::size_t start = 0) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = std::uint8_t(start + i);
  return b;
}

/// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("wb-test-idx-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  /// Writes `bytes` to `name`, gzip-compressed or plain; returns the full path.
  std::string write(const std::string& name, const Bytes& bytes, bool gzip = false) const {
    const std::string p = (path / name).string();
    if (gzip) {
      gzFile f = gzopen(p.c_str(), "wb");
      BOOST_TEST_REQUIRE(f != nullptr);
      BOOST_TEST_REQUIRE(gzwrite(f, bytes.data(), unsigned(bytes.size())) == int(bytes.size()));
      BOOST_TEST_REQUIRE(gzclose(f) == Z_OK);
    } else {
      std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    return p;
  }
};

/// A predicate for BOOST_CHECK_EXCEPTION: a DataError (exit status 2) whose one-line message
/// contains every one of `parts`.
auto data_error_with(std::vector<std::string> parts) {
  return [parts](const wb::DataError& e) {
    const std::string msg = e.what();
    BOOST_TEST_MESSAGE("message: " << msg);
    bool ok = e.code() == wb::exit_data && msg.find('\n') == std::string::npos;
    for (const auto& part : parts) {
      if (msg.find(part) == std::string::npos) {
        BOOST_TEST_MESSAGE("missing from the message: \"" << part << "\"");
        ok = false;
      }
    }
    return ok;
  };
}

/// A synthetic Fashion-MNIST split: image i has pixel k = (7 i + k) mod 256, labels as given.
Bytes synthetic_images(std::uint32_t n, std::uint32_t rows = 28, std::uint32_t cols = 28) {
  Bytes pixels;
  for (std::uint32_t i = 0; i < n; ++i) {
    const Bytes image = ramp(rows * cols, 7 * i);
    pixels.insert(pixels.end(), image.begin(), image.end());
  }
  return idx_bytes({n, rows, cols}, pixels);
}
Bytes synthetic_labels(const Bytes& labels) { return idx_bytes({std::uint32_t(labels.size())}, labels); }

/// Writes the four files of a small set (5 training and 3 test images) into `dir`, as .gz.
void write_small_set(const TempDir& dir) {
  dir.write("train-images-idx3-ubyte.gz", synthetic_images(5), true);
  dir.write("train-labels-idx1-ubyte.gz", synthetic_labels({9, 0, 3, 7, 1}), true);
  dir.write("t10k-images-idx3-ubyte.gz", synthetic_images(3), true);
  dir.write("t10k-labels-idx1-ubyte.gz", synthetic_labels({2, 8, 5}), true);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reading_idx_files)

BOOST_AUTO_TEST_CASE(a_plain_file_round_trips_its_dimensions_and_bytes) {
  TempDir dir;
  const Bytes payload = ramp(2 * 3 * 4, 250);
  const wb::IdxArray a = wb::read_idx(dir.write("plain-idx3-ubyte", idx_bytes({2, 3, 4}, payload)));
  BOOST_TEST(a.dims == (std::vector<std::uint32_t>{2, 3, 4}), tt::per_element());
  BOOST_TEST(a.data == payload, tt::per_element());
  BOOST_TEST(a.count() == 2u);
  BOOST_TEST(a.item_size() == 12u);
}

BOOST_AUTO_TEST_CASE(a_gzip_file_round_trips_its_dimensions_and_bytes) {
  TempDir dir;
  const Bytes payload = ramp(70000, 3);
  const std::string path = dir.write("data.gz", idx_bytes({70000}, payload), true);
  BOOST_TEST_REQUIRE(fs::file_size(path) < 70000u);  // really compressed
  const wb::IdxArray a = wb::read_idx(path);
  BOOST_TEST(a.dims == (std::vector<std::uint32_t>{70000}), tt::per_element());
  BOOST_TEST(a.data == payload, tt::per_element());
  BOOST_TEST(a.count() == 70000u);
  BOOST_TEST(a.item_size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_truncated_payload_is_reported_with_the_expected_and_found_sizes) {
  TempDir dir;
  for (bool gzip : {false, true}) {
    const std::string path = dir.write(gzip ? "short.gz" : "short", idx_bytes({4, 5}, ramp(13)), gzip);
    BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                          data_error_with({path, "truncated: expected 20 bytes of data, found 13"}));
  }
}

BOOST_AUTO_TEST_CASE(a_truncated_header_is_rejected) {
  TempDir dir;
  const std::string empty = dir.write("empty", {});
  BOOST_CHECK_EXCEPTION(wb::read_idx(empty), wb::DataError, data_error_with({empty, "too short"}));
  const Bytes full = idx_bytes({3, 28, 28}, {});
  const std::string cut = dir.write("cut", Bytes(full.begin(), full.begin() + 9));
  BOOST_CHECK_EXCEPTION(wb::read_idx(cut), wb::DataError, data_error_with({cut, "truncated header"}));
}

BOOST_AUTO_TEST_CASE(trailing_bytes_after_the_payload_are_rejected) {
  TempDir dir;
  for (bool gzip : {false, true}) {
    const std::string path = dir.write(gzip ? "long.gz" : "long", idx_bytes({2, 3}, ramp(9)), gzip);
    BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                          data_error_with({path, "3 bytes of trailing data after the 6 bytes"}));
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_magic_number_is_rejected) {
  TempDir dir;
  Bytes b = idx_bytes({4}, ramp(4));
  b[1] = 0x01;
  const std::string path = dir.write("magic", b);
  BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                        data_error_with({path, "not an IDX file", "00 01 08 01"}));
  const std::string text = dir.write("text", Bytes{'h', 'e', 'l', 'l', 'o', '\n'});
  BOOST_CHECK_EXCEPTION(wb::read_idx(text), wb::DataError, data_error_with({text, "not an IDX file"}));
}

BOOST_AUTO_TEST_CASE(an_element_type_other_than_unsigned_byte_is_rejected_naming_the_code) {
  TempDir dir;
  const std::string path = dir.write("float", idx_bytes({2}, ramp(8), 0x0D));
  BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                        data_error_with({path, "type code 0x0D (float)", "only 0x08 (unsigned byte)"}));
}

BOOST_AUTO_TEST_CASE(a_number_of_dimensions_outside_1_to_4_is_rejected) {
  TempDir dir;
  const std::string none = dir.write("none", idx_bytes({}, ramp(4)));
  BOOST_CHECK_EXCEPTION(wb::read_idx(none), wb::DataError, data_error_with({none, "0 dimensions"}));
  const std::string five = dir.write("five", idx_bytes({1, 1, 1, 1, 1}, ramp(1)));
  BOOST_CHECK_EXCEPTION(wb::read_idx(five), wb::DataError, data_error_with({five, "5 dimensions"}));
}

BOOST_AUTO_TEST_CASE(a_dimension_of_zero_is_rejected_as_empty) {
  TempDir dir;
  const std::string path = dir.write("zero", idx_bytes({0, 28, 28}, {}));
  BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError, data_error_with({path, "empty", "0 x 28 x 28"}));
}

BOOST_AUTO_TEST_CASE(an_absurd_header_is_rejected_before_allocating) {
  TempDir dir;
  // 6e14 bytes: allocating them would throw std::bad_alloc (or worse), not DataError.
  const std::string huge = dir.write("huge", idx_bytes({60000, 100000, 100000}, ramp(16)));
  BOOST_CHECK_EXCEPTION(wb::read_idx(huge), wb::DataError,
                        data_error_with({huge, "header claims 60000 x 100000 x 100000 = 600000000000000 bytes",
                                         "more than the limit of 1073741824", "corrupt"}));
  // A product that overflows 64 bits.
  const std::string wrap = dir.write("wrap", idx_bytes({0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 2}, ramp(16)));
  BOOST_CHECK_EXCEPTION(wb::read_idx(wrap), wb::DataError, data_error_with({wrap, "over 2^64", "corrupt"}));
  // A small limit applies to a small file too.
  const std::string small = dir.write("small", idx_bytes({10, 10}, ramp(100)));
  BOOST_CHECK_EXCEPTION(wb::read_idx(small, 50), wb::DataError,
                        data_error_with({small, "= 100 bytes, more than the limit of 50"}));
  BOOST_TEST(wb::read_idx(small, 100).data.size() == 100u);
}

BOOST_AUTO_TEST_CASE(a_corrupt_gzip_stream_is_reported_with_zlibs_message) {
  TempDir dir;
  // A valid gzip header (magic, deflate, no flags, mtime, xfl, OS) followed by garbage.
  Bytes b = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03};
  for (int i = 0; i < 64; ++i) b.push_back(0xFF);
  const std::string path = dir.write("garbage.gz", b);
  BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                        data_error_with({path, "corrupt gzip stream (zlib: invalid block type)"}));
}

BOOST_AUTO_TEST_CASE(a_gzip_file_cut_short_is_an_error) {
  TempDir dir;
  const std::string whole = dir.write("whole.gz", idx_bytes({4000}, ramp(4000)), true);
  std::ifstream in(whole, std::ios::binary);
  const Bytes all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = dir.write("cut.gz", Bytes(all.begin(), all.begin() + all.size() / 2));
  BOOST_CHECK_EXCEPTION(wb::read_idx(cut), wb::DataError, data_error_with({cut, "corrupt"}));
}

BOOST_AUTO_TEST_CASE(a_missing_file_cannot_be_opened) {
  TempDir dir;
  const std::string path = (dir.path / "absent-idx1-ubyte.gz").string();
  BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                        data_error_with({"cannot open " + path + ": No such file or directory"}));
}

BOOST_AUTO_TEST_CASE(a_directory_is_not_read_as_a_file) {
  TempDir dir;
  const std::string path = dir.path.string();
  BOOST_CHECK_EXCEPTION(wb::read_idx(path), wb::DataError,
                        data_error_with({"cannot read " + path + ": Is a directory"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loading_fashion_mnist)

BOOST_AUTO_TEST_CASE(a_missing_directory_names_the_directory_the_package_and_the_option) {
  const std::string dir = "/nonexistent/wb-fashion-mnist";
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir), wb::DataError,
                        data_error_with({"Fashion-MNIST not found in " + dir, "dataset-fashion-mnist", "--data"}));
  TempDir tmp;
  const std::string file = tmp.write("not-a-directory", {1, 2, 3});
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(file), wb::DataError,
                        data_error_with({file, "dataset-fashion-mnist", "--data"}));
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_named_with_the_same_fix) {
  TempDir dir;
  write_small_set(dir);
  fs::remove(dir.path / "t10k-labels-idx1-ubyte.gz");
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir.path.string()), wb::DataError,
                        data_error_with({"t10k-labels-idx1-ubyte", dir.path.string(), "dataset-fashion-mnist",
                                         "--data"}));
}

BOOST_AUTO_TEST_CASE(a_small_synthetic_set_loads_as_scaled_columns_with_its_labels) {
  TempDir dir;
  write_small_set(dir);
  const wb::FashionMnist d = wb::load_fashion_mnist(dir.path.string());
  BOOST_TEST(d.train.X.n_rows == 784u);
  BOOST_TEST(d.train.size() == 5u);
  BOOST_TEST(d.test.X.n_rows == 784u);
  BOOST_TEST(d.test.size() == 3u);
  BOOST_TEST(d.train.y == (arma::uvec{9, 0, 3, 7, 1}), tt::per_element());
  BOOST_TEST(d.test.y == (arma::uvec{2, 8, 5}), tt::per_element());
  // Image 0 starts 0, 1, 2, …: byte 255 is pixel 255 (row 9, column 3), byte 0 is pixel 0 and 256.
  BOOST_TEST(d.train.X(0, 0) == 0.0f, tt::tolerance(0.0f));
  BOOST_TEST(d.train.X(255, 0) == 1.0f, tt::tolerance(0.0f));
  BOOST_TEST(d.train.X(256, 0) == 0.0f, tt::tolerance(0.0f));
  // Column i is image i, rows in the file's row-major pixel order: X(k, i) = ((7 i + k) mod 256) / 255.
  for (arma::uword i = 0; i < 5; ++i)
    for (arma::uword k : {arma::uword(1), arma::uword(28), arma::uword(29), arma::uword(783)})
      BOOST_TEST(d.train.X(k, i) == float((7 * i + k) % 256) / 255.0f, tt::tolerance(1e-6f));
  BOOST_TEST(d.test.X(10, 2) == 24.0f / 255.0f, tt::tolerance(1e-6f));
  BOOST_TEST(d.train.X.min() == 0.0f, tt::tolerance(0.0f));
  BOOST_TEST(d.train.X.max() == 1.0f, tt::tolerance(0.0f));
}

BOOST_AUTO_TEST_CASE(plain_files_are_accepted_and_gzip_preferred_when_both_exist) {
  TempDir dir;
  dir.write("train-images-idx3-ubyte", synthetic_images(2));
  dir.write("train-labels-idx1-ubyte", synthetic_labels({4, 6}));
  dir.write("t10k-images-idx3-ubyte", synthetic_images(1));
  dir.write("t10k-labels-idx1-ubyte", synthetic_labels({3}));
  const wb::FashionMnist plain = wb::load_fashion_mnist(dir.path.string());
  BOOST_TEST(plain.train.y == (arma::uvec{4, 6}), tt::per_element());
  BOOST_TEST(plain.test.y == (arma::uvec{3}), tt::per_element());
  // A .gz next to the plain file wins (and here holds a different set).
  write_small_set(dir);
  const wb::FashionMnist gz = wb::load_fashion_mnist(dir.path.string());
  BOOST_TEST(gz.train.size() == 5u);
  BOOST_TEST(gz.test.y == (arma::uvec{2, 8, 5}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(image_and_label_counts_that_disagree_are_rejected_naming_both_files) {
  TempDir dir;
  write_small_set(dir);
  dir.write("train-labels-idx1-ubyte.gz", synthetic_labels({1, 2, 3, 4}), true);
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir.path.string()), wb::DataError,
                        data_error_with({"train-images-idx3-ubyte.gz holds 5 images",
                                         "train-labels-idx1-ubyte.gz holds 4 labels"}));
}

BOOST_AUTO_TEST_CASE(a_label_of_10_or_more_is_rejected_naming_the_file_and_the_index) {
  TempDir dir;
  write_small_set(dir);
  dir.write("t10k-labels-idx1-ubyte.gz", synthetic_labels({2, 10, 12}), true);
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir.path.string()), wb::DataError,
                        data_error_with({"t10k-labels-idx1-ubyte.gz", "label 10 at index 1", "0-9"}));
}

BOOST_AUTO_TEST_CASE(images_that_are_not_28_by_28_are_rejected) {
  TempDir dir;
  write_small_set(dir);
  dir.write("train-images-idx3-ubyte.gz", synthetic_images(5, 27, 28), true);
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir.path.string()), wb::DataError,
                        data_error_with({"train-images-idx3-ubyte.gz", "expected n x 28 x 28", "5 x 27 x 28"}));
  dir.write("train-images-idx3-ubyte.gz", idx_bytes({5, 784}, ramp(5 * 784)), true);
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir.path.string()), wb::DataError,
                        data_error_with({"train-images-idx3-ubyte.gz", "found 5 x 784"}));
}

BOOST_AUTO_TEST_CASE(labels_that_are_not_one_dimensional_are_rejected) {
  TempDir dir;
  write_small_set(dir);
  dir.write("t10k-labels-idx1-ubyte.gz", idx_bytes({3, 1}, {2, 8, 5}), true);
  BOOST_CHECK_EXCEPTION(wb::load_fashion_mnist(dir.path.string()), wb::DataError,
                        data_error_with({"t10k-labels-idx1-ubyte.gz", "1-dimensional", "found 3 x 1"}));
}

BOOST_AUTO_TEST_CASE(head_takes_the_first_examples_or_all_of_them) {
  TempDir dir;
  write_small_set(dir);
  const wb::Dataset train = wb::load_fashion_mnist(dir.path.string()).train;
  const wb::Dataset two = train.head(2);
  BOOST_TEST(two.size() == 2u);
  BOOST_TEST(two.y == (arma::uvec{9, 0}), tt::per_element());
  BOOST_TEST(arma::approx_equal(two.X, train.X.head_cols(2), "absdiff", 0.0f));
  BOOST_TEST(train.head(0).size() == 5u);
  BOOST_TEST(train.head(5).size() == 5u);
  BOOST_TEST(train.head(100).y.n_elem == 5u);
}

BOOST_AUTO_TEST_CASE(the_training_set_keeps_its_bytes_and_a_minibatch_gathered_from_them_is_exactly_X) {
  TempDir dir;
  write_small_set(dir);  // pixels (7 i + k) mod 256: every byte value appears
  const wb::FashionMnist d = wb::load_fashion_mnist(dir.path.string());
  BOOST_TEST_REQUIRE(d.train.bytes.size() == d.train.X.n_elem);
  BOOST_TEST(d.test.bytes.empty());  // read in order, from X
  for (std::size_t k = 0; k < d.train.bytes.size(); ++k)
    BOOST_TEST_REQUIRE(d.train.X[k] == float(d.train.bytes[k]) / 255.0f);  // the invariant, entry by entry

  const arma::uvec idx = {4, 0, 2, 2, 3};
  const arma::fmat expected = d.train.X.cols(idx);
  wb::Dataset floats_only = d.train;
  floats_only.bytes.clear();
  for (int lanes : {1, 2, 3}) {
    arma::fmat from_bytes, from_floats;
    wb::gather_columns(d.train, idx, from_bytes, lanes);
    wb::gather_columns(floats_only, idx, from_floats, lanes);
    BOOST_TEST(arma::approx_equal(from_bytes, expected, "absdiff", 0.0f), lanes << " lanes, from the bytes");
    BOOST_TEST(arma::approx_equal(from_floats, expected, "absdiff", 0.0f), lanes << " lanes, from X");
  }
  arma::mat in_double;  // the gradient checks train in double: converted from X
  wb::gather_columns(d.train, idx, in_double, 2);
  BOOST_TEST(arma::approx_equal(in_double, arma::conv_to<arma::mat>::from(expected), "absdiff", 0.0));

  // head and subset keep the bytes in step with X
  for (const wb::Dataset& part : {d.train.head(2), d.train.subset(arma::uvec{3, 1, 3})}) {
    BOOST_TEST_REQUIRE(part.bytes.size() == part.X.n_elem);
    for (std::size_t k = 0; k < part.bytes.size(); ++k)
      BOOST_TEST_REQUIRE(part.X[k] == float(part.bytes[k]) / 255.0f);
  }
}

BOOST_AUTO_TEST_CASE(the_class_names_are_d2ls_in_label_order) {
  const auto& names = wb::fashion_mnist_labels();
  const std::array<std::string, 10> expected = {"t-shirt", "trouser", "pullover", "dress", "coat",
                                                "sandal",  "shirt",   "sneaker",  "bag",   "ankle boot"};
  for (std::size_t i = 0; i < 10; ++i) BOOST_TEST(names[i] == expected[i]);
}

BOOST_AUTO_TEST_CASE(the_real_data_set_has_60000_and_10000_images_in_ten_balanced_classes,
                     *boost::unit_test::precondition(wb::test::have_data)) {
  const wb::FashionMnist d = wb::load_fashion_mnist(WB_DATA_DIR);
  BOOST_TEST(d.train.X.n_rows == 784u);
  BOOST_TEST(d.train.X.n_cols == 60000u);
  BOOST_TEST(d.test.X.n_rows == 784u);
  BOOST_TEST(d.test.X.n_cols == 10000u);
  BOOST_TEST(d.train.y.n_elem == 60000u);
  BOOST_TEST(d.test.y.n_elem == 10000u);
  for (const wb::Dataset* s : {&d.train, &d.test}) {
    BOOST_TEST(s->X.min() == 0.0f, tt::tolerance(0.0f));
    BOOST_TEST(s->X.max() == 1.0f, tt::tolerance(0.0f));
  }
  const arma::uvec classes = arma::regspace<arma::uvec>(0, 9);
  const arma::uvec train_counts = arma::hist(d.train.y, classes), test_counts = arma::hist(d.test.y, classes);
  BOOST_TEST(train_counts == arma::uvec(10, arma::fill::value(6000)), tt::per_element());
  BOOST_TEST(test_counts == arma::uvec(10, arma::fill::value(1000)), tt::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // test_idx
