// libFuzzer target: Architecture::parse on arbitrary text (canonical string, JSON record form,
// preset names). Every input either parses to an architecture whose canonical string, JSON
// form and index round-trip, or is rejected with std::invalid_argument; anything else (another
// exception, a crash, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "anb/space/architecture.h"
#include "anb/space/search_space.h"

#include "fuzz_check.h"

using anb::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  anb::space::Architecture arch;
  try {
    arch = anb::space::Architecture::parse(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  check(anb::space::Architecture::parse(arch.to_string()) == arch);
  check(anb::space::Architecture::from_json(arch.to_json()) == arch);
  check(anb::space::from_index(anb::space::index_of(arch)) == arch);
  check(anb::space::decode(anb::space::encode(arch)) == arch);
  return 0;
}
