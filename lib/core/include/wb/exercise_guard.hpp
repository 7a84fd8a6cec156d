/// \file
/// \brief Calling an exercise function so that its mistakes are explained: a size mismatch
/// inside it, or a result of the wrong size, becomes an ExerciseError that names the exercise,
/// what it implements, the expected and actual sizes and what to look at — not Armadillo's
/// raw "matrix multiplication: incompatible matrix dimensions".
///
/// \code
///   const arma::mat dJ_dh = wb::expect_size("7.4", "dJ/dh", h.n_rows, h.n_cols,
///       wb::guarded("7.4", [&] { return wb::hidden_gradient(W2, dJ_do); }), "is W2 transposed?");
/// \endcode
/// Both work in every build; in the reference build they never fire.
#pragma once

#include <armadillo>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "wb/error.hpp"

namespace wb {

/// "7.4 (equation C)": the exercise's id and what it implements, from the catalogue.
std::string exercise_label(const std::string& id);

/// Throws ExerciseError "7.4 (equation C): <what>".
[[noreturn]] void throw_exercise_error(const std::string& id, const std::string& what);

/// The ExerciseError for a result of the wrong size: "7.4 (equation C): expected dJ/dh of
/// 4×2, got 3×2 — <hint>" (when no hint is given and the result is the transpose of what was
/// expected: "— is it transposed?").
[[noreturn]] void throw_size_error(const std::string& id, const std::string& quantity, arma::uword rows,
                                   arma::uword cols, arma::uword got_rows, arma::uword got_cols,
                                   const std::string& hint);

/// Runs `f`, an exercise call. Armadillo's size errors (std::logic_error) thrown inside it become
/// an ExerciseError naming exercise `id`; NotImplemented and ExerciseError pass through.
template <typename F>
decltype(auto) guarded(const char* id, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const NotImplemented&) {
    throw;
  } catch (const ExerciseError&) {
    throw;
  } catch (const std::logic_error& e) {
    throw_exercise_error(id, std::string("Armadillo stopped inside it: ") + e.what() +
                                 " (check the sizes of the matrices you multiply or add)");
  }
}

/// Returns `M` after checking that it is `rows` × `cols`; throws the size error of exercise
/// `id` otherwise.
template <typename Matrix>
Matrix expect_size(const char* id, const char* quantity, arma::uword rows, arma::uword cols, Matrix&& M,
                   const std::string& hint = "") {
  if (M.n_rows != rows || M.n_cols != cols) throw_size_error(id, quantity, rows, cols, M.n_rows, M.n_cols, hint);
  return std::forward<Matrix>(M);
}

}  // namespace wb
