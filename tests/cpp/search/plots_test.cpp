#include "anb/search/plots.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "anb/io/plot.h"
#include "anb/search/random_search.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

namespace fs = std::filesystem;

TEST(Plots, ProgressAndFrontPngs) {
  if (!io::gnuplot_available()) GTEST_SKIP() << "gnuplot not installed";
  const fs::path dir = fs::temp_directory_path() / "anb_search_plots_test";
  fs::remove_all(dir);
  const Summary uni = summarize({random_search(testing::match_problem(), {30}, 1),
                                 random_search(testing::match_problem(), {30}, 2)});
  write_progress_plot(dir / "progress.png", {uni}, "test");
  EXPECT_GT(fs::file_size(dir / "progress.png"), 1000u);
  const Summary bi = summarize({random_search(testing::tradeoff_problem(), {60}, 1)});
  write_front_plot(dir / "front.png", {bi}, {{"EfficientNet-B0", {60.0, 500.0}}}, "front");
  EXPECT_GT(fs::file_size(dir / "front.png"), 1000u);
  fs::remove_all(dir);
}

TEST(Plots, FrontNeedsTwoObjectives) {
  const Summary uni = summarize({random_search(testing::match_problem(), {5}, 1)});
  EXPECT_THROW(write_front_plot("unused.png", {uni}, {}, "x"), std::invalid_argument);
  EXPECT_THROW(write_progress_plot("unused.png", {}, "x"), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
