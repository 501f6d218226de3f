// libFuzzer target: a training scheme (`anb train/collect --scheme`, the "reference" and "base"
// of a proxy-search config): the bounded JSON parse and TrainingScheme::from_json with every
// field check. Errors must be std::invalid_argument naming the source; a scheme that loads must
// validate and round-trip through its JSON form. Anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "anb/construct/training_scheme.h"
#include "anb/io/json.h"

#include "fuzz_check.h"

using anb::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto scheme = anb::construct::TrainingScheme::from_json(
        anb::io::parse_json(text, "fuzz/scheme.json"), "fuzz/scheme.json");
    scheme.validate();
    const auto again = anb::construct::TrainingScheme::from_json(scheme.to_json(), "again");
    check(again.to_json() == scheme.to_json());
  } catch (const std::invalid_argument& e) {
    check(std::string(e.what()).find("fuzz/scheme.json") != std::string::npos);
  }
  return 0;
}
