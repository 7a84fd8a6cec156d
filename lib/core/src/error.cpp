#include "wb/error.hpp"

#include "wb/catalogue.hpp"

namespace wb {

void throw_not_implemented(const char* id) {
  const Exercise* e = find_exercise(id);
  if (e == nullptr)
    throw NotImplemented(id, std::string("exercise ") + id + " (not in exercises/catalogue.json) is not implemented yet");
  throw NotImplemented(id, "exercise " + e->id + " (" + e->title + ") is not implemented yet \u2014 see " + e->file +
                               ", or ./workbook hint " + e->id);
}

}  // namespace wb
