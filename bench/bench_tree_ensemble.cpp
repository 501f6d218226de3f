// Query speed of anb's tree-ensemble evaluator against XGBoost's C API, side by side.
//
// The ensemble: 10 accuracy members fitted with the original accuracy hyperparameters
// (xgb_hyperparameters.json: depth 3, eta 0.0937, ...) for 1500 rounds each on the shared
// train+val records, member k leaving out fold k of 10 (or, when $ANB_BENCH_MODELS names a
// folder holding member_*.json files, those members; an empty folder is filled with the fitted
// ones for the next run). Evaluators:
//   Anb/<cap>/<merge>  TreeEnsemble with tables of at most <cap> entries (0: flat traversal only)
//   Xgb                XGBoosterPredictFromDense per member (nthread 1), mean/std over members
// Single: one architecture per call (cycling over 1000 sampled ones). Batch: 1000 per call.
//
// Run: build-eval/bench/bench_tree_ensemble --benchmark_min_time=1

#include <benchmark/benchmark.h>
#include <xgboost/c_api.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/tree_ensemble.h"

namespace {

namespace fs = std::filesystem;
constexpr std::size_t kF = anb::space::kNumDecisions;
constexpr int kMembers = 10;
constexpr int kRounds = 1500;

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string(what) + ": " + XGBGetLastError());
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Booster parameters of the original accuracy surrogate.
std::map<std::string, std::string> accuracy_params() {
  const fs::path file = fs::path(ANB_TEST_DATA_DIR) / "xgb_hyperparameters.json";
  const nlohmann::json hp = nlohmann::json::parse(read_text(file))["targets"]["accuracy"];
  std::map<std::string, std::string> p;
  for (const char* key : {"max_depth", "min_child_weight", "colsample_bytree", "colsample_bylevel",
                          "lambda", "alpha", "learning_rate"}) {
    std::ostringstream v;
    v.precision(17);
    v << hp.at(key).get<double>();
    p[key] = v.str();
  }
  p["tree_method"] = "hist";
  p["objective"] = "reg:squarederror";
  p["nthread"] = "2";
  p["verbosity"] = "0";
  return p;
}

std::string fit_member(const std::vector<float>& x, const std::vector<float>& y, int member) {
  DMatrixHandle d = nullptr;
  check(XGDMatrixCreateFromMat(x.data(), y.size(), kF, NAN, &d), "XGDMatrixCreateFromMat");
  check(XGDMatrixSetFloatInfo(d, "label", y.data(), y.size()), "XGDMatrixSetFloatInfo");
  BoosterHandle b = nullptr;
  check(XGBoosterCreate(&d, 1, &b), "XGBoosterCreate");
  for (const auto& [k, v] : accuracy_params()) check(XGBoosterSetParam(b, k.c_str(), v.c_str()), k.c_str());
  check(XGBoosterSetParam(b, "seed", std::to_string(member).c_str()), "seed");
  for (int i = 0; i < kRounds; ++i) check(XGBoosterUpdateOneIter(b, i, d), "update");
  bst_ulong len = 0;
  const char* buf = nullptr;
  check(XGBoosterSaveModelToBuffer(b, "{\"format\": \"json\"}", &len, &buf), "save");
  std::string text(buf, len);
  XGBoosterFree(b);
  XGDMatrixFree(d);
  return text;
}

// Member k is fitted on the records outside fold k (record i is in fold i mod 10).
std::vector<std::string> fit_members() {
  const anb::data::Dataset data =
      anb::data::Dataset::load(fs::path(ANB_TEST_DATA_DIR) / "anb_dataset_trainval.tar.gz")
          .with_target("accuracy");
  std::vector<std::string> texts;
  for (int k = 0; k < kMembers; ++k) {
    std::vector<float> x, y;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (static_cast<int>(i % kMembers) == k) continue;
      for (const double v : anb::space::encode(data[i].arch)) x.push_back(static_cast<float>(v));
      y.push_back(static_cast<float>(*data[i].target("accuracy")));
    }
    std::fprintf(stderr, "fitting member %d/%d (%zu records, %d rounds)\n", k + 1, kMembers,
                 y.size(), kRounds);
    texts.push_back(fit_member(x, y, k));
  }
  return texts;
}

