#include "anb/construct/image_dataset.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "anb/construct/idx_dataset.h"
#include "anb/construct/image_folder.h"

namespace anb::construct {
namespace {

std::int64_t parse_limit(const std::string& spec, const std::string& key, const std::string& value) {
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || n < 1) {
    throw std::invalid_argument("dataset spec '" + spec + "': option " + key + " = '" + value +
                                "' must be a positive integer");
  }
  return n;
}

void parse_options(const std::string& spec, const std::string& query, DatasetSpec& out) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string item = query.substr(start, end - start);
    const std::size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? std::string() : item.substr(eq + 1);
    if (key == "train") {
      out.train_limit = parse_limit(spec, key, value);
    } else if (key == "eval") {
      out.eval_limit = parse_limit(spec, key, value);
    } else {
      throw std::invalid_argument("dataset spec '" + spec + "': unknown option '" + key +
                                  "' (known: train, eval)");
    }
    start = end + 1;
  }
}

}  // namespace

DatasetSpec DatasetSpec::parse(const std::string& spec) {
  const std::size_t colon = spec.find(':');
  if (colon == std::string::npos) {
    throw std::invalid_argument("dataset spec '" + spec +
                                "': expected KIND:PATH with KIND idx or folder");
  }
  DatasetSpec out;
  out.kind = spec.substr(0, colon);
  if (out.kind != "idx" && out.kind != "folder") {
    throw std::invalid_argument("dataset spec '" + spec + "': unknown kind '" + out.kind +
                                "' (known: idx, folder)");
  }
  std::string rest = spec.substr(colon + 1);
  const std::size_t q = rest.find('?');
  if (q != std::string::npos) {
    parse_options(spec, rest.substr(q + 1), out);
    rest = rest.substr(0, q);
  }
  if (rest.empty()) throw std::invalid_argument("dataset spec '" + spec + "': empty path");
  out.path = rest;
  return out;
}

std::string DatasetSpec::to_string() const {
  std::string s = kind + ":" + path;
  std::string sep = "?";
  if (train_limit > 0) {
    s += sep + "train=" + std::to_string(train_limit);
    sep = "&";
  }
  if (eval_limit > 0) s += sep + "eval=" + std::to_string(eval_limit);
  return s;
}

void truncate(ImageDataset& data, std::int64_t limit) {
  if (limit <= 0 || static_cast<std::size_t>(limit) >= data.size()) return;
  data.images.resize(static_cast<std::size_t>(limit));
  data.labels.resize(static_cast<std::size_t>(limit));
}

DatasetSplits load_dataset(const DatasetSpec& spec) {
  DatasetSplits splits;
  if (spec.kind == "idx") {
    splits.train = load_idx_split(spec.path, "train");
    splits.eval = load_idx_split(spec.path, "t10k");
  } else if (spec.kind == "folder") {
    const auto root = std::filesystem::path(spec.path);
    if (!std::filesystem::is_directory(root)) {
      throw std::runtime_error("image folder dataset " + spec.path + ": no such directory");
    }
    splits.train = load_image_folder((root / "train").string());
    splits.eval = load_image_folder((root / "val").string(), splits.train.class_names);
    if (splits.eval.channels != splits.train.channels) {
      throw std::runtime_error("image folder dataset " + spec.path +
                               ": train and val images differ in channels");
    }
  } else {
    throw std::invalid_argument("dataset kind '" + spec.kind + "' is not known");
  }
  truncate(splits.train, spec.train_limit);
  truncate(splits.eval, spec.eval_limit);
  splits.eval.num_classes = splits.train.num_classes =
      std::max(splits.train.num_classes, splits.eval.num_classes);
  if (splits.train.size() == 0) throw std::runtime_error(spec.to_string() + ": empty training split");
  if (splits.eval.size() == 0) throw std::runtime_error(spec.to_string() + ": empty evaluation split");
  return splits;
}

ChannelStats channel_stats(const ImageDataset& data) {
  const auto c = static_cast<std::size_t>(data.channels);
  std::vector<double> sum(c, 0.0), sq(c, 0.0);
  double count = 0.0;
  for (const auto& image : data.images) {
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
      const double v = image.pixels[i] / 255.0;
      sum[i % c] += v;
      sq[i % c] += v * v;
    }
    count += static_cast<double>(image.pixels.size() / c);
  }
  ChannelStats stats;
  for (std::size_t k = 0; k < c; ++k) {
    const double mean = count > 0 ? sum[k] / count : 0.0;
    const double var = count > 0 ? sq[k] / count - mean * mean : 1.0;
    stats.mean.push_back(static_cast<float>(mean));
    stats.stddev.push_back(static_cast<float>(std::sqrt(std::max(var, 1e-12))));
  }
  return stats;
}

}  // namespace anb::construct
