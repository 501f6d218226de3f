#include "anb/nets/network.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/nets/stochastic_depth.h"
#include "anb/space/cost.h"
#include "anb/space/search_space.h"

namespace anb::nets {
namespace {

using space::Architecture;

NetworkOptions tiny(const Architecture& arch) {
  space::NetworkOptions shape;
  shape.resolution = 32;
  shape.num_classes = 10;
  return NetworkOptions(arch).shape(shape);
}

TEST(Network, EfficientNetB0HasReferenceParameterCount) {
  Network net{NetworkOptions(Architecture::efficientnet_b0())};
  EXPECT_EQ(parameter_count(*net), 5288548);
}

TEST(Network, ParameterCountEqualsAnalyticCountForRandomArchitectures) {
  for (const Architecture& arch : space::sample(50, 7)) {
    Network net{NetworkOptions(arch)};
    EXPECT_EQ(parameter_count(*net), space::cost(arch).params) << arch.to_string();
  }
}

TEST(Network, ParameterCountEqualsAnalyticCountUnderOtherOptions) {
  space::NetworkOptions shape;
  shape.num_classes = 10;
  shape.input_channels = 1;
  shape.width_multiplier = 0.5;
  shape.stem_stride = 1;
  shape.resolution = 32;
  for (const Architecture& arch : space::sample(10, 3)) {
    Network net{NetworkOptions(arch).shape(shape)};
    EXPECT_EQ(parameter_count(*net), space::cost(arch, shape).params) << arch.to_string();
  }
  shape.width_multiplier = 1.25;
  Network wide{NetworkOptions(Architecture::efficientnet_b0()).shape(shape)};
  EXPECT_EQ(parameter_count(*wide), space::cost(Architecture::efficientnet_b0(), shape).params);
}

TEST(Network, ForwardShapes) {
  torch::NoGradGuard no_grad;
  Network net(tiny(Architecture::efficientnet_b0()));
  net->eval();
  EXPECT_EQ(net->forward(torch::randn({2, 3, 32, 32})).sizes(), (std::vector<int64_t>{2, 10}));
  EXPECT_EQ(net->features(torch::randn({2, 3, 64, 64})).sizes(),
            (std::vector<int64_t>{2, 1280, 2, 2}));
  space::NetworkOptions gray;
  gray.input_channels = 1;
  gray.stem_stride = 1;
  gray.resolution = 28;
  gray.num_classes = 10;
  Network small{NetworkOptions(Architecture()).shape(gray)};
  small->eval();
  EXPECT_EQ(small->features(torch::randn({2, 1, 28, 28})).sizes(),
            (std::vector<int64_t>{2, 1280, 2, 2}));
  EXPECT_EQ(small->forward(torch::randn({2, 1, 28, 28})).sizes(), (std::vector<int64_t>{2, 10}));
}

TEST(Network, SqueezeWidthComesFromLayerInputChannels) {
  // Stage 1 of this architecture: e = 6, SE on, two layers: 16 -> 24, then 24 -> 24.
  const Architecture arch = Architecture::parse("e1666666-k3353553-l1223341-seTTTTTTT");
  Network net{NetworkOptions(arch)};
  auto* first = net->layers[1]->as<MBConvImpl>();
  auto* second = net->layers[2]->as<MBConvImpl>();
  EXPECT_EQ(first->se->reduce->weight.size(0), 4);   // 16 / 4, not 96 / 4
  EXPECT_EQ(first->se->reduce->weight.size(1), 96);  // expanded channels
  EXPECT_EQ(second->se->reduce->weight.size(0), 6);  // 24 / 4
  EXPECT_TRUE(first->se->reduce->bias.defined());
  auto* stage0 = net->layers[0]->as<MBConvImpl>();
  EXPECT_EQ(stage0->se->reduce->weight.size(0), 8);  // 32 / 4
  EXPECT_TRUE(stage0->expand_conv.is_empty());       // expansion 1: no expand conv
}

TEST(Network, NoSqueezeExciteWithoutFlag) {
  Network net{NetworkOptions(Architecture())};
  for (const auto& layer : *net->layers) EXPECT_TRUE(layer->as<MBConvImpl>()->se.is_empty());
}

TEST(Network, ResidualOnlyForStrideOneAndEqualChannels) {
  const Architecture arch = Architecture::parse("e4444444-k3333333-l3333343-seFFFFFFF");
  Network net{NetworkOptions(arch)};
  for (const auto& layer : *net->layers) {
    const space::LayerShape& s = layer->as<MBConvImpl>()->options.shape();
    EXPECT_EQ(s.residual, s.index_in_stage > 0) << "stage " << s.stage << " layer "
                                                << s.index_in_stage;
  }
}

TEST(Network, ResidualBranchIsAdded) {
  // A layer whose branch is zeroed (projection BN weight 0) must return its input.
  torch::NoGradGuard no_grad;
  const Architecture arch = Architecture::parse("e4444444-k3333333-l2111111-seFFFFFFF");
  Network net(tiny(arch));
  net->eval();
  auto* second = net->layers[1]->as<MBConvImpl>();
  ASSERT_TRUE(second->options.shape().residual);
  second->project_bn->weight.zero_();
  const torch::Tensor x = torch::randn({2, 16, 8, 8});
  EXPECT_TRUE(torch::allclose(second->forward(x), x));
}

TEST(Network, StochasticDepthProbabilityGrowsWithDepth) {
  Network net{NetworkOptions(Architecture::efficientnet_b0())};
  const int total = static_cast<int>(net->layers->size());
  ASSERT_EQ(total, 16);
  EXPECT_DOUBLE_EQ(net->layers[0]->as<MBConvImpl>()->options.stochastic_depth(), 0.0);
  EXPECT_DOUBLE_EQ(net->layers[15]->as<MBConvImpl>()->options.stochastic_depth(), 0.2 * 15 / 16);
}

TEST(StochasticDepth, DropsWholeSamplesOnlyInTraining) {
  torch::manual_seed(1);
  const torch::Tensor x = torch::ones({400, 2, 3, 3});
  EXPECT_TRUE(torch::equal(stochastic_depth(x, 0.5, false), x));
  const torch::Tensor y = stochastic_depth(x, 0.5, true);
  const torch::Tensor per_sample = y.flatten(1);
  // Each sample is all 0 or all 2 (kept and scaled by 1 / 0.5).
  EXPECT_TRUE(torch::equal(per_sample.amin(1), per_sample.amax(1)));
  const double kept = (per_sample.select(1, 0) > 0).sum().item<double>() / 400.0;
  EXPECT_NEAR(kept, 0.5, 0.1);
  EXPECT_NEAR(y.mean().item<double>(), 1.0, 0.2);
  EXPECT_THROW(stochastic_depth(x, 1.5, true), std::invalid_argument);
}

TEST(Network, InitialisationFollowsReferenceAndSeed) {
  Network a(tiny(Architecture::efficientnet_b0()).init_seed(5));
  Network b(tiny(Architecture::efficientnet_b0()).init_seed(5));
  Network c(tiny(Architecture::efficientnet_b0()).init_seed(6));
  EXPECT_TRUE(torch::equal(a->stem_conv->weight, b->stem_conv->weight));
  EXPECT_FALSE(torch::equal(a->stem_conv->weight, c->stem_conv->weight));
  EXPECT_TRUE(torch::equal(a->head_bn->weight, torch::ones_like(a->head_bn->weight)));
  EXPECT_EQ(a->classifier->bias.abs().sum().item<double>(), 0.0);
  EXPECT_LE(a->classifier->weight.abs().max().item<double>(), 1.0 / std::sqrt(10.0));
  // Kaiming fan_out: std of the head conv = sqrt(2 / 1280).
  EXPECT_NEAR(a->head_conv->weight.std().item<double>(), std::sqrt(2.0 / 1280.0), 0.002);
}

TEST(Network, ChannelsLastKeepsResults) {
  torch::NoGradGuard no_grad;
  Network net(tiny(Architecture::efficientnet_b0()));
  net->eval();
  const torch::Tensor x = torch::randn({2, 3, 32, 32});
  const torch::Tensor before = net->forward(x);
  to_channels_last(*net);
  EXPECT_TRUE(net->stem_conv->weight.is_contiguous(torch::MemoryFormat::ChannelsLast));
  const torch::Tensor after = net->forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_TRUE(torch::allclose(before, after, 1e-4, 1e-5));
}

// 1 x 1 and depthwise kernels describe the same memory in NCHW and NHWC; they must still get
// NHWC strides, or libtorch runs the 1 x 1 feature maps of the last stages through NCHW paths.
TEST(Network, ChannelsLastGivesEveryKernelNhwcStrides) {
  Network net(tiny(Architecture::efficientnet_b0()));
  to_channels_last(*net);
  int ambiguous = 0;
  for (const auto& p : net->named_parameters()) {
    if (p.value().dim() != 4) continue;
    const auto& w = p.value();
    ambiguous += (w.size(1) == 1 || (w.size(2) == 1 && w.size(3) == 1)) ? 1 : 0;
    EXPECT_EQ(w.suggest_memory_format(), torch::MemoryFormat::ChannelsLast) << p.key();
  }
  EXPECT_GT(ambiguous, 10);  // the test covers the kernels that matter
}

TEST(Network, BadOptionsAreRejected) {
  space::NetworkOptions shape;
  shape.resolution = 16;
  EXPECT_THROW(Network(NetworkOptions(Architecture()).shape(shape)), std::invalid_argument);
  EXPECT_THROW(Network(NetworkOptions(Architecture()).dropout(1.0)), std::invalid_argument);
  EXPECT_THROW(Network(NetworkOptions(Architecture()).stochastic_depth(-0.1)),
               std::invalid_argument);
  EXPECT_THROW(parse_activation("gelu"), std::invalid_argument);
  EXPECT_EQ(parse_activation("silu"), Activation::kSilu);
}

TEST(Network, SiluVariantRuns) {
  torch::NoGradGuard no_grad;
  Network net(tiny(Architecture::efficientnet_b0()).activation(Activation::kSilu));
  net->eval();
  EXPECT_TRUE(torch::isfinite(net->forward(torch::randn({2, 3, 32, 32}))).all().item<bool>());
}

}  // namespace
}  // namespace anb::nets
