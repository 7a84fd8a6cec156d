/// \file
/// \brief Reading IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or plain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wb {

/// The contents of an IDX file of unsigned bytes (type code 0x08): its dimensions, outermost
/// first (e.g. {60000, 28, 28}), and the bytes in row-major order.
struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;
  /// The number of items (dims[0]).
  std::size_t count() const { return dims.empty() ? 0 : dims[0]; }
  /// The number of bytes per item (the product of the other dimensions).
  std::size_t item_size() const;
};

/// Reads an IDX file of unsigned bytes. Gzip-compressed files (`.gz`) and plain files are
/// both accepted, whatever their name. Throws DataError, with one line naming the file and
/// the problem, when the file is missing, truncated, has a wrong magic number or element
/// type, or claims a size that does not match its contents (fewer bytes, or more); never
/// allocates more than the header's size allows for, and rejects a header claiming more than
/// `max_bytes` (or an empty array) before allocating anything.
IdxArray read_idx(const std::string& path, std::size_t max_bytes = std::size_t(1) << 30);

/// Asks the kernel to back the 2 MB-aligned part of `size` bytes at `data`, not yet written, with
/// 2 MB pages (Linux's transparent huge pages) as they are first written: one page fault per
/// 2 MB instead of 512. A hint: where the kernel has no huge pages, nothing changes.
void advise_huge_pages(void* data, std::size_t size);

}  // namespace wb
