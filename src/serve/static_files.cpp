#include "anb/serve/static_files.h"

namespace anb::serve {

const StaticFile* find_static(std::string_view path) {
  if (path == "/") path = "/index.html";
  for (const auto& f : static_files()) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

}  // namespace anb::serve
