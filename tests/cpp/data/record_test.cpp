#include "anb/data/record.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "../error_message.h"
#include "anb/io/atomic_file.h"
#include "anb/space/search_space.h"

namespace anb::data {
namespace {

std::string fixture(const std::string& name) {
  return io::read_file(std::string(ANB_FIXTURES_DIR) + "/" + name);
}

// The message of the std::invalid_argument thrown by `f` (fails the test if none is thrown).
template <typename F>
std::string error_of(F f) {
  return anb::testing::expected_error_of<std::invalid_argument>(f, "std::invalid_argument");
}

TEST(Record, ParsesTheOriginalForm) {
  const Record r = Record::parse(fixture("records/result_0.json"), "result_0.json");
  EXPECT_EQ(r.id, "result_0.json");
  EXPECT_EQ(r.arch.to_string(), "e6466611-k3535533-l1233222-seFFFFFFF");
  EXPECT_DOUBLE_EQ(*r.val_top1, 59.368);
  EXPECT_DOUBLE_EQ(*r.val_top5, 79.368);
  EXPECT_DOUBLE_EQ(*r.train_time, 2000.5);
  EXPECT_DOUBLE_EQ(*r.macs, 415.361072);
  EXPECT_DOUBLE_EQ(*r.params, 2.50116);
  ASSERT_EQ(r.perf.size(), 8u);
  EXPECT_DOUBLE_EQ(*r.perf.at("throughput_a100").mean, 7034.5);
  EXPECT_DOUBLE_EQ(*r.perf.at("throughput_a100").std, 7.5);
  EXPECT_DOUBLE_EQ(*r.perf.at("latency_zcu102").mean, 5.25);
  EXPECT_FALSE(r.perf.at("latency_zcu102").std.has_value());
  EXPECT_TRUE(r.metadata.is_null());
}

TEST(Record, TargetsFollowTheNamingScheme) {
  const Record r = Record::parse(fixture("records/result_1.json"), "result_1.json");
  EXPECT_DOUBLE_EQ(*r.target("accuracy"), 65.5);
  EXPECT_DOUBLE_EQ(*r.target("throughput_a100"), 8000.25);
  EXPECT_DOUBLE_EQ(*r.target("latency_vck190"), 3.5);
  EXPECT_FALSE(r.target("throughput_tpuv3").has_value());  // null in the record
  EXPECT_FALSE(r.target("throughput_h200").has_value());   // absent
  const std::vector<std::string> names = r.target_names();
  ASSERT_EQ(names.size(), 10u);  // 9 minus the null tpuv3, plus train_time and val_top5
  EXPECT_DOUBLE_EQ(*r.target("train_time"), *r.train_time);
  EXPECT_DOUBLE_EQ(*r.target("val_top5"), *r.val_top5);
  EXPECT_EQ(names.front(), "accuracy");
  EXPECT_TRUE(std::is_sorted(names.begin() + 1, names.end()));
}

TEST(Record, JsonRoundTripKeepsEveryValueAndNull) {
  for (const char* name : {"records/result_0.json", "records/result_1.json",
                           "records/nested/result_2.json", "records/nested/result_3.json"}) {
    const std::string text = fixture(name);
    const Record r = Record::parse(text, "x.json");
    EXPECT_EQ(r.to_json(), nlohmann::json::parse(text)) << name;
    const Record again = Record::from_json(r.to_json(), "x.json");
    EXPECT_EQ(again.to_json(), r.to_json());
  }
}

TEST(Record, DeviceOnlyRecordWithMetadata) {
  const Record r = Record::parse(fixture("records/nested/result_3.json"), "result_3.json");
  EXPECT_FALSE(r.val_top1.has_value());
  EXPECT_EQ(r.target_names(), (std::vector<std::string>{"latency_h200", "throughput_h200"}));
  EXPECT_DOUBLE_EQ(*r.perf.at("latency_h200").std, 0.25);
  EXPECT_EQ(r.metadata.at("device"), "made-up H200");
}

TEST(Record, MergeAddsOnlyMissingFields) {
  Record acc = Record::parse(fixture("records/result_1.json"), "result_1.json");
  const Record dev = Record::parse(fixture("records/nested/result_3.json"), "result_3.json");
  acc.merge(dev);
  EXPECT_EQ(acc.id, "result_1.json");
  EXPECT_DOUBLE_EQ(*acc.target("accuracy"), 65.5);
  EXPECT_DOUBLE_EQ(*acc.target("throughput_h200"), 19000.5);
  EXPECT_DOUBLE_EQ(*acc.target("throughput_a100"), 8000.25);  // kept
  EXPECT_EQ(acc.metadata.at("device"), "made-up H200");

  Record other = Record::parse(fixture("records/result_0.json"), "result_0.json");
  const std::string message = error_of([&] { other.merge(dev); });
  EXPECT_NE(message.find("architectures differ"), std::string::npos) << message;
}

TEST(Record, MergeFillsANullMeasurement) {
  Record a = Record::parse(fixture("records/result_1.json"), "a.json");
  Record b = a;
  b.perf["throughput_tpuv3"] = Measurement{1000.0, 3.0};
  a.merge(b);
  EXPECT_DOUBLE_EQ(*a.target("throughput_tpuv3"), 1000.0);
}

TEST(Record, ErrorsNameIdFieldAndValue) {
  const std::string text = fixture("broken/expansion_5.json");
  const std::string message = error_of([&] { Record::parse(text, "result_77.json"); });
  EXPECT_EQ(message.rfind("result_77.json: ", 0), 0u) << message;
  EXPECT_NE(message.find("block0_e = 5"), std::string::npos) << message;
}

TEST(Record, RejectsNonFiniteAndOutOfRangeNumbers) {
  nlohmann::json base = nlohmann::json::parse(fixture("records/result_0.json"));
  nlohmann::json j = base;
  j["metrics"]["val_top1"] = 101.0;
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("must be <= 100.0"),
            std::string::npos);
  j = base;
  j["metrics"]["train_time"] = std::numeric_limits<double>::infinity();
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("is not finite"), std::string::npos);
  j = base;
  j["model_info"]["params"] = 0.0;
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("model_info.params"),
            std::string::npos);
  j = base;
  j["metrics"]["val_top1"] = true;  // a bool is not a number
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("= true: is not a number"),
            std::string::npos);
  EXPECT_NE(error_of([&] { Record::parse("{\"a\": 1e999}", "r"); }).find("malformed JSON"),
            std::string::npos);
}

