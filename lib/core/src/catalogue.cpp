#include "wb/catalogue.hpp"

namespace wb {

std::string Exercise::solution_file() const {
  const std::string from = "exercises/";
  return file.rfind(from, 0) == 0 ? "solutions/" + file.substr(from.size()) : file;
}

const Mistake* Exercise::mistake(const std::string& name) const {
  for (const Mistake& m : mistakes)
    if (m.name == name) return &m;
  return nullptr;
}

const std::vector<Exercise>& catalogue() {
  static const std::vector<Exercise> all = {
#include "wb/catalogue_data.inc"
  };
  return all;
}

const Exercise* find_exercise(const std::string& id) {
  for (const Exercise& e : catalogue())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace wb
