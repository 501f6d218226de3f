#include "anb/serve/static_files.h"

#include <gtest/gtest.h>

namespace anb::serve {
namespace {

TEST(StaticFilesTest, ThePageAndChartJsAreEmbedded) {
  const StaticFile* index = find_static("/");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index, find_static("/index.html"));
  EXPECT_NE(index->body.find("<title>anb explorer</title>"), std::string_view::npos);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  const StaticFile* chart = find_static("/chart.min.js");
  ASSERT_NE(chart, nullptr);
  EXPECT_NE(chart->body.find("Chart.js v3"), std::string_view::npos);
  EXPECT_GT(chart->body.size(), 100000u);
  EXPECT_NE(find_static("/app.js"), nullptr);
  EXPECT_NE(find_static("/style.css"), nullptr);
}

TEST(StaticFilesTest, OnlyEmbeddedPathsAreFound) {
  for (const char* path : {"/../../etc/passwd", "/etc/passwd", "/index.html/", "index.html",
                           "/./index.html", "/%2e%2e/etc/passwd", "", "/app.js.map", "/API"}) {
    EXPECT_EQ(find_static(path), nullptr) << path;
  }
}

}  // namespace
}  // namespace anb::serve
