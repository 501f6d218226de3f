#include "anb/space/describe.h"

#include <vector>

#include "anb/space/cost.h"
#include "anb/space/search_space.h"

namespace anb::space {

nlohmann::json describe(const Architecture& arch) {
  const Cost c = cost(arch);
  const auto enc = encode(arch);
  return {{"arch", arch.to_string()}, {"encoding", std::vector<double>(enc.begin(), enc.end())},
          {"index", index_of(arch)},  {"macs", c.mmacs()},
          {"params", c.mparams()},    {"record", arch.to_json()}};
}

nlohmann::json stages_json(const Architecture& arch) {
  nlohmann::json out = nlohmann::json::array();
  for (int s = 0; s < kNumStages; ++s) {
    const Stage& st = arch.stage(s);
    out.push_back({{"stage", s},
                   {"expansion", st.expansion},
                   {"kernel", st.kernel},
                   {"layers", st.layers},
                   {"se", st.se}});
  }
  return out;
}

}  // namespace anb::space