TEST(Record, StageIndicesBeyondTheSpaceAreErrorsNotCrashes) {
  // found by record_loader_fuzzer: "block99_*" once overflowed the stage table
  nlohmann::json j = nlohmann::json::parse(fixture("records/result_0.json"));
  for (const char* key : {"block99_e", "block64_se", "block3_x", "block_e", "blockXY_e"}) {
    nlohmann::json bad = j;
    bad["architecture"][key] = 1;
    const std::string message = error_of([&] { Record::from_json(bad, "r.json"); });
    EXPECT_NE(message.find(key), std::string::npos) << message;
  }
  for (int n = 1; n <= 99; n += 7) {  // blocks 0..n-1 all present: "has n stages" unless n = 7
    nlohmann::json bad = j;
    bad["architecture"] = nlohmann::json::object();
    for (int i = 0; i < n; ++i) {
      const std::string b = "block" + std::to_string(i) + "_";
      bad["architecture"][b + "e"] = 1;
      bad["architecture"][b + "k"] = 3;
      bad["architecture"][b + "l"] = 1;
      bad["architecture"][b + "se"] = false;
    }
    const std::string message = error_of([&] { Record::from_json(bad, "r.json"); });
    EXPECT_NE(message.find("has " + std::to_string(n) + " stages"), std::string::npos) << message;
  }
}

TEST(Record, RejectsARecordWithoutMeasurements) {
  nlohmann::json j = {{"architecture", space::Architecture().to_json()}};
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("has none of"), std::string::npos);
  j["metadata"] = "text";
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("'metadata' = \"text\""),
            std::string::npos);
}

TEST(Record, LongValuesAreAbbreviatedInMessages) {
  nlohmann::json j = nlohmann::json::parse(fixture("records/result_0.json"));
  j["metrics"]["val_top1"] = std::string(1000, 'x');
  const std::string message = error_of([&] { Record::from_json(j, "r"); });
  EXPECT_LT(message.size(), 200u) << message;
  j["metrics"]["val_top1"] = nlohmann::json::array({1, 2});
  EXPECT_NE(error_of([&] { Record::from_json(j, "r"); }).find("(an array)"), std::string::npos);
}

}  // namespace
}  // namespace anb::data
