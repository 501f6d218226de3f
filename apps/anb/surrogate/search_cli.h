#pragma once
// Helpers shared by `anb search` and `anb experiment`: turning target names and a surrogate
// benchmark into search problems (optionally noisy), and writing a search's files and plots.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "anb/data/targets.h"
#include "anb/io/atomic_file.h"
#include "anb/io/plot.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/search/plots.h"
#include "anb/search/report.h"
#include "anb/search/runner.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/search_problem.h"

namespace anb::cli {

// The objectives of a search: target names checked for form and for presence in the benchmark.
inline std::vector<search::Objective> make_objectives(const std::vector<std::string>& names) {
  if (names.empty() || names.size() > 2) {
    throw std::invalid_argument(fmt::format(
        "--objectives: got {} targets; give accuracy or accuracy,TARGET (one or two)",
        names.size()));
  }
  std::vector<search::Objective> out;
  for (const auto& n : names) out.push_back({n, data::target_info(n).direction});
  return out;
}

// Throws std::invalid_argument naming the target and the available ones if the benchmark lacks
// one of the objectives (the same message as Benchmark::query and the Python module).
inline void check_targets(const surrogate::Benchmark& bench,
                          const std::vector<search::Objective>& objectives,
                          const std::filesystem::path& /*models*/) {
  std::vector<std::string> names;
  for (const auto& o : objectives) names.push_back(o.name);
  surrogate::check_targets(bench, names);
}

// Mean predictions of EfficientNet-B0 for the objectives (the mark on front plots).
inline search::MarkedPoint efficientnet_mark(const surrogate::Benchmark& bench,
                                             const std::vector<search::Objective>& objectives) {
  search::MarkedPoint m{"EfficientNet-B0", {}};
  for (const auto& o : objectives) {
    m.values.push_back(bench.query(space::Architecture::efficientnet_b0(), o.name).mean);
  }
  return m;
}

// Renders a plot, or warns on stderr when gnuplot is missing or fails (results stay valid).
template <class F>
bool try_plot(const std::filesystem::path& png, F&& draw) {
  if (!io::gnuplot_available()) {
    std::cerr << "anb: warning: gnuplot not found; skipped " << png.string() << "\n";
    return false;
  }
  try {
    draw();
    return true;
  } catch (const std::exception& e) {
    std::cerr << "anb: warning: plot " << png.string() << " failed: " << e.what() << "\n";
    return false;
  }
}

// Writes <dir>/trajectory_seed<k>.csv per seed and, for two objectives,
// <dir>/front_seed<k>.csv per seed and <dir>/front.csv over all seeds.
inline void write_result_files(const std::filesystem::path& dir,
                               const std::vector<search::Result>& results,
                               const search::Summary& summary) {
  for (const auto& r : results) {
    io::write_file_atomic(dir / fmt::format("trajectory_seed{}.csv", r.seed),
                          search::trajectory_csv(r));
    if (r.objectives.size() == 2) {
      io::write_file_atomic(dir / fmt::format("front_seed{}.csv", r.seed),
                            search::front_csv(search::archive_evaluations(r), r.objectives));
    }
  }
  if (summary.objectives.size() == 2) {
    io::write_file_atomic(dir / "front.csv", search::front_csv(summary.front, summary.objectives));
  }
}

}  // namespace anb::cli
