// Proxy-search analysis of runs collected elsewhere: the Accel-NASBench ablation (117
// architectures x 3 seeds x 2 schemes, if the shared data is present), small synthetic CSVs,
// a proxy-search output folder, and every kind of bad input.
#include "anb/construct/collected_results.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "anb/space/search_space.h"
#include "construct/fixtures.h"
#include "error_message.h"
#include "real_data.h"

namespace anb::construct {
namespace {

namespace fs = std::filesystem;

std::string fixed(double v, int digits) {
  return fmt::format("{:.{}f}", v, digits);
}

TEST(AblationRealData, ReproducesTheReadmeFigures) {
  ANB_REQUIRE_REAL_DATA("proxy_ablation/fewproxy-seed1.csv");
  const fs::path dir = anb::testing::real_data("proxy_ablation");
  const CollectedResults collected = read_collected_results(dir);
  EXPECT_EQ(collected.kind, "ablation CSV files");
  ASSERT_EQ(collected.archs.size(), 117u);
  ASSERT_EQ(collected.schemes.size(), 2u);
  const ProxySearchReport r = analyse_collected(collected, "fewproxy", 0.9, 3);
  ASSERT_EQ(r.candidates.size(), 1u);
  const CandidateReport& ref = r.reference;
  const CandidateReport& proxy = r.candidates[0];
  EXPECT_EQ(ref.name, "fewproxy");
  EXPECT_EQ(proxy.name, "proxified");
  EXPECT_EQ(r.archs, 117u);
  EXPECT_EQ(ref.seeds, 3u);
  EXPECT_EQ(proxy.seeds, 3u);
  // The figures of proxy_ablation/README.md, to the digits it gives.
  EXPECT_EQ(fixed(proxy.kendall_tau, 4), "0.9257");
  EXPECT_EQ(fixed(proxy.spearman, 4), "0.9913");
  EXPECT_EQ(fixed(ref.seconds / 3600, 2), "1122.06");
  EXPECT_EQ(fixed(proxy.seconds / 3600, 2), "200.01");
  EXPECT_EQ(fixed(proxy.seconds_ratio, 2), "5.61");
  EXPECT_EQ(fixed(proxy.mean_top1, 2), "60.44");
  EXPECT_EQ(fixed(ref.mean_top1, 2), "67.67");
  EXPECT_EQ(fixed(proxy.seed_std, 3), "0.256");
  EXPECT_EQ(fixed(ref.seed_std, 3), "0.141");
  EXPECT_EQ(fixed(proxy.seed_tau_min, 3), "0.923");
  EXPECT_EQ(fixed(proxy.seed_tau_max, 3), "0.936");
  EXPECT_EQ(fixed(ref.seed_tau_min, 3), "0.949");
  EXPECT_EQ(fixed(ref.seed_tau_max, 3), "0.960");
  EXPECT_DOUBLE_EQ(r.noise_ceiling, ref.seed_tau);
  // No training FLOPs in the CSVs: unknown, selection by seconds.
  EXPECT_TRUE(std::isnan(proxy.flops_ratio));
  EXPECT_EQ(r.cost_basis, "seconds");
  EXPECT_EQ(r.selected, 0);
  EXPECT_TRUE(r.to_json()["candidates"][0]["flops_ratio"].is_null());
  // Every tau has a bootstrap interval around it.
  for (const auto& [value, ci] : {std::pair{proxy.kendall_tau, proxy.kendall_tau_ci},
                                  {proxy.seed_tau, proxy.seed_tau_ci},
                                  {ref.seed_tau, ref.seed_tau_ci}}) {
    EXPECT_LT(ci.lo, value);
    EXPECT_GT(ci.hi, value);
    EXPECT_GT(ci.lo, 0.85);
    EXPECT_LT(ci.hi, 1.0);
  }
  EXPECT_EQ(r.noise_ceiling_ci.lo, ref.seed_tau_ci.lo);
}

// One seed's runs: top-1 = base + arch index * step (+ noise per seed), seconds per run.
std::vector<TrainResult> runs(std::size_t n, double base, double step, double noise,
                              double seconds) {
  std::vector<TrainResult> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].top1 = base + step * static_cast<double>(i) + ((i % 3) == 1 ? noise : -noise);
    out[i].top5 = out[i].top1 + 10;
    out[i].train_seconds = seconds;
  }
  return out;
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

fs::path synthetic_folder(const std::string& name, std::size_t n = 8) {
  const fs::path dir = anb::testing::fresh_dir(name);
  const auto archs = space::sample(n, 3);
  write(dir / "ref-seed1.csv", ablation_csv(archs, runs(n, 50, 1, 0.1, 100)));
  write(dir / "ref-seed2.csv", ablation_csv(archs, runs(n, 50, 1, -0.2, 110)));
  write(dir / "cheap-seed1.csv", ablation_csv(archs, runs(n, 30, 0.5, 0.3, 10)));
  write(dir / "cheap-seed7.csv", ablation_csv(archs, runs(n, 30, 0.5, -0.3, 10)));
  write(dir / "notes.txt", "ignored\n");
  return dir;
}

TEST(CollectedResults, ReadsSchemesAndSeedsFromFileNames) {
  const fs::path dir = synthetic_folder("collected_synthetic");
  const CollectedResults c = read_collected_results(dir);
  ASSERT_EQ(c.schemes.size(), 2u);
  EXPECT_EQ(c.schemes[0].name, "cheap");
  EXPECT_EQ(c.schemes[0].seeds, (std::vector<std::uint64_t>{1, 7}));
  EXPECT_EQ(c.schemes[1].name, "ref");
  ASSERT_EQ(c.archs.size(), 8u);
  EXPECT_EQ(c.archs, space::sample(8, 3));
  EXPECT_DOUBLE_EQ(c.schemes[1].results[3][1].top1, 53.2);
  EXPECT_DOUBLE_EQ(c.schemes[1].results[3][1].train_seconds, 110);

  const ProxySearchReport r = analyse_collected(c, "ref", 0.9, 2);
  ASSERT_EQ(r.candidates.size(), 1u);
  const CandidateReport& cheap = r.candidates[0];
  EXPECT_DOUBLE_EQ(cheap.kendall_tau, 1.0);  // the noise cancels in the seed means
  EXPECT_DOUBLE_EQ(cheap.seconds_ratio, 210.0 / 20.0);
  EXPECT_TRUE(std::isnan(cheap.flops_ratio));
  EXPECT_EQ(r.selected, 0);
  EXPECT_EQ(r.cost_basis, "seconds");
  // Seed std of the reference: |0.1 - -0.2| / sqrt(2) for every architecture.
  EXPECT_NEAR(r.reference.seed_std, 0.3 / std::sqrt(2.0), 1e-12);
  EXPECT_LE(cheap.seed_tau_ci.lo, cheap.seed_tau);
  EXPECT_GE(cheap.seed_tau_ci.hi, cheap.seed_tau);
  // Seeded: the same options give the same intervals; another seed other intervals.
  stats::BootstrapOptions other;
  other.seed = 5;
  const auto again = analyse_collected(c, "ref", 0.9, 2);
  EXPECT_EQ(again.to_json(), r.to_json());
  EXPECT_NE(analyse_collected(c, "ref", 0.9, 2, other).to_json()["candidates"][0]["seed_tau_ci"],
            r.to_json()["candidates"][0]["seed_tau_ci"]);
  const std::string md = report_markdown(r);
  EXPECT_NE(md.find("**Selected: cheap**"), std::string::npos) << md;
  EXPECT_NE(md.find("selected by seconds"), std::string::npos) << md;
  EXPECT_NE(md.find("FLOPs are unknown"), std::string::npos) << md;
}

TEST(CollectedResults, CsvRoundTrip) {
  const auto archs = space::sample(4, 9);
  const auto original = runs(4, 40, 2, 0.25, 12.5);
  const fs::path dir = anb::testing::fresh_dir("collected_roundtrip");
  write(dir / "x-seed1.csv", ablation_csv(archs, original));
  const auto rows = read_ablation_csv(dir / "x-seed1.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].arch, archs[i]);
    EXPECT_DOUBLE_EQ(rows[i].result.top1, original[i].top1);
    EXPECT_DOUBLE_EQ(rows[i].result.train_seconds, 12.5);
    EXPECT_TRUE(std::isnan(rows[i].result.train_flops));
  }
}

TEST(CollectedResults, OneSeedGivesANullCeilingAndANote) {
  const fs::path dir = synthetic_folder("collected_one_seed");
  fs::remove(dir / "cheap-seed7.csv");
  const auto r = analyse_collected(read_collected_results(dir), "ref", 0.9, 2);
  EXPECT_EQ(r.candidates[0].seeds, 1u);
  EXPECT_TRUE(std::isnan(r.candidates[0].seed_tau));
  EXPECT_TRUE(r.to_json()["candidates"][0]["seed_tau"].is_null());
  EXPECT_TRUE(r.to_json()["candidates"][0]["seed_tau_ci"][0].is_null());
  EXPECT_FALSE(std::isnan(r.noise_ceiling));
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("scheme 'cheap' has 1 seed"), std::string::npos) << r.notes[0];
  EXPECT_GT(r.candidates[0].kendall_tau, 0.8);  // still compared with the reference
  // The reference with one seed: null noise ceiling, named in a note.
  fs::remove(dir / "ref-seed2.csv");
  const auto r1 = analyse_collected(read_collected_results(dir), "ref", 0.9, 2);
  EXPECT_TRUE(r1.to_json()["noise_ceiling"].is_null());
  EXPECT_NE(r1.notes[0].find("scheme 'ref' has 1 seed"), std::string::npos) << r1.notes[0];
}

