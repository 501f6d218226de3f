#include "anb/construct/sgd.h"

#include <gtest/gtest.h>

namespace anb::construct {
namespace {

// Two parameters with fixed gradients per step, updated by MultiTensorSgd and by
// torch::optim::SGD with the same settings: the results must agree.
void compare_with_torch(double momentum, bool nesterov, double wd) {
  torch::manual_seed(3);
  const torch::Tensor init_a = torch::randn({4, 3});
  const torch::Tensor init_b = torch::randn({5});
  std::vector<torch::Tensor> grads_a, grads_b;
  for (int s = 0; s < 5; ++s) {
    grads_a.push_back(torch::randn({4, 3}));
    grads_b.push_back(torch::randn({5}));
  }
  torch::Tensor a1 = init_a.clone().set_requires_grad(true);
  torch::Tensor b1 = init_b.clone().set_requires_grad(true);
  torch::Tensor a2 = init_a.clone().set_requires_grad(true);
  torch::Tensor b2 = init_b.clone().set_requires_grad(true);
  MultiTensorSgd mine({{{a1}, wd}, {{b1}, 0.0}}, momentum, nesterov);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(
      std::vector<torch::Tensor>{a2},
      std::make_unique<torch::optim::SGDOptions>(
          torch::optim::SGDOptions(0.1).momentum(momentum).nesterov(nesterov).weight_decay(wd)));
  groups.emplace_back(
      std::vector<torch::Tensor>{b2},
      std::make_unique<torch::optim::SGDOptions>(
          torch::optim::SGDOptions(0.1).momentum(momentum).nesterov(nesterov).weight_decay(0.0)));
  torch::optim::SGD reference(groups, torch::optim::SGDOptions(0.1));
  for (int s = 0; s < 5; ++s) {
    const double lr = 0.1 / (s + 1);
    mine.zero_grad();
    a1.mutable_grad() = grads_a[static_cast<std::size_t>(s)].clone();
    b1.mutable_grad() = grads_b[static_cast<std::size_t>(s)].clone();
    mine.step(lr);
    for (auto& g : reference.param_groups()) {
      static_cast<torch::optim::SGDOptions&>(g.options()).lr(lr);
    }
    reference.zero_grad();
    a2.mutable_grad() = grads_a[static_cast<std::size_t>(s)].clone();
    b2.mutable_grad() = grads_b[static_cast<std::size_t>(s)].clone();
    reference.step();
  }
  EXPECT_TRUE(torch::allclose(a1, a2, 1e-6, 1e-7)) << (a1 - a2).abs().max().item<double>();
  EXPECT_TRUE(torch::allclose(b1, b2, 1e-6, 1e-7)) << (b1 - b2).abs().max().item<double>();
  EXPECT_FALSE(torch::equal(a1, init_a));
}

TEST(MultiTensorSgd, MatchesTorchSgdWithMomentumAndDecay) {
  compare_with_torch(0.9, false, 1e-2);
}
TEST(MultiTensorSgd, MatchesTorchSgdWithNesterov) {
  compare_with_torch(0.9, true, 5e-5);
}
TEST(MultiTensorSgd, MatchesTorchSgdWithoutMomentum) {
  compare_with_torch(0.0, false, 1e-3);
}

TEST(MultiTensorSgd, ParametersWithoutGradientStayAndGradientsAreListed) {
  torch::Tensor a = torch::ones({3}).set_requires_grad(true);
  torch::Tensor b = torch::ones({2}).set_requires_grad(true);
  MultiTensorSgd sgd({{{a, b}, 0.0}}, 0.9, false);
  a.mutable_grad() = torch::ones({3});
  ASSERT_EQ(sgd.gradients().size(), 1u);
  sgd.step(0.5);
  EXPECT_TRUE(torch::allclose(a, torch::full({3}, 0.5)));
  EXPECT_TRUE(torch::equal(b, torch::ones({2})));
  sgd.zero_grad();
  EXPECT_FALSE(a.grad().defined());
  EXPECT_TRUE(sgd.gradients().empty());
}

TEST(MultiTensorSgd, RejectsBadSettings) {
  EXPECT_THROW(MultiTensorSgd({}, 1.0, false), std::invalid_argument);
  EXPECT_THROW(MultiTensorSgd({}, -0.1, false), std::invalid_argument);
  EXPECT_THROW(MultiTensorSgd({{{}, -1.0}}, 0.9, false), std::invalid_argument);
}

}  // namespace
}  // namespace anb::construct
