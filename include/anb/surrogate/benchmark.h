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

  // One noisy draw from N(mean, std^2) of `target` for `arch`, using `rng`.
  double query_noisy(const space::Architecture& arch, std::string_view target,
                     stats::Rng& rng) const;

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
