#include "wb/idx.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <zlib.h>

#include <sys/stat.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>

#include "wb/error.hpp"

namespace wb {

namespace {

/// Closes a gzFile when it goes out of scope.
struct GzClose {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzClose>;

/// The DataError for the last error on `f`: a system error (e.g. reading a directory) or a
/// corrupt gzip stream, with zlib's description (without the "PATH: " prefix zlib adds).
DataError read_error(gzFile f, const std::string& path) {
  int errnum = Z_OK;
  std::string msg = gzerror(f, &errnum);
  if (msg.rfind(path + ": ", 0) == 0) msg.erase(0, path.size() + 2);
  if (errnum == Z_ERRNO) return DataError(fmt::format("cannot read {}: {}", path, msg));
  return DataError(fmt::format("{}: corrupt gzip stream (zlib: {}); download or reinstall the file", path,
                               msg.empty() ? "unknown error" : msg));
}

/// Reads up to `n` bytes into `out`, in as few gzread calls as `int` allows (one for any IDX
/// file below 2 GiB). Returns the number of bytes read; throws DataError when zlib fails.
std::size_t read_bytes(gzFile f, const std::string& path, std::uint8_t* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const unsigned chunk = unsigned(std::min<std::size_t>(n - got, std::size_t(1) << 30));
    const int r = gzread(f, out + got, chunk);
    if (r < 0) throw read_error(f, path);
    if (r == 0) break;
    got += std::size_t(r);
  }
  return got;
}

/// The most bytes the file at `path` can hold: 1032 times its size (deflate's largest ratio; a
/// plain file holds its size); 0 when it is not a regular file.
std::size_t payload_bound(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  const auto size = std::size_t(st.st_size);
  return size > std::numeric_limits<std::size_t>::max() / 1032 ? size : 1032 * size;
}

std::uint32_t big_endian(const std::uint8_t* b) {
  return std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 | b[3];
}

}  // namespace

void advise_huge_pages(void* data, std::size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t(1) << 21;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1), last = (begin + size) & ~(huge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data, (void)size;
#endif
}

std::size_t IdxArray::item_size() const {
  std::size_t n = 1;
  for (std::size_t i = 1; i < dims.size(); ++i) n *= dims[i];
  return n;
}

namespace {

DataError corrupt(const std::string& path, const std::string& what) {
  return DataError(fmt::format("{}: {}; the file is corrupt, download or reinstall it", path, what));
}

/// The magic number: two zero bytes, the element type (only 0x08, unsigned byte), the number
/// of dimensions, which this returns.
unsigned read_magic(gzFile f, const std::string& path) {
  std::uint8_t magic[4];
  if (read_bytes(f, path, magic, 4) < 4) throw corrupt(path, "too short to be an IDX file (no 4-byte magic number)");
  if (magic[0] != 0 || magic[1] != 0)
    throw corrupt(path, fmt::format("not an IDX file (magic number {:02x} {:02x} {:02x} {:02x}, expected 00 00 08 0N)",
                                    magic[0], magic[1], magic[2], magic[3]));
  if (magic[2] != 0x08) {
    const char* name = magic[2] == 0x09 ? " (signed byte)" : magic[2] == 0x0B ? " (short)"
                     : magic[2] == 0x0C ? " (int)"         : magic[2] == 0x0D ? " (float)"
                     : magic[2] == 0x0E ? " (double)"      : " (not an IDX type)";
    throw DataError(fmt::format("{}: element type code 0x{:02X}{} is not supported, only 0x08 (unsigned byte); "
                                "use a file of bytes such as the original Fashion-MNIST",
                                path, magic[2], name));
  }
  const unsigned ndims = magic[3];
  if (ndims < 1 || ndims > 4) throw corrupt(path, fmt::format("{} dimensions in the header, expected 1 to 4", ndims));
  return ndims;
}

/// The payload of n bytes into `data`, one buffer reserved once: no copies as it fills, and 2 MB
/// pages where the kernel has them (one page fault per 2 MB, not per 4 kB). The reservation is
/// what the file can hold, so a 100-byte file claiming a gigabyte reserves 100 kB; the reads
/// grow geometrically within it, so the memory in use follows the data that arrives.
void read_payload(gzFile f, const std::string& path, std::size_t n, std::vector<std::uint8_t>& data) {
  data.reserve(std::min(n, payload_bound(path)));
  advise_huge_pages(data.data(), data.capacity());
  std::size_t got = 0;
  while (got < n) {
    data.resize(std::min(n, std::max<std::size_t>(std::size_t(1) << 20, 2 * got)));
    const std::size_t r = read_bytes(f, path, data.data() + got, data.size() - got);
    got += r;
    if (got < data.size()) break;  // the stream ended early
  }
  if (got < n) throw corrupt(path, fmt::format("truncated: expected {} bytes of data, found {}", n, got));
  std::size_t extra = 0;
  for (std::uint8_t tail[4096]; std::size_t r = read_bytes(f, path, tail, sizeof tail);) extra += r;
  if (extra > 0)
    throw corrupt(path, fmt::format("{} bytes of trailing data after the {} bytes the header declares", extra, n));
}

}  // namespace

IdxArray read_idx(const std::string& path, std::size_t max_bytes) {
  errno = 0;
  GzFile f(gzopen(path.c_str(), "rb"));
  if (!f)
    throw DataError(fmt::format("cannot open {}: {}", path, errno ? std::strerror(errno) : "out of memory"));
  gzbuffer(f.get(), 256 * 1024);
  const unsigned ndims = read_magic(f.get(), path);

  // The dimensions, big-endian, and the payload size they imply (checked before allocating).
  std::uint8_t header[16];
  if (read_bytes(f.get(), path, header, 4 * ndims) < 4 * ndims)
    throw corrupt(path, fmt::format("truncated header: expected {} dimensions", ndims));
  IdxArray a;
  a.dims.resize(ndims);
  std::size_t n = 1;
  bool overflow = false;
  for (unsigned i = 0; i < ndims; ++i) {
    a.dims[i] = big_endian(header + 4 * i);
    overflow = overflow || __builtin_mul_overflow(n, std::size_t(a.dims[i]), &n);
  }
  if (n == 0) throw corrupt(path, fmt::format("header declares an empty array ({})", fmt::join(a.dims, " x ")));
  if (overflow || n > max_bytes)
    throw corrupt(path, fmt::format("header claims {} = {} bytes, more than the limit of {}", fmt::join(a.dims, " x "),
                                    overflow ? std::string("over 2^64") : std::to_string(n), max_bytes));
  read_payload(f.get(), path, n, a.data);
  return a;
}

}  // namespace wb
