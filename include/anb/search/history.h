#pragma once
// The record of one search run: every evaluation in order, the progress measure after each one
// (best value so far, or hypervolume so far), the best architecture and the non-dominated archive.
//
// `Recorder` is the only way an algorithm evaluates an architecture: it calls the problem,
// enforces the evaluation budget and keeps the history, so every algorithm reports the same
// measures in the same way.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "anb/search/problem.h"
#include "anb/space/architecture.h"

namespace anb::search {

// One call of the objective function.
struct Evaluation {
  std::size_t index = 0;           // 0-based position in the history
  space::Architecture arch;        // what was evaluated
  std::vector<double> values;      // one per objective, natural units
  std::vector<double> scores;      // larger is better: signed values (1 objective) or values
                                   // normalised into [0, 1] by the bounds (2 objectives)
  double progress = 0.0;           // best value so far (natural units) or hypervolume so far
};

// Everything a run produced.
struct Result {
  std::string algorithm;                // e.g. "re"
  std::uint64_t seed = 0;               // the seed it ran with
  std::vector<Objective> objectives;    // what was optimised
  std::vector<Evaluation> history;      // every evaluation, in order
  std::vector<std::size_t> archive;     // indices of the non-dominated evaluations, sorted by
                                        // the first objective's score, best first
  std::size_t best = 0;                 // index of the best evaluation: the highest score of the
                                        // first objective (ties: the earliest)

  // The final progress measure (best value or hypervolume); 0 for an empty history.
  double final_progress() const { return history.empty() ? 0.0 : history.back().progress; }
  // The best evaluation; throws std::logic_error for an empty history.
  const Evaluation& best_evaluation() const;
};

// Evaluates architectures for an algorithm, within a budget, and keeps the history.
class Recorder {
 public:
  // Throws std::invalid_argument if the problem is invalid or the budget is 0.
  Recorder(const Problem& problem, std::size_t budget);

  // Evaluates `arch`, appends it to the history and returns it. Throws std::logic_error when the
  // budget is spent (algorithms check `remaining()` first) and std::domain_error when a
  // bi-objective value falls outside the hypervolume bounds.
  const Evaluation& evaluate(const space::Architecture& arch);

  // Evaluations left.
  std::size_t remaining() const { return budget_ - result_.history.size(); }
  bool exhausted() const { return remaining() == 0; }
  const std::vector<Evaluation>& history() const { return result_.history; }

  // Hands over the result (the recorder is left empty).
  Result finish(std::string algorithm, std::uint64_t seed);

 private:
  const Problem& problem_;
  std::size_t budget_;
  Result result_;
  std::vector<std::vector<double>> archive_scores_;
};

}  // namespace anb::search
