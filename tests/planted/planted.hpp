/// \file
/// \brief The switch of the planted tree (tests/CMakeLists.txt, the test mistakes_are_diagnosed):
/// the reference solutions with the catalogue's classic mistakes planted into them, one at a
/// time, chosen when the program runs.
#pragma once

#include <cstdlib>
#include <string>

namespace wb::test {

/// Whether `mistake` ("5.1 no_half") is the one the environment variable WB_PLANT chose; with
/// WB_PLANT unset every function is the reference.
inline bool planted(const char* mistake) {
  static const std::string chosen = std::getenv("WB_PLANT") != nullptr ? std::getenv("WB_PLANT") : "";
  return chosen == mistake;
}

}  // namespace wb::test
