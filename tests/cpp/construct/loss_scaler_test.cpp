#include "anb/construct/loss_scaler.h"

#include <gtest/gtest.h>

#include <limits>

#include "error_message.h"

namespace anb::construct {
namespace {

TEST(LossScaler, ScalesUnscalesAndGrows) {
  LossScalerOptions o;
  o.init_scale = 8.0;
  o.growth_interval = 2;
  LossScaler scaler(o);
  EXPECT_EQ(scaler.scale(torch::tensor(2.0)).item<double>(), 16.0);
  std::vector<torch::Tensor> grads{torch::full({3}, 8.0), torch::full({2}, 16.0)};
  EXPECT_TRUE(scaler.unscale_and_update(grads));
  EXPECT_TRUE(torch::allclose(grads[0], torch::ones({3})));
  EXPECT_TRUE(torch::allclose(grads[1], torch::full({2}, 2.0)));
  EXPECT_EQ(scaler.current_scale(), 8.0);
  EXPECT_TRUE(scaler.unscale_and_update({torch::ones({1})}));
  EXPECT_EQ(scaler.current_scale(), 16.0);  // two finite steps in a row: doubled
  EXPECT_EQ(scaler.skipped_steps(), 0);
}

TEST(LossScaler, OverflowSkipsAndBacksOff) {
  LossScaler scaler;
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(scaler.unscale_and_update({torch::ones({2}), torch::tensor({1.0, inf})}));
  EXPECT_FALSE(scaler.unscale_and_update({torch::tensor({std::nan("")})}));
  EXPECT_EQ(scaler.current_scale(), 65536.0 / 4);
  EXPECT_EQ(scaler.skipped_steps(), 2);
}

TEST(LossScaler, DisabledLeavesEverythingAlone) {
  LossScalerOptions o;
  o.enabled = false;
  LossScaler scaler(o);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<torch::Tensor> grads{torch::tensor({2.0, inf})};
  EXPECT_TRUE(scaler.unscale_and_update(grads));
  EXPECT_EQ(grads[0][0].item<double>(), 2.0);
  EXPECT_EQ(scaler.scale(torch::tensor(3.0)).item<double>(), 3.0);
  EXPECT_EQ(scaler.current_scale(), 1.0);
}

TEST(LossScaler, BadOptionsNameTheField) {
  LossScalerOptions o;
  o.backoff_factor = 1.5;
  EXPECT_NE(anb::testing::error_of([&] { LossScaler s(o); }).find("backoff_factor"),
            std::string::npos);
  o = {};
  o.init_scale = 0;
  EXPECT_THROW(LossScaler{o}, std::invalid_argument);
  o = {};
  o.growth_interval = 0;
  EXPECT_THROW(LossScaler{o}, std::invalid_argument);
}

}  // namespace
}  // namespace anb::construct
