#include "anb/construct/trainer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "anb/construct/batch_loader.h"
#include "anb/construct/train_step.h"
#include "anb/nets/device.h"
#include "anb/nets/network.h"
#include "anb/stats/shuffle.h"

namespace anb::construct {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Batches of one epoch: consecutive slices of `order`; a trailing batch of one image is
// dropped (batch norm cannot train on it).
std::vector<std::vector<std::size_t>> epoch_batches(const std::vector<std::size_t>& order,
                                                    int batch_size) {
  std::vector<std::vector<std::size_t>> batches;
  const auto b = static_cast<std::size_t>(batch_size);
  for (std::size_t start = 0; start < order.size(); start += b) {
    const std::size_t end = std::min(order.size(), start + b);
    if (end - start < 2 && !batches.empty()) break;
    batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                         order.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return batches;
}

// Evaluation batches: consecutive slices of all images, in order.
std::vector<std::vector<std::size_t>> eval_batches(std::size_t n, int batch_size) {
  std::vector<std::vector<std::size_t>> batches;
  const auto b = static_cast<std::size_t>(batch_size);
  for (std::size_t start = 0; start < n; start += b) {
    std::vector<std::size_t> indices;
    for (std::size_t i = start; i < std::min(n, start + b); ++i) indices.push_back(i);
    batches.push_back(std::move(indices));
  }
  return batches;
}

// Time and loader figures of one run, summed over epochs.
struct EpochTotals {
  double loss = 0.0;
  LoaderStats loader;
};

EpochTotals train_epoch(TrainStep& step, const TrainingScheme& scheme, const TrainOptions& options,
                        const ImageDataset& data, const ChannelStats& stats,
                        const std::vector<std::size_t>& subset, int epoch) {
  stats::Rng rng = stats::Rng::substream(scheme.seed, 1000 + static_cast<std::uint64_t>(epoch));
  std::vector<std::size_t> order = subset;
  stats::shuffle(order, rng);
  auto batches = epoch_batches(order, scheme.batch_size);
  const std::size_t count = batches.size();
  BatchLoader loader(data, std::move(batches), scheme.resolution_at(epoch), stats, scheme, &rng,
                     options.loader_threads, options.prefetch);
  torch::Tensor loss_sum = torch::zeros({}, torch::TensorOptions().device(step.device()));
  LoadedBatch batch;
  for (std::size_t b = 0; loader.next(batch); ++b) {
    const double t = epoch + static_cast<double>(b) / static_cast<double>(count);
    const DeviceBatch on_device = to_device(batch, step.device(), options.channels_last);
    loss_sum += step.run(on_device, scheme.learning_rate(t));
  }
  EpochTotals totals;
  totals.loss = count == 0 ? 0.0 : loss_sum.item<double>() / static_cast<double>(count);
  totals.loader = loader.stats();
  return totals;
}

std::pair<double, double> evaluate(nets::Network& net, const TrainStep& step,
                                   const TrainingScheme& scheme, const TrainOptions& options,
                                   const ImageDataset& data, const ChannelStats& stats) {
  torch::NoGradGuard no_grad;
  net->eval();
  const torch::Device& device = step.device();
  nets::AutocastGuard autocast(step.precision(), device);
  const int k = std::min(5, data.num_classes);
  torch::Tensor correct1 =
      torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(device));
  torch::Tensor correct5 = correct1.clone();
  BatchLoader loader(data, eval_batches(data.size(), scheme.eval_batch_size),
                     scheme.evaluation_resolution(), stats, scheme, nullptr, options.loader_threads,
                     options.prefetch);
  LoadedBatch batch;
  while (loader.next(batch)) {
    const DeviceBatch on_device = to_device(batch, device, options.channels_last);
    const torch::Tensor logits = net->forward(on_device.images).to(torch::kFloat32);
    correct1 += top_k_hits(logits, on_device.labels, 1);
    correct5 += top_k_hits(logits, on_device.labels, k);
  }
  const double n = static_cast<double>(data.size());
  return {100.0 * correct1.item<double>() / n, 100.0 * correct5.item<double>() / n};
}

}  // namespace

nlohmann::json TrainResult::to_json() const {
  return {{"top1", top1},
          {"top5", top5},
          {"train_seconds", train_seconds},
          {"eval_seconds", eval_seconds},
          {"train_flops", train_flops},
          {"images_seen", images_seen},
          {"epoch_loss", epoch_loss},
          {"images_per_second", images_per_second},
          {"loader_images_per_second", loader_images_per_second},
          {"loader_wait_seconds", loader_wait_seconds},
          {"bound_by", bound_by()},
          {"skipped_steps", skipped_steps},
          {"options", options}};
}

std::string TrainResult::bound_by() const {
  return train_seconds > 0 && loader_wait_seconds > 0.25 * train_seconds ? "loader" : "training";
}

