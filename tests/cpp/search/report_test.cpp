#include "anb/search/report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "anb/search/random_search.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(TrajectoryCsv, OneRowPerEvaluation) {
  const Result r = random_search(testing::match_problem(), {5}, 1);
  const auto rows = lines(trajectory_csv(r));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0], "evaluation,match,best_so_far,arch");
  EXPECT_EQ(rows[1].rfind("1,", 0), 0u);
  EXPECT_NE(rows[5].find(r.history[4].arch.to_string()), std::string::npos);
  const Result b = random_search(testing::tradeoff_problem(), {3}, 1);
  EXPECT_EQ(lines(trajectory_csv(b))[0], "evaluation,accuracy,throughput_x,hypervolume_so_far,arch");
}

TEST(FrontCsv, HasCostColumns) {
  const Result b = random_search(testing::tradeoff_problem(), {50}, 1);
  const auto rows = lines(front_csv(archive_evaluations(b), b.objectives));
  EXPECT_EQ(rows[0], "arch,accuracy,throughput_x,macs_millions,params_millions");
  EXPECT_EQ(rows.size(), b.archive.size() + 1);
}

TEST(SummaryJson, UniObjectiveHasTheDocumentedKeys) {
  const Summary s = summarize({random_search(testing::match_problem(), {20}, 1),
                               random_search(testing::match_problem(), {20}, 2)});
  const auto j = summary_json(s);
  EXPECT_EQ(j.at("algorithm"), "rs");
  EXPECT_EQ(j.at("best").at("value").get<double>(), s.best.values[0]);
  EXPECT_EQ(j.at("best").at("arch"), s.best.arch.to_string());
  EXPECT_TRUE(j.contains("final_best_mean"));
  EXPECT_TRUE(j.contains("final_best_std"));
  const auto jb = summary_json(summarize({random_search(testing::tradeoff_problem(), {20}, 1)}));
  EXPECT_TRUE(jb.contains("hypervolume_mean"));
  EXPECT_FALSE(jb.at("front").empty());
}

}  // namespace
}  // namespace anb::search
