#include "wb/csv.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "wb/error.hpp"

namespace wb {
namespace {

/// A cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break.
std::string cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void write_row(std::ofstream& out, const std::vector<std::string>& cells) {
  for (std::size_t k = 0; k < cells.size(); ++k) out << (k ? "," : "") << cell(cells[k]);
  out << '\n';
}

}  // namespace

CsvTable::CsvTable(std::vector<std::string> header) : header_(std::move(header)) {}

CsvTable& CsvTable::add(std::vector<std::string> cells) {
  if (cells.size() != header_.size())
    throw std::logic_error(fmt::format("CSV row of {} cells under a header of {}", cells.size(), header_.size()));
  rows_.push_back(std::move(cells));
  return *this;
}

void CsvTable::write(const std::string& path) const {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    write_row(out, header_);
    for (const auto& r : rows_) write_row(out, r);
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      throw UserError(fmt::format("cannot write {}: check that its directory is writable and not full, or pass "
                                  "--export DIR", path));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throw UserError(fmt::format("cannot rename {} to {}: {}", temporary, path, ec.message()));
  }
}

std::string csv_number(double x) { return fmt::format("{}", x); }

}  // namespace wb
