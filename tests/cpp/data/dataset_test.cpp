#include "anb/data/dataset.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "anb/io/atomic_file.h"

namespace anb::data {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = ANB_FIXTURES_DIR;

std::vector<std::string> ids_of(const Dataset& d) {
  std::vector<std::string> out;
  for (const Record& r : d.records()) out.push_back(r.id);
  return out;
}

TEST(Dataset, LoadsADirectoryRecursivelySkippingNonRecords) {
  const Dataset d = Dataset::load(kFixtures / "records");
  // sorted by path; metadata.json, .hidden.json, notes.txt and splits/ are not records
  EXPECT_EQ(ids_of(d), (std::vector<std::string>{"result_10.json", "result_2.json", "result_3.json",
                                                 "result_0.json", "result_1.json"}));
  EXPECT_TRUE(d.problems().empty());
}

TEST(Dataset, TarGzTarAndDirectoryGiveTheSameRecords) {
  const Dataset dir = Dataset::load(kFixtures / "records");
  const Dataset gz = Dataset::load(kFixtures / "archives" / "records.tar.gz");
  const Dataset tar = Dataset::load(kFixtures / "archives" / "records.tar");
  ASSERT_EQ(gz.size(), 5u);
  ASSERT_EQ(tar.size(), 5u);
  for (const Record& r : gz.records()) {
    EXPECT_EQ(r.to_json(), dir.by_id(r.id).to_json()) << r.id;
    EXPECT_EQ(r.to_json(), tar.by_id(r.id).to_json()) << r.id;
  }
  const std::string bytes = io::read_file(kFixtures / "archives" / "records.tar.gz");
  EXPECT_EQ(Dataset::load_archive_bytes(bytes, "mem").fingerprint(), gz.fingerprint());
}

TEST(Dataset, LoadsASingleRecordFile) {
  const Dataset d = Dataset::load(kFixtures / "records" / "result_1.json");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].id, "result_1.json");
}

TEST(Dataset, ByIdAndSubsets) {
  const Dataset d = Dataset::load(kFixtures / "records");
  EXPECT_DOUBLE_EQ(*d.by_id("result_2.json").val_top1, 45.25);
  EXPECT_THROW(d.by_id("result_99.json"), std::out_of_range);
  const Dataset s = d.subset({"result_1.json", "result_0.json"});
  EXPECT_EQ(ids_of(s), (std::vector<std::string>{"result_1.json", "result_0.json"}));
  try {
    d.subset({"result_0.json", "nope.json"});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'nope.json'"), std::string::npos);
  }
}

TEST(Dataset, SplitListsBesideTheData) {
  const fs::path data = kFixtures / "records";
  const auto train = default_split_list(data, "train");
  ASSERT_TRUE(train.has_value());
  EXPECT_EQ(*train, data / "splits" / "train.txt");
  const Dataset d = Dataset::load(data);
  EXPECT_EQ(ids_of(d.subset_from_list(*train)),
            (std::vector<std::string>{"result_0.json", "result_2.json", "result_10.json"}));
  // a tarball's lists are in the folder holding it
  EXPECT_EQ(default_split_list(data / "result_0.json", "val"), data / "splits" / "val.txt");
  EXPECT_FALSE(default_split_list(kFixtures / "archives" / "records.tar.gz", "train").has_value());
}

TEST(Dataset, SeveralSplitListsAreJoinedOnceEachAndOverlapIsCounted) {
  const fs::path data = kFixtures / "records";
  const Dataset d = Dataset::load(data);
  const Dataset train = d.subset_from_list(data / "splits" / "train.txt");
  const Dataset val = d.subset_from_list(data / "splits" / "val.txt");
  const Dataset both = d.subset_from_lists(
      {data / "splits" / "train.txt", data / "splits" / "val.txt", data / "splits" / "train.txt"});
  std::vector<std::string> expected = ids_of(train);
  for (const auto& id : ids_of(val)) expected.push_back(id);
  EXPECT_EQ(ids_of(both), expected);  // the third list adds nothing
  EXPECT_EQ(val.shared_ids(train), 0u);
  EXPECT_EQ(val.shared_ids(both), val.size());
  EXPECT_EQ(both.shared_ids(val), val.size());
  EXPECT_EQ(d.shared_ids(Dataset{}), 0u);
  EXPECT_THROW(d.subset_from_lists({data / "splits" / "train.txt", data / "nope.txt"}),
               std::runtime_error);
}

TEST(Dataset, SplitListNamingAMissingRecordIsAnError) {
  const fs::path list = fs::temp_directory_path() / ("anb_list_" + std::to_string(::getpid()));
  io::write_file_atomic(list, "result_0.json\nresult_404.json\n");
  const Dataset d = Dataset::load(kFixtures / "records");
  try {
    d.subset_from_list(list);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(list.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("result_404.json"), std::string::npos) << e.what();
  }
  fs::remove(list);
}

