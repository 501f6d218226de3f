#pragma once
// REINFORCE (Williams 1992) as in the original benchmark's policy-gradient search: batches of
// 6 sampled architectures, one Adam step per batch on the mean loss
//   -(R - b) * log p(arch) - w * H(policy),
// with a moving-average baseline b <- 0.95 b + 0.05 R updated sample by sample before the loss
// (initialised to the first reward) and entropy weight w = 1e-5. The controller is
// FactorisedPolicy (see policy.h); its learning rate differs from the LSTM's 3.5e-4 because it
// has 71 parameters, not ~60k (docs/search.md).
//
// Reward: the single objective's signed value (minimised objectives negated), or for two
// objectives a scalarisation, e.g. power_law_reward (the original's acc * (T / T0)^0.07).

#include <cstdint>
#include <functional>
#include <vector>

#include "anb/search/history.h"

namespace anb::search {

// Maps objective values (natural units) to a scalar reward, larger is better.
using RewardFunction = std::function<double(const std::vector<double>&)>;

// Settings of REINFORCE.
struct ReinforceOptions {
  std::size_t budget = 600;             // evaluations
  std::size_t samples_per_update = 6;   // architectures per policy update
  double learning_rate = 0.1;           // Adam step size for the logits (docs/search.md)
  double baseline_decay = 0.95;         // b <- decay * b + (1 - decay) * R
  double entropy_weight = 1e-5;         // weight of the entropy bonus
  RewardFunction reward;                // required for two objectives

  // Throws std::invalid_argument naming the field: samples_per_update >= 1, learning_rate > 0,
  // 0 <= baseline_decay < 1, entropy_weight >= 0, budget >= 1.
  void validate() const;
};

// The original bi-objective reward for (accuracy, device metric): accuracy * (T / T0)^exponent
// for a maximised metric (throughput) and accuracy * (T0 / T)^exponent for a minimised one
// (latency), so that faster models are always rewarded. Throws std::invalid_argument unless
// t0 > 0.
RewardFunction power_law_reward(double t0, Direction metric_direction, double exponent = 0.07);

// Runs REINFORCE; throws std::invalid_argument for two objectives without a reward function.
Result reinforce(const Problem& problem, const ReinforceOptions& options, std::uint64_t seed);

}  // namespace anb::search
