#include "wb/error.hpp"

namespace wb {

void not_implemented(const char* number, const char* title, const char* file) {
  throw NotImplemented(std::string("exercise ") + number + " (" + title +
                       ") is not implemented yet \u2014 see " + file);
}

}  // namespace wb
