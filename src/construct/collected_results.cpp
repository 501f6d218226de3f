#include "anb/construct/collected_results.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/space/cost.h"

namespace anb::construct {
namespace fs = std::filesystem;
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::string trim(const std::string& text) {
  const auto b = text.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = text.find_last_not_of(" \t\r");
  return text.substr(b, e - b + 1);
}

// One CSV row being read: errors name the file, the line, the column and the value.
struct RowReader {
  const fs::path& path;
  int line;
  const std::vector<std::string>& fields;

  [[noreturn]] void fail(std::size_t column, const std::string& what,
                         const std::string& rule) const {
    throw std::invalid_argument(fmt::format("{} line {} column {} ({}) = '{}': {}", path.string(),
                                            line, column, what, trim(fields[column]), rule));
  }

  double number(std::size_t column, const std::string& what) const {
    const std::string text = trim(fields[column]);
    if (text.empty()) fail(column, what, "missing value");
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) fail(column, what, "not a number");
    if (!std::isfinite(v)) fail(column, what, "must be a finite number");
    return v;
  }

  int integer(std::size_t column, const std::string& what) const {
    const double v = number(column, what);
    if (v != std::floor(v)) fail(column, what, "must be an integer");
    return static_cast<int>(v);
  }

  bool boolean(std::size_t column, const std::string& what) const {
    const std::string text = trim(fields[column]);
    if (text == "True" || text == "true" || text == "1") return true;
    if (text == "False" || text == "false" || text == "0") return false;
    fail(column, what, "expected True or False");
  }
};

AblationRow parse_row(const fs::path& path, int line, const std::vector<std::string>& fields) {
  if (fields.size() != kAblationColumns) {
    throw std::invalid_argument(fmt::format("{} line {}: {} columns, expected {} (ablation layout)",
                                            path.string(), line, fields.size(), kAblationColumns));
  }
  const RowReader row{path, line, fields};
  AblationRow out;
  out.result.top1 = row.number(4, "top-1 accuracy");
  out.result.top5 = row.number(5, "top-5 accuracy");
  out.macs = row.number(6, "MACs");
  out.params = row.number(7, "parameters");
  out.result.train_seconds = row.number(8, "training seconds");
  out.result.train_flops = kNaN;
  if (out.result.top1 < 0 || out.result.top1 > 100)
    row.fail(4, "top-1 accuracy", "must lie in [0, 100]");
  if (out.result.train_seconds < 0) row.fail(8, "training seconds", "must not be negative");
  std::array<space::Stage, space::kNumStages> stages;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    stages[s].expansion = row.integer(9 + s, fmt::format("expansion of stage {}", s));
    stages[s].kernel = row.integer(16 + s, fmt::format("kernel of stage {}", s));
    stages[s].layers = row.integer(23 + s, fmt::format("layers of stage {}", s));
    stages[s].se = row.boolean(30 + s, fmt::format("squeeze-excite of stage {}", s));
  }
  try {
    out.arch = space::Architecture(stages);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{} line {}: {}", path.string(), line, e.what()));
  }
  return out;
}

std::string python_bool(bool v) {
  return v ? "True" : "False";
}

