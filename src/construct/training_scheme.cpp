#include "anb/construct/training_scheme.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/io/json.h"
#include "anb/space/cost.h"

namespace anb::construct {
namespace {

constexpr double kPi = 3.14159265358979323846;

[[noreturn]] void fail(const std::string& field, const std::string& value,
                       const std::string& rule) {
  throw std::invalid_argument("training scheme field '" + field + "' = " + value + ": " + rule);
}

std::string str(double v) { return nlohmann::json(v).dump(); }

void check_range(const std::string& field, double v, double lo, double hi, bool lo_open,
                 const std::string& rule) {
  const bool below = lo_open ? !(v > lo) : !(v >= lo);
  if (below || !(v <= hi)) fail(field, str(v), rule);
}

void validate_progressive(const TrainingScheme& s, int min_resolution) {
  const auto& steps = s.progressive_resolution;
  if (steps.empty()) return;
  if (steps.front().epoch != 0) {
    fail("progressive_resolution", std::to_string(steps.front().epoch),
         "the first step must start at epoch 0");
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i > 0 && steps[i].epoch <= steps[i - 1].epoch) {
      fail("progressive_resolution", std::to_string(steps[i].epoch),
           "step epochs must increase strictly");
    }
    if (steps[i].epoch >= s.epochs) {
      fail("progressive_resolution", std::to_string(steps[i].epoch),
           "step epoch must be below epochs = " + std::to_string(s.epochs));
    }
    if (steps[i].resolution < min_resolution) {
      fail("progressive_resolution", std::to_string(steps[i].resolution),
           "resolution below the network's minimum " + std::to_string(min_resolution) +
               " (16 x stem_stride)");
    }
  }
}

std::vector<ResolutionStep> read_steps(const nlohmann::json& value, std::string_view context) {
  std::vector<ResolutionStep> steps;
  const auto bad = [&] {
    return std::invalid_argument(std::string(context) +
                                 "training scheme field 'progressive_resolution' = " +
                                 io::short_dump(value) +
                                 ": must be a list of [epoch, resolution] pairs");
  };
  if (!value.is_array()) throw bad();
  for (const auto& step : value) {
    if (!step.is_array() || step.size() != 2 || !step[0].is_number_integer() ||
        !step[1].is_number_integer()) {
      throw bad();
    }
    const std::string where = std::string(context) + "training scheme";
    steps.push_back({io::json_value_as<int>(step[0], "progressive_resolution", where),
                     io::json_value_as<int>(step[1], "progressive_resolution", where)});
  }
  return steps;
}

}  // namespace

