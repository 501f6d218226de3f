#include "anb/space/search_space.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "anb/space/cost.h"

namespace anb::space {
namespace {

std::array<Decision, kNumDecisions> make_decisions() {
  std::array<Decision, kNumDecisions> out;
  for (int stage = 0; stage < kNumStages; ++stage) {
    const std::string prefix = "block" + std::to_string(stage) + "_";
    const std::size_t base = static_cast<std::size_t>(4 * stage);
    out[base + 0] = {stage, DecisionKind::kExpansion, prefix + "e", {1, 4, 6}};
    out[base + 1] = {stage, DecisionKind::kKernel, prefix + "k", {3, 5}};
    out[base + 2] = {stage, DecisionKind::kLayers, prefix + "l",
                     stage == 5 ? std::vector<int>{1, 2, 3, 4} : std::vector<int>{1, 2, 3}};
    out[base + 3] = {stage, DecisionKind::kSqueezeExcite, prefix + "se", {1, 0}};
  }
  return out;
}

int stage_value(const Stage& s, DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kExpansion:
      return s.expansion;
    case DecisionKind::kKernel:
      return s.kernel;
    case DecisionKind::kLayers:
      return s.layers;
    case DecisionKind::kSqueezeExcite:
      return s.se ? 1 : 0;
  }
  return 0;
}

void set_stage_value(Stage& s, DecisionKind kind, int value) {
  switch (kind) {
    case DecisionKind::kExpansion:
      s.expansion = value;
      break;
    case DecisionKind::kKernel:
      s.kernel = value;
      break;
    case DecisionKind::kLayers:
      s.layers = value;
      break;
    case DecisionKind::kSqueezeExcite:
      s.se = value != 0;
      break;
  }
}

int radix(int d) {
  return static_cast<int>(decisions()[static_cast<std::size_t>(d)].choices.size());
}

}  // namespace

const std::array<Decision, kNumDecisions>& decisions() {
  static const std::array<Decision, kNumDecisions> table = make_decisions();
  return table;
}

std::uint64_t space_size() {
  std::uint64_t n = 1;
  for (int d = 0; d < kNumDecisions; ++d) n *= static_cast<std::uint64_t>(radix(d));
  return n;
}

int choice_index(const Architecture& arch, int d) {
  const Decision& dec = decisions().at(static_cast<std::size_t>(d));
  const int v = stage_value(arch.stage(dec.stage), dec.kind);
  const auto it = std::find(dec.choices.begin(), dec.choices.end(), v);
  return static_cast<int>(it - dec.choices.begin());
}

std::array<int, kNumDecisions> choice_indices(const Architecture& arch) {
  std::array<int, kNumDecisions> out{};
  for (int d = 0; d < kNumDecisions; ++d) out[static_cast<std::size_t>(d)] = choice_index(arch, d);
  return out;
}

Architecture from_choice_indices(const std::array<int, kNumDecisions>& indices) {
  std::array<Stage, kNumStages> stages{};
  for (int d = 0; d < kNumDecisions; ++d) {
    const Decision& dec = decisions()[static_cast<std::size_t>(d)];
    const int c = indices[static_cast<std::size_t>(d)];
    if (c < 0 || c >= radix(d)) {
      throw std::invalid_argument("choice index of " + dec.name + " = " + std::to_string(c) +
                                  " is outside [0, " + std::to_string(radix(d)) + ")");
    }
    set_stage_value(stages[static_cast<std::size_t>(dec.stage)], dec.kind,
                    dec.choices[static_cast<std::size_t>(c)]);
  }
  return Architecture(stages);
}

Architecture with_choice(const Architecture& arch, int d, int choice) {
  std::array<int, kNumDecisions> indices = choice_indices(arch);
  indices.at(static_cast<std::size_t>(d)) = choice;
  return from_choice_indices(indices);
}

std::array<double, kNumDecisions> encode(const Architecture& arch) {
  std::array<double, kNumDecisions> out{};
  for (int d = 0; d < kNumDecisions; ++d) {
    out[static_cast<std::size_t>(d)] = static_cast<double>(choice_index(arch, d));
  }
  return out;
}