// The proxy-search folder form.
CollectedResults read_proxy_search_folder(const fs::path& dir) {
  const ProxySearchConfig config = ProxySearchConfig::load(dir / "proxy_search_config.json");
  const std::vector<Candidate> candidates = expand_grid(config.base, config.grid);
  CollectedResults collected;
  collected.kind = "proxy-search folder";
  collected.archs = config.archs;
  collected.config = config.to_json();
  const ResultStore store(dir / "items");
  std::size_t missing = 0;
  std::string first_missing;
  for (std::size_t s = 0; s <= candidates.size(); ++s) {
    SchemeRuns runs;
    runs.name = s == 0 ? "reference" : candidates[s - 1].name;
    if (s > 0) runs.settings = candidates[s - 1].settings;
    runs.seeds = config.seeds;
    runs.files.assign(config.seeds.size(), store.dir());
    runs.results.assign(config.archs.size(), std::vector<TrainResult>(config.seeds.size()));
    for (std::size_t a = 0; a < config.archs.size(); ++a) {
      for (std::size_t r = 0; r < config.seeds.size(); ++r) {
        const std::string key = item_key({s, a, r});
        if (!store.has(key)) {
          if (missing++ == 0) first_missing = store.path_of(key).string();
          continue;
        }
        const nlohmann::json item = store.read(key);
        try {
          runs.results[a][r] = TrainResult::from_json(item);
        } catch (const std::exception& e) {
          throw std::invalid_argument(store.path_of(key).string() + ": " + e.what());
        }
        if (!std::isfinite(runs.results[a][r].top1)) {
          throw std::invalid_argument(fmt::format("{}: top1 = {}: must be a finite number",
                                                  store.path_of(key).string(),
                                                  item.value("top1", nlohmann::json()).dump()));
        }
      }
    }
    collected.schemes.push_back(std::move(runs));
  }
  if (missing > 0) {
    throw std::invalid_argument(fmt::format(
        "{}: {} of {} items have no result (first: {}); finish the run (rerun the proxy "
        "search with its config) before analysing it",
        store.dir().string(), missing,
        (candidates.size() + 1) * config.archs.size() * config.seeds.size(), first_missing));
  }
  return collected;
}

// The SCHEME-seedN.csv form.
CollectedResults read_csv_folder(const fs::path& dir) {
  static const std::regex name(R"(^(.+)-seed([0-9]+)\.csv$)");
  std::map<std::string, std::map<std::uint64_t, fs::path>> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    std::smatch m;
    if (!entry.is_regular_file() || !std::regex_match(file, m, name)) continue;
    files[m[1]][std::stoull(m[2])] = entry.path();
  }
  if (files.empty()) {
    throw std::invalid_argument(
        dir.string() +
        ": no result files (expected SCHEME-seedN.csv files in the ablation layout, or a "
        "proxy-search output folder with proxy_search_config.json)");
  }
  CollectedResults collected;
  collected.kind = "ablation CSV files";
  fs::path first_file;
  for (const auto& [scheme, seeds] : files) {
    SchemeRuns runs;
    runs.name = scheme;
    for (const auto& [seed, path] : seeds) {
      const std::vector<AblationRow> rows = read_ablation_csv(path);
      if (collected.archs.empty()) {
        first_file = path;
        for (const auto& row : rows) collected.archs.push_back(row.arch);
      }
      if (rows.size() != collected.archs.size()) {
        throw std::invalid_argument(
            fmt::format("{}: {} rows, but {} has {} (every file must list the same architectures)",
                        path.string(), rows.size(), first_file.string(), collected.archs.size()));
      }
      runs.results.resize(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!(rows[i].arch == collected.archs[i])) {
          throw std::invalid_argument(fmt::format(
              "{} row {}: architecture {} differs from {} row {} ({}): every file must list "
              "the same architectures in the same order",
              path.string(), i, rows[i].arch.to_string(), first_file.string(), i,
              collected.archs[i].to_string()));
        }
        runs.results[i].push_back(rows[i].result);
      }
      runs.seeds.push_back(seed);
      runs.files.push_back(path);
    }
    runs.settings = {{"seeds", runs.seeds}};
    collected.schemes.push_back(std::move(runs));
  }
  return collected;
}

}  // namespace

std::vector<AblationRow> read_ablation_csv(const fs::path& path) {
  std::istringstream in(io::read_file(path));
  std::vector<AblationRow> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (trim(line).empty()) continue;
    rows.push_back(parse_row(path, number, split(line)));
  }
  if (rows.empty()) throw std::invalid_argument(path.string() + ": no rows");
  return rows;
}

