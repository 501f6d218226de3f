// libFuzzer target: one ensemble member's XGBoost JSON model (TreeEnsemble::from_xgboost_json,
// i.e. the bounded JSON parse and every structural check of tree_parse). Every input either
// loads into an ensemble whose predictions are finite, or is rejected with
// std::invalid_argument naming the file; anything else (another exception, a crash, a sanitizer
// report, a stack overflow on deep nesting) is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "anb/space/architecture.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/tree_ensemble.h"

#include "fuzz_check.h"

using anb::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  anb::surrogate::TreeEnsemble ensemble;
  try {
    ensemble = anb::surrogate::TreeEnsemble::from_xgboost_json({text}, {"fuzz/member_0.json"});
  } catch (const std::invalid_argument& e) {
    check(std::string(e.what()).find("fuzz/member_0.json") != std::string::npos);
    return 0;
  }
  check(ensemble.num_members() == 1);
  for (const auto& arch :
       {anb::space::Architecture::efficientnet_b0(), anb::space::from_index(0)}) {
    const auto x = anb::space::encode(arch);
    double mean = 0.0, sd = 0.0;
    ensemble.predict(x.data(), mean, sd);
    check(std::isfinite(mean) && sd == 0.0);
  }
  return 0;
}