TrainResult TrainResult::from_json(const nlohmann::json& object) {
  TrainResult r;
  r.top1 = object.at("top1").get<double>();
  r.top5 = object.at("top5").get<double>();
  r.train_seconds = object.at("train_seconds").get<double>();
  r.eval_seconds = object.value("eval_seconds", 0.0);
  r.train_flops = object.at("train_flops").get<double>();
  r.images_seen = object.value("images_seen", std::int64_t{0});
  r.epoch_loss = object.value("epoch_loss", std::vector<double>{});
  r.images_per_second = object.value("images_per_second", 0.0);
  r.loader_images_per_second = object.value("loader_images_per_second", 0.0);
  r.loader_wait_seconds = object.value("loader_wait_seconds", 0.0);
  r.skipped_steps = object.value("skipped_steps", std::int64_t{0});
  r.options = object.value("options", nlohmann::json());
  return r;
}

std::vector<std::size_t> subset_indices(std::size_t n, double fraction, std::uint64_t seed) {
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  if (fraction >= 1.0) return all;
  TrainingScheme probe;
  probe.data_fraction = fraction;
  const auto keep = static_cast<std::size_t>(images_per_epoch(probe, static_cast<std::int64_t>(n)));
  stats::Rng rng = stats::Rng::substream(seed, 1);
  stats::shuffle(all, rng);
  all.resize(keep);
  std::sort(all.begin(), all.end());
  return all;
}

ParameterGroups decay_groups(const torch::nn::Module& module) {
  ParameterGroups groups;
  for (const auto& p : module.parameters()) {
    (p.dim() > 1 ? groups.decay : groups.no_decay).push_back(p);
  }
  return groups;
}

std::int64_t top_k_correct(const torch::Tensor& logits, const torch::Tensor& labels, int k) {
  return top_k_hits(logits, labels, k).item<std::int64_t>();
}

torch::Tensor top_k_hits(const torch::Tensor& logits, const torch::Tensor& labels, int k) {
  const torch::Tensor top = std::get<1>(logits.topk(k, 1));
  return top.eq(labels.unsqueeze(1)).any(1).sum();
}

TrainResult train_and_evaluate(const space::Architecture& arch, const TrainingScheme& scheme,
                               const DatasetSplits& splits,
                               const std::function<void(const std::string&)>& log) {
  return train_and_evaluate(arch, scheme, splits, TrainOptions{}, log);
}

TrainResult train_and_evaluate(const space::Architecture& arch, const TrainingScheme& scheme,
                               const DatasetSplits& splits, const TrainOptions& options,
                               const std::function<void(const std::string&)>& log) {
  scheme.validate();
  options.validate();
  const torch::Device device = nets::parse_device(options.device);
  nets::require_device_available(device);
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(options.cudnn_benchmark);
  const ImageDataset& train = splits.train;
  torch::manual_seed(scheme.seed);
  nets::Network net = training_network(arch, scheme, options, train.num_classes, train.channels,
                                       scheme.resolution_at(0));
  TrainStep step(net, scheme, options);
  const ChannelStats stats = channel_stats(train);
  const auto subset = subset_indices(train.size(), scheme.data_fraction, scheme.seed);

  TrainResult result;
  double loader_images = 0.0, loader_seconds = 0.0;
  const auto start = Clock::now();
  for (int epoch = 0; epoch < scheme.epochs; ++epoch) {
    net->train();
    const EpochTotals totals = train_epoch(step, scheme, options, train, stats, subset, epoch);
    result.epoch_loss.push_back(totals.loss);
    result.images_seen += static_cast<std::int64_t>(subset.size());
    result.loader_wait_seconds += totals.loader.wait_seconds;
    loader_images += static_cast<double>(totals.loader.images);
    loader_seconds += totals.loader.render_seconds;
    if (log) {
      log(fmt::format("epoch {}/{}: {} px, loss {:.4f}, {:.1f} s", epoch + 1, scheme.epochs,
                      scheme.resolution_at(epoch), result.epoch_loss.back(), seconds_since(start)));
    }
  }
  nets::synchronize(device);
  result.train_seconds = seconds_since(start);
  const auto eval_start = Clock::now();
  std::tie(result.top1, result.top5) = evaluate(net, step, scheme, options, splits.eval, stats);
  result.eval_seconds = seconds_since(eval_start);
  result.train_flops = training_flops(arch, scheme, static_cast<std::int64_t>(train.size()),
                                      train.num_classes, train.channels);
  result.images_per_second = result.train_seconds > 0
                                 ? static_cast<double>(result.images_seen) / result.train_seconds
                                 : 0.0;
  result.loader_images_per_second = loader_seconds > 0 ? loader_images / loader_seconds : 0.0;
  result.skipped_steps = step.skipped_steps();
  result.options = options.to_json();
  return result;
}

}  // namespace anb::construct
