#include "anb/construct/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "anb/construct/collect.h"
#include "anb/construct/proxy_search.h"
#include "anb/data/record.h"
#include "anb/io/atomic_file.h"
#include "anb/nets/network.h"
#include "anb/space/cost.h"
#include "construct/fixtures.h"
#include "error_message.h"

namespace anb::construct {
namespace {

TrainingScheme tiny_scheme(int epochs = 1) {
  return TrainingScheme::from_json(nlohmann::json::parse(anb::testing::tiny_scheme_json(epochs)));
}

const DatasetSplits& tiny_data() {
  static const DatasetSplits splits = load_dataset(
      DatasetSpec::parse("idx:" + anb::testing::write_idx_dataset("trainer", 64, 32, 4).string()));
  return splits;
}

TEST(Trainer, SubsetIsSeededSortedAndSized) {
  const auto a = subset_indices(100, 0.25, 7);
  EXPECT_EQ(a.size(), 25u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(a, subset_indices(100, 0.25, 7));
  EXPECT_NE(a, subset_indices(100, 0.25, 8));
  EXPECT_EQ(subset_indices(5, 1.0, 1), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(subset_indices(5, 0.01, 1).size(), 1u);
}

TEST(Trainer, NoWeightDecayOnBatchNormAndBiases) {
  nets::NetworkOptions options(space::Architecture::efficientnet_b0());
  space::NetworkOptions shape;
  shape.num_classes = 10;
  shape.width_multiplier = 0.25;
  options.shape(shape);
  nets::Network net(options);
  const ParameterGroups g = decay_groups(*net);
  std::int64_t bn_and_bias = 0;
  for (const auto& p : net->named_parameters()) {
    if (p.value().dim() <= 1) bn_and_bias += p.value().numel();
  }
  std::int64_t no_decay = 0;
  for (const auto& p : g.no_decay) no_decay += p.numel();
  EXPECT_EQ(no_decay, bn_and_bias);
  EXPECT_EQ(g.decay.size() + g.no_decay.size(), net->parameters().size());
  for (const auto& p : g.decay) EXPECT_GT(p.dim(), 1);
}

TEST(Trainer, TopKCorrect) {
  const auto logits = torch::tensor({{0.1f, 0.9f, 0.0f}, {0.8f, 0.1f, 0.5f}});
  const auto labels = torch::tensor({1, 2}, torch::kInt64);
  EXPECT_EQ(top_k_correct(logits, labels, 1), 1);
  EXPECT_EQ(top_k_correct(logits, labels, 2), 2);
}

TEST(Trainer, TrainsLearnsAndRepeatsBitForBit) {
  torch::set_num_threads(1);
  const auto arch = space::Architecture::parse(anb::testing::tiny_archs()[0]);
  const TrainingScheme scheme = tiny_scheme(3);
  const TrainResult a = train_and_evaluate(arch, scheme, tiny_data());
  const TrainResult b = train_and_evaluate(arch, scheme, tiny_data());
  EXPECT_EQ(a.top1, b.top1);
  EXPECT_EQ(a.epoch_loss, b.epoch_loss);
  EXPECT_GT(a.top1, 25.0);   // 4 balanced classes: chance is 25 %
  EXPECT_EQ(a.top5, 100.0);  // top-min(5, 4) covers every class
  EXPECT_EQ(a.images_seen, 3 * 64);
  EXPECT_DOUBLE_EQ(a.train_flops, training_flops(arch, scheme, 64, 4, 1));
  EXPECT_GT(a.train_seconds, 0.0);
  EXPECT_EQ(TrainResult::from_json(a.to_json()).to_json(), a.to_json());
}

TEST(Trainer, LoaderThreadsPrefetchAndMemoryFormatKeepTheResult) {
  torch::set_num_threads(1);
  const auto arch = space::Architecture::parse(anb::testing::tiny_archs()[1]);
  const TrainingScheme scheme = tiny_scheme(2);
  TrainOptions serial;
  serial.loader_threads = 1;
  serial.prefetch = false;
  TrainOptions parallel;
  parallel.loader_threads = 3;
  parallel.prefetch = true;
  const TrainResult a = train_and_evaluate(arch, scheme, tiny_data(), serial);
  const TrainResult b = train_and_evaluate(arch, scheme, tiny_data(), parallel);
  EXPECT_EQ(a.epoch_loss, b.epoch_loss);  // same images in the same order, bit for bit
  EXPECT_EQ(a.top1, b.top1);
  EXPECT_GT(b.images_per_second, 0.0);
  EXPECT_GT(b.loader_images_per_second, 0.0);
  EXPECT_EQ(b.options["loader_threads"], 3);
  EXPECT_EQ(b.options["precision"], "fp32");
  EXPECT_TRUE(b.bound_by() == "loader" || b.bound_by() == "training");
  TrainOptions nchw = serial;
  nchw.channels_last = false;
  // Another memory format runs other kernels that sum in another order: the forward pass agrees
  // to rounding, but training this tiny network on random images is chaotic (Python PyTorch
  // shows the same: equal first loss, then trajectories that part after one SGD step), and
  // random masks fall on other elements in another layout. So the formats are compared with
  // (almost) no learning and no random masks.
  TrainingScheme frozen = scheme;
  frozen.lr = 1e-6;
  frozen.dropout = 0.0;
  frozen.stochastic_depth = 0.0;
  const TrainResult c = train_and_evaluate(arch, frozen, tiny_data(), nchw);
  const TrainResult d = train_and_evaluate(arch, frozen, tiny_data(), serial);
  EXPECT_NEAR(c.epoch_loss.back(), d.epoch_loss.back(), 1e-3);
}

TEST(Trainer, Bf16OnTheCpuTrains) {
  torch::set_num_threads(1);
  TrainOptions o;
  o.precision = "bf16";
  const TrainResult r = train_and_evaluate(
      space::Architecture::parse(anb::testing::tiny_archs()[0]), tiny_scheme(2), tiny_data(), o);
  EXPECT_TRUE(std::isfinite(r.epoch_loss.back()));
  EXPECT_EQ(r.options["precision"], "bf16");
  EXPECT_EQ(r.skipped_steps, 0);
}

TEST(Trainer, UnavailableDeviceAndBadOptionsAreClearErrors) {
  const auto arch = space::Architecture::parse(anb::testing::tiny_archs()[0]);
  TrainOptions o;
  o.device = "cuda:7";
  const std::string e =
      anb::testing::error_of([&] { train_and_evaluate(arch, tiny_scheme(), tiny_data(), o); });
  EXPECT_NE(e.find("cuda:7"), std::string::npos) << e;
  if (!torch::cuda::is_available()) {
    EXPECT_NE(e.find("no CUDA support"), std::string::npos) << e;
  }
  o = {};
  o.precision = "fp16";
  EXPECT_THROW(train_and_evaluate(arch, tiny_scheme(), tiny_data(), o), std::invalid_argument);
}

// The tiny reference scheme at a rate where training on the random images is not chaotic, so
// accuracies differ between architectures and the ranking is defined.
nlohmann::json stable_reference(double lr) {
  auto scheme = nlohmann::json::parse(anb::testing::tiny_scheme_json(2));
  scheme["lr"] = lr;
  return scheme;
}

TEST(ProxySearch, TinySearchRunsResumesAndReports) {
  const auto data_dir = anb::testing::write_idx_dataset("proxy_data", 48, 24, 4);
  nlohmann::json config = {{"dataset", "idx:" + data_dir.string()},
                           {"architectures", anb::testing::tiny_archs()},
                           {"reference", stable_reference(0.05)},
                           {"grid", {{"epochs", {1}}, {"data_fraction", {0.5, 1.0}}}},
                           {"seeds", 2},
                           {"tau", -1.0}};
  const auto c = ProxySearchConfig::from_json(config, ".");
  const auto out = anb::testing::fresh_dir("proxy_out");
  MpiSession mpi;
  // Shard 0/2 first: half the items, no report yet.
  auto s = run_proxy_search(c, out, Shard{0, 2}, mpi);
  EXPECT_EQ(s.work.total, 18u);
  EXPECT_EQ(s.work.completed, 9u);
  EXPECT_EQ(s.missing, 9u);
  EXPECT_FALSE(s.reported);
  // Everything: only the other half is trained, then the report appears.
  s = run_proxy_search(c, out, Shard{}, mpi);
  EXPECT_EQ(s.work.skipped, 9u);
  EXPECT_EQ(s.work.completed, 9u);
  ASSERT_TRUE(s.reported);
  EXPECT_EQ(s.report.candidates.size(), 2u);
  // tau -1: the cheapest candidate with a defined tau wins (a candidate at chance level with
  // constant accuracy has an undefined tau).
  EXPECT_GE(s.report.selected, 0);
  EXPECT_NEAR(s.report.candidates[0].flops_ratio, 4.0, 1e-9);  // half the epochs, half the data
  EXPECT_TRUE(std::filesystem::exists(out / "proxy_search.csv"));
  EXPECT_TRUE(std::filesystem::exists(out / "proxy_search.md"));
  EXPECT_TRUE(std::filesystem::exists(out / "items" / "s00_a000_r0.json"));
  // Every candidate's scheme is written in full, the data fraction of the grid applied.
  for (const char* name : {"c1", "c2"}) {
    const auto scheme =
        TrainingScheme::load((out / "schemes" / (std::string(name) + ".json")).string());
    EXPECT_EQ(scheme.epochs, 1);
  }
  EXPECT_DOUBLE_EQ(TrainingScheme::load((out / "schemes" / "c1.json").string()).data_fraction, 0.5);
  // A different config must not reuse the folder.
  config["tau"] = 0.5;
  EXPECT_THROW(run_proxy_search(ProxySearchConfig::from_json(config, "."), out, Shard{}, mpi),
               std::runtime_error);
}

TEST(Collect, WritesRecordsInTheOriginalFormat) {
  const auto data_dir = anb::testing::write_idx_dataset("collect_data", 32, 16, 4);
  const auto out = anb::testing::fresh_dir("collect_out");
  std::vector<space::Architecture> archs;
  for (const auto& a : anb::testing::tiny_archs()) archs.push_back(space::Architecture::parse(a));
  const auto s = run_collect(archs, tiny_scheme(), "idx:" + data_dir.string(), out, Shard{});
  EXPECT_EQ(s.completed, 3u);
  const auto record = data::Record::parse(io::read_file(out / "result_1.json"), "result_1.json");
  EXPECT_EQ(record.arch, archs[1]);
  ASSERT_TRUE(record.val_top1.has_value());
  EXPECT_GE(*record.val_top1, 0.0);
  EXPECT_NEAR(*record.macs, space::cost(archs[1]).mmacs(), 1e-9);
  EXPECT_EQ(run_collect(archs, tiny_scheme(), "idx:" + data_dir.string(), out, Shard{}).skipped,
            3u);
}

TEST(Collect, ReadsArchitectureLists) {
  const auto dir = anb::testing::fresh_dir("arch_lists");
  const std::string a = anb::testing::tiny_archs()[0];
  anb::testing::write_bytes(dir / "l.txt", std::vector<std::uint8_t>(a.begin(), a.end()));
  EXPECT_EQ(read_architecture_list(dir / "l.txt").size(), 1u);
  const std::string json = "[\"" + a + "\", \"efficientnet-b0\"]";
  anb::testing::write_bytes(dir / "l.json", std::vector<std::uint8_t>(json.begin(), json.end()));
  EXPECT_EQ(read_architecture_list(dir / "l.json").size(), 2u);
  const std::string bad = a + "\nnot-an-arch\n";
  anb::testing::write_bytes(dir / "bad.txt", std::vector<std::uint8_t>(bad.begin(), bad.end()));
  try {
    read_architecture_list(dir / "bad.txt");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt:2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace anb::construct
