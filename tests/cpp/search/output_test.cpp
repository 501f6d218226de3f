#include "anb/search/output.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "anb/search/random_search.h"
#include "anb/search/report.h"
#include "anb/search/runner.h"
#include "error_message.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

namespace fs = std::filesystem;
using anb::testing::error_of;

fs::path fresh(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("anb_output_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(p);
  return p;
}

TEST(SearchFolder, WritesTheAnbSearchLayoutAndRefusesAnotherRunUnlessForced) {
  const fs::path out = fresh("bi");
  const std::vector<Result> results{random_search(testing::tradeoff_problem(), {30}, 1),
                                    random_search(testing::tradeoff_problem(), {30}, 2)};
  FolderOptions o;
  o.plots = false;
  o.extra = {{"note", "x"}};
  const FolderReport r = write_search_folder(out, results, o);
  EXPECT_TRUE(fs::exists(out / "rs" / "trajectory_seed1.csv"));
  EXPECT_TRUE(fs::exists(out / "rs" / "front_seed2.csv"));
  EXPECT_TRUE(fs::exists(out / "rs" / "front.csv"));
  EXPECT_EQ(r.summary_json.at("note"), "x");
  EXPECT_EQ(r.summary.seeds, 2u);
  const auto msg = error_of([&] { write_search_folder(out, results, o); });
  EXPECT_NE(msg.find("holds another run"), std::string::npos) << msg;
  EXPECT_NE(msg.find("or force to replace it"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("--"), std::string::npos) << msg;  // the library names no flags
  // Forced: the old run's files are gone (another algorithm's folder included).
  fs::create_directories(out / "re");
  std::ofstream(out / "re" / "trajectory_seed0.csv") << "old";
  o.force = true;
  write_search_folder(out, {random_search(testing::match_problem(), {10}, 3)}, o);
  EXPECT_FALSE(fs::exists(out / "re"));
  EXPECT_FALSE(fs::exists(out / "rs" / "front.csv"));
  EXPECT_TRUE(fs::exists(out / "rs" / "trajectory_seed3.csv"));
  fs::remove_all(out);
}

TEST(SearchFolder, NeverClearsAFolderThatIsNotARun) {
  const fs::path out = fresh("foreign");
  fs::create_directories(out);
  std::ofstream(out / "thesis.tex") << "keep me";
  const auto msg = error_of([&] { prepare_output_folder(out, true); });
  EXPECT_NE(msg.find("holds no anb run"), std::string::npos) << msg;
  EXPECT_TRUE(fs::exists(out / "thesis.tex"));
  fs::remove_all(out);
}

TEST(FrontTable, HasAHeaderWithUnitsAndCutsLongFronts) {
  const Result r = random_search(testing::tradeoff_problem(), {60}, 1);
  const std::string t = front_table(archive_evaluations(r), r.objectives, 2);
  EXPECT_NE(t.find("arch"), std::string::npos);
  EXPECT_NE(t.find("accuracy (%)"), std::string::npos) << t;
  EXPECT_NE(t.find("MACs (M)"), std::string::npos) << t;
  if (r.archive.size() > 2) {
    EXPECT_NE(t.find("... and"), std::string::npos) << t;
  }
}

TEST(RunSeeds, RefusesAnEmptySeedList) {
  const auto msg = error_of([] {
    run_seeds([](std::uint64_t) { return testing::match_problem(); }, SearchOptions{}, {}, 1);
  });
  EXPECT_NE(msg.find("seeds: got an empty list"), std::string::npos) << msg;
}

}  // namespace
}  // namespace anb::search
