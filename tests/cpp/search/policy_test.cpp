#include "anb/search/policy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace anb::search {
namespace {

TEST(FactorisedPolicy, StartsUniform) {
  FactorisedPolicy p;
  EXPECT_EQ(p.size(), 71u);  // 7 * (3 + 2 + 3 + 2) + 1 (stage 5 has four layer choices)
  EXPECT_NEAR(p.entropy(), std::log(104485552128.0), 1e-9);
  for (double x : p.probabilities(22)) EXPECT_DOUBLE_EQ(x, 0.25);  // block5_l
}

TEST(FactorisedPolicy, SamplesFollowTheProbabilities) {
  FactorisedPolicy p;
  p.logits()[p.offset(0) + 2] = std::log(8.0);  // decision 0: weights 1, 1, 8
  stats::Rng rng(1);
  int twos = 0;
  for (int i = 0; i < 5000; ++i) twos += p.sample(rng)[0] == 2;
  EXPECT_NEAR(twos / 5000.0, 0.8, 0.02);
}

// Central finite differences of f around the logits.
template <class F>
std::vector<double> numeric_gradient(FactorisedPolicy p, F f) {
  std::vector<double> g(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double x = p.logits()[i];
    p.logits()[i] = x + 1e-6;
    const double up = f(p);
    p.logits()[i] = x - 1e-6;
    const double down = f(p);
    p.logits()[i] = x;
    g[i] = (up - down) / 2e-6;
  }
  return g;
}

TEST(FactorisedPolicy, AnalyticGradientsMatchFiniteDifferences) {
  FactorisedPolicy p;
  stats::Rng rng(2);
  for (double& z : p.logits()) z = rng.normal(0.0, 0.7);
  const Choices c = p.sample(rng);
  std::vector<double> g(p.size(), 0.0);
  p.add_log_prob_gradient(c, 1.0, g);
  const auto ng = numeric_gradient(p, [&](const FactorisedPolicy& q) { return q.log_prob(c); });
  for (std::size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], ng[i], 1e-6) << i;
  std::vector<double> h(p.size(), 0.0);
  p.add_entropy_gradient(1.0, h);
  const auto nh = numeric_gradient(p, [](const FactorisedPolicy& q) { return q.entropy(); });
  for (std::size_t i = 0; i < h.size(); ++i) EXPECT_NEAR(h[i], nh[i], 1e-6) << i;
}

TEST(Adam, FirstStepMovesEachParameterByTheLearningRate) {
  Adam adam(2, 0.1);
  std::vector<double> x = {1.0, -1.0};
  adam.step(x, {2.0, -0.001});
  EXPECT_NEAR(x[0], 0.9, 1e-6);
  EXPECT_NEAR(x[1], -0.9, 1e-4);
  // Minimises a quadratic.
  Adam a2(1, 0.05);
  std::vector<double> y = {3.0};
  for (int i = 0; i < 2000; ++i) a2.step(y, {2.0 * (y[0] - 1.0)});
  EXPECT_NEAR(y[0], 1.0, 1e-2);
  EXPECT_THROW(adam.step(x, {1.0}), std::invalid_argument);
  EXPECT_THROW(Adam(1, 0.0), std::invalid_argument);
  EXPECT_THROW(Adam(1, 0.1, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
