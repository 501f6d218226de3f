#include "anb/surrogate/benchmark.h"

#include <stdexcept>

#include "target_model.h"

namespace anb::surrogate {

struct Benchmark::Impl {
  std::filesystem::path dir;
  Manifest manifest;
  std::vector<std::string> names;
  std::vector<std::shared_ptr<const TargetModel>> models;  // priors shared, not copied

  const TargetModel& model(std::size_t index) const { return *models.at(index); }
};

Benchmark::Benchmark() : impl_(std::make_unique<Impl>()) {}
Benchmark::~Benchmark() = default;
Benchmark::Benchmark(Benchmark&&) noexcept = default;
Benchmark& Benchmark::operator=(Benchmark&&) noexcept = default;

Benchmark Benchmark::load(const std::filesystem::path& models_dir) {
  // One version of the model directory for the manifest and every member (see model_dir.h).
  const std::filesystem::path version = resolve_model_dir(models_dir);
  Benchmark b;
  b.impl_->dir = models_dir;
  b.impl_->manifest = read_manifest(version);
  b.impl_->models = load_targets(version, b.impl_->manifest, {});
  for (std::size_t i = 0; i < b.impl_->models.size(); ++i) {
    const TargetEntry& entry = b.impl_->manifest.targets[i];
    b.impl_->names.push_back(entry.name);
    if (b.impl_->models[i]->num_members() != entry.members.size()) {
      throw std::runtime_error(models_dir.string() + ": target " + entry.name +
                               " lists a different number of members than were loaded");
    }
  }
  return b;
}

const std::vector<std::string>& Benchmark::targets() const {
  return impl_->names;
}

bool Benchmark::has_target(std::string_view target) const {
  for (const auto& n : impl_->names) {
    if (n == target) return true;
  }
  return false;
}

std::size_t Benchmark::require_target(std::string_view target) const {
  for (std::size_t i = 0; i < impl_->names.size(); ++i) {
    if (impl_->names[i] == target) return i;
  }
  std::string known;
  for (const auto& n : impl_->names) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown target '" + std::string(target) + "' (models in " +
                              impl_->dir.string() + " have: " + known + ")");
}

std::vector<std::size_t> Benchmark::require_targets(const std::vector<std::string>& targets) const {
  if (targets.empty()) throw std::invalid_argument("no targets given (an empty list)");
  std::vector<std::size_t> out;
  out.reserve(targets.size());
  for (const auto& t : targets) out.push_back(require_target(t));
  return out;
}

void Benchmark::query_choices(const std::uint8_t* choices, std::size_t n,
                              const std::vector<std::size_t>& targets, double* mean,
                              double* std) const {
  check_choice_rows(choices, n);
  const std::size_t k = targets.size();
  for (std::size_t j = 0; j < k; ++j) {
    impl_->model(targets[j]).predict(choices, n, mean + j, std + j, k);
  }
}

Prediction Benchmark::query(const space::Architecture& arch, std::string_view target) const {
  const std::vector<std::size_t> index{require_target(target)};
  std::uint8_t row[kChoiceRow];
  choice_row(arch, row);
  Prediction p;
  query_choices(row, 1, index, &p.mean, &p.std);
  return p;
}

void Benchmark::query_batch(const std::vector<space::Architecture>& archs, std::string_view target,
                            std::vector<double>& mean, std::vector<double>& std) const {
  const std::vector<std::size_t> index{require_target(target)};
  mean.resize(archs.size());
  std.resize(archs.size());
  query_choices(choice_rows(archs).data(), archs.size(), index, mean.data(), std.data());
}

NoiseSource parse_noise_source(std::string_view name) {
  if (name == "measurement") return NoiseSource::kMeasurement;
  if (name == "ensemble") return NoiseSource::kEnsemble;
  throw std::invalid_argument("noise source '" + std::string(name) +
                              "': must be 'measurement' (one new training run / measurement) "
                              "or 'ensemble' (the ensemble spread)");
}

void Benchmark::query_noisy_choices(const std::uint8_t* choices, std::size_t n,
                                    const std::vector<std::size_t>& targets, stats::Rng& rng,
                                    NoiseSource source, double* out, double* std) const {
  const bool measurement = source == NoiseSource::kMeasurement;
  for (const std::size_t t : targets) {
    if (measurement && impl_->model(t).entry().noise.empty()) {
      throw std::invalid_argument(
          "target " + impl_->names[t] + " of " + impl_->dir.string() +
          " has no noise model (no measurement std in its records, or no seed ablation given to "
          "`anb fit --seed-runs`); use the ensemble spread ('ensemble') or refit");
    }
  }
  const std::size_t k = targets.size();
  std::vector<double> own;
  if (std == nullptr) {
    own.resize(n * k);
    std = own.data();
  }
  query_choices(choices, n, targets, out, std);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      double& v = out[i * k + j];
      const double sd =
          measurement ? impl_->model(targets[j]).entry().noise.std_at(v) : std[i * k + j];
      v = rng.normal(v, sd);
    }
  }
}

