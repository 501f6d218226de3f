#pragma once
// PNG plots through gnuplot: line plots with optional shaded bands (search curves with spread
// over seeds) and scatter plots (predicted vs measured). The data and a script are written to a
// temporary folder, `gnuplot` renders a temporary PNG beside the target, and the PNG is renamed
// into place, so a failed run never leaves a partial image.

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace anb::io {

// How a series is drawn.
enum class PlotStyle { kLines, kPoints, kLinesPoints };

// One data series. `lower`/`upper`, when non-empty, must have x.size() values and are drawn as
// a shaded band behind the series.
struct PlotSeries {
  std::string title;
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> lower;
  std::vector<double> upper;
  PlotStyle style = PlotStyle::kLines;
  // Marker size (gnuplot `ps`) of the point styles.
  double point_size = 0.6;
};

// Figure-level settings.
struct PlotOptions {
  std::string title;
  std::string xlabel;
  std::string ylabel;
  int width = 900;   // pixels
  int height = 650;  // pixels
  bool log_x = false;
  bool log_y = false;
  // Range of the y axis; NaN (the default) lets gnuplot choose that end.
  double y_min = std::nan("");
  double y_max = std::nan("");
  // Draws the line y = x (predicted-vs-measured plots).
  bool identity_line = false;
  // gnuplot key position, e.g. "top left", "bottom right", or "off".
  std::string legend = "top left";

  // Throws std::invalid_argument naming the field for a size outside 100..10000 pixels or a
  // y range with y_min >= y_max.
  void validate() const;
};

// Whether a `gnuplot` executable can be run.
bool gnuplot_available();

// Runs `draw` (which renders `png`) unless gnuplot is missing; a missing gnuplot or a failed
// plot appends one line to `warnings` instead of throwing (the files beside it stay valid).
// Returns whether the plot was drawn.
bool try_plot(const std::filesystem::path& png, std::vector<std::string>& warnings,
              const std::function<void()>& draw);

// The gnuplot script that draws `series` (data of series i in data_files[i], columns x y
// [lower upper]) into `png`. Exposed for tests.
std::string gnuplot_script(const std::vector<PlotSeries>& series,
                           const std::vector<std::filesystem::path>& data_files,
                           const std::filesystem::path& png, const PlotOptions& options);

// Renders the plot to `png` atomically. Throws std::invalid_argument for malformed series
// (no points, mismatched lengths, non-finite values) and std::runtime_error naming the file
// and gnuplot's message when gnuplot is missing or fails.
void write_plot_png(const std::filesystem::path& png, const std::vector<PlotSeries>& series,
                    const PlotOptions& options = {});

}  // namespace anb::io
