#include "anb/surrogate/search_setup.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "anb/data/targets.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/space/architecture.h"
#include "anb/surrogate/search_problem.h"
#include "anb/surrogate/train_cost.h"

namespace anb::surrogate {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

// The algorithm's options from the spec (names parsed, overrides applied).
search::SearchOptions search_options(const SearchSpec& spec) {
  search::SearchOptions o;
  o.algorithm = search::parse_algorithm(spec.algorithm);
  if (spec.budget < 1) {
    throw std::invalid_argument(fmt::format("budget: got {}; need at least 1", spec.budget));
  }
  o.budget = static_cast<std::size_t>(spec.budget);
  if (spec.population) o.re.population = o.nsga2.population = *spec.population;
  if (spec.sample_size) o.re.sample_size = *spec.sample_size;
  if (spec.learning_rate) o.reinforce.learning_rate = *spec.learning_rate;
  o.ls.strategy = search::parse_climb_strategy(spec.ls_strategy);
  return o;
}

void check_objective_names(const SearchSpec& spec) {
  const auto& names = spec.objectives;
  if (names.empty() || names.size() > 2) {
    throw std::invalid_argument(fmt::format(
        "objectives: got {} ({}); a search takes one objective or a pair (e.g. accuracy and a "
        "device target)",
        names.size(), joined(names)));
  }
  if (names.size() == 2 && names[0] == names[1]) {
    throw std::invalid_argument(fmt::format(
        "objectives: got {} twice; the two objectives of a pair must differ", names[0]));
  }
  if (!spec.directions.empty() && spec.directions.size() != names.size()) {
    throw std::invalid_argument(
        fmt::format("directions: got {} for {} objectives", spec.directions.size(), names.size()));
  }
  if (!spec.bounds.empty() && spec.bounds.size() != names.size()) {
    throw std::invalid_argument(fmt::format(
        "bounds: got {} (reference, ideal) pairs for {} objectives; give one per objective",
        spec.bounds.size(), names.size()));
  }
}

std::vector<search::Objective> objectives_of(const SearchSpec& spec) {
  std::vector<search::Objective> out;
  for (std::size_t k = 0; k < spec.objectives.size(); ++k) {
    const auto& name = spec.objectives[k];
    out.push_back(
        {name, spec.directions.empty() ? data::target_info(name).direction : spec.directions[k]});
  }
  return out;
}

// The box of a pair from `reference` (rule 2 when `required`, else 3) or the models (rule 4).
search::ReferencePair reference_pair(const std::vector<search::Objective>& objectives,
                                     const search::HypervolumeReference& reference, bool required,
                                     const Benchmark* bench, std::string& note) {
  const auto& a = objectives[0].name;
  const auto& b = objectives[1].name;
  if (required) return reference.pair(a, b);
  if (const auto* pair = reference.find(a, b)) return *pair;
  if (bench == nullptr) {
    std::string known;
    for (const auto& p : reference.pairs) {
      known += (known.empty() ? "" : "; ") + p.objectives[0].name + "," + p.objectives[1].name;
    }
    throw std::invalid_argument(fmt::format(
        "bounds: two objectives ({}, {}) need a hypervolume box, (reference, ideal) per "
        "objective; {} has none for them (it has {})",
        a, b, reference.source, known));
  }
  search::ReferencePair pair = estimated_reference(*bench, objectives);
  note = fmt::format(
      "no hypervolume reference for ({}, {}) in {}; using the range of the models' predictions "
      "over {} random architectures, widened by half its width: reference ({:.6g}, {:.6g}), "
      "ideal ({:.6g}, {:.6g}) (hypervolumes compare runs on these models only)",
      a, b, reference.source, kEstimatedReferenceSamples, pair.bounds[0].reference,
      pair.bounds[1].reference, pair.bounds[0].ideal, pair.bounds[1].ideal);
  return pair;
}

// Rule 1 and the checks of the number of bounds; true when the pair's entry is still needed.
bool box_from_bounds(const std::vector<search::Objective>& objectives,
                     const std::vector<search::ObjectiveBounds>& bounds, bool reward_target,
                     SearchBox& box) {
  if (!bounds.empty()) {
    if (bounds.size() != objectives.size()) {
      throw std::invalid_argument(fmt::format(
          "bounds: got {} (reference, ideal) pairs for {} objectives; give one per objective",
          bounds.size(), objectives.size()));
    }
    box.bounds = bounds;
    box.source = BoxSource::kBounds;
  }
  if (objectives.size() > 2 && bounds.empty()) {
    throw std::invalid_argument(fmt::format(
        "bounds: {} objectives need a hypervolume box, (reference, ideal) per objective",
        objectives.size()));
  }
  return objectives.size() == 2 && (bounds.empty() || reward_target);
}

// Rules 2-4 into `box` (after box_from_bounds).
void box_from_reference(const std::vector<search::Objective>& objectives,
                        const search::HypervolumeReference& reference, bool required,
                        const Benchmark* bench, SearchBox& box) {
  const bool bounds_given = !box.bounds.empty();
  const search::ReferencePair pair =
      reference_pair(objectives, reference, required, bench, box.note);
  box.reward_target = pair.reward_target;
  if (!bounds_given) {
    box.bounds = pair.bounds;
    box.source = box.note.empty() ? BoxSource::kReference : BoxSource::kEstimated;
  } else {
    box.note.clear();  // the estimate only gave the reward target
  }
}

}  // namespace

