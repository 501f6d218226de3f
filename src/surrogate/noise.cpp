#include "anb/surrogate/noise.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "anb/io/json.h"
#include "anb/stats/metrics.h"
#include "anb/stats/random.h"

namespace anb::surrogate {
namespace {

double required(const nlohmann::json& o, const char* key, const std::string& context) {
  try {
    return io::json_field<double>(o, key, context);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
}

// Profile log-likelihood of the seed-spread model at `slope` (log_sigma at its optimum).
struct Profile {
  double log_sigma = 0.0;
  double loglik = 0.0;
};

Profile profile(const std::vector<double>& d, const std::vector<double>& ss,
                const std::vector<double>& dof, double slope) {
  double num = 0.0, den = 0.0, sum_dof_d = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    num += ss[i] * std::exp(-2.0 * slope * d[i]);
    den += dof[i];
    sum_dof_d += dof[i] * d[i];
  }
  Profile p;
  p.log_sigma = 0.5 * std::log(num / den);
  p.loglik = -den * p.log_sigma - slope * sum_dof_d - 0.5 * den;
  return p;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Mean of `runs` and the sum of squared deviations from it (the numerator of the sample
// variance).
std::pair<double, double> mean_and_squares(const std::vector<double>& runs) {
  double m = 0.0;
  for (double v : runs) m += v;
  m /= static_cast<double>(runs.size());
  double s = 0.0;
  for (double v : runs) s += (v - m) * (v - m);
  return {m, s};
}

}  // namespace

double NoiseModel::std_at(double mean) const {
  switch (kind) {
    case Kind::kSeedSpread:
      return std::exp(log_sigma + slope * (mean - centre));
    case Kind::kRelative:
      return cv * std::abs(mean);
    case Kind::kNone:
      break;
  }
  return 0.0;
}

NoiseFloor noise_floor(const NoiseModel& noise, const std::vector<double>& measured,
                       const std::vector<double>& predicted, std::uint64_t seed, int draws) {
  if (noise.empty()) throw std::invalid_argument("noise floor: the target has no noise model");
  if (measured.size() != predicted.size() || measured.size() < 2) {
    throw std::invalid_argument(fmt::format(
        "noise floor: {} measured and {} predicted values (need the same number, at least 2)",
        measured.size(), predicted.size()));
  }
  if (draws < 1)
    throw std::invalid_argument(fmt::format("noise floor: draws = {}: must be >= 1", draws));
  const double n = static_cast<double>(measured.size());
  std::vector<double> sd(predicted.size());
  double noise_var = 0.0, mse = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    sd[i] = noise.std_at(predicted[i]);
    noise_var += std::pow(sd[i], 2) / n;
    mse += std::pow(measured[i] - predicted[i], 2) / n;
  }
  NoiseFloor out;
  out.noise_rms = std::sqrt(noise_var);
  out.excess_rmse = std::sqrt(std::max(mse - noise_var, 0.0));
  out.noise_share = mse > 0.0 ? noise_var / mse : 0.0;
  stats::Rng rng(seed);
  std::vector<double> draw(predicted.size());
  for (int d = 0; d < draws; ++d) {
    for (std::size_t i = 0; i < predicted.size(); ++i) {
      draw[i] = rng.normal(predicted[i], sd[i]);
    }
    out.tau_ceiling += stats::kendall_tau(predicted, draw) / draws;
  }
  return out;
}

nlohmann::json NoiseFloor::to_json() const {
  return {{"noise_rms", noise_rms},
          {"excess_rmse", excess_rmse},
          {"noise_share", noise_share},
          {"tau_ceiling", tau_ceiling}};
}

nlohmann::json NoiseModel::to_json() const {
  nlohmann::json out{{"source", source}, {"n", n}};
  if (kind == Kind::kSeedSpread) {
    out["model"] = "seed_spread";
    out["log_sigma"] = log_sigma;
    out["slope"] = slope;
    out["centre"] = centre;
  } else if (kind == Kind::kRelative) {
    out["model"] = "relative";
    out["cv"] = cv;
  } else {
    out["model"] = "none";
  }
  return out;
}

NoiseModel NoiseModel::from_json(const nlohmann::json& o, const std::string& context) {
  if (!o.is_object() || !o.contains("model") || !o["model"].is_string()) {
    throw std::runtime_error(context + ": expected an object with a text field 'model'");
  }
  NoiseModel m;
  const std::string model = o["model"].get<std::string>();
  if (model == "seed_spread") {
    m.kind = Kind::kSeedSpread;
    m.log_sigma = required(o, "log_sigma", context);
    m.slope = required(o, "slope", context);
    m.centre = required(o, "centre", context);
    // exp(log_sigma) is the noise at the centre: e^50 already exceeds every target's scale.
    if (std::abs(m.log_sigma) > 50.0) {
      throw std::runtime_error(context + ": field 'log_sigma' = " + std::to_string(m.log_sigma) +
                               ": must be in [-50, 50]");
    }
  } else if (model == "relative") {
    m.kind = Kind::kRelative;
    m.cv = required(o, "cv", context);
    if (m.cv < 0.0) throw std::runtime_error(context + ": cv must be >= 0");
  } else if (model != "none") {
    throw std::runtime_error(context + ": model '" + model +
                             "' is not seed_spread, relative or none");
  }
  if (o.contains("source") && o["source"].is_string()) m.source = o["source"].get<std::string>();
  if (o.contains("n") && o["n"].is_number_unsigned()) m.n = o["n"].get<std::size_t>();
  return m;
}

NoiseModel fit_seed_spread(const std::vector<std::vector<double>>& runs, std::string source) {
  if (runs.size() < 3) {
    throw std::invalid_argument("fit_seed_spread: needs at least 3 architectures");
  }
  std::vector<double> mean, ss, dof;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    if (r.size() < 2) {
      throw std::invalid_argument(
          fmt::format("fit_seed_spread: architecture {} has {} runs (need 2)", i, r.size()));
    }
    const auto [m, s] = mean_and_squares(r);
    mean.push_back(m);
    ss.push_back(s);
    dof.push_back(static_cast<double>(r.size() - 1));
  }
  double centre = 0.0;
  for (double m : mean) centre += m;
  centre /= static_cast<double>(mean.size());
  std::vector<double> d(mean.size());
  for (std::size_t i = 0; i < mean.size(); ++i) d[i] = mean[i] - centre;
  // Golden-section search of the slope on [-5, 5] / sd(mean): the profile is concave.
  double sd = 0.0;
  for (double x : d) sd += x * x;
  sd = std::sqrt(sd / static_cast<double>(d.size())) + 1e-12;
  double lo = -5.0 / sd, hi = 5.0 / sd;
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 200; ++it) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    if (profile(d, ss, dof, a).loglik < profile(d, ss, dof, b).loglik) {
      lo = a;
    } else {
      hi = b;
    }
  }
  NoiseModel m;
  m.kind = NoiseModel::Kind::kSeedSpread;
  m.slope = 0.5 * (lo + hi);
  m.log_sigma = profile(d, ss, dof, m.slope).log_sigma;
  m.centre = centre;
  m.source = std::move(source);
  m.n = runs.size();
  return m;
}

