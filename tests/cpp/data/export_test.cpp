#include "anb/data/export.h"

#include <gtest/gtest.h>

#include <sstream>

#include "anb/space/cost.h"
#include "anb/space/search_space.h"

namespace anb::data {
namespace {

const std::filesystem::path kFixtures = ANB_FIXTURES_DIR;

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!text.empty() && text.back() == sep) out.push_back("");
  return out;
}

TEST(Export, ColumnsInOrder) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const std::vector<std::string> cols = export_columns(d);
  ASSERT_EQ(cols.size(), 2u + 28u + 11u + 2u);
  EXPECT_EQ(cols[0], "id");
  EXPECT_EQ(cols[1], "arch");
  EXPECT_EQ(cols[2], "enc_block0_e");
  EXPECT_EQ(cols[29], "enc_block6_se");
  EXPECT_EQ(cols[30], "accuracy");
  EXPECT_EQ(cols[31], "throughput_a100");
  EXPECT_EQ(cols[39], "latency_h200");
  EXPECT_EQ(cols[40], "throughput_h200");
  EXPECT_EQ(cols.back(), "params");
}

TEST(Export, CsvRowsHoldEveryValue) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const std::vector<std::string> lines = split(export_csv(d), '\n');
  ASSERT_EQ(lines.size(), 2u + d.size());  // header, rows, empty after the final newline
  EXPECT_EQ(lines.back(), "");
  const std::vector<std::string> header = split(lines[0], ',');
  for (std::size_t i = 0; i < d.size(); ++i) {
    const Record& r = d[i];
    const std::vector<std::string> cells = split(lines[i + 1], ',');
    ASSERT_EQ(cells.size(), header.size()) << lines[i + 1];
    EXPECT_EQ(cells[0], r.id);
    EXPECT_EQ(space::Architecture::parse(cells[1]), r.arch);
    const auto enc = space::encode(r.arch);
    for (std::size_t k = 0; k < enc.size(); ++k) EXPECT_EQ(std::stod(cells[2 + k]), enc[k]);
    for (std::size_t c = 30; c + 2 < header.size(); ++c) {
      const std::optional<double> v = r.target(header[c]);
      if (v) {
        EXPECT_EQ(std::stod(cells[c]), *v) << r.id << " " << header[c];  // exact round trip
      } else {
        EXPECT_EQ(cells[c], "") << r.id << " " << header[c];
      }
    }
    EXPECT_EQ(std::stod(cells[cells.size() - 2]), *r.macs);
  }
}

TEST(Export, JsonlRowsAreObjectsWithNulls) {
  const Dataset d = Dataset::load(kFixtures / "records");
  const std::vector<std::string> lines = split(export_jsonl(d), '\n');
  ASSERT_EQ(lines.size(), d.size() + 1);  // trailing newline
  const nlohmann::json row = nlohmann::json::parse(lines[4]);
  EXPECT_EQ(row.at("id"), "result_1.json");
  EXPECT_EQ(row.at("arch"), "e1666666-k3353553-l1223341-seTTTTTTT");
  EXPECT_EQ(row.at("encoding").size(), 28u);
  EXPECT_TRUE(row.at("throughput_tpuv3").is_null());
  EXPECT_TRUE(row.at("throughput_h200").is_null());
  EXPECT_EQ(row.at("accuracy"), 65.5);
  EXPECT_EQ(row.at("macs"), 415.145024);
}

TEST(Export, AnalyticMacsWhenModelInfoIsMissing) {
  Record r = Dataset::load(kFixtures / "records")[0];
  r.macs.reset();
  r.params.reset();
  const Dataset d({r});
  const nlohmann::json row = nlohmann::json::parse(export_jsonl(d));
  EXPECT_DOUBLE_EQ(row.at("macs").get<double>(), space::cost(r.arch).mmacs());
  EXPECT_DOUBLE_EQ(row.at("params").get<double>(), space::cost(r.arch).mparams());
}

TEST(Export, CsvQuotesAwkwardIds) {
  Record r = Dataset::load(kFixtures / "records")[0];
  r.id = "a,\"b\".json";
  const std::string csv = export_csv(Dataset({r}));
  EXPECT_NE(csv.find("\n\"a,\"\"b\"\".json\","), std::string::npos) << csv;
}

}  // namespace
}  // namespace anb::data