void SearchSpec::validate() const {
  const search::SearchOptions options = search_options(*this);
  check_objective_names(*this);
  options.validate(objectives.size());
  if (reward_target && !(*reward_target > 0.0 && std::isfinite(*reward_target))) {
    throw std::invalid_argument(
        fmt::format("reward_target: got {}; must be a finite number > 0", *reward_target));
  }
  if (!(train_budget >= 0.0 && std::isfinite(train_budget))) {
    throw std::invalid_argument(
        fmt::format("train_budget: got {}; must be >= 0 (seconds of simulated training; 0: none)",
                    train_budget));
  }
  if (seeds.empty()) {
    throw std::invalid_argument("seeds: got an empty list; need at least one seed");
  }
}

SearchSetup make_search_setup(const SearchSpec& spec, const Benchmark* bench) {
  spec.validate();
  SearchSetup s;
  s.options = search_options(spec);
  if (bench) check_targets(*bench, spec.objectives);  // its message lists the models' targets
  s.objectives = objectives_of(spec);
  s.noise = spec.noise;
  s.train_budget = spec.train_budget;
  s.seeds = spec.seeds;
  s.threads = spec.threads;
  if (spec.train_budget > 0.0 && (!bench || !bench->has_target(kTrainCostTarget))) {
    throw std::invalid_argument(fmt::format(
        "train_budget: the models{} have no {} target to price evaluations with (fit one)",
        bench ? " in " + bench->directory().string() : "", kTrainCostTarget));
  }
  const bool reinforce = s.options.algorithm == search::Algorithm::kReinforce;
  const SearchBox box = search_box(s.objectives, spec.bounds, spec.hv_reference, bench,
                                   reinforce && !spec.reward_target);
  s.bounds = box.bounds;
  s.box = box.source;
  s.box_note = box.note;
  if (reinforce && s.objectives.size() == 2) {
    s.options.reinforce.reward = search::power_law_reward(
        spec.reward_target ? *spec.reward_target : box.reward_target, s.objectives[1].direction);
  }
  search::Problem check;
  check.objectives = s.objectives;
  check.bounds = s.bounds;
  check.validate_objectives();
  return s;
}

SearchBox search_box(const std::vector<search::Objective>& objectives,
                     const std::vector<search::ObjectiveBounds>& bounds,
                     const std::optional<std::filesystem::path>& hv_reference,
                     const Benchmark* bench, bool reward_target) {
  SearchBox box;
  if (!box_from_bounds(objectives, bounds, reward_target, box)) return box;
  // Read only when a pair needs it (a broken $ANB_HV_REFERENCE file does not stop other
  // searches).
  const search::HypervolumeReference reference =
      hv_reference ? search::HypervolumeReference::load(*hv_reference)
                   : search::default_reference();
  box_from_reference(objectives, reference, hv_reference.has_value(), bench, box);
  return box;
}

SearchBox search_box(const std::vector<search::Objective>& objectives,
                     const std::vector<search::ObjectiveBounds>& bounds,
                     const search::HypervolumeReference& reference, bool reference_required,
                     const Benchmark* bench, bool reward_target) {
  SearchBox box;
  if (box_from_bounds(objectives, bounds, reward_target, box)) {
    box_from_reference(objectives, reference, reference_required, bench, box);
  }
  return box;
}

search::MarkedPoint efficientnet_mark(const Benchmark& bench,
                                      const std::vector<search::Objective>& objectives) {
  search::MarkedPoint m{"EfficientNet-B0", {}};
  for (const auto& o : objectives) {
    m.values.push_back(bench.query(space::Architecture::efficientnet_b0(), o.name).mean);
  }
  return m;
}

search::ProblemFactory setup_problems(const SearchSetup& setup, const Benchmark& bench) {
  return benchmark_problems(bench, setup.objectives, setup.bounds, setup.noise);
}

SearchRuns run_search_setup(const SearchSetup& setup, const Benchmark& bench) {
  SearchRuns runs;
  const auto start = std::chrono::steady_clock::now();
  runs.results =
      search::run_seeds(setup_problems(setup, bench), setup.options, setup.seeds, setup.threads);
  runs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  runs.train_cost_known = bench.has_target(kTrainCostTarget);
  for (auto& r : runs.results) {
    if (runs.train_cost_known) {
      std::vector<double> c = cumulative_train_cost(bench, r);
      if (setup.train_budget > 0.0) {
        if (c.back() <= setup.train_budget) ++runs.budget_exhausted;
        r = cut_at_train_cost(r, c, setup.train_budget, setup.objectives, setup.bounds);
        c.resize(r.history.size());
      }
      runs.train_cost.push_back(c.empty() ? 0.0 : c.back());
    }
    runs.evaluations += r.history.size();
  }
  return runs;
}

}  // namespace anb::surrogate