std::string error_reading(const fs::path& dir) {
  return anb::testing::error_of([&] { read_collected_results(dir); });
}

// Replaces line `line` (1-based) of `path` by `text`.
void replace_line(const fs::path& path, int line, const std::string& text) {
  std::ifstream in(path);
  std::string all, l;
  for (int n = 1; std::getline(in, l); ++n) all += (n == line ? text : l) + "\n";
  in.close();
  write(path, all);
}

std::string line_of(const fs::path& path, int line) {
  std::ifstream in(path);
  std::string l;
  for (int n = 1; n <= line; ++n) std::getline(in, l);
  return l;
}

TEST(CollectedResults, BadInputNamesFileRowAndValue) {
  // Wrong column count.
  fs::path dir = synthetic_folder("collected_bad_columns");
  std::string row = line_of(dir / "cheap-seed7.csv", 3);
  replace_line(dir / "cheap-seed7.csv", 3, row.substr(0, row.rfind(',')));
  std::string e = error_reading(dir);
  EXPECT_NE(e.find("cheap-seed7.csv line 3: 36 columns, expected 37"), std::string::npos) << e;

  // NaN and missing accuracy.
  dir = synthetic_folder("collected_bad_nan");
  row = line_of(dir / "ref-seed2.csv", 2);
  auto fields = row;
  std::size_t start = 0;
  for (int c = 0; c < 4; ++c) start = fields.find(',', start) + 1;
  const std::size_t end = fields.find(',', start);
  replace_line(dir / "ref-seed2.csv", 2, fields.substr(0, start) + "nan" + fields.substr(end));
  e = error_reading(dir);
  EXPECT_NE(e.find("ref-seed2.csv line 2 column 4 (top-1 accuracy) = 'nan'"), std::string::npos)
      << e;
  replace_line(dir / "ref-seed2.csv", 2, fields.substr(0, start) + fields.substr(end));
  e = error_reading(dir);
  EXPECT_NE(e.find("line 2 column 4 (top-1 accuracy) = '': missing value"), std::string::npos) << e;

  // Architectures that differ across the files of one row.
  dir = synthetic_folder("collected_bad_arch");
  const auto other = space::sample(8, 4);
  write(dir / "cheap-seed7.csv", ablation_csv(other, runs(8, 30, 0.5, -0.3, 10)));
  e = error_reading(dir);
  EXPECT_NE(e.find("cheap-seed7.csv row 0: architecture " + other[0].to_string()),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("cheap-seed1.csv row 0"), std::string::npos) << e;

  // Files of different lengths.
  dir = synthetic_folder("collected_bad_length");
  write(dir / "ref-seed2.csv", ablation_csv(space::sample(7, 3), runs(7, 50, 1, 0, 1)));
  e = error_reading(dir);
  EXPECT_NE(e.find("ref-seed2.csv: 7 rows, but"), std::string::npos) << e;

  // An architecture outside the search space.
  dir = synthetic_folder("collected_bad_space");
  row = line_of(dir / "ref-seed1.csv", 1);
  start = 0;
  for (int c = 0; c < 9; ++c) start = row.find(',', start) + 1;
  replace_line(dir / "ref-seed1.csv", 1,
               row.substr(0, start) + "5" + row.substr(row.find(',', start)));
  e = error_reading(dir);
  EXPECT_NE(e.find("ref-seed1.csv line 1"), std::string::npos) << e;

  // Empty folder, missing folder.
  dir = anb::testing::fresh_dir("collected_empty");
  write(dir / "readme.txt", "x");
  e = error_reading(dir);
  EXPECT_NE(e.find("no result files"), std::string::npos) << e;
  e = error_reading(dir / "absent");
  EXPECT_NE(e.find("not a folder"), std::string::npos) << e;
  write(dir / "a-seed1.csv", "\n");
  e = error_reading(dir);
  EXPECT_NE(e.find("a-seed1.csv: no rows"), std::string::npos) << e;

  // Unknown reference; a single scheme.
  dir = synthetic_folder("collected_bad_reference");
  const auto c = read_collected_results(dir);
  e = anb::testing::error_of([&] { analyse_collected(c, "fewproxy", 0.9, 3); });
  // Library terms: the field, not the CLI's flag (the CLI adds "--reference").
  EXPECT_EQ(e.rfind("reference: got 'fewproxy'; no such scheme (schemes found: cheap, ref)", 0), 0u)
      << e;
  EXPECT_EQ(e.find("--"), std::string::npos) << e;
  fs::remove(dir / "cheap-seed1.csv");
  fs::remove(dir / "cheap-seed7.csv");
  e = anb::testing::error_of(
      [&] { analyse_collected(read_collected_results(dir), "ref", 0.9, 3); });
  EXPECT_NE(e.find("only one scheme ('ref')"), std::string::npos) << e;
}