double Benchmark::query_noisy(const space::Architecture& arch, std::string_view target,
                              stats::Rng& rng) const {
  return query_noisy(arch, target, rng, NoiseSource::kEnsemble);
}

double Benchmark::query_noisy(const space::Architecture& arch, std::string_view target,
                              stats::Rng& rng, NoiseSource source) const {
  const std::vector<std::size_t> index{require_target(target)};
  std::uint8_t row[kChoiceRow];
  choice_row(arch, row);
  double out = 0.0;
  query_noisy_choices(row, 1, index, rng, source, &out);
  return out;
}

bool Benchmark::has_noise_model(std::string_view target) const {
  return !impl_->model(require_target(target)).entry().noise.empty();
}

bool Benchmark::has_interval(std::string_view target) const {
  return !impl_->model(require_target(target)).entry().calibration.empty();
}

void Benchmark::query_interval_choices(const std::uint8_t* choices, std::size_t n,
                                       const std::vector<std::size_t>& targets, double level,
                                       double* mean, double* std, double* lower,
                                       double* upper) const {
  check_interval_level(level);
  for (const std::size_t t : targets) {
    if (impl_->model(t).entry().calibration.empty()) {
      throw std::invalid_argument("target " + impl_->names[t] + " of " + impl_->dir.string() +
                                  " has no calibrated interval (fitted before intervals existed, "
                                  "or over a prior): refit with `anb fit` to get intervals");
    }
    impl_->model(t).entry().calibration.quantile(level);  // throws above the calibrated levels
  }
  query_choices(choices, n, targets, mean, std);
  const std::size_t k = targets.size();
  for (std::size_t j = 0; j < k; ++j) {
    impl_->model(targets[j]).intervals(choices, n, mean + j, level, lower + j, upper + j, k);
  }
}

IntervalPrediction Benchmark::query_interval(const space::Architecture& arch,
                                             std::string_view target, double level) const {
  const std::vector<std::size_t> index{require_target(target)};
  std::uint8_t row[kChoiceRow];
  choice_row(arch, row);
  IntervalPrediction p;
  query_interval_choices(row, 1, index, level, &p.mean, &p.std, &p.lower, &p.upper);
  return p;
}

void Benchmark::query_members(const space::Architecture& arch, std::string_view target,
                              std::vector<double>& out) const {
  const TargetModel& model = impl_->model(require_target(target));
  out.resize(model.num_members());
  std::uint8_t row[kChoiceRow];
  choice_row(arch, row);
  model.members(row, 1, out.data());
}

const Manifest& Benchmark::manifest() const {
  return impl_->manifest;
}

const std::filesystem::path& Benchmark::directory() const {
  return impl_->dir;
}

}  // namespace anb::surrogate
