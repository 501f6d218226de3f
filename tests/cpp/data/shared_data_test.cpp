// Facts of the shared Accel-NASBench train/val records (real_data.h; label realdata, skipped
// without the data): every record valid, computed MACs/params exact on every record, duplicates,
// nulls and the split lists.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "anb/data/dataset.h"
#include "anb/data/targets.h"
#include "anb/space/cost.h"
#include "real_data.h"

namespace anb::data {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> original_targets_sorted() {
  std::vector<std::string> names = original_targets();
  std::sort(names.begin() + 1, names.end());
  return names;
}

class SharedDataRealData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (fs::exists(tarball())) data_ = std::make_unique<Dataset>(Dataset::load(tarball()));
  }
  static void TearDownTestSuite() { data_.reset(); }
  void SetUp() override { ANB_REQUIRE_REAL_DATA("anb_dataset_trainval.tar.gz"); }
  static fs::path tarball() { return anb::testing::real_data("anb_dataset_trainval.tar.gz"); }
  static const Dataset& data() { return *data_; }

 private:
  static std::unique_ptr<Dataset> data_;
};

std::unique_ptr<Dataset> SharedDataRealData::data_;

TEST_F(SharedDataRealData, HoldsEveryTrainValRecordAndAllAreValid) {
  EXPECT_EQ(data().size(), 4626u);
  EXPECT_TRUE(data().problems().empty());
  for (const Record& r : data().records()) {
    ASSERT_TRUE(r.val_top1 && r.val_top5 && r.train_time && r.macs && r.params) << r.id;
    ASSERT_EQ(r.perf.size(), 8u) << r.id;
  }
}

TEST_F(SharedDataRealData, ComputedMacsAndParamsEqualModelInfoOnEveryRecord) {
  double max_macs_err = 0.0, max_params_err = 0.0;
  for (const Record& r : data().records()) {
    const space::Cost c = space::cost(r.arch);
    max_macs_err = std::max(max_macs_err, std::abs(c.mmacs() - *r.macs));
    max_params_err = std::max(max_params_err, std::abs(c.mparams() - *r.params));
    // model_info is printed with 6 decimals: the integer counts match exactly
    ASSERT_EQ(c.macs, std::llround(*r.macs * 1e6)) << r.id << " " << r.arch.to_string();
    ASSERT_EQ(c.params, std::llround(*r.params * 1e6)) << r.id << " " << r.arch.to_string();
  }
  EXPECT_LE(max_macs_err, 1e-6);
  EXPECT_LE(max_params_err, 1e-6);
}

TEST_F(SharedDataRealData, TenDuplicateArchitectures) {
  // reference.md: 13 exact duplicates in the full 5,138 records (result_0…13 except 9, re-trained
  // as 443…455); 10 of those pairs lie inside train+val.
  const auto groups = data().duplicate_groups();
  EXPECT_EQ(groups.size(), 10u);
  for (const auto& g : groups) EXPECT_EQ(g.size(), 2u);
  const Dataset unique = data().deduplicated();
  EXPECT_EQ(unique.size(), 4616u);
  EXPECT_NO_THROW(unique.by_id("result_0.json"));  // kept: lexicographically first
  EXPECT_THROW(unique.by_id("result_443.json"), std::out_of_range);
}

TEST_F(SharedDataRealData, NullsOnlyWhereTheOriginalHasThem) {
  std::vector<std::string> names = original_targets_sorted();
  names.push_back("train_time");
  names.push_back("val_top5");
  EXPECT_EQ(data().target_names(), names);
  const std::map<std::string, std::size_t> nulls = {
      {"accuracy", 0},        {"throughput_a100", 0},   {"throughput_3090", 3},
      {"throughput_tpuv2", 36}, {"throughput_tpuv3", 39}, {"throughput_zcu102", 2},
      {"throughput_vck190", 2}, {"latency_zcu102", 2},    {"latency_vck190", 2}};
  for (const auto& [target, n] : nulls) {
    EXPECT_EQ(data().size() - data().with_target(target).size(), n) << target;
  }
  for (const Record& r : data().records()) {
    for (const auto& [name, m] : r.perf) {
      const bool fpga = name.find("zcu102") != std::string::npos ||
                        name.find("vck190") != std::string::npos;
      const bool std_expected = !fpga && m.mean.has_value();
      EXPECT_EQ(m.std.has_value(), std_expected) << r.id << " " << name;
    }
  }
}

TEST_F(SharedDataRealData, SplitListsCoverTheUniqueRecords) {
  const auto train = default_split_list(tarball(), "train");
  const auto val = default_split_list(tarball(), "val");
  ASSERT_TRUE(train && val);
  const Dataset t = data().subset_from_list(*train);
  const Dataset v = data().subset_from_list(*val);
  EXPECT_EQ(t.size(), 4100u);
  EXPECT_EQ(v.size(), 512u);
  EXPECT_TRUE(t.duplicate_groups().empty());
  EXPECT_EQ(t[0].id, "result_4622.json");  // the list's order
}

TEST_F(SharedDataRealData, H200RecordsJoinTheAccuracyRecordsByArchitecture) {
  ANB_REQUIRE_REAL_DATA("devices/h200/h200_records.tar.gz");
  const fs::path h200 = anb::testing::real_data("devices/h200/h200_records.tar.gz");
  const Dataset devices = Dataset::load(h200);
  EXPECT_EQ(devices.size(), 580u);
  const Dataset merged = Dataset::load_merged({tarball(), h200});
  EXPECT_EQ(merged.size(), data().size());  // every H200 architecture is a train/val one
  const Dataset both = merged.with_target("throughput_h200").with_target("accuracy");
  EXPECT_GE(both.size(), devices.size());  // duplicates of an architecture all get the values
  for (const Record& d : devices.records()) {
    const Record& r = merged.by_id(d.id);
    ASSERT_EQ(r.arch, d.arch) << d.id;
    EXPECT_EQ(r.target("latency_h200"), d.target("latency_h200")) << d.id;
    EXPECT_EQ(r.target("accuracy"), data().by_id(d.id).target("accuracy")) << d.id;
  }
}

TEST_F(SharedDataRealData, RecordsRoundTripThroughJson) {
  for (std::size_t i = 0; i < data().size(); i += 97) {
    const Record& r = data()[i];
    EXPECT_EQ(Record::from_json(r.to_json(), r.id).to_json(), r.to_json()) << r.id;
  }
}

}  // namespace
}  // namespace anb::data
