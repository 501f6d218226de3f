// `anb data check|export` through the built binary, on fixtures and (DataCliRealData, label
// realdata) on the shared data.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "anb/io/atomic_file.h"
#include "cli/run_anb.h"
#include "real_data.h"

namespace anb::cli_test {
namespace {

namespace fs = std::filesystem;

const std::string kShared = anb::testing::real_records();
const char* const kSharedName = "anb_dataset_trainval.tar.gz";
const fs::path kFixtures = ANB_FIXTURES_DIR;

TEST(DataCliRealData, CheckSharedDataJson) {
  ANB_REQUIRE_REAL_DATA(kSharedName);
  const AnbRun r = run_anb("data check --json --data " + kShared);
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("records"), 4626);
  EXPECT_EQ(j.at("invalid"), 0);
  EXPECT_EQ(j.at("duplicates"), 10);
  EXPECT_LE(j.at("macs_max_abs_err").get<double>(), 1e-6);
  EXPECT_LE(j.at("params_max_abs_err").get<double>(), 1e-6);
  EXPECT_EQ(j.at("targets").size(), 9u);
  EXPECT_EQ(j.at("targets").at("throughput_tpuv3").at("nulls"), 39);
  EXPECT_EQ(j.at("targets").at("accuracy").at("count"), 4626);
  EXPECT_DOUBLE_EQ(j.at("targets").at("accuracy").at("min").get<double>(), 42.85);
  EXPECT_EQ(r.err, "");
}

TEST(DataCli, CheckTextTakesTheDataFromTheEnvironment) {
  const AnbRun r = run_anb("data check", "ANB_DATA=" + (kFixtures / "records").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("5 valid, 0 invalid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result_10.json = result_0.json"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("throughput_h200"), std::string::npos) << r.out;
}

TEST(DataCli, CheckNamesEveryInvalidRecordAndFails) {
  const AnbRun r = run_anb("data check --json --data " + (kFixtures / "broken").string());
  EXPECT_EQ(r.status, 1);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("records"), 0);
  EXPECT_GE(j.at("invalid").get<int>(), 15);
  EXPECT_NE(r.err.find("broken/expansion_5.json: architecture: field block0_e = 5"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("broken/six_stages.json: architecture has 6 stages"), std::string::npos);
  EXPECT_NE(r.err.find("broken/malformed.json: malformed JSON"), std::string::npos);
  EXPECT_NE(r.err.find("invalid record(s)"), std::string::npos);
}

TEST(DataCli, MissingDataExplainsWhereToGetIt) {
  const AnbRun r = run_anb("data check", "env -u ANB_DATA");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("anb: error: no dataset given"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("anb_dataset_trainval.tar.gz"), std::string::npos) << r.err;
  const AnbRun missing = run_anb("data check --data /no/such.tar.gz");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("/no/such.tar.gz (from --data) does not exist"), std::string::npos)
      << missing.err;
  // $ANB_DATA when --data is not given (named in the message), --data before it.
  const AnbRun from_env = run_anb("data check", "ANB_DATA=/no/such/env.tar.gz");
  EXPECT_EQ(from_env.status, 1);
  EXPECT_NE(from_env.err.find("/no/such/env.tar.gz (from $ANB_DATA) does not exist"),
            std::string::npos)
      << from_env.err;
  const AnbRun flag_first = run_anb("data check --data " + (kFixtures / "records").string(),
                                    "ANB_DATA=/no/such/env.tar.gz");
  EXPECT_EQ(flag_first.status, 0) << flag_first.err;
}

TEST(DataCli, BadArchivesFailWithTheirName) {
  for (const char* name : {"truncated.tar.gz", "not_gzip.tar.gz"}) {
    const std::string path = (kFixtures / "archives" / name).string();
    const AnbRun r = run_anb("data check --data " + path);
    EXPECT_EQ(r.status, 1) << name;
    EXPECT_NE(r.err.find("anb: error: " + path), std::string::npos) << r.err;
  }
}

TEST(DataCli, ExportCsvAndJsonl) {
  const std::string data = " --data " + (kFixtures / "records").string();
  const AnbRun csv = run_anb("data export --format csv" + data);
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,arch,enc_block0_e,", 0), 0u) << csv.out;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 6);
  const AnbRun jsonl = run_anb("data export --format jsonl" + data);
  ASSERT_EQ(jsonl.status, 0) << jsonl.err;
  std::istringstream lines(jsonl.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const nlohmann::json row = nlohmann::json::parse(line);
    for (const char* key : {"id", "arch", "encoding", "accuracy", "macs", "params"}) {
      EXPECT_TRUE(row.contains(key)) << key;
    }
    ++n;
  }
  EXPECT_EQ(n, 5);
}

TEST(DataCliRealData, ExportToFileAndSharedData) {
  ANB_REQUIRE_REAL_DATA(kSharedName);
  const fs::path out = fs::temp_directory_path() / ("anb_export_" + std::to_string(::getpid()) + ".csv");
  const AnbRun r = run_anb("data export --format csv --out " + out.string() + " --data " + kShared);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const std::string text = io::read_file(out);
  fs::remove(out);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4627);
  EXPECT_NE(text.find("\nresult_0.json,e6466611-k3535533-l1233222-seFFFFFFF,2,0,0,1,"),
            std::string::npos);
}

TEST(DataCli, ExportRejectsBadInput) {
  EXPECT_NE(run_anb("data export --format xml --data " + (kFixtures / "records").string()).status,
            0);
  const AnbRun r = run_anb("data export --data " + (kFixtures / "broken").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("anb: error: "), std::string::npos);
  const AnbRun help = run_anb("data --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("check"), std::string::npos);
  EXPECT_NE(help.out.find("export"), std::string::npos);
}

}  // namespace
}  // namespace anb::cli_test
