#include "anb/io/plot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace anb::io {
namespace {

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("anb-plot-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

TEST(Plot, ScriptHasBandsSeriesAndIdentityLine) {
  PlotSeries curve{"best so far", {1, 2, 3}, {1, 2, 2.5}, {0.5, 1.5, 2}, {1.5, 2.5, 3}};
  PlotSeries dots{"it's points", {1, 2}, {2, 1}, {}, {}, PlotStyle::kPoints};
  PlotOptions options;
  options.identity_line = true;
  options.log_x = true;
  const std::string gp =
      gnuplot_script({curve, dots}, {"/t/a.dat", "/t/b.dat"}, "/t/o.png", options);
  EXPECT_NE(gp.find("set output '/t/o.png'"), std::string::npos);
  EXPECT_NE(gp.find("'/t/a.dat' using 1:3:4 with filledcurves"), std::string::npos);
  EXPECT_NE(gp.find("'/t/b.dat' using 1:2 with points"), std::string::npos);
  EXPECT_NE(gp.find("title 'it''s points'"), std::string::npos);  // quote escaped
  EXPECT_NE(gp.find("x with lines"), std::string::npos);
  EXPECT_NE(gp.find("set logscale x"), std::string::npos);
  EXPECT_EQ(gp.find("set yrange"), std::string::npos);  // automatic unless asked
  options.y_min = 0.25;
  dots.point_size = 1.5;
  const std::string ranged = gnuplot_script({dots}, {"/t/b.dat"}, "/t/o.png", options);
  EXPECT_NE(ranged.find("set yrange [0.250000:*]"), std::string::npos) << ranged;
  EXPECT_NE(ranged.find("pt 7 ps 1.500000"), std::string::npos) << ranged;
}

TEST(Plot, RejectsMalformedSeriesAndOptions) {
  const auto png = scratch("bad.png");
  EXPECT_THROW(write_plot_png(png, {}), std::invalid_argument);
  EXPECT_THROW(write_plot_png(png, {PlotSeries{"a", {1, 2}, {1}, {}, {}}}), std::invalid_argument);
  EXPECT_THROW(write_plot_png(png, {PlotSeries{"a", {1, 2}, {1, NAN}, {}, {}}}),
               std::invalid_argument);
  EXPECT_THROW(write_plot_png(png, {PlotSeries{"a", {1, 2}, {1, 2}, {0}, {3}}}),
               std::invalid_argument);
  PlotOptions tiny;
  tiny.width = 5;
  EXPECT_THROW(write_plot_png(png, {PlotSeries{"a", {1}, {1}, {}, {}}}, tiny),
               std::invalid_argument);
  PlotOptions flipped;
  flipped.y_min = 1.0;
  flipped.y_max = 0.5;
  try {
    write_plot_png(png, {PlotSeries{"a", {1}, {1}, {}, {}}}, flipped);
    ADD_FAILURE() << "y_min above y_max accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("PlotOptions.y_min = 1"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(png));
}

TEST(Plot, WritesAPngWhenGnuplotIsInstalled) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot not installed";
  const auto png = scratch("scatter.png");
  PlotOptions options;
  options.title = "predicted vs measured";
  options.identity_line = true;
  write_plot_png(png,
                 {PlotSeries{"accuracy", {1, 2, 3}, {1.1, 1.9, 3.2}, {}, {}, PlotStyle::kPoints}},
                 options);
  std::ifstream in(png, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  std::filesystem::remove_all(png.parent_path());
}

}  // namespace
}  // namespace anb::io
