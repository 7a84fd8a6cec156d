#include "wb/csv.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <stdexcept>

#include "wb/output_file.hpp"

namespace wb {
namespace {

/// A header name or row label is written as it is: it must not need CSV quoting.
void require_plain(const std::string& path, const std::string& text) {
  if (text.find_first_of(",\"\n\r") != std::string::npos)
    throw std::invalid_argument(fmt::format("write_csv {}: '{}' holds a comma, a quote or a newline", path, text));
}

}  // namespace

void write_csv(const std::string& path, const std::vector<std::string>& header, const arma::mat& rows,
               const std::vector<std::string>& labels) {
  const std::size_t label_columns = labels.empty() ? 0 : 1;
  if (header.size() != rows.n_cols + label_columns || (!labels.empty() && labels.size() != rows.n_rows))
    throw std::invalid_argument(fmt::format("write_csv {}: {} column names and {} labels for {} rows of {} numbers",
                                            path, header.size(), labels.size(), rows.n_rows, rows.n_cols));
  for (const std::string& name : header) require_plain(path, name);
  for (const std::string& label : labels) require_plain(path, label);

  std::string text = fmt::format("{}\n", fmt::join(header, ","));
  for (arma::uword r = 0; r < rows.n_rows; ++r) {
    if (!labels.empty()) text += labels[r] + (rows.n_cols ? "," : "");
    for (arma::uword c = 0; c < rows.n_cols; ++c) text += fmt::format("{:.17g}{}", rows(r, c), c + 1 < rows.n_cols ? "," : "");
    text += '\n';
  }
  write_file(path, text);  // whole or not at all
}

}  // namespace wb
