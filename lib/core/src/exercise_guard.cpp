#include "wb/exercise_guard.hpp"

#include <fmt/core.h>

#include "wb/catalogue.hpp"

namespace wb {

std::string exercise_label(const std::string& id) {
  const Exercise* e = find_exercise(id);
  return e ? fmt::format("{} ({})", id, e->implements) : id;
}

void throw_exercise_error(const std::string& id, const std::string& what) {
  throw ExerciseError(id, fmt::format("exercise {}: {}", exercise_label(id), what));
}

void throw_size_error(const std::string& id, const std::string& quantity, arma::uword rows, arma::uword cols,
                      arma::uword got_rows, arma::uword got_cols, const std::string& hint) {
  std::string advice = hint;
  if (advice.empty() && got_rows == cols && got_cols == rows) advice = "is it transposed?";
  if (advice.empty()) advice = "check the sizes of the matrices you multiply";
  throw_exercise_error(id, fmt::format("expected {} of {}×{}, got {}×{} \u2014 {}", quantity, rows, cols, got_rows,
                                       got_cols, advice));
}

}  // namespace wb
