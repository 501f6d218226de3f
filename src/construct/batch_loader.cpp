#include "anb/construct/batch_loader.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "anb/construct/image_batch.h"

namespace anb::construct {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

double LoaderStats::images_per_second() const {
  return render_seconds > 0.0 ? static_cast<double>(images) / render_seconds : 0.0;
}

BatchLoader::BatchLoader(const ImageDataset& data, std::vector<std::vector<std::size_t>> batches,
                         int resolution, ChannelStats stats, const TrainingScheme& scheme,
                         stats::Rng* rng, int threads, bool prefetch)
    : data_(data),
      batches_(std::move(batches)),
      resolution_(resolution),
      channel_stats_(std::move(stats)),
      scheme_(scheme),
      rng_(rng),
      threads_(threads),
      prefetch_(prefetch) {
  if (threads < 1) {
    throw std::invalid_argument("batch loader threads = " + std::to_string(threads) +
                                ": must be >= 1");
  }
  for (const auto& batch : batches_) {
    for (std::size_t i : batch) {
      if (i >= data_.size()) {
        throw std::invalid_argument("batch loader: image index " + std::to_string(i) +
                                    " out of range (dataset of " + std::to_string(data_.size()) +
                                    " images)");
      }
    }
  }
}

BatchLoader::~BatchLoader() {
  if (pending_.valid()) pending_.wait();
}

LoadedBatch BatchLoader::produce(std::size_t k) {
  const auto start = Clock::now();
  const std::vector<std::size_t>& indices = batches_[k];
  LoadedBatch batch;
  batch.size = indices.size();
  batch.channels = data_.channels;
  batch.resolution = resolution_;
  std::vector<CropBox> boxes;
  boxes.reserve(indices.size());
  for (std::size_t i : indices) {
    const Image& image = data_.images[i];
    boxes.push_back(rng_ ? sample_box(image, scheme_, *rng_) : full_box(image));
    batch.labels.push_back(data_.labels[i]);
  }
  const std::size_t each = static_cast<std::size_t>(data_.channels) *
                           static_cast<std::size_t>(resolution_) *
                           static_cast<std::size_t>(resolution_);
  batch.pixels.resize(indices.size() * each);
  const auto render_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t j = from; j < to; ++j) {
      render(data_.images[indices[j]], boxes[j], resolution_, channel_stats_,
             batch.pixels.data() + j * each);
    }
  };
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(threads_),
                                                    std::max<std::size_t>(1, indices.size()));
  const std::size_t chunk = (indices.size() + workers - 1) / workers;
  std::vector<std::thread> helpers;
  for (std::size_t w = 1; w < workers; ++w) {
    const std::size_t from = std::min(indices.size(), w * chunk);
    const std::size_t to = std::min(indices.size(), from + chunk);
    if (from < to) helpers.emplace_back(render_range, from, to);
  }
  render_range(0, std::min(indices.size(), chunk));
  for (auto& t : helpers) t.join();
  stats_.images += static_cast<std::int64_t>(indices.size());
  stats_.render_seconds += seconds_since(start);
  return batch;
}

bool BatchLoader::next(LoadedBatch& out) {
  if (next_ >= batches_.size()) return false;
  const auto start = Clock::now();
  if (!prefetch_) {
    out = produce(next_++);
    stats_.wait_seconds += seconds_since(start);
    return true;
  }
  if (!pending_.valid())
    pending_ = std::async(std::launch::async, [this, k = next_] { return produce(k); });
  out = pending_.get();
  stats_.wait_seconds += seconds_since(start);
  ++next_;
  if (next_ < batches_.size()) {
    pending_ = std::async(std::launch::async, [this, k = next_] { return produce(k); });
  }
  return true;
}

}  // namespace anb::construct