std::vector<std::string> member_texts() {
  const char* dir = std::getenv("ANB_BENCH_MODELS");
  std::vector<fs::path> files;
  if (dir != nullptr && fs::is_directory(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string n = e.path().filename().string();
      if (n.rfind("member_", 0) == 0 && e.path().extension() == ".json") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> texts;
  for (const fs::path& f : files) texts.push_back(read_text(f));
  if (!texts.empty()) return texts;
  texts = fit_members();
  if (dir != nullptr && fs::is_directory(dir)) {
    for (std::size_t m = 0; m < texts.size(); ++m) {
      std::ofstream(fs::path(dir) / ("member_" + std::to_string(m) + ".json")) << texts[m];
    }
  }
  return texts;
}

struct Setup {
  std::vector<std::string> texts;
  std::vector<std::string> names;
  std::vector<double> x;  // 1000 sampled architectures
  std::vector<float> xf;
  std::vector<BoosterHandle> boosters;
  std::map<std::pair<int, int>, anb::surrogate::TreeEnsemble> ensembles;

  Setup() {
    texts = member_texts();
    for (std::size_t m = 0; m < texts.size(); ++m) names.push_back("member_" + std::to_string(m));
    for (const auto& a : anb::space::sample(1000, 2024)) {
      for (const double v : anb::space::encode(a)) {
        x.push_back(v);
        xf.push_back(static_cast<float>(v));
      }
    }
    for (const std::string& t : texts) {
      BoosterHandle b = nullptr;
      check(XGBoosterCreate(nullptr, 0, &b), "XGBoosterCreate");
      check(XGBoosterLoadModelFromBuffer(b, t.data(), t.size()), "load");
      check(XGBoosterSetParam(b, "nthread", "1"), "nthread");
      boosters.push_back(b);
    }
  }

  const anb::surrogate::TreeEnsemble& ensemble(int cap, int merge) {
    auto it = ensembles.find({cap, merge});
    if (it != ensembles.end()) return it->second;
    anb::surrogate::TreeCompileOptions o;
    o.max_table_entries = static_cast<std::size_t>(cap);
    o.merge_tables = merge != 0;
    auto e = anb::surrogate::TreeEnsemble::from_xgboost_json(texts, names, o);
    return ensembles.emplace(std::make_pair(cap, merge), std::move(e)).first->second;
  }
};

Setup& setup() {
  static Setup s;
  return s;
}

// XGBoost's predictions of member m for rows [begin, begin + n).
const float* xgb_predict(BoosterHandle b, const float* rows, std::size_t n) {
  char array[256];
  std::snprintf(array, sizeof array,
                "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", "
                "\"version\": 3}",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(rows)), n, kF);
  static const char* config =
      "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
      "\"strict_shape\": false, \"missing\": -1.0, \"cache_id\": 0}";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  check(XGBoosterPredictFromDense(b, array, config, nullptr, &shape, &dim, &out), "predict");
  return out;
}

// Mean and std over members through XGBoost for rows [begin, begin + n).
void xgb_mean_std(Setup& s, std::size_t begin, std::size_t n, double* mean, double* sd) {
  const std::size_t m = s.boosters.size();
  std::vector<double> values(n * m);
  for (std::size_t k = 0; k < m; ++k) {
    const float* out = xgb_predict(s.boosters[k], &s.xf[begin * kF], n);
    for (std::size_t i = 0; i < n; ++i) values[i * m + k] = out[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0, sq = 0.0;
    for (std::size_t k = 0; k < m; ++k) sum += values[i * m + k];
    mean[i] = sum / static_cast<double>(m);
    for (std::size_t k = 0; k < m; ++k) sq += (values[i * m + k] - mean[i]) * (values[i * m + k] - mean[i]);
    sd[i] = std::sqrt(sq / static_cast<double>(m));
  }
}

void add_stats(benchmark::State& state, const anb::surrogate::TreeEnsemble& e) {
  const auto st = e.stats();
  state.counters["trees"] = static_cast<double>(st.trees);
  state.counters["leaves"] = static_cast<double>(st.leaves);
  state.counters["tables"] = static_cast<double>(st.tables);
  state.counters["entries"] = static_cast<double>(st.table_entries);
  state.counters["flat_trees"] = static_cast<double>(st.flat_trees);
  // Largest relative difference from XGBoost's own member predictions over the 1000 queries.
  Setup& s = setup();
  double worst = 0.0;
  std::vector<double> mine(e.num_members());
  for (std::size_t k = 0; k < s.boosters.size(); ++k) {
    const float* ref = xgb_predict(s.boosters[k], s.xf.data(), 1000);
    for (std::size_t i = 0; i < 1000; ++i) {
      e.predict_members(&s.x[i * kF], mine.data());
      worst = std::max(worst, std::abs(mine[k] - ref[i]) / std::max(1.0, std::abs(double(ref[i]))));
    }
  }
  state.counters["max_rel_diff_vs_xgb"] = worst;
}

void BM_Single_Anb(benchmark::State& state) {
  Setup& s = setup();
  const auto& e = s.ensemble(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  std::size_t i = 0;
  double mean = 0.0, sd = 0.0;
  for (auto _ : state) {
    e.predict(&s.x[i * kF], mean, sd);
    benchmark::DoNotOptimize(mean);
    benchmark::DoNotOptimize(sd);
    i = (i + 1) % 1000;
  }
  state.SetItemsProcessed(state.iterations());
  add_stats(state, e);
}

void BM_Batch1000_Anb(benchmark::State& state) {
  Setup& s = setup();
  const auto& e = s.ensemble(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  std::vector<double> mean(1000), sd(1000);
  for (auto _ : state) {
    e.predict_batch(s.x.data(), 1000, mean.data(), sd.data());
    benchmark::DoNotOptimize(mean.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

void BM_Single_Xgb(benchmark::State& state) {
  Setup& s = setup();
  std::size_t i = 0;
  double mean = 0.0, sd = 0.0;
  for (auto _ : state) {
    xgb_mean_std(s, i, 1, &mean, &sd);
    benchmark::DoNotOptimize(mean);
    i = (i + 1) % 1000;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Batch1000_Xgb(benchmark::State& state) {
  Setup& s = setup();
  std::vector<double> mean(1000), sd(1000);
  for (auto _ : state) {
    xgb_mean_std(s, 0, 1000, mean.data(), sd.data());
    benchmark::DoNotOptimize(mean.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

// Parsing and compiling the 10 member JSON texts (default options).
void BM_Compile(benchmark::State& state) {
  Setup& s = setup();
  std::size_t bytes = 0;
  for (const std::string& t : s.texts) bytes += t.size();
  for (auto _ : state) {
    auto e = anb::surrogate::TreeEnsemble::from_xgboost_json(s.texts, s.names);
    benchmark::DoNotOptimize(e.num_members());
  }
  state.counters["json_MB"] = static_cast<double>(bytes) / 1e6;
}

// {max_table_entries, merge_tables}: the default (128, merged), other caps, unmerged, and flat.
void Variants(benchmark::internal::Benchmark* b) {
  b->ArgNames({"cap", "merge"});
  for (const auto& a : std::vector<std::vector<std::int64_t>>{
           {64, 1}, {64, 0}, {128, 1}, {256, 1}, {512, 1}, {1024, 1}, {0, 0}}) {
    b->Args(a);
  }
}

}  // namespace

BENCHMARK(BM_Single_Anb)->Apply(Variants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Single_Xgb)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Batch1000_Anb)->Apply(Variants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Batch1000_Xgb)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Compile)->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_MAIN();
