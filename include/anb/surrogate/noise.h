#pragma once
// Noise models: what one new training run (accuracy, val_top5, train_time) or one new
// measurement (device targets) would give around the surrogate's mean.
//
// - kSeedSpread: Gaussian with std(mean) = exp(log_sigma + slope * (mean - centre)), fitted by
//   maximum likelihood to repeated training runs of the same architectures (the proxy ablation's
//   117 architectures x 3 seeds): the seed-to-seed spread, which shrinks for better
//   architectures (slope < 0 for accuracy).
// - kRelative: Gaussian with std = cv * mean (cv: median of std / mean over records that hold a
//   measurement std, e.g. throughput_std; or over the ablation's runs for train_time).
// The surrogate's own error is not drawn: it is the fixed uncertainty of the interval.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace anb::surrogate {

struct NoiseModel {
  enum class Kind { kNone, kSeedSpread, kRelative };
  Kind kind = Kind::kNone;
  double log_sigma = 0.0;  // kSeedSpread
  double slope = 0.0;      // kSeedSpread, per unit of the target
  double centre = 0.0;     // kSeedSpread
  double cv = 0.0;         // kRelative
  std::string source;      // where it was learnt
  std::size_t n = 0;       // architectures (runs) or records it was learnt from

  bool empty() const { return kind == Kind::kNone; }

  // Standard deviation of one new run / measurement of an architecture whose mean is `mean`.
  double std_at(double mean) const;

  nlohmann::json to_json() const;
  // Throws std::runtime_error prefixed with `context` on a missing or invalid field.
  static NoiseModel from_json(const nlohmann::json& object, const std::string& context);
};

// Fits kSeedSpread to runs[i] = the values of architecture i over its seeds (each >= 2 values).
// Throws std::invalid_argument for fewer than 3 architectures or an architecture with < 2 runs.
NoiseModel fit_seed_spread(const std::vector<std::vector<double>>& runs, std::string source);

// kRelative with cv = median over i of stds[i] / means[i] (pairs with mean > 0 and std >= 0).
// Throws std::invalid_argument when the sizes differ or no pair is usable.
NoiseModel fit_relative_spread(const std::vector<std::vector<double>>& runs, std::string source);
NoiseModel fit_relative_spread(const std::vector<double>& means, const std::vector<double>& stds,
                               std::string source);

// How close a surrogate is to the floor its target's noise sets, on measured records. Each
// measured value is one run, y = t + e with t the architecture's expected value and e the noise
// the model describes, so part of a surrogate's error against y is e itself, which no surrogate
// can remove, and even a perfect predictor of t ranks the y imperfectly.
struct NoiseFloor {
  double noise_rms = 0.0;    // root mean of std_at(predicted)^2 over the records
  double excess_rmse = 0.0;  // sqrt(max(rmse^2 - noise_rms^2, 0)): the error against t
  double noise_share = 0.0;  // noise_rms^2 / rmse^2 (above 1 when the errors are below the noise)
  // Mean Kendall tau between the predicted means and seeded noisy draws around them (one draw
  // of the noise per record each): what a predictor as good as t scores against one run.
  double tau_ceiling = 0.0;

  // {"noise_rms", "excess_rmse", "noise_share", "tau_ceiling"} (`anb eval --json`, Python).
  nlohmann::json to_json() const;
};

// The noise floor of `noise` for predictions `predicted` of `measured` (same order), with
// `draws` seeded draws for tau_ceiling. Throws std::invalid_argument when the model is empty,
// the sizes differ, there are fewer than 2 records or draws < 1.
NoiseFloor noise_floor(const NoiseModel& noise, const std::vector<double>& measured,
                       const std::vector<double>& predicted, std::uint64_t seed = 0,
                       int draws = 20);

// Repeated training runs of the proxy ablation (`dir`/proxified-seed*.csv, see its README):
// per architecture, the values over seeds of top-1 (%), top-5 (%) and training time (s).
struct SeedRuns {
  std::vector<std::vector<double>> top1, top5, train_time;
  std::size_t seeds = 0;
};

// Reads every proxified-seed<k>.csv of `dir` (rows aligned by architecture). Throws
// std::runtime_error naming the file, line and field on a missing file, a short row, a
// non-number or files of different lengths.
SeedRuns read_seed_runs(const std::filesystem::path& dir);

}  // namespace anb::surrogate
