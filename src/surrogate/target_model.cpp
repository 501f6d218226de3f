#include "target_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "anb/surrogate/choice_rows.h"
#include "anb/surrogate/prior_combine.h"

namespace anb::surrogate {
namespace {

// Rows per block of a batch: bounds the member buffer and keeps it in cache.
constexpr std::size_t kBlockRows = 8192;
// Member values that fit the stack buffer of a single-row query.
constexpr std::size_t kStackValues = 64;

// Throws std::logic_error unless `spread` has members exactly when the calibration of `entry`
// names a spread model.
void check_spread(const TargetEntry& entry, const TreeEnsemble& spread) {
  if ((spread.num_members() > 0) != entry.calibration.has_spread_model()) {
    throw std::logic_error("TargetModel: target " + entry.name +
                           ": the spread model does not match the calibration");
  }
}

}  // namespace

Prediction mean_std(const double* values, std::size_t n) {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += values[i];
  const double mean = sum / static_cast<double>(n);
  double sq = 0.0;
  for (std::size_t i = 0; i < n; ++i) sq += (values[i] - mean) * (values[i] - mean);
  return {mean, std::sqrt(sq / static_cast<double>(n))};
}

TargetModel::TargetModel(TargetEntry entry, TreeEnsemble ensemble, TreeEnsemble spread)
    : entry_(std::move(entry)), ensemble_(std::move(ensemble)), spread_(std::move(spread)) {
  if (!entry_.prior.empty()) {
    throw std::logic_error("TargetModel: target " + entry_.name + " needs its prior " +
                           entry_.prior);
  }
  check_spread(entry_, spread_);
}

TargetModel::TargetModel(TargetEntry entry, TreeEnsemble ensemble,
                         std::shared_ptr<const TargetModel> prior, TreeEnsemble spread)
    : entry_(std::move(entry)),
      ensemble_(std::move(ensemble)),
      spread_(std::move(spread)),
      prior_(std::move(prior)) {
  if ((prior_ == nullptr) != entry_.prior.empty() ||
      (prior_ && prior_->entry().name != entry_.prior)) {
    throw std::logic_error("TargetModel: target " + entry_.name + " got the wrong prior");
  }
  check_spread(entry_, spread_);
}

void TargetModel::members(const std::uint8_t* choices, std::size_t n, double* out) const {
  ensemble_.predict_members_choices(choices, n, out);
  const std::size_t k = ensemble_.num_members();
  if (!entry_.transform.is_identity()) {
    for (std::size_t i = 0; i < n * k; ++i) out[i] = entry_.transform.invert(out[i]);
  }
  if (!prior_) return;
  double one_mean = 0.0, one_std = 0.0;
  std::vector<double> means, stds;
  double* prior_mean = &one_mean;
  double* prior_std = &one_std;
  if (n > 1) {
    means.resize(n);
    stds.resize(n);
    prior_mean = means.data();
    prior_std = stds.data();
  }
  prior_->predict(choices, n, prior_mean, prior_std);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t m = 0; m < k; ++m) {
      out[r * k + m] = combine_with_prior(entry_.transform, out[r * k + m], prior_mean[r]);
    }
  }
}

void TargetModel::predict(const std::uint8_t* choices, std::size_t n, double* mean, double* std,
                          std::size_t stride) const {
  const std::size_t k = ensemble_.num_members();
  if (n == 1 && k <= kStackValues) {  // one architecture: no heap
    double buffer[kStackValues];
    members(choices, 1, buffer);
    const Prediction p = mean_std(buffer, k);
    *mean = p.mean;
    *std = p.std;
    return;
  }
  const std::size_t block = std::min(n, kBlockRows);
  std::vector<double> buffer(block * k);
  for (std::size_t begin = 0; begin < n; begin += block) {
    const std::size_t rows = std::min(block, n - begin);
    members(choices + begin * kChoiceRow, rows, buffer.data());
    for (std::size_t r = 0; r < rows; ++r) {
      const Prediction p = mean_std(&buffer[r * k], k);
      mean[(begin + r) * stride] = p.mean;
      std[(begin + r) * stride] = p.std;
    }
  }
}

void TargetModel::spread(const std::uint8_t* choices, std::size_t n, double* out) const {
  if (spread_.num_members() == 0) {
    std::fill(out, out + n, 1.0);
    return;
  }
  spread_.predict_members_choices(choices, n, out);
  const double floor = entry_.calibration.spread_floor;
  for (std::size_t i = 0; i < n; ++i) out[i] = std::max(out[i], floor);
}

