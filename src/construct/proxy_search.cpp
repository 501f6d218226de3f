// The proxy-search driver: train this worker's items, then report once every item is done.
#include "anb/construct/proxy_search.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

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
          as_job_step([&] { splits = load_dataset(DatasetSpec::parse(config.dataset)); });
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
      },
      [&](std::size_t i, const std::string& reason) {
        if (log) {
          log(fmt::format("[{}] {}: FAILED ({}); recorded in {}", shard.to_string(),
                          item_key(items[i]), reason,
                          store.failure_path_of(item_key(items[i])).string()));
        }
      });
  mpi.barrier();
  std::vector<SchemeResults> results(
      schemes.size(),
      SchemeResults(config.archs.size(), std::vector<TrainResult>(config.seeds.size())));
  summary.missing = read_results(store, items, results);
  if (summary.missing == 0) {
    summary.report = analyse(candidates, results, config.tau, config.top_k);
    if (mpi.rank() == 0) {
      write_report_files(summary.report, candidates, out, log);
      summary.reported = true;
    }
  }
  return summary;
}

}  // namespace anb::construct
