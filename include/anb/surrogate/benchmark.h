#pragma once
// The benchmark facade: every target's ensemble from a model directory, queried by architecture.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "anb/space/architecture.h"
#include "anb/stats/random.h"
#include "anb/surrogate/choice_rows.h"
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

// All fitted targets of one model directory.
//
// Every query, of one architecture or of a batch, of a plain target or of one with a transform
// (log, log_headroom) or a prior, runs one path: the architectures as choice rows (choice_rows.h)
// through each target's compiled ensemble in blocks of rows. An architecture gets the same
// values, bit for bit, whether it is queried alone or in any batch.
class Benchmark {
 public:
  // Loads and verifies a model directory (manifest, format and encoding version, SHA-256 of every
  // member). Throws std::runtime_error naming the directory and file on any problem. A target's
  // prior is loaded and compiled once, shared with the target itself.
  static Benchmark load(const std::filesystem::path& models_dir);

  // Target names available, in the manifest's order (accuracy first when present).
  const std::vector<std::string>& targets() const;

  // True if `target` was fitted.
  bool has_target(std::string_view target) const;

  // Index of `target` in targets(). Throws std::invalid_argument for an unknown target, naming it,
  // the directory and the available targets.
  std::size_t require_target(std::string_view target) const;

  // Indices of `targets` in targets() (require_target of each; an empty list throws).
  std::vector<std::size_t> require_targets(const std::vector<std::string>& targets) const;

  // Mean and std of `target` for `arch`. Throws std::invalid_argument for an unknown target,
  // listing the available ones.
  Prediction query(const space::Architecture& arch, std::string_view target) const;

  // Batch form over `archs`; `mean` and `std` are resized to archs.size().
  void query_batch(const std::vector<space::Architecture>& archs, std::string_view target,
                   std::vector<double>& mean, std::vector<double>& std) const;

  // The one query path. `choices`: `n` choice rows (row-major n x kChoiceRow; an index outside
  // its decision's choices throws std::invalid_argument naming the architecture and decision).
  // `targets`: indices into targets() (require_target). Writes the mean and std of target j for
  // architecture i to mean[i * k + j] and std[i * k + j], k = targets.size().
  void query_choices(const std::uint8_t* choices, std::size_t n,
                     const std::vector<std::size_t>& targets, double* mean, double* std) const;

  // As query_choices, plus the calibrated interval at `level` into lower and upper (same
  // layout). Throws as query_interval, before anything is computed.
  void query_interval_choices(const std::uint8_t* choices, std::size_t n,
                              const std::vector<std::size_t>& targets, double level, double* mean,
                              double* std, double* lower, double* upper) const;

  // One noisy draw per (architecture, target) from `source` into out (n x k, as query_choices),
  // drawn in that row-major order from `rng`: the same draws as query_noisy per architecture and
  // target in that order; the ensemble std into `std` when it is not null. kMeasurement throws
  // std::invalid_argument, before drawing, when a target has no noise model.
  void query_noisy_choices(const std::uint8_t* choices, std::size_t n,
                           const std::vector<std::size_t>& targets, stats::Rng& rng,
                           NoiseSource source, double* out, double* std = nullptr) const;

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
