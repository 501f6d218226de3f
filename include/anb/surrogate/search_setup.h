#pragma once
// One search setup for every front end: `anb search`, anb.run_search / run_seeds and custom
// programs turn what the user asked for (a SearchSpec: algorithm and its options, objectives,
// hypervolume box, budgets, seeds) into a checked SearchSetup here, so they accept the same
// requests, refuse the same mistakes with the same messages and pick the same hypervolume box.
//
// The hypervolume box of a pair (two objectives), first rule that applies:
//   1. explicit `bounds`;
//   2. the pair's entry in `hv_reference` when a file is named (the file must hold the pair);
//   3. the pair's entry in search::default_reference() (the built-in reference, or the file
//      $ANB_HV_REFERENCE names);
//   4. with a Benchmark: estimated_reference() from the models (SearchSetup::box_note says so);
//      without one (a custom objective function) the pair needs explicit bounds: an error.
// REINFORCE's reward target T0 comes from `reward_target`, else from the pair's box (2-4).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "anb/search/algorithm.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/search/plots.h"
#include "anb/search/runner.h"
#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {

// What a search is asked to do. Defaults are the library's (`anb search` and Python start here).
struct SearchSpec {
  std::string algorithm = "re";                       // rs, re, reinforce, ls or nsga2
  std::vector<std::string> objectives{"accuracy"};    // one or two, distinct
  std::vector<search::Direction> directions;          // per objective; empty: from target names
  std::int64_t budget = 600;                          // evaluations per seed (>= 1)
  std::optional<std::size_t> population;              // re and nsga2; none: their defaults
  std::optional<std::size_t> sample_size;             // re's tournament; none: its default
  std::optional<double> learning_rate;                // reinforce's Adam step; none: default
  std::string ls_strategy = "first";                  // local search: first or best
  std::vector<search::ObjectiveBounds> bounds;        // explicit box (reference, ideal) or empty
  std::optional<std::filesystem::path> hv_reference;  // a reference file that holds the pair
  std::optional<double> reward_target;                // REINFORCE T0 of the second objective
  bool noise = false;                                 // one N(mean, std^2) draw per evaluation
  double train_budget = 0.0;  // seconds of simulated training per seed (train_time); 0: none
  std::vector<std::uint64_t> seeds{0};  // one search per seed (not empty)
  unsigned threads = 0;                 // threads over seeds; 0: all cores

  // Everything that can be checked without models or reference files: the algorithm name and
  // options (with the budget), the number of objectives for the algorithm, distinct objectives,
  // directions and bounds per objective, reward target and train budget ranges, seeds. Throws
  // std::invalid_argument "<field>: got <value>; <rule>".
  void validate() const;
};

// Where a search's hypervolume box came from.
enum class BoxSource { kNone, kBounds, kReference, kEstimated };

// A hypervolume box under the rules above, and where it came from.
struct SearchBox {
  std::vector<search::ObjectiveBounds> bounds;  // empty: one objective and no bounds given
  double reward_target = 0.0;                   // the pair's T0 (0: not looked up)
  BoxSource source = BoxSource::kNone;
  std::string note;  // for kEstimated: one line saying how the box was estimated
};

// The box of `objectives`: `bounds` when given (one per objective), else for a pair rules 2-4;
// one objective needs none; more than two need explicit bounds. With `reward_target`, the pair's
// reward target is looked up (rules 2-4) even when bounds are given. Throws
// std::invalid_argument ("bounds: ...") when no rule applies or the named file lacks the pair.
SearchBox search_box(const std::vector<search::Objective>& objectives,
                     const std::vector<search::ObjectiveBounds>& bounds,
                     const std::optional<std::filesystem::path>& hv_reference,
                     const Benchmark* bench, bool reward_target = false);

// The same rules with the reference already loaded (a server that keeps one for every request):
// `reference` takes the place of rule 2's file when `reference_required` (a pair it lacks is an
// error), else of rule 3's default (a pair it lacks is estimated from `bench`, rule 4).
SearchBox search_box(const std::vector<search::Objective>& objectives,
                     const std::vector<search::ObjectiveBounds>& bounds,
                     const search::HypervolumeReference& reference, bool reference_required,
                     const Benchmark* bench, bool reward_target = false);

// Mean predictions of EfficientNet-B0 for the objectives (the mark on front plots).
search::MarkedPoint efficientnet_mark(const Benchmark& bench,
                                      const std::vector<search::Objective>& objectives);

// A checked search, ready to run.
struct SearchSetup {
  search::SearchOptions options;
  std::vector<search::Objective> objectives;
  std::vector<search::ObjectiveBounds> bounds;  // empty for one objective
  BoxSource box = BoxSource::kNone;
  std::string box_note;  // for kEstimated: one line saying how the box was estimated
  bool noise = false;
  double train_budget = 0.0;
  std::vector<std::uint64_t> seeds;
  unsigned threads = 0;
};

// Checks `spec` (validate()) and resolves it into a setup under the rules above. `bench` (may be
// null: a custom objective function) supplies the objectives' presence check (its "unknown
// target" message, listing the models' targets), the estimated box and the train_time target a
// train budget needs. Throws std::invalid_argument naming the field and the rule;
// std::runtime_error when a named reference file cannot be read.
SearchSetup make_search_setup(const SearchSpec& spec, const Benchmark* bench);

// The problems of a setup on `bench` (benchmark_problems with its objectives, box and noise).
search::ProblemFactory setup_problems(const SearchSetup& setup, const Benchmark& bench);

// The runs of a setup on a benchmark.
struct SearchRuns {
  std::vector<search::Result> results;  // one per seed, in seed order (cut at the train budget)
  double seconds = 0.0;                 // wall time of the searches
  std::size_t evaluations = 0;          // over all seeds
  bool train_cost_known = false;        // the models have a train_time target
  std::vector<double> train_cost;       // simulated training seconds per seed (when known)
  std::size_t budget_exhausted = 0;     // with a train budget: seeds whose evaluation budget ran
                                        // out before the train budget was spent
};

// Runs every seed of `setup` on `bench` (search::run_seeds), then prices each run with the
// models' train_time (when they have one) and, with a train budget, cuts it where that budget
// is spent (cut_at_train_cost).
SearchRuns run_search_setup(const SearchSetup& setup, const Benchmark& bench);

}  // namespace anb::surrogate
