#include "anb/surrogate/benchmark.h"

#include <stdexcept>

#include "anb/space/search_space.h"
#include "target_model.h"

namespace anb::surrogate {

struct Benchmark::Impl {
  std::filesystem::path dir;
  Manifest manifest;
  std::vector<std::string> names;
  std::vector<TargetModel> models;

  const TargetModel& model(std::string_view target) const {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == target) return models[i];
    }
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown target '" + std::string(target) + "' (models in " +
                                dir.string() + " have: " + known + ")");
  }
};

Benchmark::Benchmark() : impl_(std::make_unique<Impl>()) {}
Benchmark::~Benchmark() = default;
Benchmark::Benchmark(Benchmark&&) noexcept = default;
Benchmark& Benchmark::operator=(Benchmark&&) noexcept = default;

Benchmark Benchmark::load(const std::filesystem::path& models_dir) {
  Benchmark b;
  b.impl_->dir = models_dir;
  b.impl_->manifest = read_manifest(models_dir);
  for (const auto& entry : b.impl_->manifest.targets) {
    b.impl_->names.push_back(entry.name);
    b.impl_->models.push_back(load_target(models_dir, entry));
    if (b.impl_->models.back().num_members() != entry.members.size()) {
      throw std::runtime_error(models_dir.string() + ": target " + entry.name +
                               " lists a different number of members than were loaded");
    }
  }
  return b;
}

const std::vector<std::string>& Benchmark::targets() const { return impl_->names; }

bool Benchmark::has_target(std::string_view target) const {
  for (const auto& n : impl_->names) {
    if (n == target) return true;
  }
  return false;
}

Prediction Benchmark::query(const space::Architecture& arch, std::string_view target) const {
  const TargetModel& model = impl_->model(target);
  const auto features = space::encode(arch);
  return model.predict(features.data());
}

void Benchmark::query_batch(const std::vector<space::Architecture>& archs, std::string_view target,
                            std::vector<double>& mean, std::vector<double>& std) const {
  const TargetModel& model = impl_->model(target);
  mean.resize(archs.size());
  std.resize(archs.size());
  if (model.entry().transform.is_identity() && model.entry().prior.empty()) {
    std::vector<double> features;
    features.reserve(archs.size() * space::kNumDecisions);
    for (const auto& a : archs) {
      const auto f = space::encode(a);
      features.insert(features.end(), f.begin(), f.end());
    }
    model.ensemble().predict_batch(features.data(), archs.size(), mean.data(), std.data());
    return;
  }
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const auto f = space::encode(archs[i]);
    const Prediction p = model.predict(f.data());
    mean[i] = p.mean;
    std[i] = p.std;
  }
}

double Benchmark::query_noisy(const space::Architecture& arch, std::string_view target,
                              stats::Rng& rng) const {
  const Prediction p = query(arch, target);
  return rng.normal(p.mean, p.std);
}

NoiseSource parse_noise_source(std::string_view name) {
  if (name == "measurement") return NoiseSource::kMeasurement;
  if (name == "ensemble") return NoiseSource::kEnsemble;
  throw std::invalid_argument("noise source '" + std::string(name) +
                              "': must be 'measurement' (one new training run / measurement) "
                              "or 'ensemble' (the ensemble spread)");
}

double Benchmark::query_noisy(const space::Architecture& arch, std::string_view target,
                              stats::Rng& rng, NoiseSource source) const {
  if (source == NoiseSource::kEnsemble) return query_noisy(arch, target, rng);
  const TargetModel& model = impl_->model(target);
  if (model.entry().noise.empty()) {
    throw std::invalid_argument("target " + std::string(target) + " of " + impl_->dir.string() +
                                " has no noise model (no measurement std in its records, or no "
                                "seed ablation given to `anb fit --seed-runs`); use the "
                                "ensemble spread ('ensemble') or refit");
  }
  const double mean = query(arch, target).mean;
  return rng.normal(mean, model.entry().noise.std_at(mean));
}

bool Benchmark::has_noise_model(std::string_view target) const {
  return !impl_->model(target).entry().noise.empty();
}

bool Benchmark::has_interval(std::string_view target) const {
  return !impl_->model(target).entry().calibration.empty();
}

IntervalPrediction Benchmark::query_interval(const space::Architecture& arch,
                                             std::string_view target, double level) const {
  check_interval_level(level);
  const TargetModel& model = impl_->model(target);
  const Calibration& calibration = model.entry().calibration;
  if (calibration.empty()) {
    throw std::invalid_argument("target " + std::string(target) + " of " + impl_->dir.string() +
                                " has no calibrated interval (fitted before intervals existed, "
                                "or over a prior): refit with `anb fit` to get intervals");
  }
  const auto features = space::encode(arch);
  const Prediction p = model.predict(features.data());
  const Interval i = calibration.interval(model.entry().transform, p.mean, level);
  return {p.mean, p.std, i.lower, i.upper};
}

void Benchmark::query_members(const space::Architecture& arch, std::string_view target,
                              std::vector<double>& out) const {
  const TargetModel& model = impl_->model(target);
  out.resize(model.num_members());
  const auto features = space::encode(arch);
  model.members(features.data(), out.data());
}

const Manifest& Benchmark::manifest() const { return impl_->manifest; }

const std::filesystem::path& Benchmark::directory() const { return impl_->dir; }

}  // namespace anb::surrogate
