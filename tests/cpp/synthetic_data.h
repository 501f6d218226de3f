#pragma once
// Synthetic Accel-NASBench records for hermetic tests: the suite passes from a bare clone, without
// the shared dataset. Architectures are drawn from the search space with a fixed seed, their MACs
// and parameters come from the analytic cost model (as in the real records), and every target is
// a smooth function of the architecture plus seeded noise, in the real data's ranges:
//
//   accuracy    42-67 %, rising with log MACs and parameters;
//   throughput  falling with MACs and depth (one scale per device);
//   latency     rising with MACs and depth (the two FPGAs, std null as in the original);
//   train_time  about 1,000-4,000 s.
//
// Repeated training runs of some of them (write_synthetic_seed_runs) stand in for the proxy
// ablation, the input of the accuracy and train_time noise models.
//
// So a tiny surrogate learns them well (Kendall tau well above 0.5) within a few boosting
// rounds. Values are drawn through anb::stats::Rng, whose numbers are the same on every platform,
// so the records (and a fit on them) are the same everywhere. The real data's own checks stay in
// the `realdata` suites (see real_data.h).

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/data/record.h"
#include "anb/space/cost.h"
#include "anb/space/search_space.h"
#include "anb/stats/random.h"

namespace anb::testing {

// How many records `synthetic_records()` makes by default, the seed, and the share in train.txt.
inline constexpr std::size_t kSyntheticRecords = 800;
inline constexpr std::uint64_t kSyntheticSeed = 20261130;
inline constexpr std::size_t kSyntheticTrain = 640;  // the rest (160) is val.txt

namespace synthetic_detail {

struct Shape {
  double log_macs;    // log(MMACs / 100)
  double params;      // millions
  double layers;      // total layers, 7-22
  double se;          // stages with squeeze-and-excitation, 0-7
  double big_kernel;  // stages with 5x5 kernels, 0-7
};

inline Shape shape_of(const space::Architecture& arch, double macs, double params) {
  Shape s{std::log(macs / 100.0), params, 0.0, 0.0, 0.0};
  for (const auto& stage : arch.stages()) {
    s.layers += stage.layers;
    s.se += stage.se ? 1.0 : 0.0;
    s.big_kernel += stage.kernel == 5 ? 1.0 : 0.0;
  }
  return s;
}

// A device's throughput (images/s): `scale` for a 100-MMAC network of 7 layers, falling with
// MACs, depth, squeeze-and-excitation and 5x5 kernels (so devices agree with each other better
// than with MACs alone); about 3 % multiplicative noise.
inline double throughput(const Shape& s, double scale, stats::Rng& rng) {
  return scale * std::exp(-0.6 * s.log_macs - 0.06 * (s.layers - 7.0) - 0.04 * s.se -
                          0.02 * s.big_kernel + 0.03 * rng.normal());
}

// A device's latency (ms): `scale` for a 100-MMAC network, rising with MACs and depth.
inline double latency(const Shape& s, double scale, stats::Rng& rng) {
  return scale *
         std::exp(0.85 * s.log_macs + 0.04 * (s.layers - 7.0) + 0.02 * s.se + 0.03 * rng.normal());
}

inline data::Measurement measured(double mean, bool with_std) {
  data::Measurement m;
  m.mean = mean;
  if (with_std) m.std = 0.01 * mean;
  return m;
}

}  // namespace synthetic_detail

// The record of `arch` named `id`, with values drawn from `rng`.
inline data::Record synthetic_record(const space::Architecture& arch, const std::string& id,
                                     stats::Rng& rng) {
  using namespace synthetic_detail;
  const space::Cost cost = space::cost(arch);
  data::Record r;
  r.id = id;
  r.arch = arch;
  r.macs = cost.mmacs();
  r.params = cost.mparams();
  const Shape s = shape_of(arch, *r.macs, *r.params);
  const double top1 = 50.5 + 7.0 * s.log_macs + 0.6 * (s.params - 4.0) + 0.15 * s.se +
                      0.1 * s.big_kernel + 0.6 * rng.normal();
  r.val_top1 = std::round(std::clamp(top1, 42.85, 67.05) * 1000.0) / 1000.0;
  r.val_top5 = std::round((*r.val_top1 + 20.0 + 0.5 * rng.normal()) * 1000.0) / 1000.0;
  r.train_time = 1400.0 + 4.0 * *r.macs + 40.0 * s.layers + 50.0 * rng.normal();
  r.perf["throughput_a100"] = measured(throughput(s, 39500.0, rng), true);
  r.perf["throughput_3090"] = measured(throughput(s, 26400.0, rng), true);
  r.perf["throughput_tpuv2"] = measured(throughput(s, 3020.0, rng), true);
  // A few TPUv3 nulls, as in the original data.
  const double tpuv3 = throughput(s, 4970.0, rng);
  if (rng.uniform_int(40) != 0) r.perf["throughput_tpuv3"] = measured(tpuv3, true);
  r.perf["throughput_zcu102"] = measured(throughput(s, 1660.0, rng), false);
  r.perf["throughput_vck190"] = measured(throughput(s, 9650.0, rng), false);
  r.perf["latency_zcu102"] = measured(latency(s, 1.52, rng), false);
  r.perf["latency_vck190"] = measured(latency(s, 0.88, rng), false);
  return r;
}

// `n` records result_0.json ... result_<n-1>.json of architectures drawn with `seed`; the last
// two repeat the architectures of records 0 and 1 (duplicates, as the original data has).
inline std::vector<data::Record> synthetic_records(std::size_t n = kSyntheticRecords,
                                                   std::uint64_t seed = kSyntheticSeed) {
  const std::vector<space::Architecture> archs = space::sample(n, seed);
  stats::Rng rng = stats::Rng::substream(seed, 1);
  std::vector<data::Record> records;
  records.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const space::Architecture& arch = (n >= 4 && i + 2 >= n) ? archs[i + 2 - n] : archs[i];
    records.push_back(synthetic_record(arch, "result_" + std::to_string(i) + ".json", rng));
  }
  return records;
}

