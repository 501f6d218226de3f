#pragma once
// PNG figures of search results through the gnuplot helper (io/plot.h): progress curves (best
// value or hypervolume so far, mean over seeds with a +-1 std band) and Pareto fronts.

#include <filesystem>
#include <string>
#include <vector>

#include "anb/search/summary.h"

namespace anb::search {

// A labelled reference point drawn on a front plot (e.g. EfficientNet-B0), in natural units of
// the two objectives.
struct MarkedPoint {
  std::string label;
  std::vector<double> values;  // one per objective
};

// One curve per summary (its algorithm as the title): mean progress after each evaluation with
// a band of +-1 standard deviation over seeds. Throws like io::write_plot_png.
void write_progress_plot(const std::filesystem::path& png, const std::vector<Summary>& summaries,
                         const std::string& title);

// Pareto fronts of bi-objective summaries: device metric on x, first objective (accuracy) on y,
// one step line per summary, plus each marked point. Throws std::invalid_argument for a
// summary that is not bi-objective.
void write_front_plot(const std::filesystem::path& png, const std::vector<Summary>& summaries,
                      const std::vector<MarkedPoint>& marks, const std::string& title);

// One front to draw: a legend title and rows of two values (natural units).
struct FrontSeries {
  std::string title;
  std::vector<std::vector<double>> values;
};

// Fronts given as values (e.g. from Python): second objective on x, first on y, labelled with
// the objectives' names and units. Throws std::invalid_argument unless there are two objectives
// and every row and mark has two values.
void write_front_plot(const std::filesystem::path& png, const std::vector<FrontSeries>& fronts,
                      const std::vector<search::Objective>& objectives,
                      const std::vector<MarkedPoint>& marks, const std::string& title);

}  // namespace anb::search
