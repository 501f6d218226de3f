#include "anb/search/output.h"

#include <fmt/format.h>

#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/io/plot.h"
#include "anb/search/report.h"

namespace anb::search {
namespace fs = std::filesystem;
namespace {

std::string objectives_text(const std::vector<Objective>& objectives) {
  std::string out;
  for (const auto& o : objectives) out += (out.empty() ? "" : " vs ") + o.name;
  return out;
}

}  // namespace

void prepare_output_folder(const fs::path& out, bool force) {
  if (!check_output_folder(out, force)) return;
  for (const auto& entry : fs::directory_iterator(out)) fs::remove_all(entry.path());
}

bool check_output_folder(const fs::path& out, bool force) {
  if (out.empty()) throw std::invalid_argument("output folder: the path is empty");
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    fs::create_directories(out);
    return false;
  }
  if (!fs::is_directory(out, ec)) {
    throw std::invalid_argument(
        fmt::format("output folder {}: exists and is not a folder", out.string()));
  }
  if (fs::is_empty(out, ec)) return false;
  if (!fs::exists(out / "summary.json", ec)) {
    throw std::invalid_argument(fmt::format(
        "output folder {}: not empty and holds no anb run (no summary.json); choose a new "
        "or empty folder",
        out.string()));
  }
  if (!force) {
    throw std::invalid_argument(fmt::format(
        "output folder {}: holds another run (summary.json); choose a new folder, or force to "
        "replace it",
        out.string()));
  }
  return true;
}

FolderReport write_search_folder(const fs::path& out, const std::vector<Result>& results,
                                 const FolderOptions& options) {
  FolderReport report;
  report.summary = summarize(results);
  const Summary& summary = report.summary;
  prepare_output_folder(out, options.force);
  const fs::path dir = out / summary.algorithm;
  const bool multi = summary.objectives.size() > 1;
  for (const auto& r : results) {
    io::write_file_atomic(dir / fmt::format("trajectory_seed{}.csv", r.seed), trajectory_csv(r));
    if (multi) {
      io::write_file_atomic(dir / fmt::format("front_seed{}.csv", r.seed),
                            front_csv(archive_evaluations(r), r.objectives));
    }
  }
  if (multi) io::write_file_atomic(dir / "front.csv", front_csv(summary.front, summary.objectives));
  nlohmann::json j = summary_json(summary);
  for (const auto& [key, value] : options.extra.items()) j[key] = value;
  io::write_file_atomic(out / "summary.json", j.dump(2) + "\n");
  report.summary_json = j;
  if (!options.plots) return report;
  const std::string what = objectives_text(summary.objectives);
  io::try_plot(out / "progress.png", report.warnings, [&] {
    write_progress_plot(out / "progress.png", {summary},
                        fmt::format("{} on {}", summary.algorithm, what));
  });
  if (summary.objectives.size() == 2) {
    io::try_plot(out / "front.png", report.warnings, [&] {
      write_front_plot(out / "front.png", {summary}, options.marks,
                       fmt::format("Pareto front: {} ({} seeds)", what, summary.seeds));
    });
  }
  return report;
}

}  // namespace anb::search