// The synthetic records as a Dataset (no files).
inline data::Dataset synthetic_dataset(std::size_t n = kSyntheticRecords,
                                       std::uint64_t seed = kSyntheticSeed) {
  return data::Dataset(synthetic_records(n, seed));
}

// Ids of the train (first kSyntheticTrain records) or val (the rest) split of the default
// synthetic dataset, at most `n` of them.
inline std::vector<std::string> synthetic_split(const std::string& name, std::size_t n = SIZE_MAX) {
  const std::size_t begin = name == "train" ? 0 : kSyntheticTrain;
  const std::size_t end = name == "train" ? kSyntheticTrain : kSyntheticRecords;
  std::vector<std::string> ids;
  for (std::size_t i = begin; i < end && ids.size() < n; ++i) {
    ids.push_back("result_" + std::to_string(i) + ".json");
  }
  return ids;
}

// Measurements of a new device ("h200": throughput_h200 and latency_h200 only, with a metadata
// block, like `anb measure` writes) for the first `n` architectures of the default dataset.
inline std::vector<data::Record> synthetic_device_records(std::size_t n = 100) {
  const std::vector<data::Record> base = synthetic_records();
  stats::Rng rng = stats::Rng::substream(kSyntheticSeed, 2);
  std::vector<data::Record> out;
  for (std::size_t i = 0; i < n && i < base.size(); ++i) {
    using namespace synthetic_detail;
    const Shape s = shape_of(base[i].arch, *base[i].macs, *base[i].params);
    data::Record r;
    r.id = "h200_" + std::to_string(i) + ".json";
    r.arch = base[i].arch;
    r.macs = base[i].macs;
    r.params = base[i].params;
    r.perf["throughput_h200"] = measured(throughput(s, 77700.0, rng), true);
    r.perf["latency_h200"] = measured(latency(s, 0.45, rng), true);
    r.metadata = {{"device", "synthetic H200"}};
    out.push_back(std::move(r));
  }
  return out;
}

// Repeated training runs like the proxy ablation's `proxified-seed{1,2,3}.csv` (no header; row,
// job, model, 0, top-1, top-5, MMACs, Mparams, train seconds, then e, k, l and SE of the seven
// stages) for the first `n` synthetic architectures, the noise models' input (`anb fit
// --seed-runs`, default `proxy_ablation` beside the data): seed-to-seed top-1 spread that shrinks
// for better architectures (std 0.29 pp at 60 %), train time within about 2 %.
inline void write_synthetic_seed_runs(const std::filesystem::path& dir, std::size_t n = 60) {
  const std::vector<data::Record> base = synthetic_records();
  std::filesystem::create_directories(dir);
  for (int seed = 1; seed <= 3; ++seed) {
    stats::Rng rng = stats::Rng::substream(kSyntheticSeed, 10 + static_cast<std::uint64_t>(seed));
    std::ofstream out(dir / ("proxified-seed" + std::to_string(seed) + ".csv"));
    for (std::size_t i = 0; i < n && i < base.size(); ++i) {
      const data::Record& r = base[i];
      const double sd = std::exp(-1.24 - 0.07 * (*r.val_top1 - 60.4));
      const double top1 = *r.val_top1 + sd * rng.normal();
      out << i << ",1," << i << ",0," << top1 << "," << top1 + 20.0 << "," << *r.macs << ","
          << *r.params << "," << *r.train_time * (1.0 + 0.02 * rng.normal());
      for (const auto& st : r.arch.stages()) out << "," << st.expansion;
      for (const auto& st : r.arch.stages()) out << "," << st.kernel;
      for (const auto& st : r.arch.stages()) out << "," << st.layers;
      for (const auto& st : r.arch.stages()) out << "," << (st.se ? "True" : "False");
      out << "\n";
    }
  }
}

// Writes `records` as one JSON file each into `dir` (created).
inline void write_records(const std::vector<data::Record>& records,
                          const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  for (const auto& r : records) std::ofstream(dir / r.id) << r.to_json().dump();
}

// Writes the default synthetic dataset into `dir`: the records plus splits/train.txt and
// splits/val.txt beside them (as the shared data ships its split lists).
inline void write_synthetic_dataset(const std::filesystem::path& dir) {
  write_records(synthetic_records(), dir);
  std::filesystem::create_directories(dir / "splits");
  for (const char* name : {"train", "val"}) {
    std::ofstream list(dir / "splits" / (std::string(name) + ".txt"));
    for (const auto& id : synthetic_split(name)) list << id << "\n";
  }
}

}  // namespace anb::testing
