#include "anb/search/plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "anb/io/plot.h"

namespace anb::search {
namespace {

std::string axis_label(const Objective& o) {
  if (!data::is_target_name(o.name)) return o.name;  // e.g. a synthetic objective
  const auto info = data::target_info(o.name);
  return info.unit.empty() ? o.name : fmt::format("{} ({})", o.name, info.unit);
}

// Front members ordered by the device metric, as a series (x = objective 1, y = objective 0).
io::PlotSeries front_series(const Summary& s) {
  std::vector<Evaluation> front = s.front;
  std::sort(front.begin(), front.end(), [](const Evaluation& a, const Evaluation& b) {
    return a.values[1] < b.values[1];
  });
  io::PlotSeries series;
  series.title = s.algorithm;
  series.style = io::PlotStyle::kLinesPoints;
  for (const Evaluation& e : front) {
    series.x.push_back(e.values[1]);
    series.y.push_back(e.values[0]);
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
  options.ylabel = objectives.size() == 1 ? "best " + axis_label(objectives[0]) + " so far"
                                          : "hypervolume so far (normalised)";
  options.legend = objectives.size() == 1 && objectives[0].direction == Direction::kMinimize
                       ? "top right"
                       : "bottom right";
  io::write_plot_png(png, series, options);
}

void write_front_plot(const std::filesystem::path& png, const std::vector<Summary>& summaries,
                      const std::vector<MarkedPoint>& marks, const std::string& title) {
  if (summaries.empty()) throw std::invalid_argument("write_front_plot: no summaries");
  std::vector<io::PlotSeries> series;
  for (const Summary& s : summaries) {
    if (s.objectives.size() != 2) {
      throw std::invalid_argument(fmt::format(
          "write_front_plot: summary of '{}' has {} objectives, expected 2", s.algorithm,
          s.objectives.size()));
    }
    series.push_back(front_series(s));
  }
  for (const MarkedPoint& m : marks) {
    io::PlotSeries point;
    point.title = m.label;
    point.style = io::PlotStyle::kPoints;
    point.x = {m.values.at(1)};
    point.y = {m.values.at(0)};
    series.push_back(std::move(point));
  }
  io::PlotOptions options;
  options.title = title;
  options.xlabel = axis_label(summaries.front().objectives[1]);
  options.ylabel = axis_label(summaries.front().objectives[0]);
  options.legend = summaries.front().objectives[1].direction == Direction::kMaximize
                       ? "bottom left"
                       : "bottom right";
  io::write_plot_png(png, series, options);
}

}  // namespace anb::search