// A finished proxy-search folder, written by hand (no training): the same mapping as a run.
TEST(CollectedResults, ReadsAProxySearchFolder) {
  const fs::path dir = anb::testing::fresh_dir("collected_proxy_folder");
  ProxySearchConfig config = ProxySearchConfig::from_json(
      {{"dataset", "idx:/tmp/x"},
       {"architectures", anb::testing::tiny_archs()},
       {"reference", nlohmann::json::parse(anb::testing::tiny_scheme_json(2))},
       {"grid", {{"epochs", {1}}, {"data_fraction", {0.5, 1.0}}}},
       {"seeds", 2},
       {"tau", 0.5},
       {"top_k", 2}},
      ".");
  claim_output(dir / "proxy_search_config.json", config.to_json());
  const ResultStore store(dir / "items");
  const auto items = work_items(3, config.archs.size(), 2);
  std::vector<SchemeResults> results(
      3, SchemeResults(config.archs.size(), std::vector<TrainResult>(2)));
  for (const auto& item : items) {
    TrainResult r;
    r.top1 = 10.0 * static_cast<double>(item.arch) + static_cast<double>(item.seed) +
             (item.scheme == 1 && item.arch == 0 ? 25.0 : 0.0);
    r.train_seconds = 1.0 + static_cast<double>(item.scheme == 0);
    r.train_flops = item.scheme == 0 ? 4e9 : 1e9;
    results[item.scheme][item.arch][item.seed] = r;
    store.write(item_key(item), r.to_json());
  }
  const CollectedResults c = read_collected_results(dir);
  EXPECT_EQ(c.kind, "proxy-search folder");
  ASSERT_EQ(c.schemes.size(), 3u);
  EXPECT_EQ(c.schemes[0].name, "reference");
  EXPECT_EQ(c.schemes[2].name, "c2");
  EXPECT_EQ(c.schemes[2].settings, (nlohmann::json{{"data_fraction", 1.0}, {"epochs", 1}}));

  AnalysisOptions options;
  const fs::path out = dir / "analysis";
  const ProxySearchReport r = analyse_folder(dir, out, options);
  const ProxySearchReport direct =
      analyse(expand_grid(config.base, config.grid), results, config.tau, config.top_k);
  EXPECT_EQ(r.to_json(), direct.to_json());  // same report as the training run's
  EXPECT_EQ(r.tau_threshold, 0.5);           // from the folder's config
  EXPECT_EQ(r.cost_basis, "flops");
  EXPECT_DOUBLE_EQ(r.candidates[0].flops_ratio, 4.0);
  EXPECT_EQ(r.selected, 1);  // c1 ranks arch 0 wrongly
  for (const char* file : {"proxy_search.json", "proxy_search.csv", "proxy_search.md",
                           "runs/reference-seed1.csv", "runs/c2-seed2.csv"}) {
    EXPECT_TRUE(fs::exists(out / file)) << file;
  }
  // The exported CSVs are a folder of their own that analyses the same way (no FLOPs).
  options.reference = "reference";
  const auto again = analyse_folder(out / "runs", dir / "analysis2", options);
  EXPECT_DOUBLE_EQ(again.candidates[0].kendall_tau, r.candidates[0].kendall_tau);
  EXPECT_EQ(again.cost_basis, "seconds");

  // Bad tau and top_k name the field, not a command-line flag.
  const auto analysis_error = [&](AnalysisOptions o) {
    return anb::testing::error_of([&] { analyse_folder(dir, dir / "analysis3", o); });
  };
  AnalysisOptions bad;
  bad.tau = 1.5;
  bad.tau_given = true;
  std::string message = analysis_error(bad);
  EXPECT_EQ(message, "tau: got 1.5; must lie in [-1, 1]");
  bad = AnalysisOptions();
  bad.top_k = 0;
  bad.top_k_given = true;
  message = analysis_error(bad);
  EXPECT_EQ(message, "top_k: got 0; must be at least 1");

  // A missing item is named.
  fs::remove(store.path_of("s01_a002_r1"));
  const std::string e = anb::testing::error_of([&] { read_collected_results(dir); });
  EXPECT_NE(e.find("1 of 18 items have no result (first: "), std::string::npos) << e;
  EXPECT_NE(e.find("s01_a002_r1.json"), std::string::npos) << e;
}

}  // namespace
}  // namespace anb::construct
