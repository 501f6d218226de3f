#include "anb/surrogate/transfer_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "anb/space/search_space.h"
#include "anb/stats/random.h"
#include "anb/stats/shuffle.h"
#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

DrawSpread spread(const std::vector<double>& v) {
  DrawSpread s;
  if (v.empty()) return s;
  double sum = 0.0;
  s.min = v.front();
  for (double x : v) {
    sum += x;
    s.min = std::min(s.min, x);
  }
  s.mean = sum / static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.std = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
  return s;
}

// Every device target of `names` (accuracy left out).
std::vector<std::string> device_targets(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& t : names) {
    if (t != "accuracy") out.push_back(t);
  }
  return out;
}

// Everything one held-out target needs: its rows in the joined (train then val) records.
struct TargetRows {
  std::string target;
  std::vector<std::size_t> pool;  // training rows with a value
  std::vector<std::size_t> val;   // validation rows with a value
};

struct Scores {
  double tau, spearman, r2, within10, val_tau;
};

Scores score(const FewShotModel& model, const FewShotInputs& inputs,
             const std::vector<double>& values, const std::vector<std::size_t>& rows,
             const std::vector<bool>& is_val) {
  const std::vector<double> predicted = model.predict(inputs.select(rows));
  std::vector<double> measured, val_measured, val_predicted;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    measured.push_back(values[rows[i]]);
    if (is_val[rows[i]]) {
      val_measured.push_back(values[rows[i]]);
      val_predicted.push_back(predicted[i]);
    }
  }
  const stats::RegressionMetrics m = stats::regression_metrics(measured, predicted);
  const double val_tau =
      val_measured.size() >= 2 ? stats::kendall_tau(val_measured, val_predicted) : std::nan("");
  return {m.kendall_tau, m.spearman, m.r2, share_within(measured, predicted, 0.1), val_tau};
}

// Scoring rows: every row with the target except those whose architecture was drawn.
std::vector<std::size_t> scoring_rows(const TargetRows& t, const std::vector<std::size_t>& drawn,
                                      const std::vector<std::uint64_t>& arch_keys) {
  std::set<std::uint64_t> seen;
  for (std::size_t r : drawn) seen.insert(arch_keys[r]);
  std::vector<std::size_t> out;
  for (const auto* rows : {&t.pool, &t.val}) {
    for (std::size_t r : *rows) {
      if (!seen.count(arch_keys[r])) out.push_back(r);
    }
  }
  return out;
}

std::string most_common(const std::vector<std::string>& v) {
  std::map<std::string, int> count;
  for (const auto& s : v) ++count[s];
  std::string best;
  int most = 0;
  for (const auto& [s, c] : count) {
    if (c > most) {
      most = c;
      best = s;
    }
  }
  return best;
}

std::vector<TransferReference> references(const std::vector<std::string>& targets,
                                          const data::Dataset& val, const Benchmark& priors,
                                          const Benchmark* reference) {
  std::vector<TransferReference> out;
  for (const auto& t : targets) {
    const Benchmark* source = priors.has_target(t)                    ? &priors
                              : reference && reference->has_target(t) ? reference
                                                                      : nullptr;
    const data::Dataset have = val.with_target(t);
    if (!source || have.size() < 2) continue;
    std::vector<space::Architecture> archs;
    std::vector<double> measured, mean, std;
    for (const auto& r : have.records()) {
      archs.push_back(r.arch);
      measured.push_back(*r.target(t));
    }
    source->query_batch(archs, t, mean, std);
    out.push_back({t, have.size(), stats::kendall_tau(measured, mean)});
  }
  return out;
}

}  // namespace

std::string device_of(const std::string& target) {
  const auto pos = target.find('_');
  if (pos == std::string::npos || pos + 1 >= target.size()) {
    throw std::invalid_argument("'" + target + "' is not a device target (metric_device)");
  }
  return target.substr(pos + 1);
}

void TransferBenchOptions::validate() const {
  if (sizes.empty()) throw std::invalid_argument("TransferBenchOptions.sizes is empty");
  for (std::size_t n : sizes) {
    if (n < few_shot.min_records) {
      throw std::invalid_argument("TransferBenchOptions.sizes: N = " + std::to_string(n) +
                                  " is below the few-shot minimum of " +
                                  std::to_string(few_shot.min_records) + " records");
    }
  }
  if (draws < 1 || draws > 1000) {
    throw std::invalid_argument("TransferBenchOptions.draws = " + std::to_string(draws) +
                                ": must be in 1..1000");
  }
  if (methods.empty()) throw std::invalid_argument("TransferBenchOptions.methods is empty");
  for (const auto& m : methods) {
    FewShotOptions o = few_shot;
    o.method = m;
    o.validate();
  }
  if (selections.empty()) throw std::invalid_argument("TransferBenchOptions.selections is empty");
  for (const auto& s : selections) {
    if (s != "random" && s != "diverse") {
      throw std::invalid_argument("TransferBenchOptions.selections: '" + s +
                                  "' must be random or diverse");
    }
  }
}

