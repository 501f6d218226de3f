#include "anb/io/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace anb::io {
namespace {

TEST(Progress, FormatShowsCountPercentAndNote) {
  const std::string line = format_progress("fit", 5, 10, 75.0, "accuracy", 10);
  EXPECT_EQ(line, "fit [#####.....] 5/10  50% 1:15 accuracy");
}

TEST(Progress, FormatClampsOverfullAndEmptyTotals) {
  EXPECT_NE(format_progress("x", 12, 10, 0, "", 4).find("[####]"), std::string::npos);
  EXPECT_NE(format_progress("x", 0, 0, 0, "", 4).find("100%"), std::string::npos);
}

TEST(Progress, ForcedBarDrawsAndEndsTheLine) {
  std::ostringstream out;
  {
    ProgressBar bar("work", 3, {true, false, &out, 6});
    EXPECT_TRUE(bar.enabled());
    bar.advance(1, "a");
    bar.advance(2, "b");
    EXPECT_EQ(bar.done(), 3u);
  }
  const std::string text = out.str();
  EXPECT_NE(text.find("3/3 100%"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(Progress, QuietNeverDraws) {
  std::ostringstream out;
  ProgressBar bar("quiet", 2, {true, true, &out, 6});
  EXPECT_FALSE(bar.enabled());
  bar.advance(2);
  bar.finish();
  EXPECT_TRUE(out.str().empty());
}

TEST(Progress, SilentWhenNotATerminalAndNotForced) {
  // Under ctest stderr is a pipe or file, so an unforced bar draws nothing.
  std::ostringstream out;
  ProgressOptions options;
  options.stream = &out;
  ProgressBar bar("quiet", 2, options);
  bar.advance(2);
  bar.finish();
  if (!bar.enabled()) {
    EXPECT_TRUE(out.str().empty());
  }
}

}  // namespace
}  // namespace anb::io
