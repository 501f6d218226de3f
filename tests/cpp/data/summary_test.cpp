#include "anb/data/summary.h"

#include <gtest/gtest.h>

#include "anb/space/cost.h"

namespace anb::data {
namespace {

const std::filesystem::path kFixtures = ANB_FIXTURES_DIR;

TEST(Summary, CountsDuplicatesNullsAndRanges) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const DataSummary s = summarize(d);
  EXPECT_EQ(s.records, 5u);
  EXPECT_EQ(s.invalid, 0u);
  EXPECT_EQ(s.duplicates, 2u);
  EXPECT_EQ(s.unique_architectures, 3u);
  ASSERT_EQ(s.duplicate_groups.size(), 2u);
  EXPECT_EQ(s.duplicate_groups[0], (std::vector<std::string>{"result_10.json", "result_0.json"}));
  ASSERT_EQ(s.targets.size(), 11u);
  const TargetSummary& acc = s.targets[0];
  EXPECT_EQ(acc.name, "accuracy");
  EXPECT_EQ(acc.count, 4u);
  EXPECT_EQ(acc.nulls, 1u);  // the device-only record
  EXPECT_DOUBLE_EQ(acc.min, 45.25);
  EXPECT_DOUBLE_EQ(acc.max, 65.5);
  EXPECT_DOUBLE_EQ(acc.mean, (59.368 + 65.5 + 45.25 + 59.5) / 4);
  EXPECT_EQ(s.targets[1].name, "throughput_a100");  // canonical order, then new devices
  EXPECT_EQ(s.targets[9].name, "latency_h200");
  EXPECT_EQ(s.fingerprint, d.fingerprint());
}

TEST(Summary, ModelInfoDeviation) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const DataSummary s = summarize(d);
  EXPECT_EQ(s.model_info_records, 5u);
  // result_2's made-up model_info is not the exact value of its architecture
  const Record& r = d.by_id("result_2.json");
  const space::Cost c = space::cost(r.arch);
  EXPECT_EQ(s.macs_worst_record, "result_2.json");
  EXPECT_DOUBLE_EQ(s.macs_max_abs_err, std::abs(c.mmacs() - *r.macs));
  EXPECT_EQ(s.params_worst_record, "result_2.json");
  EXPECT_GT(s.params_max_abs_err, 0.0);
}

TEST(Summary, JsonHasTheDocumentedKeysAndProblems) {
  LoadOptions lenient;
  lenient.strict = false;
  const Dataset d = Dataset::load(kFixtures / "broken", lenient);
  const nlohmann::ordered_json j = to_json(summarize(d), d);
  for (const char* key : {"records", "invalid", "duplicates", "macs_max_abs_err",
                          "params_max_abs_err", "targets", "problems", "fingerprint"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j.begin().key(), "records");
  EXPECT_EQ(j.at("records"), 0);
  EXPECT_EQ(j.at("invalid"), d.problems().size());
  EXPECT_EQ(j.at("problems").size(), d.problems().size());
  EXPECT_TRUE(j.at("problems")[0].contains("file"));
}

}  // namespace
}  // namespace anb::data
