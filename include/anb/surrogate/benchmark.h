#pragma once
// The benchmark facade: every target's ensemble from a model directory, queried by architecture.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "anb/space/architecture.h"
#include "anb/stats/random.h"
#include "anb/surrogate/model_dir.h"

namespace anb::surrogate {

// Predicted value of one target: mean and standard deviation over the ensemble's members.
struct Prediction {
  double mean = 0.0;
  double std = 0.0;
};

// A prediction with its calibrated interval at some level (see calibration.h).
struct IntervalPrediction {
  double mean = 0.0;
  double std = 0.0;
  double lower = 0.0;
  double upper = 0.0;
};

// What a noisy query draws.
enum class NoiseSource {
  kMeasurement,  // one new training run / measurement: mean + the target's noise model (noise.h)
  kEnsemble,     // N(mean, std^2) of the ensemble members (the original query_noise)
};

// Parses "measurement" or "ensemble"; throws std::invalid_argument naming the value.
NoiseSource parse_noise_source(std::string_view name);

// All fitted targets of one model directory (see model_dir.h for its layout).
class Benchmark {
 public:
  // Loads and verifies a model directory (manifest, format and encoding version, SHA-256 of every
  // member). Throws std::runtime_error naming the directory and file on any problem.
  static Benchmark load(const std::filesystem::path& models_dir);

  // Target names available, in the manifest's order (accuracy first when present).
  const std::vector<std::string>& targets() const;

  // True if `target` was fitted.
  bool has_target(std::string_view target) const;

  // Mean and std of `target` for `arch`. Throws std::invalid_argument for an unknown target,
  // listing the available ones.
  Prediction query(const space::Architecture& arch, std::string_view target) const;

  // Batch form over `archs`; `mean` and `std` are resized to archs.size().
  void query_batch(const std::vector<space::Architecture>& archs, std::string_view target,
                   std::vector<double>& mean, std::vector<double>& std) const;

  // One noisy draw from N(mean, std^2) of `target` for `arch`, using `rng` (the ensemble
  // spread: same as query_noisy(arch, target, rng, NoiseSource::kEnsemble)).
  double query_noisy(const space::Architecture& arch, std::string_view target,
                     stats::Rng& rng) const;

  // One noisy draw of `target` for `arch` from `source`, using one normal draw of `rng`.
  // kMeasurement throws std::invalid_argument when the target has no noise model.
  double query_noisy(const space::Architecture& arch, std::string_view target, stats::Rng& rng,
                     NoiseSource source) const;

  // True if `target` has a noise model (NoiseSource::kMeasurement).
  bool has_noise_model(std::string_view target) const;

  // True if `target` has a calibrated interval (fitted by an anb that calibrates intervals).
  bool has_interval(std::string_view target) const;

  // Mean, std and the calibrated interval of `target` for `arch` at `level` (e.g. 0.9).
  // Throws std::invalid_argument for a level outside (0, 1) (or above the highest calibrated
  // one) and for a target without calibration (the message says it needs a refit).
  IntervalPrediction query_interval(const space::Architecture& arch, std::string_view target,
                                    double level) const;

  // Each member's prediction of `target` for `arch` (in the target's unit); `out` is resized to
  // the number of members.
  void query_members(const space::Architecture& arch, std::string_view target,
                     std::vector<double>& out) const;

  // The manifest the models were loaded from (units, directions, validation metrics, ...).
  const Manifest& manifest() const;

  // The directory the models were loaded from.
  const std::filesystem::path& directory() const;

  Benchmark();
  ~Benchmark();
  Benchmark(Benchmark&&) noexcept;
  Benchmark& operator=(Benchmark&&) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace anb::surrogate