Architecture decode(const std::array<double, kNumDecisions>& features) {
  std::array<int, kNumDecisions> indices{};
  for (int d = 0; d < kNumDecisions; ++d) {
    const double v = features[static_cast<std::size_t>(d)];
    if (!(v >= 0.0 && v < radix(d) && v == std::floor(v))) {
      throw std::invalid_argument("feature " + decisions()[static_cast<std::size_t>(d)].name +
                                  " = " + std::to_string(v) + " is not a choice index in [0, " +
                                  std::to_string(radix(d)) + ")");
    }
    indices[static_cast<std::size_t>(d)] = static_cast<int>(v);
  }
  return from_choice_indices(indices);
}

std::uint64_t index_of(const Architecture& arch) {
  std::uint64_t index = 0;
  for (int d = 0; d < kNumDecisions; ++d) {
    index = index * static_cast<std::uint64_t>(radix(d)) +
            static_cast<std::uint64_t>(choice_index(arch, d));
  }
  return index;
}

Architecture from_index(std::uint64_t index) {
  if (index >= space_size()) {
    throw std::out_of_range("architecture index " + std::to_string(index) + " is outside [0, " +
                            std::to_string(space_size()) + ")");
  }
  std::array<int, kNumDecisions> indices{};
  for (int d = kNumDecisions - 1; d >= 0; --d) {
    const auto r = static_cast<std::uint64_t>(radix(d));
    indices[static_cast<std::size_t>(d)] = static_cast<int>(index % r);
    index /= r;
  }
  return from_choice_indices(indices);
}

Architecture sample(stats::Rng& rng) {
  std::array<int, kNumDecisions> indices{};
  for (int d = 0; d < kNumDecisions; ++d) {
    indices[static_cast<std::size_t>(d)] =
        static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(radix(d))));
  }
  return from_choice_indices(indices);
}

std::vector<Architecture> sample(std::size_t n, std::uint64_t seed) {
  stats::Rng rng(seed);
  std::vector<Architecture> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(sample(rng));
  return out;
}

std::vector<Architecture> sample_spread_by_macs(std::size_t n, std::uint64_t seed) {
  if (n == 0 || n > 100000) {
    throw std::invalid_argument("sample_spread_by_macs: n = " + std::to_string(n) +
                                " must be in [1, 100000]");
  }
  const std::vector<Architecture> pool = sample(std::max<std::size_t>(1000, 50 * n), seed);
  std::vector<double> log_macs;
  log_macs.reserve(pool.size());
  for (const auto& a : pool) log_macs.push_back(std::log(static_cast<double>(cost(a).macs)));
  const auto [lo, hi] = std::minmax_element(log_macs.begin(), log_macs.end());
  const double width = (*hi - *lo) / static_cast<double>(n);
  std::vector<bool> taken(pool.size(), false);
  std::vector<std::pair<double, std::size_t>> chosen;
  for (std::size_t bin = 0; bin < n; ++bin) {
    const double centre = *lo + (static_cast<double>(bin) + 0.5) * width;
    std::size_t best = pool.size();
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < pool.size(); ++i) {
      const double distance = std::abs(log_macs[i] - centre);
      if (taken[i] || distance >= best_distance) continue;
      bool duplicate = false;  // the same architecture drawn twice counts once
      for (const auto& c : chosen) duplicate = duplicate || pool[c.second] == pool[i];
      if (duplicate) continue;
      best = i;
      best_distance = distance;
    }
    taken[best] = true;
    chosen.emplace_back(log_macs[best], best);
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<Architecture> out;
  for (const auto& c : chosen) out.push_back(pool[c.second]);
  return out;
}

Architecture mutate(const Architecture& arch, stats::Rng& rng) {
  const int d = static_cast<int>(rng.uniform_int(kNumDecisions));
  const int current = choice_index(arch, d);
  // Draw among the other radix-1 choices, then skip over the current one.
  int choice = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(radix(d) - 1)));
  if (choice >= current) ++choice;
  return with_choice(arch, d, choice);
}

std::vector<Architecture> neighbours(const Architecture& arch) {
  std::vector<Architecture> out;
  const std::array<int, kNumDecisions> base = choice_indices(arch);
  for (int d = 0; d < kNumDecisions; ++d) {
    for (int c = 0; c < radix(d); ++c) {
      if (c == base[static_cast<std::size_t>(d)]) continue;
      std::array<int, kNumDecisions> changed = base;
      changed[static_cast<std::size_t>(d)] = c;
      out.push_back(from_choice_indices(changed));
    }
  }
  return out;
}

}  // namespace anb::space
