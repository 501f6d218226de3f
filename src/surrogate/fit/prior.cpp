#include "anb/surrogate/prior.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>

#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/model_dir.h"
#include "measure_target.h"

namespace anb::surrogate {
namespace {

// Prior predictions (ensemble means) for every record.
std::vector<double> predict_prior(const Benchmark& prior, const std::string& target,
                                  const data::Dataset& records) {
  std::vector<space::Architecture> archs;
  archs.reserve(records.size());
  for (const auto& r : records.records()) archs.push_back(r.arch);
  std::vector<double> mean, std;
  prior.query_batch(archs, target, mean, std);
  return mean;
}

void set_value(data::Record& r, const std::string& target, double value) {
  if (target == "accuracy") {
    r.val_top1 = value;
  } else {
    r.perf[target].mean = value;
  }
}

// Adds the prior directory's targets (all, or only the prior) that `manifest` lacks, with their
// member files, to `manifest` and `files`.
void copy_prior_targets(const PriorOptions& prior, const Benchmark& source, Manifest& manifest,
                        std::map<std::string, std::string>& files) {
  for (const TargetEntry& entry : source.manifest().targets) {
    if (!prior.copy_all_targets && entry.name != prior.target) continue;
    if (manifest.find(entry.name) != nullptr) continue;
    read_target_files(resolve_model_dir(source.directory()), entry, files);
    manifest.targets.push_back(entry);
  }
}

}  // namespace

std::vector<std::string> corrected_targets(const std::vector<std::string>& targets,
                                           const std::string& prior_target) {
  const std::string metric = data::target_info(prior_target).metric;
  std::vector<std::string> out;
  for (const auto& t : targets) {
    if (data::target_info(t).metric == metric) out.push_back(t);
  }
  return out;
}

void PriorOptions::validate() const {
  if (models.empty()) {
    throw std::invalid_argument("prior option models is empty: name a model directory");
  }
  if (!data::is_target_name(target) || target == "accuracy") {
    throw std::invalid_argument("prior option target = '" + target +
                                "': must be a device target such as throughput_a100");
  }
}

data::Dataset residual_records(const data::Dataset& records,
                               const std::vector<std::string>& targets,
                               const HyperparameterSet& hyperparameters,
                               const std::vector<double>& prior_predictions) {
  std::vector<data::Record> out = records.records();
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const auto& t : targets) {
      const auto value = out[i].target(t);
      if (!value) continue;
      set_value(
          out[i], t,
          residual_value(hyperparameters.for_target(t).transform, *value, prior_predictions[i]));
    }
  }
  return data::Dataset(std::move(out));
}

FitSummary fit_models_with_prior(const data::Dataset& train, const data::Dataset& validation,
                                 const FitOptions& options, const PriorOptions& prior,
                                 const std::filesystem::path& out) {
  options.validate();
  prior.validate();
  check_model_dir_target(out);
  if (options.targets.empty()) {
    throw std::invalid_argument("targets: none given; a fit over a prior needs explicit targets");
  }
  return fit_models_with_prior(train, validation, options, prior, Benchmark::load(prior.models),
                               out);
}

FitSummary fit_models_with_prior(const data::Dataset& train, const data::Dataset& validation,
                                 const FitOptions& options, const PriorOptions& prior,
                                 const Benchmark& prior_models, const std::filesystem::path& out) {
  options.validate();
  prior.validate();
  check_model_dir_target(out);
  if (options.targets.empty()) {
    throw std::invalid_argument("a fit over a prior needs explicit targets (--targets)");
  }
  const auto start = std::chrono::steady_clock::now();
  if (!prior_models.has_target(prior.target)) {
    throw std::invalid_argument("prior target " + prior.target + " is not in " +
                                prior.models.string());
  }
  for (const auto& t : options.targets) {
    if (t == prior.target) {
      throw std::invalid_argument("target " + t + " cannot be its own prior");
    }
  }
  const std::vector<std::string> corrected = corrected_targets(options.targets, prior.target);
  const data::Dataset residual_train = residual_records(
      train, corrected, options.hyperparameters, predict_prior(prior_models, prior.target, train));
  FitSummary summary = fit_models(residual_train, data::Dataset{}, options, out);

  // Rewrite the directory: entries name their prior, the prior's targets join them.
  const std::filesystem::path written = resolve_model_dir(out);
  Manifest manifest = read_manifest(written);
  std::map<std::string, std::string> files;
  for (TargetEntry& entry : manifest.targets) {
    if (std::find(corrected.begin(), corrected.end(), entry.name) != corrected.end()) {
      entry.prior = prior.target;
    }
    read_target_files(written, entry, files);
  }
  copy_prior_targets(prior, prior_models, manifest, files);
  write_model_dir(out, manifest, files);

  // Quality of the combined predictions on the validation records.
  if (!validation.empty()) {
    summary.validation = evaluate_models(out, validation, options.targets);
    summary.validation_also_fitted = validation.shared_ids(train);
    for (const auto& v : summary.validation) {
      for (TargetEntry& entry : manifest.targets) {
        if (entry.name != v.target) continue;
        entry.validation = validation_json(v, summary.validation_also_fitted);
      }
    }
    write_model_dir(out, manifest, files);
  }
  summary.manifest = manifest;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace anb::surrogate
