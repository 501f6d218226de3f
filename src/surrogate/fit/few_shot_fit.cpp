#include "anb/surrogate/few_shot_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "anb/data/targets.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/model_dir.h"
#include "anb/surrogate/prior.h"
#include "anb/surrogate/transfer_bench.h"
#include "measure_target.h"

namespace anb::surrogate {
namespace {

// One measured architecture: its mean value and the records it came from.
struct Measured {
  space::Architecture arch;
  double value = 0.0;
  std::size_t count = 0;
};

// The distinct architectures measured for `target`, checking repeated measurements.
std::vector<Measured> gather(const data::Dataset& records, const std::string& target,
                             double tolerance, std::vector<std::string>& notes) {
  std::map<std::uint64_t, std::vector<std::pair<double, std::string>>> by_arch;
  std::vector<std::uint64_t> order;
  std::map<std::uint64_t, space::Architecture> archs;
  for (const auto& r : records.records()) {
    const auto v = r.target(target);
    if (!v) continue;
    const std::uint64_t key = space::index_of(r.arch);
    if (!by_arch.count(key)) {
      order.push_back(key);
      archs.emplace(key, r.arch);
    }
    by_arch[key].emplace_back(*v, r.id);
  }
  std::vector<Measured> out;
  std::size_t repeated = 0;
  for (std::uint64_t key : order) {
    const auto& values = by_arch[key];
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (hi->first > lo->first * (1.0 + tolerance)) {
      throw std::invalid_argument(fmt::format(
          "{}: architecture {} was measured more than once with different values: {} (record {}) "
          "and {} (record {}), {:.0f} % apart (tolerance {:.0f} %); remove or re-measure one",
          target, archs.at(key).to_string(), lo->first, lo->second, hi->first, hi->second,
          100.0 * (hi->first / lo->first - 1.0), 100.0 * tolerance));
    }
    Measured m{archs.at(key), 0.0, values.size()};
    for (const auto& v : values) m.value += v.first;
    m.value /= static_cast<double>(values.size());
    if (values.size() > 1) ++repeated;
    out.push_back(m);
  }
  if (repeated > 0) {
    notes.push_back(
        fmt::format("{}: {} architecture(s) measured more than once (within {:.0f} %): "
                    "their mean is used",
                    target, repeated, 100.0 * tolerance));
  }
  return out;
}

// The prior targets: every device target of the prior directory. Throws when it holds none or
// holds a requested target.
std::vector<std::string> prior_columns(const Benchmark& priors,
                                       const std::vector<std::string>& targets) {
  std::vector<std::string> out;
  for (const auto& t : priors.targets()) {
    if (t == "accuracy") continue;
    if (std::find(targets.begin(), targets.end(), t) != targets.end()) {
      throw std::invalid_argument("target " + t + " is already in the prior models " +
                                  priors.directory().string() +
                                  ": a few-shot fit adds a device the priors do not know");
    }
    out.push_back(t);
  }
  if (out.empty()) {
    throw std::invalid_argument("the prior models " + priors.directory().string() +
                                " hold no device target (fit throughput_a100 ... first)");
  }
  return out;
}

// Sampling error of Kendall's tau from n pairs (its standard deviation under independence).
double tau_standard_error(std::size_t n) {
  const auto x = static_cast<double>(n);
  return std::sqrt(2.0 * (2.0 * x + 5.0) / (9.0 * x * (x - 1.0)));
}

// The architectures to label: `archs` (distinct), topped up with seeded samples of the space.
std::vector<space::Architecture> labelled_archs(const std::vector<space::Architecture>& archs,
                                                std::size_t n, std::uint64_t seed) {
  std::vector<space::Architecture> out;
  std::set<std::uint64_t> seen;
  for (const auto& a : archs) {
    if (seen.insert(space::index_of(a)).second) out.push_back(a);
  }
  if (out.size() < n) {
    for (const auto& a : space::sample(n - out.size(), seed)) {
      if (seen.insert(space::index_of(a)).second) out.push_back(a);
    }
  }
  return out;
}

// The prior target of the ensemble: the prior column of the target's metric with the largest
// standardized weight ("" when none carries weight).
std::string ensemble_prior(const FewShotModel& model, const FewShotInputs& inputs,
                           const std::vector<std::string>& priors, const std::string& target) {
  const std::string metric = data::target_info(target).metric;
  std::string best;
  double largest = 0.0;
  for (std::size_t j = 0; j < priors.size(); ++j) {
    if (data::target_info(priors[j]).metric != metric) continue;
    double mean = 0.0, var = 0.0;
    for (std::size_t r = 0; r < inputs.rows; ++r) mean += inputs.at(r, j);
    mean /= static_cast<double>(inputs.rows);
    for (std::size_t r = 0; r < inputs.rows; ++r) var += std::pow(inputs.at(r, j) - mean, 2);
    const double weight = std::abs(model.weights()[j]) * std::sqrt(var);
    if (weight > largest) {
      largest = weight;
      best = priors[j];
    }
  }
  return best;
}

}  // namespace

void FewShotFitOptions::validate() const {
  if (targets.empty()) throw std::invalid_argument("FewShotFitOptions.targets is empty");
  for (const auto& t : targets) {
    if (!data::is_target_name(t) || t == "accuracy") {
      throw std::invalid_argument("FewShotFitOptions.targets: '" + t +
                                  "' is not a device target (throughput_<device> or "
                                  "latency_<device>)");
    }
  }
  if (prior_models.empty()) {
    throw std::invalid_argument("FewShotFitOptions.prior_models is empty: name a model directory");
  }
  if (distill_archs < 100 || distill_archs > 1000000) {
    throw std::invalid_argument("FewShotFitOptions.distill_archs = " +
                                std::to_string(distill_archs) + ": must be in 100..1000000");
  }
  if (!(duplicate_tolerance >= 0.0)) {
    throw std::invalid_argument("FewShotFitOptions.duplicate_tolerance = " +
                                std::to_string(duplicate_tolerance) + ": must be >= 0");
  }
  few_shot.validate();
  fit.validate();
}

FewShotFitSummary fit_few_shot_models(const data::Dataset& measured,
                                      const std::vector<space::Architecture>& archs,
                                      const FewShotFitOptions& options,
                                      const std::filesystem::path& out) {
  options.validate();
  check_model_dir_target(out);
  const Benchmark priors = Benchmark::load(options.prior_models);
  const std::vector<std::string> columns = prior_columns(priors, options.targets);
  const std::vector<space::Architecture> label_archs =
      labelled_archs(archs, options.distill_archs, options.fit.seed);
  const FewShotInputs label_inputs =
      few_shot_inputs(priors, columns, label_archs, options.analytic);

  FewShotFitSummary summary;
  std::vector<data::Record> pseudo(label_archs.size());
  for (std::size_t i = 0; i < label_archs.size(); ++i) {
    pseudo[i].id = "few_shot_" + std::to_string(i) + ".json";
    pseudo[i].arch = label_archs[i];
  }
  std::string prior;
  for (const auto& target : options.targets) {
    FewShotTargetReport report;
    report.target = target;
    report.method = options.few_shot.method;
    const std::vector<Measured> m =
        gather(measured, target, options.duplicate_tolerance, report.notes);
    report.records = m.size();
    if (m.size() < options.few_shot.min_records) {
      throw std::invalid_argument(fmt::format(
          "{}: {} measured architecture(s); a few-shot fit needs at least {} (20-50 recommended)",
          target, m.size(), options.few_shot.min_records));
    }
    std::vector<space::Architecture> measured_archs;
    std::vector<double> values;
    for (const auto& x : m) {
      measured_archs.push_back(x.arch);
      values.push_back(x.value);
    }
    const FewShotInputs inputs = few_shot_inputs(priors, columns, measured_archs, options.analytic);
    const FewShotModel model = fit_few_shot(inputs, values, options.few_shot);
    report.leading = model.leading_column();
    report.folds = static_cast<int>(std::min<std::size_t>(m.size(), 10));
    const std::vector<double> held =
        cross_validated_predictions(inputs, values, options.few_shot, report.folds);
    report.cv = stats::regression_metrics(values, held);
    report.cv_within10 = share_within(values, held, 0.1);
    report.tau_standard_error = tau_standard_error(m.size());
    if (m.size() < options.trust_records) {
      report.notes.push_back(fmt::format(
          "{}: only {} measured architectures: the held-out tau {:.3f} is itself uncertain by "
          "about ±{:.2f}; in the transfer benchmark 10 records gave a mean throughput tau of 0.89 "
          "on unseen devices, 20 gave 0.90 (docs/add-a-device.md): measure 20-50",
          target, m.size(), report.cv.kendall_tau, report.tau_standard_error));
    }
    const std::vector<double> labels = model.predict(label_inputs);
    std::map<std::uint64_t, double> truth;
    for (const auto& x : m) truth[space::index_of(x.arch)] = x.value;
    for (std::size_t i = 0; i < label_archs.size(); ++i) {
      const auto it = truth.find(space::index_of(label_archs[i]));
      pseudo[i].perf[target].mean = it != truth.end() ? it->second : labels[i];
    }
    if (prior.empty()) prior = ensemble_prior(model, inputs, columns, target);
    summary.targets.push_back(report);
  }

  // The ensemble: fitted on 90 % of the labelled architectures, checked on the rest.
  const data::Dataset labelled(std::move(pseudo));
  const auto [train, check] = labelled.random_split(0.9, options.fit.seed);
  FitOptions fit = options.fit;
  fit.targets = options.targets;
  summary.fit = prior.empty() ? fit_models(train, check, fit, out)
                              : fit_models_with_prior(train, check, fit,
                                                      {options.prior_models, prior}, priors, out);
  const std::vector<std::string> corrected =
      prior.empty() ? std::vector<std::string>{} : corrected_targets(options.targets, prior);
  const std::filesystem::path written = resolve_model_dir(out);
  Manifest manifest = read_manifest(written);
  std::map<std::string, std::string> files;
  for (TargetEntry& entry : manifest.targets) {
    read_target_files(written, entry, files);
    for (FewShotTargetReport& r : summary.targets) {
      if (r.target != entry.name) continue;
      if (std::find(corrected.begin(), corrected.end(), r.target) != corrected.end())
        r.prior = prior;
      for (const auto& v : summary.fit.validation) {
        if (v.target == r.target) r.distill_tau = v.ensemble.kendall_tau;
      }
      entry.validation = {{"few_shot_cv", metrics_json(r.cv)},
                          {"few_shot_method", r.method},
                          {"measured_records", r.records},
                          {"distillation", entry.validation.value("ensemble", nlohmann::json{})}};
    }
  }
  write_model_dir(out, manifest, files);
  summary.fit.manifest = manifest;
  return summary;
}

}  // namespace anb::surrogate