NoiseModel fit_relative_spread(const std::vector<double>& means, const std::vector<double>& stds,
                               std::string source) {
  if (means.size() != stds.size()) {
    throw std::invalid_argument("fit_relative_spread: means and stds differ in length");
  }
  std::vector<double> cv;
  for (std::size_t i = 0; i < means.size(); ++i) {
    if (means[i] > 0.0 && stds[i] >= 0.0 && std::isfinite(stds[i]))
      cv.push_back(stds[i] / means[i]);
  }
  if (cv.empty()) throw std::invalid_argument("fit_relative_spread: no usable (mean, std) pair");
  NoiseModel m;
  m.kind = NoiseModel::Kind::kRelative;
  m.cv = median(cv);
  m.source = std::move(source);
  m.n = cv.size();
  return m;
}

NoiseModel fit_relative_spread(const std::vector<std::vector<double>>& runs, std::string source) {
  std::vector<double> means, stds;
  for (const auto& r : runs) {
    if (r.size() < 2) continue;
    const auto [m, s] = mean_and_squares(r);
    means.push_back(m);
    stds.push_back(std::sqrt(s / static_cast<double>(r.size() - 1)));
  }
  return fit_relative_spread(means, stds, std::move(source));
}

SeedRuns read_seed_runs(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (int k = 1; k < 100; ++k) {
    const auto p = dir / fmt::format("proxified-seed{}.csv", k);
    if (std::filesystem::exists(p)) files.push_back(p);
  }
  if (files.size() < 2) {
    throw std::runtime_error(dir.string() +
                             ": needs at least two proxified-seed<k>.csv files (the proxy "
                             "ablation's repeated training runs)");
  }
  SeedRuns out;
  out.seeds = files.size();
  for (std::size_t f = 0; f < files.size(); ++f) {
    std::ifstream in(files[f]);
    if (!in) throw std::runtime_error(files[f].string() + ": cannot be read");
    std::string line;
    std::size_t row = 0;
    for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
      if (line.empty()) continue;
      std::vector<std::string> cells;
      std::stringstream ss(line);
      for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
      if (cells.size() < 9) {
        throw std::runtime_error(fmt::format("{}:{}: {} fields (need at least 9)",
                                             files[f].string(), lineno, cells.size()));
      }
      double v[3];
      const int columns[3] = {4, 5, 8};
      for (int c = 0; c < 3; ++c) {
        const std::string& text = cells[static_cast<std::size_t>(columns[c])];
        char* end = nullptr;
        v[c] = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(v[c])) {
          throw std::runtime_error(fmt::format("{}:{}: field {} = '{}' is not a number",
                                               files[f].string(), lineno, columns[c], text));
        }
      }
      if (f == 0) {
        out.top1.emplace_back();
        out.top5.emplace_back();
        out.train_time.emplace_back();
      } else if (row >= out.top1.size()) {
        throw std::runtime_error(files[f].string() + ": more rows than " + files[0].string());
      }
      out.top1[row].push_back(v[0]);
      out.top5[row].push_back(v[1]);
      out.train_time[row].push_back(v[2]);
      ++row;
    }
    if (row != out.top1.size()) {
      throw std::runtime_error(files[f].string() + ": " + std::to_string(row) + " rows, but " +
                               files[0].string() + " has " + std::to_string(out.top1.size()));
    }
  }
  return out;
}

}  // namespace anb::surrogate
