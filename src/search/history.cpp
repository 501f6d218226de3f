#include "anb/search/history.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "anb/search/pareto.h"

namespace anb::search {

const Evaluation& Result::best_evaluation() const {
  if (history.empty()) throw std::logic_error("Result::best_evaluation: the history is empty");
  return history.at(best);
}

const char* duplicates_name(Duplicates duplicates) {
  return duplicates == Duplicates::kCount ? "count" : "cache";
}

Duplicates parse_duplicates(std::string_view name) {
  if (name == "count") return Duplicates::kCount;
  if (name == "cache") return Duplicates::kCache;
  throw std::invalid_argument(
      fmt::format("duplicates: got '{}'; expected one of count, cache", name));
}

Recorder::Recorder(Problem problem, std::size_t budget, Duplicates duplicates)
    : problem_(std::move(problem)), budget_(budget), duplicates_(duplicates) {
  problem_.validate_objectives();
  if (budget == 0) throw std::invalid_argument("budget: got 0; need at least 1");
  result_.objectives = problem_.objectives;
  result_.history.reserve(budget);
}

const Evaluation* Recorder::find(const space::Architecture& arch) const {
  const auto it = first_seen_.find(arch);
  return it == first_seen_.end() ? nullptr : &result_.history[it->second];
}

std::size_t Recorder::admitted(const std::vector<space::Architecture>& archs) const {
  const bool cache = duplicates_ == Duplicates::kCache;
  std::size_t left = remaining();
  std::unordered_map<space::Architecture, bool, space::ArchitectureHash> batch;
  std::size_t n = 0;
  for (const auto& a : archs) {
    const bool free = cache && (find(a) != nullptr || batch.count(a) > 0);
    if (!free) {
      if (left == 0) break;
      --left;
    }
    if (cache) batch.emplace(a, true);
    ++n;
  }
  return n;
}

const Evaluation& Recorder::evaluate(const space::Architecture& arch) {
  if (duplicates_ == Duplicates::kCache) {
    if (const Evaluation* seen = find(arch)) return *seen;
  }
  if (exhausted()) {
    throw std::logic_error(fmt::format("the budget of {} evaluations is spent", budget_));
  }
  if (!problem_.evaluate) {
    throw std::logic_error("Recorder::evaluate: the problem has no objective function; use tell");
  }
  std::vector<double> values = problem_.evaluate(arch);
  if (values.size() != problem_.objectives.size()) {
    throw std::runtime_error(
        fmt::format("objective function returned {} values for {} "
                    "objectives (arch {})",
                    values.size(), problem_.objectives.size(), arch.to_string()));
  }
  return record(arch, std::move(values));
}

const Evaluation& Recorder::tell(const space::Architecture& arch, std::vector<double> values) {
  if (values.size() != problem_.objectives.size()) {
    throw std::invalid_argument(fmt::format("values: got {} values for {} objectives (arch {})",
                                            values.size(), problem_.objectives.size(),
                                            arch.to_string()));
  }
  if (duplicates_ == Duplicates::kCache) {
    if (const Evaluation* seen = find(arch)) return *seen;
  }
  if (exhausted()) {
    throw std::logic_error(fmt::format("the budget of {} evaluations is spent", budget_));
  }
  return record(arch, std::move(values));
}

const Evaluation& Recorder::record(const space::Architecture& arch, std::vector<double> values) {
  Evaluation e;
  e.index = result_.history.size();
  e.arch = arch;
  e.values = std::move(values);
  const std::size_t m = problem_.objectives.size();
  e.scores.reserve(m);
  for (std::size_t k = 0; k < m; ++k) {
    const Objective& o = problem_.objectives[k];
    if (m == 1) {
      e.scores.push_back(signed_value(e.values[k], o.direction));
    } else {
      try {
        e.scores.push_back(normalized_value(e.values[k], o, problem_.bounds[k]));
      } catch (const std::domain_error& err) {
        throw std::domain_error(fmt::format("{} (arch {})", err.what(), arch.to_string()));
      }
    }
  }
  if (!first_seen_.emplace(arch, e.index).second) ++result_.repeats;
  const bool added_to_archive = update_archive(result_.archive, archive_scores_, e.index, e.scores);
  if (added_to_archive && m == 2) hypervolume_ = hypervolume_2d_.add(e.scores[0], e.scores[1]);
  if (added_to_archive && m > 2) hypervolume_ = hypervolume(archive_scores_, Point(m, 0.0));
  result_.history.push_back(std::move(e));
  Evaluation& added = result_.history.back();
  if (added.index == 0 || added.scores[0] > result_.history[result_.best].scores[0]) {
    result_.best = added.index;
  }
  added.progress = m == 1 ? result_.history[result_.best].values[0] : hypervolume_;
  return added;
}

namespace {

// Archive ordered by the first objective's score, best first (ties: earlier evaluation).
void order_archive(Result& r) {
  std::stable_sort(r.archive.begin(), r.archive.end(), [&](std::size_t a, std::size_t b) {
    return r.history[a].scores[0] > r.history[b].scores[0];
  });
}

}  // namespace

Result Recorder::snapshot(std::string algorithm, std::uint64_t seed) const {
  Result out = result_;
  out.algorithm = std::move(algorithm);
  out.seed = seed;
  order_archive(out);
  return out;
}

Result Recorder::finish(std::string algorithm, std::uint64_t seed) {
  Result out = std::move(result_);
  out.algorithm = std::move(algorithm);
  out.seed = seed;
  order_archive(out);
  result_ = Result{};
  archive_scores_.clear();
  first_seen_.clear();
  hypervolume_2d_ = IncrementalHypervolume2d{};
  hypervolume_ = 0.0;
  return out;
}

}  // namespace anb::search
