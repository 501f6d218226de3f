#include "target_model.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "anb/surrogate/prior.h"

namespace anb::surrogate {

Prediction mean_std(const double* values, std::size_t n) {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += values[i];
  const double mean = sum / static_cast<double>(n);
  double sq = 0.0;
  for (std::size_t i = 0; i < n; ++i) sq += (values[i] - mean) * (values[i] - mean);
  return {mean, std::sqrt(sq / static_cast<double>(n))};
}

TargetModel::TargetModel(TargetEntry entry, TreeEnsemble ensemble)
    : entry_(std::move(entry)), ensemble_(std::move(ensemble)) {}

void TargetModel::members(const double* features, double* out) const {
  ensemble_.predict_members(features, out);
  if (!entry_.transform.is_identity()) {
    for (std::size_t i = 0; i < ensemble_.num_members(); ++i) {
      out[i] = entry_.transform.invert(out[i]);
    }
  }
  if (prior_) {
    const double prior = prior_->predict(features).mean;
    for (std::size_t i = 0; i < ensemble_.num_members(); ++i) {
      out[i] = combine_with_prior(entry_.transform, out[i], prior);
    }
  }
}

Prediction TargetModel::predict(const double* features) const {
  Prediction p;
  if (entry_.transform.is_identity() && !prior_) {
    ensemble_.predict(features, p.mean, p.std);
    return p;
  }
  constexpr std::size_t kStack = 64;
  const std::size_t n = ensemble_.num_members();
  if (n <= kStack) {
    double buffer[kStack];
    members(features, buffer);
    return mean_std(buffer, n);
  }
  std::vector<double> buffer(n);
  members(features, buffer.data());
  return mean_std(buffer.data(), n);
}

TargetModel load_target(const std::filesystem::path& dir, const TargetEntry& entry) {
  std::vector<std::string> texts, names;
  for (const auto& m : entry.members) {
    texts.push_back(read_member(dir, m));
    names.push_back((dir / m.file).string());
  }
  std::unique_ptr<TargetModel> model;
  try {
    model = std::make_unique<TargetModel>(entry, TreeEnsemble::from_xgboost_json(texts, names));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("cannot load target ") + entry.name + ": " + e.what());
  }
  if (!entry.prior.empty()) {
    try {
      check_prior_transform(entry.transform);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(dir.string() + ": target " + entry.name + ": " + e.what());
    }
    const Manifest manifest = read_manifest(dir);
    const TargetEntry* prior = manifest.find(entry.prior);
    if (prior == nullptr || prior->name == entry.name || !prior->prior.empty()) {
      throw std::runtime_error(dir.string() + ": target " + entry.name + " names prior '" +
                               entry.prior +
                               "', which is not an ordinary target of this "
                               "directory");
    }
    model->set_prior(std::make_shared<const TargetModel>(load_target(dir, *prior)));
  }
  return std::move(*model);
}

}  // namespace anb::surrogate
