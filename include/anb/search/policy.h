#pragma once
// The REINFORCE controller without libtorch: a factorised softmax policy over the 28 categorical
// decisions (one independent logit vector per decision, 71 logits in all, initialised to zero =
// the uniform distribution), with analytic gradients and an Adam optimizer.
//
// Why not the original LSTM: the LSTM's input at each step is the previous choice, but with the
// original learning rate (3.5e-4) and 100 updates its output barely moves from its random
// initialisation; the factorised policy learns the per-decision preferences that matter on this
// benchmark (expansion, kernel and layers per stage) directly. docs/search.md shows it searches
// at least as well as random search and as the original's behaviour.

#include <array>
#include <cstddef>
#include <vector>

#include "anb/space/search_space.h"
#include "anb/stats/random.h"

namespace anb::search {

// The choice indices of one sampled architecture (see space::choice_indices).
using Choices = std::array<int, space::kNumDecisions>;

// A factorised categorical policy over the search space.
class FactorisedPolicy {
 public:
  // All logits zero: every architecture equally likely.
  FactorisedPolicy();

  // Number of parameters (logits): 71.
  std::size_t size() const { return logits_.size(); }
  const std::vector<double>& logits() const { return logits_; }
  std::vector<double>& logits() { return logits_; }

  // Softmax probabilities of decision d.
  std::vector<double> probabilities(int d) const;

  // Draws one choice per decision (inverse-CDF on one uniform draw each).
  Choices sample(stats::Rng& rng) const;

  // Sum over decisions of log p(choice).
  double log_prob(const Choices& choices) const;

  // Sum over decisions of the entropy of each decision's distribution (nats).
  double entropy() const;

  // Adds `weight` * d(log_prob(choices))/d(logits) to `gradient` (size() entries).
  void add_log_prob_gradient(const Choices& choices, double weight,
                             std::vector<double>& gradient) const;

  // Adds `weight` * d(entropy())/d(logits) to `gradient`.
  void add_entropy_gradient(double weight, std::vector<double>& gradient) const;

  // Offset of decision d's logits in logits().
  std::size_t offset(int d) const { return offsets_[static_cast<std::size_t>(d)]; }

 private:
  std::vector<double> logits_;
  std::array<std::size_t, space::kNumDecisions + 1> offsets_{};
};

// Adam (Kingma & Ba 2015) for a flat parameter vector; minimises.
class Adam {
 public:
  // Throws std::invalid_argument unless learning_rate > 0, 0 <= beta1, beta2 < 1, epsilon > 0.
  Adam(std::size_t size, double learning_rate, double beta1 = 0.9, double beta2 = 0.999,
       double epsilon = 1e-8);

  // One step: params -= lr * m_hat / (sqrt(v_hat) + eps). Throws std::invalid_argument on a size
  // mismatch.
  void step(std::vector<double>& params, const std::vector<double>& gradient);

 private:
  double lr_, beta1_, beta2_, eps_;
  std::vector<double> m_, v_;
  long long t_ = 0;
};

}  // namespace anb::search
