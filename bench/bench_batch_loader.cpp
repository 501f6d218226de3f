// Speed of the training data path alone (construct/batch_loader.h): images/s rendered from an
// in-memory 28 x 28 grey dataset (Fashion-MNIST's shape) into batches at 32 and 224 px, with
// the scheme's augmentation (random crop or random resized crop, flip), on 1, 2 and 4 threads.
// Compare with the training speed of the same batch on the target device (anb train-speed): a
// run is loader-bound when the loader's rate falls below the training rate.
//   build/bench/bench_batch_loader --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "anb/construct/batch_loader.h"

namespace {

using anb::construct::BatchLoader;
using anb::construct::ImageDataset;
using anb::construct::LoadedBatch;
using anb::construct::TrainingScheme;

const ImageDataset& dataset() {
  static const ImageDataset data = [] {
    ImageDataset d;
    d.channels = 1;
    d.num_classes = 10;
    anb::stats::Rng rng(1);
    for (int i = 0; i < 2048; ++i) {
      anb::construct::Image image;
      image.height = image.width = 28;
      for (int p = 0; p < 28 * 28; ++p) {
        image.pixels.push_back(static_cast<std::uint8_t>(rng.uniform_int(256)));
      }
      d.images.push_back(image);
      d.labels.push_back(i % 10);
    }
    return d;
  }();
  return data;
}

// args: resolution, threads
void BM_Loader(benchmark::State& state) {
  const int resolution = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  TrainingScheme scheme;
  scheme.augmentation = resolution >= 128 ? "resized_crop" : "crop";
  const auto stats = anb::construct::channel_stats(dataset());
  std::vector<std::vector<std::size_t>> batches;
  for (std::size_t b = 0; b < 8; ++b) {
    std::vector<std::size_t> batch;
    for (std::size_t i = 0; i < 128; ++i) batch.push_back((b * 128 + i) % dataset().size());
    batches.push_back(batch);
  }
  std::int64_t images = 0;
  for (auto _ : state) {
    anb::stats::Rng rng(7);
    BatchLoader loader(dataset(), batches, resolution, stats, scheme, &rng, threads, false);
    LoadedBatch batch;
    while (loader.next(batch)) images += static_cast<std::int64_t>(batch.size);
    benchmark::DoNotOptimize(batch.pixels.data());
  }
  state.counters["images_per_s"] =
      benchmark::Counter(static_cast<double>(images), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Loader)
    ->ArgsProduct({{32, 224}, {1, 2, 4}})
    ->ArgNames({"px", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
