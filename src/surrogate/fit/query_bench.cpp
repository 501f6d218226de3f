#include "anb/surrogate/query_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "anb/space/search_space.h"
#include "anb/surrogate/benchmark.h"
#include "xgboost_booster.h"

namespace anb::surrogate {
namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

// Prevents the compiler from dropping results.
volatile double g_sink = 0.0;

// XGBoost boosters of one target's members, single-threaded.
struct XgbEnsemble {
  std::vector<xgb::Booster> members;
  Transform transform;

  // Mean and std of `rows` architectures (row-major float features) into mean[]/std[].
  void predict(const float* rows, std::size_t n, std::vector<double>& mean,
               std::vector<double>& sd) const {
    std::vector<double> sum(n, 0.0), sq(n, 0.0);
    for (const auto& b : members) {
      const std::vector<float> raw = b.predict_dense(rows, n, space::kNumDecisions);
      for (std::size_t i = 0; i < n; ++i) {
        const double v = transform.invert(raw[i]);
        sum[i] += v;
        sq[i] += v * v;
      }
    }
    const double k = static_cast<double>(members.size());
    mean.resize(n);
    sd.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      mean[i] = sum[i] / k;
      sd[i] = std::sqrt(std::max(0.0, sq[i] / k - mean[i] * mean[i]));
    }
  }
};

XgbEnsemble load_xgb(const std::filesystem::path& dir, const TargetEntry& entry) {
  XgbEnsemble e;
  e.transform = entry.transform;
  for (const auto& m : entry.members) {
    e.members.push_back(xgb::Booster::from_buffer(read_member(dir, m)));
    e.members.back().set_param("nthread", "1");
  }
  return e;
}

std::vector<float> float_rows(const std::vector<space::Architecture>& archs) {
  std::vector<float> rows;
  for (const auto& a : archs) {
    const auto f = space::encode(a);
    rows.insert(rows.end(), f.begin(), f.end());
  }
  return rows;
}

// Median µs of single queries `query(i)` over i in [0, n).
template <typename Query>
double single_median(std::size_t n, Query query) {
  std::vector<double> times;
  times.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    query(i);
    times.push_back(micros(t0, Clock::now()));
  }
  return median(times);
}

// Best architectures/s over `batches` runs of `run()` on `size` architectures.
template <typename Run>
double batch_rate(std::size_t batches, std::size_t size, Run run) {
  double best = 0.0;
  for (std::size_t b = 0; b < batches; ++b) {
    const auto t0 = Clock::now();
    run();
    best = std::max(best, static_cast<double>(size) / (micros(t0, Clock::now()) * 1e-6));
  }
  return best;
}

QueryBenchResult bench_target(const Benchmark& bench, const XgbEnsemble& xgb_ensemble,
                              const std::string& target,
                              const std::vector<space::Architecture>& archs,
                              const QueryBenchOptions& o) {
  QueryBenchResult r;
  r.target = target;
  r.members = xgb_ensemble.members.size();
  const std::vector<float> rows = float_rows(archs);
  bench.query(archs[0], target);  // warm-up
  r.anb_single_us = single_median(o.single_queries, [&](std::size_t i) {
    g_sink = g_sink + bench.query(archs[i % archs.size()], target).mean;
  });
  std::vector<double> mean, sd;
  const std::vector<space::Architecture> batch(archs.begin(),
                                               archs.begin() + static_cast<std::ptrdiff_t>(o.batch_size));
  r.anb_batch_per_s = batch_rate(o.batches, o.batch_size, [&] {
    bench.query_batch(batch, target, mean, sd);
    g_sink = g_sink + mean[0];
  });
  xgb_ensemble.predict(rows.data(), 1, mean, sd);  // warm-up
  r.xgb_single_us = single_median(o.xgb_single_queries, [&](std::size_t i) {
    xgb_ensemble.predict(rows.data() + (i % archs.size()) * space::kNumDecisions, 1, mean, sd);
    g_sink = g_sink + mean[0];
  });
  r.xgb_batch_per_s = batch_rate(o.batches, o.batch_size, [&] {
    xgb_ensemble.predict(rows.data(), o.batch_size, mean, sd);
    g_sink = g_sink + mean[0];
  });
  return r;
}

}  // namespace

void QueryBenchOptions::validate() const {
  const auto check = [](std::size_t v, const char* field) {
    if (v == 0) throw std::invalid_argument(std::string("QueryBenchOptions.") + field + " = 0: must be >= 1");
  };
  check(single_queries, "single_queries");
  check(batch_size, "batch_size");
  check(batches, "batches");
  check(xgb_single_queries, "xgb_single_queries");
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (values.size() % 2 == 1) return *mid;
  return 0.5 * (*mid + *std::max_element(values.begin(), mid));
}

QueryBenchSummary bench_query(const std::filesystem::path& models, const QueryBenchOptions& o) {
  o.validate();
  const Benchmark bench = Benchmark::load(models);
  std::vector<std::string> targets = o.targets.empty() ? bench.targets() : o.targets;
  for (const auto& t : targets) bench.require_target(t);
  const auto archs = space::sample(std::max(o.batch_size, std::size_t{1000}), o.seed);
  QueryBenchSummary summary;
  std::vector<XgbEnsemble> xgbs;
  for (const auto& t : targets) {
    xgbs.push_back(load_xgb(resolve_model_dir(models), *bench.manifest().find(t)));
    summary.targets.push_back(bench_target(bench, xgbs.back(), t, archs, o));
  }
  // Plain and interval queries of all targets alternate in rounds, so both see the same
  // machine state; each figure is the median over its rounds' medians.
  std::vector<double> plain, interval;
  constexpr std::size_t kRounds = 4;
  const std::size_t per_round = std::max<std::size_t>(o.single_queries / kRounds, 1);
  for (std::size_t round = 0; round < kRounds; ++round) {
    plain.push_back(single_median(per_round, [&](std::size_t i) {
      for (const auto& t : targets) g_sink = g_sink + bench.query(archs[i % archs.size()], t).mean;
    }));
    interval.push_back(single_median(per_round, [&](std::size_t i) {
      for (const auto& t : targets) {
        const auto& a = archs[i % archs.size()];
        g_sink = g_sink + (bench.has_interval(t) ? bench.query_interval(a, t, 0.9).upper
                                                 : bench.query(a, t).mean);
      }
    }));
  }
  summary.anb_all_targets_single_us = median(plain);
  summary.anb_all_targets_interval_us = median(interval);
  const std::vector<float> rows = float_rows(archs);
  std::vector<double> mean, sd;
  summary.xgb_all_targets_single_us = single_median(o.xgb_single_queries, [&](std::size_t i) {
    for (const auto& x : xgbs) x.predict(rows.data() + (i % archs.size()) * space::kNumDecisions, 1, mean, sd);
  });
  return summary;
}

}  // namespace anb::surrogate
