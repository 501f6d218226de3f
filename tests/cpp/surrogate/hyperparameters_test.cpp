#include "anb/surrogate/hyperparameters.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anb/data/targets.h"
#include "anb/io/atomic_file.h"

namespace anb::surrogate {
namespace {

TEST(Hyperparameters, BuiltInDefaultsEqualTheShippedConfigFile) {
  const auto file =
      HyperparameterSet::load(std::string(ANB_SOURCE_DIR) + "/config/surrogate_defaults.json");
  EXPECT_EQ(file.to_json(), HyperparameterSet::defaults().to_json())
      << "run scripts/embed-surrogate-defaults after editing config/surrogate_defaults.json";
}

TEST(Hyperparameters, DefaultsCoverTheNineOriginalTargetsWithShallowTrees) {
  const auto set = HyperparameterSet::defaults();
  for (const auto& t : data::original_targets()) {
    ASSERT_TRUE(set.targets.count(t)) << t;
    EXPECT_LE(set.for_target(t).max_depth, 4) << t;  // paths the table evaluator compiles
    EXPECT_EQ(set.for_target(t).tree_method, "hist") << t;
  }
  EXPECT_NO_THROW(set.validate());
}

TEST(Hyperparameters, TargetEntriesStartFromTheDefaultEntry) {
  const auto set = HyperparameterSet::from_json(
      nlohmann::json::parse(R"({"default": {"max_depth": 2, "members": 3},
                                "targets": {"accuracy": {"members": 7}}})"),
      "test");
  EXPECT_EQ(set.for_target("accuracy").members, 7);
  EXPECT_EQ(set.for_target("accuracy").max_depth, 2);
  EXPECT_EQ(set.for_target("throughput_h200").members, 3);
}

TEST(Hyperparameters, RejectsUnknownKeysBadTypesAndOutOfRangeValues) {
  const auto parse = [](const char* text) {
    return HyperparameterSet::from_json(nlohmann::json::parse(text), "cfg.json");
  };
  EXPECT_THROW(parse(R"({"default": {"maxdepth": 3}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"max_depth": "deep"}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"targets": {"accuracy": {"learning_rate": 0}}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"targets": {"speed": {}}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"defaults": {}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"transform": "sqrt"}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"tree_method": "approx"}})"), std::invalid_argument);
  try {
    parse(R"({"targets": {"accuracy": {"subsample": 1.5}}})");
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("cfg.json"), std::string::npos) << m;
    EXPECT_NE(m.find("subsample = 1.5"), std::string::npos) << m;
  }
}

TEST(Hyperparameters, LoadNamesTheFileOnMalformedJson) {
  const auto path = std::filesystem::temp_directory_path() / "anb-bad-hyper.json";
  io::write_file_atomic(path, "{\"default\": ");
  try {
    HyperparameterSet::load(path.string());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
  std::filesystem::remove(path);
  EXPECT_THROW(HyperparameterSet::load(path.string()), std::runtime_error);
}

TEST(Hyperparameters, ReadsTreeShapeAndTransformSettings) {
  const auto set = HyperparameterSet::from_json(
      nlohmann::json::parse(R"({"targets": {"accuracy": {"grow_policy": "lossguide", "max_depth": 4,
          "max_leaves": 8, "transform": "log_headroom", "headroom": 0.3}}})"),
      "test");
  const auto& h = set.for_target("accuracy");
  EXPECT_EQ(h.grow_policy, "lossguide");
  EXPECT_EQ(h.max_leaves, 8);
  EXPECT_EQ(h.transform.kind, Transform::Kind::kLogHeadroom);
  EXPECT_DOUBLE_EQ(h.transform.headroom, 0.3);
  // The JSON form round-trips.
  EXPECT_EQ(Hyperparameters::from_json(h.to_json(), "again").to_json(), h.to_json());
}

TEST(Hyperparameters, RejectsInconsistentTreeShapeAndTransformSettings) {
  const auto parse = [](const char* text) {
    return HyperparameterSet::from_json(nlohmann::json::parse(text), "cfg.json");
  };
  EXPECT_THROW(parse(R"({"default": {"grow_policy": "leafwise"}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"grow_policy": "lossguide"}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"max_leaves": -1}})"), std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"grow_policy": "lossguide", "max_leaves": 5,
                                      "tree_method": "exact"}})"),
               std::invalid_argument);
  EXPECT_THROW(parse(R"({"default": {"transform": "log_headroom", "headroom": 0}})"),
               std::invalid_argument);
  try {
    parse(R"({"targets": {"accuracy": {"transform": "log", "headroom": 0.2}}})");
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("cfg.json: targets.accuracy"), std::string::npos) << m;
    EXPECT_NE(m.find("headroom"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace anb::surrogate