void TrainingScheme::validate() const {
  if (epochs < 1) fail("epochs", std::to_string(epochs), "must be >= 1");
  if (batch_size < 1) fail("batch_size", std::to_string(batch_size), "must be >= 1");
  if (eval_batch_size < 1) fail("eval_batch_size", std::to_string(eval_batch_size), "must be >= 1");
  check_range("lr", lr, 0.0, 100.0, true, "must be in (0, 100]");
  check_range("momentum", momentum, 0.0, 1.0, false, "must be in [0, 1)");
  if (momentum >= 1.0) fail("momentum", str(momentum), "must be in [0, 1)");
  if (nesterov && momentum <= 0.0) fail("nesterov", "true", "needs momentum > 0");
  if (schedule != "triangle" && schedule != "cosine" && schedule != "step") {
    fail("schedule", "\"" + schedule + "\"", "must be \"triangle\", \"cosine\" or \"step\"");
  }
  check_range("warmup_epochs", warmup_epochs, 0.0, epochs, false,
              "must be in [0, epochs = " + std::to_string(epochs) + "]");
  check_range("step_epochs", step_epochs, 0.0, 1e9, true, "must be > 0");
  check_range("step_gamma", step_gamma, 0.0, 1.0, true, "must be in (0, 1]");
  check_range("weight_decay", weight_decay, 0.0, 1.0, false, "must be in [0, 1]");
  check_range("label_smoothing", label_smoothing, 0.0, 1.0, false, "must be in [0, 1)");
  if (label_smoothing >= 1.0) fail("label_smoothing", str(label_smoothing), "must be in [0, 1)");
  check_range("dropout", dropout, 0.0, 1.0, false, "must be in [0, 1)");
  if (dropout >= 1.0) fail("dropout", str(dropout), "must be in [0, 1)");
  check_range("stochastic_depth", stochastic_depth, 0.0, 1.0, false, "must be in [0, 1)");
  if (stochastic_depth >= 1.0) fail("stochastic_depth", str(stochastic_depth), "must be in [0, 1)");
  check_range("data_fraction", data_fraction, 0.0, 1.0, true, "must be in (0, 1]");
  check_range("width_multiplier", width_multiplier, 0.0, 8.0, true, "must be in (0, 8]");
  if (stem_stride != 1 && stem_stride != 2) {
    fail("stem_stride", std::to_string(stem_stride), "must be 1 or 2");
  }
  const int min_resolution = 16 * stem_stride;
  if (resolution < min_resolution) {
    fail("resolution", std::to_string(resolution),
         "below the network's minimum " + std::to_string(min_resolution) + " (16 x stem_stride)");
  }
  if (eval_resolution != 0 && eval_resolution < min_resolution) {
    fail("eval_resolution", std::to_string(eval_resolution),
         "below the network's minimum " + std::to_string(min_resolution) +
             " (16 x stem_stride; 0 = last training resolution)");
  }
  validate_progressive(*this, min_resolution);
  if (augmentation != "none" && augmentation != "crop" && augmentation != "resized_crop") {
    fail("augmentation", "\"" + augmentation + "\"",
         "must be \"none\", \"crop\" or \"resized_crop\"");
  }
  if (crop_padding < 0) fail("crop_padding", std::to_string(crop_padding), "must be >= 0");
  check_range("min_crop_scale", min_crop_scale, 0.0, 1.0, true, "must be in (0, 1]");
}

nlohmann::json TrainingScheme::to_json() const {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : progressive_resolution) steps.push_back({s.epoch, s.resolution});
  return {{"epochs", epochs},
          {"batch_size", batch_size},
          {"lr", lr},
          {"momentum", momentum},
          {"nesterov", nesterov},
          {"schedule", schedule},
          {"warmup_epochs", warmup_epochs},
          {"step_epochs", step_epochs},
          {"step_gamma", step_gamma},
          {"weight_decay", weight_decay},
          {"label_smoothing", label_smoothing},
          {"dropout", dropout},
          {"stochastic_depth", stochastic_depth},
          {"resolution", resolution},
          {"progressive_resolution", steps},
          {"eval_resolution", eval_resolution},
          {"data_fraction", data_fraction},
          {"width_multiplier", width_multiplier},
          {"stem_stride", stem_stride},
          {"augmentation", augmentation},
          {"crop_padding", crop_padding},
          {"min_crop_scale", min_crop_scale},
          {"flip", flip},
          {"eval_batch_size", eval_batch_size},
          {"seed", seed}};
}

