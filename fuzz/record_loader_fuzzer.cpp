// libFuzzer target: the record and tarball loaders on arbitrary bytes.
//  1. Record::parse: the bytes as one JSON record; a record that parses must round-trip through
//     its JSON form.
//  2. Dataset::load_archive_bytes: the bytes as a .tar / .tar.gz archive, loaded non-strictly
//     so that every member's record is validated; then the dataset helpers run over it.
// Errors must be std::invalid_argument (record) or std::runtime_error (archive); anything else
// (another exception, a crash, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "anb/data/dataset.h"
#include "anb/data/summary.h"

#include "fuzz_check.h"

namespace {

using anb::fuzz::check;

void fuzz_record(std::string_view bytes) {
  try {
    const anb::data::Record r = anb::data::Record::parse(bytes, "fuzz.json");
    const anb::data::Record again = anb::data::Record::from_json(r.to_json(), r.id);
    check(again.to_json() == r.to_json());
    for (const std::string& name : r.target_names()) check(r.target(name).has_value());
  } catch (const std::invalid_argument&) {
  }
}

void fuzz_archive(std::string_view bytes) {
  anb::data::LoadOptions options;
  options.strict = false;
  try {
    const anb::data::Dataset d = anb::data::Dataset::load_archive_bytes(bytes, "fuzz.tar", options);
    const anb::data::DataSummary s = anb::data::summarize(d);
    check(s.records + s.invalid >= 1);
    check(d.deduplicated().size() == s.unique_architectures);
  } catch (const std::runtime_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz_record(bytes);
  fuzz_archive(bytes);
  return 0;
}
