#pragma once
// The page of `anb serve`: files embedded in the binary at build time (src/serve/web/ and
// Debian's Chart.js, see src/serve/CMakeLists.txt). Nothing is read from disk at run time, so
// a request path can only ever name one of these files.

#include <string_view>
#include <vector>

namespace anb::serve {

struct StaticFile {
  std::string_view path;          // URL path, e.g. "/app.js"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view body;
};

// Every embedded file.
const std::vector<StaticFile>& static_files();

// The file served at `path` ("/" is "/index.html"); nullptr for any other path.
const StaticFile* find_static(std::string_view path);

}  // namespace anb::serve
