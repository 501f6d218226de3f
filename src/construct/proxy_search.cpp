// The proxy-search driver: train this worker's items, then report once every item is done.
#include "anb/construct/proxy_search.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/io/plot.h"

namespace anb::construct {
namespace {

std::vector<TrainingScheme> all_schemes(const ProxySearchConfig& config,
                                        const std::vector<Candidate>& candidates) {
  std::vector<TrainingScheme> schemes{config.reference};
  for (const auto& c : candidates) schemes.push_back(c.scheme);
  return schemes;
}

// Reads every result; returns the number of missing items (results stays partial then).
std::size_t read_results(const ResultStore& store, const std::vector<WorkItem>& items,
                         std::vector<SchemeResults>& results) {
  std::size_t missing = 0;
  for (const auto& item : items) {
    const std::string key = item_key(item);
    if (!store.has(key)) {
      ++missing;
      continue;
    }
    results.at(item.scheme).at(item.arch).at(item.seed) = TrainResult::from_json(store.read(key));
  }
  return missing;
}

void write_plot(const ProxySearchReport& report, const std::filesystem::path& png) {
  io::PlotSeries all{"candidates", {}, {}, {}, {}, io::PlotStyle::kPoints, 1.5};
  io::PlotSeries chosen{"selected", {}, {}, {}, {}, io::PlotStyle::kPoints, 2.0};
  double lo = 1.0, hi = 1.0;
  double tau_lo = std::min(0.0, report.tau_threshold);
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    const auto& c = report.candidates[i];
    if (!std::isfinite(c.flops_ratio) || !std::isfinite(c.kendall_tau)) continue;
    auto& series = static_cast<int>(i) == report.selected ? chosen : all;
    series.x.push_back(c.flops_ratio);
    series.y.push_back(c.kendall_tau);
    tau_lo = std::min(tau_lo, c.kendall_tau);
    lo = std::min(lo, c.flops_ratio);
    hi = std::max(hi, c.flops_ratio);
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
  options.xlabel = "times cheaper than the reference (training FLOPs)";
  options.ylabel = "Kendall tau vs reference ranking";
  options.log_x = true;
  options.legend = "below";  // under the axes, never over a point
  options.y_min = tau_lo - 0.05;
  options.y_max = 1.02;
  io::write_plot_png(png, series, options);
}

void write_report(const ProxySearchReport& report, const std::vector<Candidate>& candidates,
                  const std::filesystem::path& out,
                  const std::function<void(const std::string&)>& log) {
  if (report.selected >= 0) {
    const auto& chosen = candidates.at(static_cast<std::size_t>(report.selected));
    io::write_file_atomic(out / "selected_scheme.json", chosen.scheme.to_json().dump(1) + "\n");
  }
  // Every candidate's full scheme, so any of them can be used for collection (e.g. the one with
  // the best tau when none reaches the threshold).
  std::filesystem::create_directories(out / "schemes");
  for (const Candidate& c : candidates) {
    io::write_file_atomic(out / "schemes" / (c.name + ".json"), c.scheme.to_json().dump(1) + "\n");
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

}  // namespace

ProxySearchSummary run_proxy_search(const ProxySearchConfig& config,
                                    const std::filesystem::path& out, const Shard& shard,
                                    const MpiSession& mpi,
                                    const std::function<void(const std::string&)>& log) {
  return run_proxy_search(config, out, shard, mpi, TrainOptions{}, log);
}

ProxySearchSummary run_proxy_search(const ProxySearchConfig& config,
                                    const std::filesystem::path& out, const Shard& shard,
                                    const MpiSession& mpi, const TrainOptions& options,
                                    const std::function<void(const std::string&)>& log) {
  options.validate();
  config.validate();
  const std::vector<Candidate> candidates = expand_grid(config.base, config.grid);
  const std::vector<TrainingScheme> schemes = all_schemes(config, candidates);
  claim_output(out / "proxy_search_config.json", config.to_json());
  const auto items = work_items(schemes.size(), config.archs.size(), config.seeds.size());
  const ResultStore store(out / "items");

  ProxySearchSummary summary;
  DatasetSplits splits;
  bool loaded = false;
  summary.work = run_items(
      items.size(), shard, store, [&](std::size_t i) { return item_key(items[i]); },
      [&](std::size_t i) {
        if (!loaded) {
          splits = load_dataset(DatasetSpec::parse(config.dataset));
          loaded = true;
        }
        const WorkItem& item = items[i];
        TrainingScheme scheme = schemes[item.scheme];
        scheme.seed = config.seeds[item.seed];
        const auto& arch = config.archs[item.arch];
        nlohmann::json result = train_and_evaluate(arch, scheme, splits, options).to_json();
        result["scheme"] = item.scheme == 0 ? "reference" : candidates[item.scheme - 1].name;
        result["arch"] = arch.to_string();
        result["seed"] = scheme.seed;
        return result;
      },
      [&](std::size_t i, const nlohmann::json& r) {
        if (log) {
          log(fmt::format("[{}] {} {} seed {}: top-1 {:.2f} %, {:.1f} s", shard.to_string(),
                          r["scheme"].get<std::string>(), r["arch"].get<std::string>(),
                          r["seed"].get<std::uint64_t>(), r["top1"].get<double>(),
                          r["train_seconds"].get<double>()));
        }
        (void)i;
      });
  mpi.barrier();
  std::vector<SchemeResults> results(
      schemes.size(),
      SchemeResults(config.archs.size(), std::vector<TrainResult>(config.seeds.size())));
  summary.missing = read_results(store, items, results);
  if (summary.missing == 0) {
    summary.report = analyse(candidates, results, config.tau, config.top_k);
    if (mpi.rank() == 0) {
      write_report(summary.report, candidates, out, log);
      summary.reported = true;
    }
  }
  return summary;
}

}  // namespace anb::construct
