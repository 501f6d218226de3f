#include "anb/construct/idx_dataset.h"

#include <archive.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "anb/io/atomic_file.h"

namespace anb::construct {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::uint8_t> gunzip(const std::string& path) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_raw(a.get());
  const auto error = [&](const std::string& what) {
    const char* msg = archive_error_string(a.get());
    return std::runtime_error(path + ": " + what + (msg ? std::string(": ") + msg : std::string()));
  };
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    throw error("cannot open gzip file");
  }
  if (archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_GZIP) {
    throw std::runtime_error(path + ": not a gzip file (name ends in .gz)");
  }
  archive_entry* entry = nullptr;
  if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) throw error("cannot read gzip data");
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> chunk(1 << 16);
  for (;;) {
    const la_ssize_t n = archive_read_data(a.get(), chunk.data(), chunk.size());
    if (n < 0) throw error("corrupt or truncated gzip data");
    if (n == 0) break;
    out.insert(out.end(), chunk.begin(), chunk.begin() + n);
  }
  return out;
}

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

// Checks the magic and returns the dimensions.
std::vector<std::size_t> idx_header(const std::vector<std::uint8_t>& b, const std::string& name,
                                    std::size_t expected_dims) {
  if (b.size() < 4 || b[0] != 0 || b[1] != 0 || b[2] != 0x08) {
    throw std::runtime_error(name + ": bad IDX magic (expected 00 00 08 0" +
                             std::to_string(expected_dims) + ": unsigned-byte data)");
  }
  if (b[3] != expected_dims) {
    throw std::runtime_error(name + ": IDX file has " + std::to_string(b[3]) +
                             " dimensions, expected " + std::to_string(expected_dims));
  }
  if (b.size() < 4 + 4 * expected_dims) throw std::runtime_error(name + ": truncated IDX header");
  std::vector<std::size_t> dims;
  std::size_t total = 1;
  for (std::size_t d = 0; d < expected_dims; ++d) {
    dims.push_back(be32(b, 4 + 4 * d));
    total *= dims.back();
  }
  const std::size_t need = 4 + 4 * expected_dims + total;
  if (b.size() < need) {
    throw std::runtime_error(name + ": truncated IDX data (" + std::to_string(b.size()) +
                             " bytes, header promises " + std::to_string(need) + ")");
  }
  return dims;
}

std::string find_split_file(const std::string& dir, const std::string& base) {
  for (const std::string& candidate : {base, base + ".gz"}) {
    const auto path = std::filesystem::path(dir) / candidate;
    if (std::filesystem::is_regular_file(path)) return path.string();
  }
  throw std::runtime_error("IDX dataset " + dir + ": missing " + base + " (or " + base + ".gz)");
}

}  // namespace

std::vector<std::uint8_t> read_maybe_gzipped(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw std::runtime_error(path + ": no such file");
  if (ends_with(path, ".gz")) return gunzip(path);
  const std::string text = io::read_file(path);
  return {text.begin(), text.end()};
}

std::vector<Image> parse_idx_images(const std::vector<std::uint8_t>& bytes,
                                    const std::string& name) {
  const auto dims = idx_header(bytes, name, 3);
  const std::size_t count = dims[0];
  const std::size_t rows = dims[1];
  const std::size_t cols = dims[2];
  if (rows == 0 || cols == 0) throw std::runtime_error(name + ": IDX images of size 0");
  std::vector<Image> images(count);
  const std::size_t each = rows * cols;
  for (std::size_t i = 0; i < count; ++i) {
    images[i].height = static_cast<int>(rows);
    images[i].width = static_cast<int>(cols);
    images[i].channels = 1;
    const auto begin = bytes.begin() + static_cast<std::ptrdiff_t>(16 + i * each);
    images[i].pixels.assign(begin, begin + static_cast<std::ptrdiff_t>(each));
  }
  return images;
}

std::vector<int> parse_idx_labels(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  const auto dims = idx_header(bytes, name, 1);
  std::vector<int> labels(dims[0]);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = bytes[8 + i];
  return labels;
}

ImageDataset load_idx_split(const std::string& dir, const std::string& prefix) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("IDX dataset " + dir + ": no such directory");
  }
  const std::string image_file = find_split_file(dir, prefix + "-images-idx3-ubyte");
  const std::string label_file = find_split_file(dir, prefix + "-labels-idx1-ubyte");
  ImageDataset data;
  data.images = parse_idx_images(read_maybe_gzipped(image_file), image_file);
  data.labels = parse_idx_labels(read_maybe_gzipped(label_file), label_file);
  if (data.images.size() != data.labels.size()) {
    throw std::runtime_error(image_file + " holds " + std::to_string(data.images.size()) +
                             " images but " + label_file + " holds " +
                             std::to_string(data.labels.size()) + " labels");
  }
  int max_label = -1;
  for (int label : data.labels) max_label = std::max(max_label, label);
  data.num_classes = max_label + 1;
  data.channels = 1;
  for (int c = 0; c < data.num_classes; ++c) data.class_names.push_back(std::to_string(c));
  return data;
}

}  // namespace anb::construct