std::string ablation_csv(const std::vector<space::Architecture>& archs,
                         const std::vector<TrainResult>& runs) {
  if (archs.size() != runs.size()) {
    throw std::invalid_argument("ablation_csv: need one run per architecture");
  }
  std::string out;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const space::Cost cost = space::cost(archs[i]);
    out += fmt::format("{},0,{},0,{},{},{},{},{}", i, i, runs[i].top1, runs[i].top5, cost.mmacs(),
                       cost.mparams(), runs[i].train_seconds);
    const auto& stages = archs[i].stages();
    for (const auto& s : stages) out += fmt::format(",{}", s.expansion);
    for (const auto& s : stages) out += fmt::format(",{}", s.kernel);
    for (const auto& s : stages) out += fmt::format(",{}", s.layers);
    for (const auto& s : stages) out += "," + python_bool(s.se);
    out += "\n";
  }
  return out;
}

CollectedResults read_collected_results(const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    throw std::invalid_argument(dir.string() +
                                ": not a folder (expected a folder of "
                                "SCHEME-seedN.csv files or a proxy-search output folder)");
  }
  if (fs::exists(dir / "proxy_search_config.json")) return read_proxy_search_folder(dir);
  return read_csv_folder(dir);
}

void write_ablation_csvs(const CollectedResults& collected, const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& scheme : collected.schemes) {
    for (std::size_t r = 0; r < scheme.seeds.size(); ++r) {
      std::vector<TrainResult> runs;
      for (const auto& per_arch : scheme.results) runs.push_back(per_arch.at(r));
      io::write_file_atomic(dir / fmt::format("{}-seed{}.csv", scheme.name, scheme.seeds[r]),
                            ablation_csv(collected.archs, runs));
    }
  }
}

ProxySearchReport analyse_collected(const CollectedResults& collected, const std::string& reference,
                                    double tau, int top_k,
                                    const stats::BootstrapOptions& bootstrap) {
  const auto ref = std::find_if(collected.schemes.begin(), collected.schemes.end(),
                                [&](const SchemeRuns& s) { return s.name == reference; });
  if (ref == collected.schemes.end()) {
    std::string names;
    for (const auto& s : collected.schemes) names += (names.empty() ? "" : ", ") + s.name;
    throw std::invalid_argument(
        fmt::format("reference: got '{}'; no such scheme (schemes found: {})", reference, names));
  }
  if (collected.schemes.size() < 2) {
    throw std::invalid_argument(fmt::format(
        "only one scheme ('{}') was found: a proxy-search analysis needs a reference and at "
        "least one candidate",
        reference));
  }
  std::vector<Candidate> candidates;
  std::vector<SchemeResults> results{ref->results};
  for (const auto& s : collected.schemes) {
    if (s.name == reference) continue;
    candidates.push_back({s.name, s.settings, TrainingScheme{}});
    results.push_back(s.results);
  }
  ProxySearchReport report = analyse(candidates, results, tau, top_k, bootstrap);
  report.reference.name = ref->name;
  report.reference.settings = ref->settings;
  report.notes = report_notes(report);
  return report;
}

ProxySearchReport analyse_folder(const fs::path& dir, const fs::path& out,
                                 const AnalysisOptions& options,
                                 const std::function<void(const std::string&)>& log) {
  const CollectedResults collected = read_collected_results(dir);
  double tau = options.tau;
  int top_k = options.top_k;
  if (collected.config.is_object()) {  // checked when the config was loaded
    if (!options.tau_given) tau = collected.config.at("tau").get<double>();
    if (!options.top_k_given) top_k = collected.config.at("top_k").get<int>();
  }
  if (!(tau >= -1.0 && tau <= 1.0)) {
    throw std::invalid_argument(fmt::format("tau: got {}; must lie in [-1, 1]", tau));
  }
  if (top_k < 1)
    throw std::invalid_argument(fmt::format("top_k: got {}; must be at least 1", top_k));
  const ProxySearchReport report =
      analyse_collected(collected, options.reference, tau, top_k, options.bootstrap);
  write_report_files(report, {}, out, log);
  if (collected.config.is_object()) write_ablation_csvs(collected, out / "runs");
  return report;
}

}  // namespace anb::construct
