#include "wb/output_file.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "wb/error.hpp"

namespace wb {

OutputFile::OutputFile(std::string path) : path_(std::move(path)), tmp_(fmt::format("{}.tmp-{}", path_, getpid())) {
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_)
    throw UserError(fmt::format("cannot write {} ({}): check that its directory exists and is writable, or choose "
                                "another with --out", path_, std::strerror(errno)));
}

OutputFile::~OutputFile() {
  if (committed_) return;
  out_.close();
  std::remove(tmp_.c_str());
}

void OutputFile::commit() {
  out_.flush();
  const bool written = static_cast<bool>(out_);
  const int error = errno;
  out_.close();
  if (!written || out_.fail())
    throw UserError(fmt::format("could not write {} ({}): is the disk full? Nothing was left half-written", path_,
                                error ? std::strerror(error) : "write error"));
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw UserError(fmt::format("could not write {}: {}", path_, ec.message()));
  committed_ = true;
}

void write_file(const std::string& path, const std::string& text) {
  OutputFile out(path);
  out.stream() << text;
  out.commit();
}

}  // namespace wb
