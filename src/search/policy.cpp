#include "anb/search/policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace anb::search {

FactorisedPolicy::FactorisedPolicy() {
  const auto& decisions = space::decisions();
  for (std::size_t d = 0; d < decisions.size(); ++d) {
    offsets_[d + 1] = offsets_[d] + decisions[d].choices.size();
  }
  logits_.assign(offsets_.back(), 0.0);
}

std::vector<double> FactorisedPolicy::probabilities(int d) const {
  const std::size_t begin = offset(d);
  const std::size_t end = offset(d + 1);
  const double top = *std::max_element(logits_.begin() + static_cast<long>(begin),
                                       logits_.begin() + static_cast<long>(end));
  std::vector<double> p;
  double sum = 0.0;
  for (std::size_t i = begin; i < end; ++i) {
    p.push_back(std::exp(logits_[i] - top));
    sum += p.back();
  }
  for (double& x : p) x /= sum;
  return p;
}

Choices FactorisedPolicy::sample(stats::Rng& rng) const {
  Choices out{};
  for (int d = 0; d < space::kNumDecisions; ++d) {
    const auto p = probabilities(d);
    const double u = rng.uniform();
    double cumulative = 0.0;
    int c = static_cast<int>(p.size()) - 1;  // guards against rounding in the sum
    for (std::size_t i = 0; i < p.size(); ++i) {
      cumulative += p[i];
      if (u < cumulative) {
        c = static_cast<int>(i);
        break;
      }
    }
    out[static_cast<std::size_t>(d)] = c;
  }
  return out;
}

double FactorisedPolicy::log_prob(const Choices& choices) const {
  double total = 0.0;
  for (int d = 0; d < space::kNumDecisions; ++d) {
    total += std::log(probabilities(d).at(static_cast<std::size_t>(choices[static_cast<std::size_t>(d)])));
  }
  return total;
}

double FactorisedPolicy::entropy() const {
  double total = 0.0;
  for (int d = 0; d < space::kNumDecisions; ++d) {
    for (double p : probabilities(d)) {
      if (p > 0.0) total -= p * std::log(p);
    }
  }
  return total;
}

void FactorisedPolicy::add_log_prob_gradient(const Choices& choices, double weight,
                                             std::vector<double>& gradient) const {
  // d log softmax(z)_a / dz_c = [c == a] - p_c
  for (int d = 0; d < space::kNumDecisions; ++d) {
    const auto p = probabilities(d);
    const std::size_t base = offset(d);
    for (std::size_t c = 0; c < p.size(); ++c) {
      const double indicator = static_cast<int>(c) == choices[static_cast<std::size_t>(d)];
      gradient[base + c] += weight * (indicator - p[c]);
    }
  }
}

void FactorisedPolicy::add_entropy_gradient(double weight, std::vector<double>& gradient) const {
  // H = -sum p log p;  dH/dz_c = -p_c (log p_c + H)
  for (int d = 0; d < space::kNumDecisions; ++d) {
    const auto p = probabilities(d);
    double h = 0.0;
    for (double x : p) h -= x > 0.0 ? x * std::log(x) : 0.0;
    const std::size_t base = offset(d);
    for (std::size_t c = 0; c < p.size(); ++c) {
      const double log_p = p[c] > 0.0 ? std::log(p[c]) : 0.0;
      gradient[base + c] += weight * (-p[c] * (log_p + h));
    }
  }
}

Adam::Adam(std::size_t size, double learning_rate, double beta1, double beta2, double epsilon)
    : lr_(learning_rate), beta1_(beta1), beta2_(beta2), eps_(epsilon), m_(size, 0.0),
      v_(size, 0.0) {
  if (!(learning_rate > 0.0)) {
    throw std::invalid_argument(fmt::format("Adam: learning_rate = {} must be > 0", learning_rate));
  }
  if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) {
    throw std::invalid_argument(
        fmt::format("Adam: beta1 = {}, beta2 = {} must lie in [0, 1)", beta1, beta2));
  }
  if (!(epsilon > 0.0)) throw std::invalid_argument(fmt::format("Adam: epsilon = {} must be > 0", epsilon));
}

void Adam::step(std::vector<double>& params, const std::vector<double>& gradient) {
  if (params.size() != m_.size() || gradient.size() != m_.size()) {
    throw std::invalid_argument(fmt::format("Adam::step: sizes {} (params) and {} (gradient), "
                                            "expected {}",
                                            params.size(), gradient.size(), m_.size()));
  }
  ++t_;
  const double c1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
  const double c2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
  for (std::size_t i = 0; i < params.size(); ++i) {
    m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * gradient[i];
    v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * gradient[i] * gradient[i];
    params[i] -= lr_ * (m_[i] / c1) / (std::sqrt(v_[i] / c2) + eps_);
  }
}

}  // namespace anb::search
