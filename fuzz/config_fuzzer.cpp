// libFuzzer target: the configuration files a user hands to anb, parsed from the same bytes:
//  1. a surrogate hyperparameter set (`anb fit --config`, HyperparameterSet::from_json);
//  2. a hypervolume reference (`--hv-reference`, HypervolumeReference::parse).
// Errors must be std::invalid_argument naming the source; a set that loads must validate and
// round-trip through its JSON form. Anything else (another exception, a crash, a sanitizer
// report, a stack overflow on deep nesting) is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "anb/io/json.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/surrogate/hyperparameters.h"

#include "fuzz_check.h"

namespace {

using anb::fuzz::check;

void fuzz_hyperparameters(std::string_view text) {
  try {
    const auto set = anb::surrogate::HyperparameterSet::from_json(
        anb::io::parse_json(text, "fuzz/config.json"), "fuzz/config.json");
    set.validate();
    const auto again = anb::surrogate::HyperparameterSet::from_json(set.to_json(), "again");
    check(again.to_json() == set.to_json());
  } catch (const std::invalid_argument& e) {
    check(std::string(e.what()).find("fuzz/config.json") != std::string::npos);
  }
}

void fuzz_reference(std::string_view text) {
  try {
    (void)anb::search::HypervolumeReference::parse(text, "fuzz/reference.json");
  } catch (const std::invalid_argument& e) {
    check(std::string(e.what()).find("fuzz/reference.json") != std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz_hyperparameters(text);
  fuzz_reference(text);
  return 0;
}