void TargetModel::intervals(const std::uint8_t* choices, std::size_t n, const double* mean,
                            double level, double* lower, double* upper, std::size_t stride) const {
  // The spread factors: on the stack for a single query, in a buffer for a batch.
  double one = 1.0;
  std::vector<double> many(n > 1 ? n : 0);
  double* factor = n > 1 ? many.data() : &one;
  spread(choices, n, factor);
  for (std::size_t i = 0; i < n; ++i) {
    const Interval iv =
        entry_.calibration.interval(entry_.transform, mean[i * stride], level, factor[i]);
    lower[i * stride] = iv.lower;
    upper[i * stride] = iv.upper;
  }
}

// The compiled spread model of `entry`'s calibration read from `dir` (checked against its
// SHA-256); an empty ensemble when it has none.
TreeEnsemble load_spread(const std::filesystem::path& dir, const TargetEntry& entry) {
  const Calibration& c = entry.calibration;
  if (!c.has_spread_model()) return {};
  try {
    return TreeEnsemble::from_xgboost_json({read_spread_model(dir, entry)},
                                           {(dir / c.spread_file).string()});
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot load the spread model of target ") + entry.name +
                             ": " + e.what());
  }
}

std::shared_ptr<const TargetModel> load_target(const std::filesystem::path& dir,
                                               const TargetEntry& entry,
                                               std::shared_ptr<const TargetModel> prior) {
  std::vector<std::string> texts, names;
  for (const auto& m : entry.members) {
    texts.push_back(read_member(dir, m));
    names.push_back((dir / m.file).string());
  }
  TreeEnsemble ensemble;
  try {
    ensemble = TreeEnsemble::from_xgboost_json(texts, names);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("cannot load target ") + entry.name + ": " + e.what());
  }
  if (entry.prior.empty()) {
    return std::make_shared<const TargetModel>(entry, std::move(ensemble), load_spread(dir, entry));
  }
  try {
    check_prior_transform(entry.transform);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(dir.string() + ": target " + entry.name + ": " + e.what());
  }
  return std::make_shared<const TargetModel>(entry, std::move(ensemble), std::move(prior),
                                             load_spread(dir, entry));
}

std::vector<std::shared_ptr<const TargetModel>> load_targets(
    const std::filesystem::path& dir, const Manifest& manifest,
    const std::vector<std::string>& names) {
  const auto wanted = [&names](const std::string& t) {
    return names.empty() || std::find(names.begin(), names.end(), t) != names.end();
  };
  // Ordinary targets first (those asked for and the priors of those asked for), then the
  // targets over a prior, which share the loaded prior.
  std::vector<std::shared_ptr<const TargetModel>> loaded(manifest.targets.size());
  const auto index_of = [&manifest](const std::string& t) {
    for (std::size_t i = 0; i < manifest.targets.size(); ++i) {
      if (manifest.targets[i].name == t) return i;
    }
    return manifest.targets.size();
  };
  for (const TargetEntry& entry : manifest.targets) {
    if (entry.prior.empty() || !wanted(entry.name)) continue;
    const std::size_t p = index_of(entry.prior);
    if (p == manifest.targets.size() || entry.prior == entry.name ||
        !manifest.targets[p].prior.empty()) {
      throw std::runtime_error(dir.string() + ": target " + entry.name + " names prior '" +
                               entry.prior +
                               "', which is not an ordinary target of this directory");
    }
  }
  for (std::size_t i = 0; i < manifest.targets.size(); ++i) {
    const TargetEntry& entry = manifest.targets[i];
    if (!entry.prior.empty()) continue;
    const bool prior_of_wanted =
        std::any_of(manifest.targets.begin(), manifest.targets.end(),
                    [&](const TargetEntry& e) { return e.prior == entry.name && wanted(e.name); });
    if (wanted(entry.name) || prior_of_wanted) loaded[i] = load_target(dir, entry);
  }
  std::vector<std::shared_ptr<const TargetModel>> out;
  for (std::size_t i = 0; i < manifest.targets.size(); ++i) {
    const TargetEntry& entry = manifest.targets[i];
    if (!wanted(entry.name)) continue;
    if (!entry.prior.empty()) loaded[i] = load_target(dir, entry, loaded[index_of(entry.prior)]);
    out.push_back(loaded[i]);
  }
  return out;
}

}  // namespace anb::surrogate
