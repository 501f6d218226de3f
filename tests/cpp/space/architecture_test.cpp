#include "anb/space/architecture.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "anb/space/search_space.h"
#include "space/architecture_printer.h"

namespace anb::space {
namespace {

std::string parse_error(std::string_view text) {
  try {
    Architecture::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "'" << text << "' was accepted";
  return "";
}

TEST(Architecture, EfficientNetB0CanonicalString) {
  const Architecture b0 = Architecture::efficientnet_b0();
  EXPECT_EQ(b0.to_string(), "e1666666-k3353553-l1223341-seTTTTTTT");
  EXPECT_EQ(b0.total_layers(), 16);
  EXPECT_EQ(Architecture::parse("efficientnet-b0"), b0);
  EXPECT_EQ(Architecture::parse("EfficientNet_B0"), b0);
  EXPECT_EQ(Architecture::parse("  e1666666-k3353553-l1223341-seTTTTTTT\n"), b0);
  EXPECT_EQ(Architecture::parse("e1666666-k3353553-l1223341-se1111111"), b0);
  EXPECT_EQ(Architecture::parse("e1666666-k3353553-l1223341-settttttt"), b0);
}

TEST(Architecture, DefaultIsTheSmallestWithoutSe) {
  const Architecture a;
  EXPECT_EQ(a.to_string(), "e1111111-k3333333-l1111111-seFFFFFFF");
  EXPECT_EQ(a.total_layers(), 7);
}

TEST(Architecture, JsonRecordForm) {
  const Architecture b0 = Architecture::efficientnet_b0();
  const nlohmann::json j = b0.to_json();
  ASSERT_EQ(j.size(), 28u);
  EXPECT_EQ(j.at("block0_e"), 1);
  EXPECT_EQ(j.at("block5_l"), 4);
  EXPECT_EQ(j.at("block2_k"), 5);
  EXPECT_EQ(j.at("block6_se"), true);
  EXPECT_EQ(Architecture::from_json(j), b0);
  EXPECT_EQ(Architecture::parse(j.dump()), b0);
}

TEST(Architecture, StageAccessorsAndDomainChecks) {
  std::array<Stage, kNumStages> stages{};
  stages[5] = Stage{6, 5, 4, true};
  const Architecture a(stages);
  EXPECT_EQ(a.stage(5).layers, 4);
  EXPECT_THROW(a.stage(7), std::out_of_range);
  stages[2].layers = 4;  // only stage 5 has four layers
  EXPECT_THROW(Architecture{stages}, std::invalid_argument);
  stages[2] = Stage{5, 3, 1, false};
  try {
    Architecture{stages};
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("block2_e = 5 is not one of {1, 4, 6}"), std::string::npos)
        << e.what();
  }
}

TEST(Architecture, UnparsableStringsSayWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "is empty"},
      {"resnet50", "expected 4 groups"},
      {"e1666666-k3353553-l1223341", "expected 4 groups"},
      {"e1666666-k3353553-l1223341-seTTTTTTT-x", "expected 4 groups"},
      {"e166666-k3353553-l1223341-seTTTTTTT", "needs one character per stage (7), has 6"},
      {"e16666666-k3353553-l1223341-seTTTTTTT", "has 8"},
      {"x1666666-k3353553-l1223341-seTTTTTTT", "should start with 'e'"},
      {"e1666666-k3353553-l1223341-xxTTTTTTT", "should start with 'se'"},
      {"e5666666-k3353553-l1223341-seTTTTTTT", "block0_e = 5 is not one of {1, 4, 6}"},
      {"e1666666-k3353553-l1223351-seTTTTTTT", "block5_l = 5 is not one of {1, 2, 3, 4}"},
      {"e1666666-k3353553-l1243341-seTTTTTTT", "block2_l = 4 is not one of {1, 2, 3}"},
      {"e1666666-k3353573-l1223341-seTTTTTTT", "block5_k = 7 is not one of {3, 5}"},
      {"e1666a66-k3353553-l1223341-seTTTTTTT", "stage 4 value 'a' is not a digit"},
      {"e1666666-k3353553-l1223341-seTTTTTTX", "stage 6 SE 'X' is not T or F"},
      {"{\"block0_e\": 1", "malformed JSON"},
      {"{\"block0_e\": 1}", "missing field 'block0_k'"},
      {"[1, 2]", "expected 4 groups"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string message = parse_error(text);
    EXPECT_NE(message.find(expected), std::string::npos)
        << "'" << text << "': '" << message << "' lacks '" << expected << "'";
    if (!text.empty()) {
      EXPECT_NE(message.find(text), std::string::npos) << message;  // quotes it
    }
  }
}

TEST(Architecture, JsonFormErrorsNameTheField) {
  nlohmann::json j = Architecture::efficientnet_b0().to_json();
  j["block3_se"] = 1;
  const auto message_of = [](const nlohmann::json& object) {
    try {
      Architecture::from_json(object, "file.json");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message_of(j), "file.json: field 'block3_se' = 1: must be true or false");
  j = Architecture::efficientnet_b0().to_json();
  j["block7_e"] = 1;
  EXPECT_NE(message_of(j).find("unknown architecture field 'block7_e'"), std::string::npos);
  j = Architecture::efficientnet_b0().to_json();
  j["block1_k"] = 5.0;
  EXPECT_NE(message_of(j).find("'block1_k' = 5.0: must be an integer"), std::string::npos);
  EXPECT_NE(message_of(nlohmann::json::array()).find("is not a JSON object"), std::string::npos);
  j = Architecture::efficientnet_b0().to_json();
  j["block0_e"] = 4294967297ULL;  // would wrap to 1 as an int
  EXPECT_NE(message_of(j).find("'block0_e' = 4294967297: is out of range"), std::string::npos);
  j["block0_e"] = std::numeric_limits<std::int64_t>::min();
  EXPECT_NE(message_of(j).find("is out of range"), std::string::npos);
}

TEST(Architecture, OrderAndHashFollowTheIndex) {
  const auto archs = sample(200, 3);
  std::unordered_set<Architecture, ArchitectureHash> set(archs.begin(), archs.end());
  for (const Architecture& a : archs) {
    EXPECT_EQ(set.count(a), 1u);
    EXPECT_FALSE(a < a);
    for (std::size_t j = 0; j < 5; ++j) {
      EXPECT_EQ(a < archs[j], index_of(a) < index_of(archs[j]));
    }
  }
}

}  // namespace
}  // namespace anb::space
