// libFuzzer target: a model directory's manifest.json (the bounded JSON parse and
// Manifest::from_json with every value check). Every input either parses into a manifest that
// round-trips through its JSON form, or is rejected with std::invalid_argument (not JSON, too
// deep) or std::runtime_error (a bad field) naming the file; anything else (another exception,
// a crash, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "anb/data/targets.h"
#include "anb/io/json.h"
#include "anb/surrogate/model_dir.h"

#include "fuzz_check.h"

namespace {

using anb::fuzz::check;

bool names_file(const std::exception& e) {
  return std::string(e.what()).find("fuzz/manifest.json") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json j;
  try {
    j = anb::io::parse_json(text, "fuzz/manifest.json");
  } catch (const std::invalid_argument& e) {
    check(names_file(e));
    return 0;
  }
  anb::surrogate::Manifest m;
  try {
    m = anb::surrogate::Manifest::from_json(j, "fuzz/manifest.json");
  } catch (const std::runtime_error& e) {
    check(names_file(e));
    return 0;
  }
  for (const auto& t : m.targets) {
    check(anb::data::is_target_name(t.name));
    check(t.direction == "maximize" || t.direction == "minimize");
    for (const auto& member : t.members) {
      check(member.file.find("..") == std::string::npos && !member.file.empty() &&
            member.file.front() != '/');
      check(member.fold >= 0 && member.fold < 100 && member.rounds >= 0);
    }
    if (t.transform.kind == anb::surrogate::Transform::Kind::kLogHeadroom) {
      check(t.transform.ceiling > 0.0 && t.transform.ceiling <= 1e12);
    }
  }
  const anb::surrogate::Manifest again =
      anb::surrogate::Manifest::from_json(m.to_json(), "fuzz/manifest.json (again)");
  check(again.to_json() == m.to_json());
  return 0;
}
