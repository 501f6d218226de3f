#include "anb/search/hypervolume_reference.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "anb/io/atomic_file.h"
#include "error_message.h"
#include "search/compare.h"

namespace anb::search {
namespace {

const char* kGood = R"({"format": "anb-hypervolume-reference", "version": 1,
  "data_ranges": {"accuracy": [42.85, 67.05], "latency_zcu102": [1.68, 23.58],
                  "throughput_a100": [4280, 30275]},
  "pairs": [{"objectives": ["accuracy", "latency_zcu102"], "reference": [40, 26],
             "ideal": [70, 1], "reward_target": 7},
            {"objectives": ["accuracy", "throughput_a100"], "reference": [40, 3000],
             "ideal": [70, 33000], "reward_target": 10000}]})";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

TEST(HypervolumeReference, ParsesPairsWithDirections) {
  const auto ref = HypervolumeReference::parse(kGood, "good.json");
  const auto& p = ref.pair("accuracy", "latency_zcu102");
  EXPECT_EQ(p.objectives[1].direction, Direction::kMinimize);
  EXPECT_EQ(p.bounds[1].reference, 26.0);
  EXPECT_EQ(p.reward_target, 7.0);
  const auto msg = anb::testing::error_of([&] { ref.pair("accuracy", "throughput_tpuv2"); });
  EXPECT_NE(msg.find("available: accuracy,latency_zcu102; accuracy,throughput_a100"),
            std::string::npos) << msg;
}

TEST(HypervolumeReference, BuiltInEqualsTheShippedConfigFile) {
  EXPECT_EQ(io::read_file(std::string(ANB_SOURCE_DIR) + "/config/hypervolume_reference.json"),
            std::string(builtin_reference_json()).substr(1))  // the raw string's first newline
      << "run scripts/embed-hypervolume-reference after editing config/hypervolume_reference.json";
  EXPECT_EQ(HypervolumeReference::builtin().source, kBuiltinSource);
}

TEST(HypervolumeReference, DefaultIsTheBuiltInUnlessTheEnvironmentNamesAFile) {
  ::unsetenv("ANB_HV_REFERENCE");
  EXPECT_EQ(default_reference().source, kBuiltinSource);
  const auto file = std::filesystem::temp_directory_path() /
                    ("anb-hv-reference-" + std::to_string(::getpid()) + ".json");
  io::write_file_atomic(file, kGood);
  ::setenv("ANB_HV_REFERENCE", file.c_str(), 1);
  const auto ref = default_reference();
  ::unsetenv("ANB_HV_REFERENCE");
  std::filesystem::remove(file);
  EXPECT_EQ(ref.source, file.string());
  EXPECT_EQ(ref.pairs.size(), 2u);
  const auto msg = anb::testing::error_of([&] { ref.pair("accuracy", "throughput_tpuv2"); });
  EXPECT_NE(msg.find("(accuracy, throughput_tpuv2) in " + file.string()), std::string::npos)
      << msg;
}

TEST(HypervolumeReference, ShippedFileCoversTheEightDeviceTargets) {
  const auto ref = HypervolumeReference::builtin();
  EXPECT_EQ(ref.pairs.size(), 8u);
  for (const char* t : {"throughput_a100", "throughput_3090", "throughput_tpuv2",
                        "throughput_tpuv3", "throughput_zcu102", "throughput_vck190",
                        "latency_zcu102", "latency_vck190"}) {
    EXPECT_NO_THROW(ref.pair("accuracy", t)) << t;
  }
}

TEST(HypervolumeReference, ReferenceThatDoesNotBoundTheDataIsAnError) {
  // Latency is minimised: a reference of 20 ms lies inside the data range up to 23.58 ms.
  const auto bad = replaced(kGood, "\"reference\": [40, 26]", "\"reference\": [40, 20]");
  const auto msg = anb::testing::error_of([&] { HypervolumeReference::parse(bad, "bad.json"); });
  EXPECT_NE(msg.find("bad.json: pairs[0] (accuracy, latency_zcu102): reference "
                     "latency_zcu102 = 20 does not bound the data range [1.68, 23.58]"),
            std::string::npos) << msg;
  // Throughput is maximised: reference 5000 is above the data minimum 4280.
  const auto bad2 = replaced(kGood, "[40, 3000]", "[40, 5000]");
  EXPECT_NE(anb::testing::error_of([&] { HypervolumeReference::parse(bad2, "b2"); })
                .find("strictly lower than 4280"),
            std::string::npos);
  // An ideal below the best data value.
  const auto bad3 = replaced(kGood, "[70, 33000]", "[70, 30000]");
  EXPECT_NE(anb::testing::error_of([&] { HypervolumeReference::parse(bad3, "b3"); })
                .find("ideal throughput_a100 = 30000"),
            std::string::npos);
}

TEST(HypervolumeReference, MalformedFiles) {
  EXPECT_NE(anb::testing::error_of([] { HypervolumeReference::parse("{", "x.json"); })
                .find("x.json: malformed JSON"),
            std::string::npos);
  EXPECT_NE(anb::testing::error_of([] {
              HypervolumeReference::parse(replaced(kGood, "\"version\": 1", "\"version\": 2"), "v");
            }).find("version 2"),
            std::string::npos);
  EXPECT_NE(anb::testing::error_of([] {
              HypervolumeReference::parse(
                  replaced(kGood, "\"latency_zcu102\": [1.68, 23.58],", ""), "m");
            }).find("no data_ranges entry for 'latency_zcu102'"),
            std::string::npos);
  EXPECT_THROW(HypervolumeReference::load("/nonexistent/ref.json"), std::runtime_error);
}

}  // namespace
}  // namespace anb::search
