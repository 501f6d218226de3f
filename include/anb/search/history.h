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
#include <string_view>
#include <unordered_map>
#include <vector>

#include "anb/search/pareto.h"
#include "anb/search/problem.h"
#include "anb/space/architecture.h"

namespace anb::search {

// One call of the objective function.
struct Evaluation {
  std::size_t index = 0;           // 0-based position in the history
  space::Architecture arch;        // what was evaluated
  std::vector<double> values;      // one per objective, natural units
  std::vector<double> scores;      // larger is better: signed values (1 objective) or values
                                   // normalised into [0, 1] by the bounds (2+ objectives)
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
  std::size_t repeats = 0;              // rows that repeat an earlier architecture (kCount)

  // The final progress measure (best value or hypervolume); 0 for an empty history.
  double final_progress() const { return history.empty() ? 0.0 : history.back().progress; }
  // The best evaluation; throws std::logic_error for an empty history.
  const Evaluation& best_evaluation() const;
};

// How a Recorder treats an architecture it has already recorded.
//  * kCount (the default, and the rule of every built-in algorithm, as in the original
//    benchmark): a repeat is evaluated again, costs one evaluation of the budget and gets its own
//    row in the history (with noise it is a new draw). Result::repeats counts such rows.
//  * kCache: a repeat returns the first evaluation of that architecture without calling the
//    objective, spending budget or adding a row; the budget then counts distinct architectures.
enum class Duplicates { kCount, kCache };

// "count" or "cache".
const char* duplicates_name(Duplicates duplicates);
// Parses "count" or "cache"; throws std::invalid_argument quoting the value and the choices.
Duplicates parse_duplicates(std::string_view name);

// Budgets, de-duplicates and records the evaluations of one search run: the same record for the
// built-in algorithms and for an optimizer written elsewhere (ask/tell). `evaluate` calls the
// problem's objective function; `tell` records values computed by the caller. After each new
// evaluation the progress is updated incrementally: best value so far (one objective), the 2-D
// hypervolume in the problem's box (an O(log n) update of the non-dominated staircase), or for
// three or more objectives the n-D hypervolume, recomputed only when the archive changes.
class Recorder {
 public:
  // Throws std::invalid_argument if the problem's objectives or bounds are invalid or the budget
  // is 0. The problem is copied; its objective function is only needed by evaluate().
  Recorder(Problem problem, std::size_t budget, Duplicates duplicates = Duplicates::kCount);

  // Evaluates `arch` with the problem's objective function, records it and returns its
  // evaluation (under kCache, a repeat returns the first evaluation and costs nothing). Throws
  // std::logic_error when the budget is spent, std::domain_error when a multi-objective value
  // falls outside the hypervolume box, std::runtime_error when the function returns the wrong
  // number of values.
  const Evaluation& evaluate(const space::Architecture& arch);

  // Records values computed elsewhere (one per objective, natural units), under the same rules
  // as evaluate(). Throws std::invalid_argument for the wrong number of values.
  const Evaluation& tell(const space::Architecture& arch, std::vector<double> values);

  // The first evaluation of `arch`, or nullptr if it was never recorded.
  const Evaluation* find(const space::Architecture& arch) const;

  // How many leading architectures of `archs` the remaining budget admits, in order (under
  // kCache a repeat is free, also of an earlier architecture of the same batch).
  std::size_t admitted(const std::vector<space::Architecture>& archs) const;

  // Evaluations left.
  std::size_t remaining() const { return budget_ - result_.history.size(); }
  bool exhausted() const { return remaining() == 0; }
  std::size_t budget() const { return budget_; }
  Duplicates duplicates() const { return duplicates_; }
  const Problem& problem() const { return problem_; }
  const std::vector<Evaluation>& history() const { return result_.history; }
  // The progress after the last evaluation (0 before the first).
  double progress() const { return result_.final_progress(); }

  // A copy of the result so far (the archive ordered as in finish()).
  Result snapshot(std::string algorithm, std::uint64_t seed) const;
  // Hands over the result (the recorder is left empty).
  Result finish(std::string algorithm, std::uint64_t seed);

 private:
  const Evaluation& record(const space::Architecture& arch, std::vector<double> values);

  Problem problem_;
  std::size_t budget_;
  Duplicates duplicates_;
  Result result_;
  std::vector<std::vector<double>> archive_scores_;
  std::unordered_map<space::Architecture, std::size_t, space::ArchitectureHash> first_seen_;
  IncrementalHypervolume2d hypervolume_2d_;
  double hypervolume_ = 0.0;
};

}  // namespace anb::search