TrainingScheme TrainingScheme::from_json(const nlohmann::json& object, std::string_view context) {
  const std::string prefix = context.empty() ? std::string() : std::string(context) + ": ";
  if (!object.is_object()) {
    throw std::invalid_argument(prefix + "a training scheme must be a JSON object, got " +
                                io::short_dump(object));
  }
  const std::string where = prefix.empty() ? "training scheme" : prefix + "training scheme";
  TrainingScheme s;
  const nlohmann::json known = s.to_json();
  for (const auto& [key, value] : object.items()) {
    if (!known.contains(key)) {
      throw std::invalid_argument(prefix + "unknown training scheme field '" + key + "'");
    }
  }
  io::json_field_if(object, "epochs", s.epochs, where);
  io::json_field_if(object, "batch_size", s.batch_size, where);
  io::json_field_if(object, "lr", s.lr, where);
  io::json_field_if(object, "momentum", s.momentum, where);
  io::json_field_if(object, "nesterov", s.nesterov, where);
  io::json_field_if(object, "schedule", s.schedule, where);
  io::json_field_if(object, "warmup_epochs", s.warmup_epochs, where);
  io::json_field_if(object, "step_epochs", s.step_epochs, where);
  io::json_field_if(object, "step_gamma", s.step_gamma, where);
  io::json_field_if(object, "weight_decay", s.weight_decay, where);
  io::json_field_if(object, "label_smoothing", s.label_smoothing, where);
  io::json_field_if(object, "dropout", s.dropout, where);
  io::json_field_if(object, "stochastic_depth", s.stochastic_depth, where);
  io::json_field_if(object, "resolution", s.resolution, where);
  if (object.contains("progressive_resolution")) {
    s.progressive_resolution = read_steps(object["progressive_resolution"], prefix);
  }
  io::json_field_if(object, "eval_resolution", s.eval_resolution, where);
  io::json_field_if(object, "data_fraction", s.data_fraction, where);
  io::json_field_if(object, "width_multiplier", s.width_multiplier, where);
  io::json_field_if(object, "stem_stride", s.stem_stride, where);
  io::json_field_if(object, "augmentation", s.augmentation, where);
  io::json_field_if(object, "crop_padding", s.crop_padding, where);
  io::json_field_if(object, "min_crop_scale", s.min_crop_scale, where);
  io::json_field_if(object, "flip", s.flip, where);
  io::json_field_if(object, "eval_batch_size", s.eval_batch_size, where);
  io::json_field_if(object, "seed", s.seed, where);
  try {
    s.validate();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(prefix + e.what());
  }
  return s;
}

TrainingScheme TrainingScheme::load(const std::string& path) {
  return from_json(io::read_json_file(path), path);
}

int TrainingScheme::resolution_at(int epoch) const {
  int r = resolution;
  for (const auto& step : progressive_resolution) {
    if (step.epoch <= epoch) r = step.resolution;
  }
  return r;
}

int TrainingScheme::evaluation_resolution() const {
  return eval_resolution > 0 ? eval_resolution : resolution_at(epochs - 1);
}

double TrainingScheme::learning_rate(double t) const {
  const double start = 1e-4 * lr;
  if (warmup_epochs > 0.0 && t < warmup_epochs) {
    return start + (lr - start) * t / warmup_epochs;
  }
  const double rest = static_cast<double>(epochs) - warmup_epochs;
  const double u = rest > 0.0 ? std::clamp((t - warmup_epochs) / rest, 0.0, 1.0) : 1.0;
  if (schedule == "triangle") return lr * (1.0 - u);
  if (schedule == "cosine") return 0.5 * lr * (1.0 + std::cos(kPi * u));
  const double periods = std::floor(std::max(0.0, t - warmup_epochs) / step_epochs);
  return lr * std::pow(step_gamma, periods);
}

space::NetworkOptions TrainingScheme::network_options(int num_classes, int input_channels,
                                                      int res) const {
  space::NetworkOptions options;
  options.resolution = res;
  options.num_classes = num_classes;
  options.input_channels = input_channels;
  options.stem_stride = stem_stride;
  options.width_multiplier = width_multiplier;
  return options;
}

TrainingScheme with_field(const TrainingScheme& base, const std::string& field,
                          const nlohmann::json& value) {
  nlohmann::json object = base.to_json();
  if (!object.contains(field)) {
    throw std::invalid_argument("unknown training scheme field '" + field + "'");
  }
  object[field] = value;
  return TrainingScheme::from_json(object);
}

std::int64_t images_per_epoch(const TrainingScheme& scheme, std::int64_t train_size) {
  const auto n = static_cast<std::int64_t>(
      std::llround(scheme.data_fraction * static_cast<double>(train_size)));
  return std::clamp<std::int64_t>(n, std::min<std::int64_t>(1, train_size), train_size);
}

double training_flops(const space::Architecture& arch, const TrainingScheme& scheme,
                      std::int64_t train_size, int num_classes, int input_channels) {
  const double images = static_cast<double>(images_per_epoch(scheme, train_size));
  double total = 0.0;
  for (int epoch = 0; epoch < scheme.epochs; ++epoch) {
    const auto options =
        scheme.network_options(num_classes, input_channels, scheme.resolution_at(epoch));
    total += space::training_flops_per_image(arch, options) * images;
  }
  return total;
}

}  // namespace anb::construct