TEST(Dataset, DuplicatesAndDeduplication) {
  const Dataset d = Dataset::load(kFixtures / "records");
  // result_0 / result_10 share an architecture, and so do result_1 / result_3 (B0)
  const auto groups = d.duplicate_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(d[groups[0][0]].id, "result_10.json");
  EXPECT_EQ(d[groups[0][1]].id, "result_0.json");
  const Dataset unique = d.deduplicated();
  EXPECT_EQ(ids_of(unique),
            (std::vector<std::string>{"result_2.json", "result_0.json", "result_1.json"}));
  EXPECT_TRUE(unique.duplicate_groups().empty());
}

TEST(Dataset, RandomSplitIsSeededAndComplete) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const auto [a, b] = d.random_split(0.6, 7);
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(b.size(), 2u);
  const auto [a2, b2] = d.random_split(0.6, 7);
  EXPECT_EQ(ids_of(a), ids_of(a2));
  EXPECT_EQ(ids_of(b), ids_of(b2));
  std::vector<std::string> all = ids_of(a);
  for (const auto& id : ids_of(b)) all.push_back(id);
  std::sort(all.begin(), all.end());
  std::vector<std::string> expected = ids_of(d);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(all, expected);
  bool differs = false;
  for (std::uint64_t seed = 0; seed < 20 && !differs; ++seed) {
    differs = ids_of(d.random_split(0.6, seed).first) != ids_of(a);
  }
  EXPECT_TRUE(differs);
  EXPECT_EQ(d.random_split(0.0, 1).first.size(), 0u);
  EXPECT_EQ(d.random_split(1.0, 1).first.size(), 5u);
  EXPECT_THROW(d.random_split(1.5, 1), std::invalid_argument);
  EXPECT_THROW(d.random_split(std::nan(""), 1), std::invalid_argument);
}

TEST(Dataset, TargetNamesAndWithTarget) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const std::vector<std::string> names = d.target_names();
  ASSERT_EQ(names.size(), 13u);  // 9 original + 2 H200 + train_time and val_top5
  EXPECT_EQ(names.front(), "accuracy");
  EXPECT_TRUE(std::is_sorted(names.begin() + 1, names.end()));
  EXPECT_EQ(d.with_target("accuracy").size(), 4u);
  EXPECT_EQ(d.with_target("throughput_tpuv3").size(), 3u);  // result_1 has null
  EXPECT_EQ(d.with_target("latency_zcu102").size(), 3u);    // result_2 has null FPGA values
  EXPECT_EQ(d.with_target("throughput_h200").size(), 1u);
}

TEST(Dataset, FingerprintIsStableAndSensitive) {
  const Dataset d = Dataset::load(kFixtures / "records");
  EXPECT_EQ(d.fingerprint(), Dataset::load(kFixtures / "records").fingerprint());
  EXPECT_EQ(d.fingerprint().size(), 64u);
  std::vector<Record> changed = d.records();
  changed[0].val_top1 = *changed[0].val_top1 + 1e-9;
  EXPECT_NE(Dataset(changed).fingerprint(), d.fingerprint());
  std::vector<Record> meta = d.records();
  meta[0].metadata = {{"note", "metadata is not part of the fingerprint"}};
  EXPECT_EQ(Dataset(meta).fingerprint(), d.fingerprint());
  std::vector<Record> reordered = d.records();
  std::swap(reordered[0], reordered[1]);
  EXPECT_NE(Dataset(reordered).fingerprint(), d.fingerprint());
}

TEST(Dataset, LoadMergedJoinsByArchitecture) {
  const fs::path dir = fs::temp_directory_path() / ("anb_merge_" + std::to_string(::getpid()));
  io::write_file_atomic(dir / "acc" / "result_1.json",
                        io::read_file(kFixtures / "records" / "result_1.json"));
  io::write_file_atomic(dir / "acc" / "result_2.json",
                        io::read_file(kFixtures / "records" / "nested" / "result_2.json"));
  io::write_file_atomic(dir / "dev" / "result_3.json",
                        io::read_file(kFixtures / "records" / "nested" / "result_3.json"));
  io::write_file_atomic(dir / "dev" / "result_0.json",
                        io::read_file(kFixtures / "records" / "result_0.json"));
  const Dataset m = Dataset::load_merged({dir / "acc", dir / "dev"});
  fs::remove_all(dir);
  EXPECT_EQ(ids_of(m),
            (std::vector<std::string>{"result_1.json", "result_2.json", "result_0.json"}));
  EXPECT_DOUBLE_EQ(*m.by_id("result_1.json").target("throughput_h200"), 19000.5);
  EXPECT_DOUBLE_EQ(*m.by_id("result_1.json").target("accuracy"), 65.5);
  EXPECT_FALSE(m.by_id("result_2.json").target("throughput_h200").has_value());
  EXPECT_THROW(Dataset::load_merged({}), std::invalid_argument);
}

}  // namespace
}  // namespace anb::data
