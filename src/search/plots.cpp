#include "anb/search/plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "anb/io/plot.h"
#include "anb/search/report.h"

namespace anb::search {
namespace {

// Front members ordered by the second objective, as a series (x = objective 1, y = objective 0).
io::PlotSeries front_series(const FrontSeries& f) {
  std::vector<std::vector<double>> rows = f.values;
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.at(1) < b.at(1); });
  io::PlotSeries series;
  series.title = f.title;
  series.style = io::PlotStyle::kLinesPoints;
  for (const auto& v : rows) {
    series.x.push_back(v.at(1));
    series.y.push_back(v.at(0));
  }
  return series;
}

}  // namespace

void write_progress_plot(const std::filesystem::path& png, const std::vector<Summary>& summaries,
                         const std::string& title) {
  if (summaries.empty()) throw std::invalid_argument("write_progress_plot: no summaries");
  std::vector<io::PlotSeries> series;
  for (const Summary& s : summaries) {
    io::PlotSeries line;
    line.title = fmt::format("{} ({} seeds)", s.algorithm, s.seeds);
    for (std::size_t t = 0; t < s.curve.size(); ++t) {
      line.x.push_back(static_cast<double>(t + 1));
      line.y.push_back(s.curve[t].mean);
      line.lower.push_back(s.curve[t].mean - s.curve[t].std);
      line.upper.push_back(s.curve[t].mean + s.curve[t].std);
    }
    series.push_back(std::move(line));
  }
  io::PlotOptions options;
  options.title = title;
  options.xlabel = "evaluations";
  const auto& objectives = summaries.front().objectives;
  options.ylabel = objectives.size() == 1 ? "best " + objective_label(objectives[0]) + " so far"
                                          : "hypervolume so far (normalised)";
  options.legend = objectives.size() == 1 && objectives[0].direction == Direction::kMinimize
                       ? "top right"
                       : "bottom right";
  io::write_plot_png(png, series, options);
}

void write_front_plot(const std::filesystem::path& png, const std::vector<Summary>& summaries,
                      const std::vector<MarkedPoint>& marks, const std::string& title) {
  if (summaries.empty()) throw std::invalid_argument("write_front_plot: no summaries");
  std::vector<FrontSeries> fronts;
  for (const Summary& s : summaries) {
    if (s.objectives.size() != 2) {
      throw std::invalid_argument(fmt::format(
          "write_front_plot: summary of '{}' has {} objectives, expected 2", s.algorithm,
          s.objectives.size()));
    }
    FrontSeries f{s.algorithm, {}};
    for (const Evaluation& e : s.front) f.values.push_back(e.values);
    fronts.push_back(std::move(f));
  }
  write_front_plot(png, fronts, summaries.front().objectives, marks, title);
}

void write_front_plot(const std::filesystem::path& png, const std::vector<FrontSeries>& fronts,
                      const std::vector<Objective>& objectives,
                      const std::vector<MarkedPoint>& marks, const std::string& title) {
  if (fronts.empty()) throw std::invalid_argument("plot_front: no fronts to draw");
  if (objectives.size() != 2) {
    throw std::invalid_argument(fmt::format(
        "plot_front: got {} objectives; a front plot draws exactly 2", objectives.size()));
  }
  std::vector<io::PlotSeries> series;
  for (const FrontSeries& f : fronts) {
    for (std::size_t i = 0; i < f.values.size(); ++i) {
      if (f.values[i].size() != 2) {
        throw std::invalid_argument(
            fmt::format("plot_front: front '{}' row {} has {} values, "
                        "expected 2",
                        f.title, i, f.values[i].size()));
      }
    }
    series.push_back(front_series(f));
  }
  for (const MarkedPoint& m : marks) {
    if (m.values.size() != 2) {
      throw std::invalid_argument(
          fmt::format("plot_front: mark '{}' has {} values, expected 2", m.label, m.values.size()));
    }
    io::PlotSeries point;
    point.title = m.label;
    point.style = io::PlotStyle::kPoints;
    point.x = {m.values[1]};
    point.y = {m.values[0]};
    series.push_back(std::move(point));
  }
  io::PlotOptions options;
  options.title = title;
  options.xlabel = objective_label(objectives[1]);
  options.ylabel = objective_label(objectives[0]);
  options.legend = objectives[1].direction == Direction::kMaximize ? "bottom left" : "bottom right";
  io::write_plot_png(png, series, options);
}

}  // namespace anb::search
