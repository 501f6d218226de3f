#pragma once
// The training data path: renders the batches of one pass (resampling, augmentation,
// normalisation; image_batch.h) on several threads, one batch ahead of the trainer, so the
// device trains batch k while the CPU prepares batch k + 1. Plain C++ (no torch).
//
// Random choices stay in order: the crop boxes of a batch are drawn from the pass's generator
// one image after another before the batch is rendered, and batches are produced strictly one
// after another, so the images are the same for any thread count and with or without
// prefetching.

#include <cstdint>
#include <future>
#include <vector>

#include "anb/construct/image_dataset.h"
#include "anb/construct/training_scheme.h"
#include "anb/stats/random.h"

namespace anb::construct {

// One rendered batch: N x C x R x R floats (C-contiguous, channels first) and N labels.
struct LoadedBatch {
  std::vector<float> pixels;
  std::vector<std::int64_t> labels;
  std::size_t size = 0;
  int channels = 0;
  int resolution = 0;
};

// What the loader did, to tell whether a run was bound by its data path or by training.
struct LoaderStats {
  std::int64_t images = 0;      // images rendered
  double render_seconds = 0.0;  // wall time spent rendering (summed over batches)
  double wait_seconds = 0.0;    // time next() blocked the consumer

  // Rendering rate of the loader alone: images / render_seconds (0 before any batch).
  double images_per_second() const;
};

class BatchLoader {
 public:
  // `batches` are lists of indices into `data`; `rng` (null: evaluation, no augmentation) must
  // outlive the loader; `threads` >= 1 render each batch; `prefetch` renders the next batch in
  // the background. Throws std::invalid_argument for threads < 1 or an index out of range.
  BatchLoader(const ImageDataset& data, std::vector<std::vector<std::size_t>> batches,
              int resolution, ChannelStats stats, const TrainingScheme& scheme, stats::Rng* rng,
              int threads, bool prefetch);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  // The next batch into `out`; false once every batch was delivered.
  bool next(LoadedBatch& out);

  const LoaderStats& stats() const { return stats_; }

 private:
  LoadedBatch produce(std::size_t k);

  const ImageDataset& data_;
  std::vector<std::vector<std::size_t>> batches_;
  int resolution_;
  ChannelStats channel_stats_;
  const TrainingScheme& scheme_;
  stats::Rng* rng_;
  int threads_;
  bool prefetch_;
  std::size_t next_ = 0;
  std::future<LoadedBatch> pending_;
  LoaderStats stats_;
};

}  // namespace anb::construct
