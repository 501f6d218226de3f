#include "anb/surrogate/transfer_bench.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/fit.h"
#include "fit_fixture.h"

namespace anb::surrogate {
namespace {

// Priors: throughput_a100 and throughput_3090 fitted on the tiny training records.
const Benchmark& priors() {
  static const Benchmark b = [] {
    const auto dir = testing::scratch_dir("transfer-priors") / "models";
    FitOptions o = testing::tiny_options();
    o.hyperparameters.targets["throughput_3090"] = o.hyperparameters.targets["throughput_a100"];
    o.targets = {"throughput_a100", "throughput_3090"};
    fit_models(testing::tiny_train(), data::Dataset{}, o, dir);
    return Benchmark::load(dir);
  }();
  return b;
}

// Only the targets of a100 and 3090, so the held-out devices are exactly those two.
data::Dataset two_devices(const data::Dataset& d) {
  std::vector<data::Record> out = d.records();
  for (auto& r : out) {
    for (auto it = r.perf.begin(); it != r.perf.end();) {
      it = (it->first == "throughput_a100" || it->first == "throughput_3090") ? std::next(it)
                                                                              : r.perf.erase(it);
    }
  }
  return data::Dataset(std::move(out));
}

TransferBenchOptions small_options() {
  TransferBenchOptions o;
  o.sizes = {10, 40};
  o.draws = 3;
  o.methods = {"best_prior", "stack"};
  o.devices = {"3090"};
  return o;
}

TEST(TransferBench, HoldsOutTheDeviceAndScoresTheRest) {
  const data::Dataset train = two_devices(testing::tiny_train());
  const data::Dataset val = two_devices(testing::tiny_val());
  const TransferBenchResult r = run_transfer_bench(train, val, priors(), nullptr, small_options());
  ASSERT_EQ(r.cells.size(), 4u);  // 2 sizes x 2 methods
  for (const auto& c : r.cells) {
    EXPECT_EQ(c.target, "throughput_3090");
    EXPECT_EQ(c.draws, 3);
    // The only other device is a100: the leading column never names the held-out 3090.
    EXPECT_EQ(c.leading, "log(throughput_a100)") << c.method;
    EXPECT_EQ(c.scored, train.with_target("throughput_3090").size() + val.size() - c.n);
    EXPECT_GT(c.tau.mean, 0.6) << c.method << " N=" << c.n;
    EXPECT_LE(c.tau.min, c.tau.mean);
    EXPECT_GT(c.val_scored, 0u);
  }
  // The reference is the priors' own throughput_3090 on val.
  ASSERT_EQ(r.references.size(), 2u);
  // Same seed, same figures.
  const TransferBenchResult again =
      run_transfer_bench(train, val, priors(), nullptr, small_options());
  EXPECT_EQ(again.cells[3].tau.mean, r.cells[3].tau.mean);
}

TEST(TransferBench, DiverseDrawsAreASecondSelection) {
  const data::Dataset train = two_devices(testing::tiny_train());
  TransferBenchOptions o = small_options();
  o.sizes = {10};
  o.methods = {"stack"};
  o.selections = {"random", "diverse"};
  const TransferBenchResult r = run_transfer_bench(train, data::Dataset{}, priors(), nullptr, o);
  ASSERT_EQ(r.cells.size(), 2u);
  EXPECT_EQ(r.cells[0].selection, "random");
  EXPECT_EQ(r.cells[1].selection, "diverse");
  EXPECT_GT(r.cells[1].tau.mean, 0.6);
  EXPECT_NE(r.cells[0].tau.mean, r.cells[1].tau.mean);
}

TEST(TransferBench, SizesThatLeaveNothingToScoreAreNoted) {
  const data::Dataset train = two_devices(testing::tiny_train());
  TransferBenchOptions o = small_options();
  o.sizes = {10, 5000};
  const TransferBenchResult r = run_transfer_bench(train, data::Dataset{}, priors(), nullptr, o);
  EXPECT_EQ(r.cells.size(), 2u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("N = 5000"), std::string::npos) << r.notes[0];
  o.sizes = {5000};
  EXPECT_THROW(run_transfer_bench(train, data::Dataset{}, priors(), nullptr, o),
               std::invalid_argument);
}

TEST(TransferBench, BadRequestsAreErrors) {
  const data::Dataset train = two_devices(testing::tiny_train());
  TransferBenchOptions o = small_options();
  o.devices = {"h100"};
  EXPECT_THROW(run_transfer_bench(train, data::Dataset{}, priors(), nullptr, o),
               std::invalid_argument);
  o.devices = {};
  o.sizes = {3};
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o.sizes = {10};
  o.selections = {"clever"};
  EXPECT_THROW(o.validate(), std::invalid_argument);
  EXPECT_EQ(device_of("latency_zcu102"), "zcu102");
  EXPECT_THROW(device_of("accuracy"), std::invalid_argument);
}

}  // namespace
}  // namespace anb::surrogate
