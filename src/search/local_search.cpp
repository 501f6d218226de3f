#include "anb/search/local_search.h"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>

#include "anb/space/search_space.h"
#include "anb/stats/shuffle.h"

namespace anb::search {
namespace {

// Scores through a recorder that caches repeats (Duplicates::kCache): architectures evaluated
// before are looked up, new ones evaluated while the budget lasts.
class ScoreCache {
 public:
  explicit ScoreCache(Recorder& recorder) : recorder_(recorder) {}

  // The score of `arch`, or nothing when it is new and the budget is spent.
  std::optional<double> score(const space::Architecture& arch) {
    if (const Evaluation* seen = recorder_.find(arch)) return seen->scores[0];
    if (recorder_.exhausted()) return std::nullopt;
    return recorder_.evaluate(arch).scores[0];
  }

 private:
  Recorder& recorder_;
};

// One step from `current` (score `current_score`): the neighbour to move to, or nothing at a
// local optimum (or when the budget ran out before an improvement was found).
std::optional<space::Architecture> climb_step(const space::Architecture& current,
                                              double current_score, ClimbStrategy strategy,
                                              ScoreCache& cache, stats::Rng& rng) {
  std::vector<space::Architecture> candidates = space::neighbours(current);
  if (strategy == ClimbStrategy::kFirstImprovement) stats::shuffle(candidates, rng);
  std::optional<space::Architecture> best;
  double best_score = current_score;
  for (const auto& n : candidates) {
    const std::optional<double> s = cache.score(n);
    if (!s) break;
    if (*s > best_score) {
      best = n;
      best_score = *s;
      if (strategy == ClimbStrategy::kFirstImprovement) break;
    }
  }
  return best;
}

}  // namespace

void LocalSearchOptions::validate() const {
  if (budget == 0) {
    throw std::invalid_argument("budget: got 0; need at least 1");
  }
}

const char* climb_strategy_name(ClimbStrategy strategy) {
  return strategy == ClimbStrategy::kFirstImprovement ? "first" : "best";
}

ClimbStrategy parse_climb_strategy(const std::string& name) {
  if (name == "first") return ClimbStrategy::kFirstImprovement;
  if (name == "best") return ClimbStrategy::kBestImprovement;
  throw std::invalid_argument(
      fmt::format("unknown local-search strategy '{}' (expected 'first' or 'best')", name));
}

Result local_search(const Problem& problem, const LocalSearchOptions& options,
                    std::uint64_t seed) {
  options.validate();
  require_objectives(problem, 1, "ls");
  Recorder recorder(problem, options.budget, Duplicates::kCache);
  ScoreCache cache(recorder);
  stats::Rng rng(seed);
  while (!recorder.exhausted()) {
    space::Architecture current = space::sample(rng);  // (re)start
    std::optional<double> score = cache.score(current);
    while (score) {
      const auto next = climb_step(current, *score, options.strategy, cache, rng);
      if (!next) break;
      current = *next;
      score = cache.score(current);
    }
  }
  return recorder.finish("ls", seed);
}

}  // namespace anb::search
