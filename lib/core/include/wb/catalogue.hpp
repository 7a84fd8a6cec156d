/// \file
/// \brief The exercise catalogue (`exercises/catalogue.json`), compiled in: every exercise's id,
/// chapter, title, file, functions, test cases, prerequisites, section, hints and classic mistakes,
/// with the title, what it implements and the hints in Chinese as well.
///
/// The build reads the JSON file (cmake/Workbook.cmake) and generates the table this header
/// gives access to; the stubs' messages (wb::not_implemented) and the learner's tool
/// (`./workbook check`, `hint`, `reset`, `solution`, `watch`) read it from here.
#pragma once

#include <string>
#include <vector>

namespace wb {

/// A mistake learners make in an exercise, and the line `./workbook check` prints when the
/// learner's result is the one that mistake gives.
struct Mistake {
  std::string name;       ///< "no_half", unique within its exercise
  std::string diagnosis;  ///< one line: what was done, why it is wrong, what to do instead
};

/// One exercise of the catalogue.
struct Exercise {
  std::string id;                      ///< "2.1": chapter 2, exercise 1
  std::string chapter;                 ///< "02_mlp"
  std::string title;                   ///< "ReLU"
  std::string title_zh;                ///< the title in Chinese, "ReLU 激活函数"
  std::string file;                    ///< the learner's file, "exercises/wb/ex02_mlp.hpp"
  std::vector<std::string> functions;  ///< the function templates the learner writes
  std::vector<std::string> tests;      ///< Boost.Test cases ("suite/case") of test_program()
  std::vector<std::string> needs;      ///< exercises whose functions these tests also call
  std::string section;                 ///< the Doxygen anchor of its derivation
  std::string implements;              ///< "equation (C)", what the section is called
  std::string implements_zh;           ///< the same in Chinese, "公式 (C)"
  std::vector<std::string> hints;      ///< 2 or 3, in increasing detail
  std::vector<std::string> hints_zh;   ///< the hints in Chinese, one for each, in the same order
  std::vector<Mistake> mistakes;       ///< the classic mistakes the tests recognise

  /// The test executable with its cases: "test_ex" + chapter ("test_ex02_mlp").
  std::string test_program() const { return "test_ex" + chapter; }
  /// The same file in the reference tree ("solutions/wb/ex02_mlp.hpp").
  std::string solution_file() const;
  /// The marker line around its functions in both trees: "// [exercise 2.1]".
  std::string marker() const { return "// [exercise " + id + "]"; }
  /// The mistake of this name, or nullptr.
  const Mistake* mistake(const std::string& name) const;
};

/// Every exercise, in the catalogue's order (the order of the course).
const std::vector<Exercise>& catalogue();

/// The exercise with this id, or nullptr.
const Exercise* find_exercise(const std::string& id);

}  // namespace wb