TransferBenchResult run_transfer_bench(const data::Dataset& train, const data::Dataset& val,
                                       const Benchmark& priors, const Benchmark* reference,
                                       const TransferBenchOptions& options) {
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  std::vector<space::Architecture> archs;
  std::vector<std::uint64_t> keys;
  std::vector<bool> is_val;
  for (const auto* d : {&train, &val}) {
    for (const auto& r : d->records()) {
      archs.push_back(r.arch);
      keys.push_back(space::index_of(r.arch));
      is_val.push_back(d == &val);
    }
  }
  const std::vector<std::string> targets = device_targets(train.target_names());
  std::vector<std::string> devices;
  for (const auto& t : targets) {
    if (!contains(devices, device_of(t))) devices.push_back(device_of(t));
  }
  for (const auto& d : options.devices) {
    if (!contains(devices, d)) {
      std::string known;
      for (const auto& k : devices) known += (known.empty() ? "" : ", ") + k;
      throw std::invalid_argument("device '" + d +
                                  "' has no records in the data (devices: " + known + ")");
    }
  }
  TransferBenchResult result;
  result.references = references(targets, val, priors, reference);
  for (const auto& device : devices) {
    if (!options.devices.empty() && !contains(options.devices, device)) continue;
    std::vector<std::string> prior_targets;
    for (const auto& t : device_targets(priors.targets())) {
      if (device_of(t) != device) prior_targets.push_back(t);
    }
    if (prior_targets.empty()) {
      throw std::invalid_argument("holding out " + device + ": the prior models in " +
                                  priors.directory().string() + " hold no other device");
    }
    const FewShotInputs inputs =
        few_shot_inputs(priors, prior_targets, archs, options.analytic, options.stage_costs);
    for (const auto& target : targets) {
      if (device_of(target) != device) continue;
      TargetRows rows{target, {}, {}};
      std::vector<double> values(archs.size(), 0.0);
      std::size_t row = 0;
      for (const auto* d : {&train, &val}) {
        for (const auto& r : d->records()) {
          if (const auto v = r.target(target)) {
            values[row] = *v;
            (d == &val ? rows.val : rows.pool).push_back(row);
          }
          ++row;
        }
      }
      for (std::size_t size_index = 0; size_index < options.sizes.size(); ++size_index) {
        const std::size_t n = options.sizes[size_index];
        if (n >= rows.pool.size()) {
          result.notes.push_back(target + ": N = " + std::to_string(n) + " skipped: only " +
                                 std::to_string(rows.pool.size()) +
                                 " training records have it, none would be left to score");
          continue;
        }
        for (const auto& selection : options.selections) {
          std::map<std::string, std::vector<Scores>> scores;
          std::map<std::string, std::vector<std::string>> leading;
          std::size_t scored = 0, val_scored = 0;
          for (int d = 0; d < options.draws; ++d) {
            const std::uint64_t stream = (size_index * 1000 + static_cast<std::uint64_t>(d));
            stats::Rng rng = stats::Rng::substream(options.seed, stream);
            std::vector<std::size_t> drawn;
            if (selection == "random") {
              drawn = stats::draw_distinct(rows.pool, n, rng);
            } else {
              for (std::size_t i : select_diverse(inputs.select(rows.pool), n, rng.next())) {
                drawn.push_back(rows.pool[i]);
              }
            }
            std::vector<double> drawn_values;
            for (std::size_t r : drawn) drawn_values.push_back(values[r]);
            const FewShotInputs fit_inputs = inputs.select(drawn);
            const std::vector<std::size_t> rest = scoring_rows(rows, drawn, keys);
            scored = rest.size();
            val_scored = 0;
            for (std::size_t r : rest) val_scored += is_val[r] ? 1 : 0;
            for (const auto& method : options.methods) {
              FewShotOptions o = options.few_shot;
              o.method = method;
              o.seed = options.seed + static_cast<std::uint64_t>(d);
              const FewShotModel model = fit_few_shot(fit_inputs, drawn_values, o);
              scores[method].push_back(score(model, inputs, values, rest, is_val));
              leading[method].push_back(model.leading_column());
            }
          }
          for (const auto& method : options.methods) {
            TransferCell cell;
            cell.device = device;
            cell.target = target;
            cell.method = method;
            cell.selection = selection;
            cell.n = n;
            cell.draws = options.draws;
            cell.scored = scored;
            cell.val_scored = val_scored;
            std::vector<double> tau, rho, r2, within, vtau;
            for (const Scores& s : scores[method]) {
              tau.push_back(s.tau);
              rho.push_back(s.spearman);
              r2.push_back(s.r2);
              within.push_back(s.within10);
              if (std::isfinite(s.val_tau)) vtau.push_back(s.val_tau);
            }
            cell.tau = spread(tau);
            cell.spearman = spread(rho);
            cell.r2 = spread(r2);
            cell.within10 = spread(within);
            cell.val_tau =
                vtau.empty() ? DrawSpread{std::nan(""), 0.0, std::nan("")} : spread(vtau);
            cell.leading = most_common(leading[method]);
            result.cells.push_back(cell);
          }
        }
      }
    }
  }
  if (result.cells.empty()) {
    throw std::invalid_argument(
        "transfer benchmark: no held-out target has more training records than the smallest N");
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace anb::surrogate
