#pragma once
// Speed of surrogate queries, measured in-process on one thread: anb's own evaluator
// (Benchmark / TreeEnsemble) side by side with XGBoost's C API (XGBoosterPredictFromDense over
// the same members), for single-architecture queries and batches.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace anb::surrogate {

// Options of `bench_query`.
struct QueryBenchOptions {
  std::size_t single_queries = 2000;  // single-architecture queries timed per target
  std::size_t batch_size = 1000;      // architectures per batch
  std::size_t batches = 5;            // batches timed per target (the fastest counts)
  std::size_t xgb_single_queries = 200;  // XGBoost is slower: fewer single queries
  std::uint64_t seed = 0;             // architectures are drawn uniformly with this seed
  std::vector<std::string> targets;   // empty: all targets of the model directory

  // Throws std::invalid_argument naming the field when a count is 0.
  void validate() const;
};

// Timings of one target's ensemble (mean and std over members per query).
struct QueryBenchResult {
  std::string target;
  std::size_t members = 0;
  double anb_single_us = 0.0;    // median microseconds per single-architecture query
  double anb_batch_per_s = 0.0;  // architectures per second in batches
  double xgb_single_us = 0.0;    // the same through XGBoosterPredictFromDense
  double xgb_batch_per_s = 0.0;
};

// All results plus the cost of querying every target for one architecture.
struct QueryBenchSummary {
  std::vector<QueryBenchResult> targets;
  double anb_all_targets_single_us = 0.0;  // median µs for all targets of one architecture
  double xgb_all_targets_single_us = 0.0;
  // The same with the calibrated 90 % interval of every target that has one (Benchmark::
  // query_interval), timed in alternation with the plain queries (medians of both).
  double anb_all_targets_interval_us = 0.0;
};

// Loads the model directory and times the queries (single thread).
QueryBenchSummary bench_query(const std::filesystem::path& models, const QueryBenchOptions& options);

// Median of `values` (copied); 0 for an empty vector.
double median(std::vector<double> values);

}  // namespace anb::surrogate
