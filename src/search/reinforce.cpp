#include "anb/search/reinforce.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "anb/search/policy.h"
#include "anb/space/search_space.h"

namespace anb::search {
namespace {

// The reward of one evaluation.
double reward_of(const Problem& problem, const ReinforceOptions& options, const Evaluation& e) {
  if (options.reward) return options.reward(e.values);
  return signed_value(e.values[0], problem.objectives[0].direction);
}

}  // namespace

void ReinforceOptions::validate() const {
  if (budget == 0) {
    throw std::invalid_argument("budget: got 0; need at least 1");
  }
  if (samples_per_update == 0) {
    throw std::invalid_argument("samples_per_update: got 0; must be >= 1");
  }
  if (!(learning_rate > 0.0)) {
    throw std::invalid_argument(fmt::format("learning_rate: got {}; must be > 0", learning_rate));
  }
  if (!(baseline_decay >= 0.0 && baseline_decay < 1.0)) {
    throw std::invalid_argument(
        fmt::format("baseline_decay: got {}; must lie in [0, 1)", baseline_decay));
  }
  if (!(entropy_weight >= 0.0)) {
    throw std::invalid_argument(
        fmt::format("entropy_weight: got {}; must be >= 0", entropy_weight));
  }
}

RewardFunction power_law_reward(double t0, Direction metric_direction, double exponent) {
  if (!(t0 > 0.0)) {
    throw std::invalid_argument(fmt::format("power_law_reward: T0 = {} must be > 0", t0));
  }
  const bool maximise = metric_direction == Direction::kMaximize;
  return [t0, maximise, exponent](const std::vector<double>& v) {
    const double ratio = maximise ? v.at(1) / t0 : t0 / v.at(1);
    return v.at(0) * std::pow(ratio, exponent);
  };
}

Result reinforce(const Problem& problem, const ReinforceOptions& options, std::uint64_t seed) {
  options.validate();
  if (problem.size() != 1 && !options.reward) {
    throw std::invalid_argument(
        fmt::format("reward: a problem with {} objectives needs a reward function "
                    "(e.g. power_law_reward)",
                    problem.size()));
  }
  Recorder recorder(problem, options.budget);
  stats::Rng rng(seed);
  FactorisedPolicy policy;
  Adam adam(policy.size(), options.learning_rate);
  double baseline = 0.0;
  bool first = true;
  std::vector<double> gradient(policy.size());
  while (!recorder.exhausted()) {
    std::fill(gradient.begin(), gradient.end(), 0.0);
    std::size_t batch = 0;
    for (; batch < options.samples_per_update && !recorder.exhausted(); ++batch) {
      const Choices choices = policy.sample(rng);
      const Evaluation& e = recorder.evaluate(space::from_choice_indices(choices));
      const double r = reward_of(problem, options, e);
      baseline = first ? r : options.baseline_decay * baseline + (1.0 - options.baseline_decay) * r;
      first = false;
      // Gradient of the loss -(R - b) log p: descend along -(R - b) d log p.
      policy.add_log_prob_gradient(choices, -(r - baseline), gradient);
    }
    for (double& g : gradient) g /= static_cast<double>(batch);
    policy.add_entropy_gradient(-options.entropy_weight, gradient);
    adam.step(policy.logits(), gradient);
  }
  return recorder.finish("reinforce", seed);
}

}  // namespace anb::search
