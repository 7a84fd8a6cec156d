/// \file
/// \brief Writing a table of numbers as a CSV file with a header row, all or nothing: the
/// rows go to a temporary file that is renamed over the target only once it is complete, so
/// a failed or interrupted export never leaves half a file under the final name.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

namespace wb {

/// Writes `rows` (one CSV line per row, every value with 17 significant digits, so a double
/// reads back exactly) under the `header` (one name per column) to `path`, whole or not at
/// all (wb::write_file). With `labels` (one per row), each line starts with its label, and
/// `header` names that column too. Throws UserError naming the file when it cannot be
/// written, and std::invalid_argument when the header, the labels and the columns disagree or
/// a name or label holds a comma, a quote or a newline.
void write_csv(const std::string& path, const std::vector<std::string>& header, const arma::mat& rows,
               const std::vector<std::string>& labels = {});

}  // namespace wb
