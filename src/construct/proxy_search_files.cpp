// Writing a proxy-search report to its folder: tables, JSON, the cost-vs-tau plot and, for a
// training run, the candidates' schemes.
#include <fmt/format.h>

#include <cmath>

#include "anb/construct/proxy_search.h"
#include "anb/io/atomic_file.h"
#include "anb/io/plot.h"

namespace anb::construct {
namespace {

double cost_ratio(const ProxySearchReport& report, const CandidateReport& c) {
  return report.cost_basis == "seconds" ? c.seconds_ratio : c.flops_ratio;
}

void write_plot(const ProxySearchReport& report, const std::filesystem::path& png) {
  io::PlotSeries all{"candidates", {}, {}, {}, {}, io::PlotStyle::kPoints, 1.5};
  io::PlotSeries chosen{"selected", {}, {}, {}, {}, io::PlotStyle::kPoints, 2.0};
  double lo = 1.0, hi = 1.0;
  double tau_lo = std::min(0.0, report.tau_threshold);
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    const auto& c = report.candidates[i];
    const double ratio = cost_ratio(report, c);
    if (!std::isfinite(ratio) || !std::isfinite(c.kendall_tau)) continue;
    auto& series = static_cast<int>(i) == report.selected ? chosen : all;
    series.x.push_back(ratio);
    series.y.push_back(c.kendall_tau);
    tau_lo = std::min(tau_lo, c.kendall_tau);
    lo = std::min(lo, ratio);
    hi = std::max(hi, ratio);
  }
  std::vector<io::PlotSeries> series;
  if (!all.x.empty()) series.push_back(all);
  if (!chosen.x.empty()) series.push_back(chosen);
  series.push_back({fmt::format("threshold tau = {:.2f}", report.tau_threshold),
                    {lo, hi},
                    {report.tau_threshold, report.tau_threshold},
                    {},
                    {},
                    io::PlotStyle::kLines});
  if (std::isfinite(report.noise_ceiling)) {
    series.push_back({"noise ceiling (reference seed vs seed)",
                      {lo, hi},
                      {report.noise_ceiling, report.noise_ceiling},
                      {},
                      {},
                      io::PlotStyle::kLines,
                      0.6});
    tau_lo = std::min(tau_lo, report.noise_ceiling);
  }
  io::PlotOptions options;
  options.title = "Proxy search: rank fidelity vs cost";
  options.xlabel = report.cost_basis == "seconds"
                       ? "times cheaper than the reference (measured training seconds)"
                       : "times cheaper than the reference (training FLOPs)";
  options.ylabel = "Kendall tau-b vs reference ranking";
  options.log_x = true;
  options.legend = "below";  // under the axes, never over a point
  options.y_min = tau_lo - 0.05;
  options.y_max = 1.02;
  io::write_plot_png(png, series, options);
}

}  // namespace

void write_report_files(const ProxySearchReport& report, const std::vector<Candidate>& candidates,
                        const std::filesystem::path& out,
                        const std::function<void(const std::string&)>& log) {
  std::filesystem::create_directories(out);
  if (!candidates.empty()) {
    if (report.selected >= 0) {
      const auto& chosen = candidates.at(static_cast<std::size_t>(report.selected));
      io::write_file_atomic(out / "selected_scheme.json", chosen.scheme.to_json().dump(1) + "\n");
    }
    // Every candidate's full scheme, so any of them can be used for collection (e.g. the one
    // with the best tau when none reaches the threshold).
    std::filesystem::create_directories(out / "schemes");
    for (const Candidate& c : candidates) {
      io::write_file_atomic(out / "schemes" / (c.name + ".json"),
                            c.scheme.to_json().dump(1) + "\n");
    }
  }
  io::write_file_atomic(out / "proxy_search.csv", report_csv(report));
  io::write_file_atomic(out / "proxy_search.md", report_markdown(report));
  io::write_file_atomic(out / "proxy_search.json", report.to_json().dump(1) + "\n");
  if (io::gnuplot_available()) {
    write_plot(report, out / "cost_vs_tau.png");
  } else if (log) {
    log("gnuplot not found: cost_vs_tau.png not written");
  }
}

}  // namespace anb::construct
