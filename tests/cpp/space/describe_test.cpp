#include "anb/space/describe.h"

#include <gtest/gtest.h>

#include "anb/space/cost.h"
#include "anb/space/search_space.h"

namespace anb::space {
namespace {

TEST(DescribeTest, HoldsTheCanonicalFormIndexCostAndRecord) {
  const Architecture b0 = Architecture::efficientnet_b0();
  const nlohmann::json j = describe(b0);
  EXPECT_EQ(j["arch"], "e1666666-k3353553-l1223341-seTTTTTTT");
  EXPECT_EQ(j["index"], index_of(b0));
  EXPECT_EQ(j["macs"].get<double>(), cost(b0).mmacs());
  EXPECT_EQ(j["params"].get<double>(), cost(b0).mparams());
  EXPECT_EQ(j["encoding"].size(), static_cast<std::size_t>(kNumDecisions));
  EXPECT_EQ(Architecture::from_json(j["record"]), b0);
}

TEST(DescribeTest, StagesInOrderWithEveryDecision) {
  const Architecture a = Architecture::parse("e1466141-k3535553-l3213341-seTFTFFFT");
  const nlohmann::json s = stages_json(a);
  ASSERT_EQ(s.size(), static_cast<std::size_t>(kNumStages));
  for (int i = 0; i < kNumStages; ++i) {
    const auto k = static_cast<std::size_t>(i);
    EXPECT_EQ(s[k]["stage"], i);
    EXPECT_EQ(s[k]["expansion"], a.stage(i).expansion);
    EXPECT_EQ(s[k]["kernel"], a.stage(i).kernel);
    EXPECT_EQ(s[k]["layers"], a.stage(i).layers);
    EXPECT_EQ(s[k]["se"], a.stage(i).se);
  }
  EXPECT_EQ(s[5]["layers"], 4);
  EXPECT_EQ(s[1]["se"], false);
}

}  // namespace
}  // namespace anb::space
