// libFuzzer target: wb::read_idx on any bytes, stored as a plain file, and the same bytes
// gzip-compressed (so the fuzzer explores what the inflated stream says, not deflate's
// encoding). Every input must end in an IdxArray or a DataError: a crash, a sanitizer report, a
// hang or an allocation beyond what the input justifies (libFuzzer's -malloc_limit_mb) fails.
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "wb/error.hpp"
#include "wb/idx.hpp"

namespace {

/// An in-memory file with a path (/proc/self/fd/N) that zlib's gzopen can open.
class MemoryFile {
 public:
  explicit MemoryFile(const std::vector<std::uint8_t>& bytes) : fd_(memfd_create("wb-fuzz", 0)) {
    if (fd_ >= 0 && !bytes.empty()) (void)!write(fd_, bytes.data(), bytes.size());
  }
  ~MemoryFile() {
    if (fd_ >= 0) close(fd_);
  }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // 15 + 16: a gzip header
  std::vector<std::uint8_t> out(deflateBound(&z, uLong(size)) + 32);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = uInt(size);
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void read(const std::vector<std::uint8_t>& bytes) {
  const MemoryFile file(bytes);
  try {
    const wb::IdxArray a = wb::read_idx(file.path(), std::size_t(1) << 24);
    if (a.data.size() != a.count() * a.item_size()) __builtin_trap();  // what it returns is consistent
  } catch (const wb::DataError&) {
    // the expected answer to a corrupt file
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read(std::vector<std::uint8_t>(data, data + size));
  read(gzip(data, size));
  return 0;
}
