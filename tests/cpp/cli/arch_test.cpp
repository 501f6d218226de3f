// `anb arch …` through the built binary: output, JSON keys, exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "anb/space/search_space.h"
#include "cli/run_anb.h"

namespace anb::cli_test {
namespace {

TEST(ArchCli, InfoJsonHasTheDocumentedKeys) {
  const AnbRun r = run_anb("arch info --json efficientnet-b0 e1111111-k3333333-l1111111-seFFFFFFF");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].at("arch"), "e1666666-k3353553-l1223341-seTTTTTTT");
  EXPECT_EQ(j[0].at("encoding").size(), 28u);
  EXPECT_EQ(j[0].at("index"), space::index_of(space::Architecture::efficientnet_b0()));
  EXPECT_DOUBLE_EQ(j[0].at("macs").get<double>(), 415.145024);
  EXPECT_DOUBLE_EQ(j[0].at("params").get<double>(), 5.288548);
  EXPECT_EQ(j[1].at("arch"), "e1111111-k3333333-l1111111-seFFFFFFF");
}

TEST(ArchCli, InfoAcceptsTheJsonRecordForm) {
  const std::string record = space::Architecture::efficientnet_b0().to_json().dump();
  const AnbRun r = run_anb("arch info '" + record + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("e1666666-k3353553-l1223341-seTTTTTTT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("415.145024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stage"), std::string::npos) << r.out;
}

TEST(ArchCli, SampleIsSeeded) {
  const AnbRun a = run_anb("arch sample --n 5 --seed 3");
  const AnbRun b = run_anb("arch sample --n 5 --seed 3");
  const AnbRun c = run_anb("arch sample --n 5 --seed 4");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  std::istringstream lines(a.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    EXPECT_NO_THROW(space::Architecture::parse(line)) << line;
    ++n;
  }
  EXPECT_EQ(n, 5);
  const auto expected = space::sample(5, 3);
  EXPECT_EQ(a.out.substr(0, a.out.find('\n')), expected[0].to_string());
}

TEST(ArchCli, MutateAndNeighbours) {
  const AnbRun m = run_anb("arch mutate efficientnet-b0 --n 3 --seed 1 --json");
  ASSERT_EQ(m.status, 0) << m.err;
  EXPECT_EQ(nlohmann::json::parse(m.out).size(), 3u);
  const AnbRun nb = run_anb("arch neighbors efficientnet-b0");
  ASSERT_EQ(nb.status, 0) << nb.err;
  EXPECT_EQ(std::count(nb.out.begin(), nb.out.end(), '\n'), 43);
}

TEST(ArchCli, BadArchitectureIsAnErrorNamingTheText) {
  const AnbRun r = run_anb("arch info e1666666-k3353553-l1243341-seTTTTTTT");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("anb: error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("block2_l = 4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("e1666666-k3353553-l1243341-seTTTTTTT"), std::string::npos) << r.err;
  EXPECT_EQ(run_anb("arch info not-an-arch").status, 1);
}

TEST(ArchCli, UsageErrorsAndHelp) {
  EXPECT_NE(run_anb("arch info").status, 0);           // ARCH required
  EXPECT_NE(run_anb("arch sample --n x").status, 0);   // not a number
  EXPECT_NE(run_anb("arch frobnicate").status, 0);
  const AnbRun help = run_anb("arch --help");
  EXPECT_EQ(help.status, 0);
  for (const char* sub : {"info", "sample", "mutate", "neighbors"}) {
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
  }
  EXPECT_EQ(run_anb("arch info --help").status, 0);
}

}  // namespace
}  // namespace anb::cli_test
