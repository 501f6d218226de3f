#include "anb/construct/image_folder.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include "anb/construct/image_decode.h"
#include "anb/io/atomic_file.h"


namespace anb::construct {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> sorted_entries(const fs::path& dir, bool directories) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (directories ? entry.is_directory() : entry.is_regular_file()) {
      const std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] != '.') names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  const std::string text = io::read_file(path);
  return {text.begin(), text.end()};
}

}  // namespace

std::vector<Image> decode_all(const std::vector<std::string>& files, int channels, int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::size_t workers =
      std::min<std::size_t>(static_cast<std::size_t>(threads), files.size());
  std::vector<Image> images(files.size());
  std::vector<std::future<void>> jobs;
  // Worker w decodes files w, w + workers, ...: the first error of each worker is rethrown by
  // get(), in worker order.
  for (std::size_t w = 0; w < workers; ++w) {
    jobs.push_back(std::async(std::launch::async, [&, w] {
      for (std::size_t i = w; i < files.size(); i += workers) {
        images[i] = decode_image(read_bytes(files[i]), channels, files[i]);
      }
    }));
  }
  for (auto& job : jobs) job.wait();
  for (auto& job : jobs) job.get();
  return images;
}

ImageDataset load_image_folder(const std::string& dir,
                               const std::vector<std::string>& class_names) {
  if (!fs::is_directory(dir))
    throw std::runtime_error("image folder " + dir + ": no such directory");
  ImageDataset data;
  data.class_names = class_names.empty() ? sorted_entries(dir, true) : class_names;
  if (data.class_names.empty()) {
    throw std::runtime_error("image folder " + dir + ": no class subfolders");
  }
  data.num_classes = static_cast<int>(data.class_names.size());
  std::vector<std::string> names;
  for (int label = 0; label < data.num_classes; ++label) {
    const fs::path class_dir = fs::path(dir) / data.class_names[static_cast<std::size_t>(label)];
    if (!fs::is_directory(class_dir)) {
      throw std::runtime_error("image folder " + dir + ": missing class folder " +
                               class_dir.string());
    }
    const auto files = sorted_entries(class_dir, false);
    if (files.empty()) {
      throw std::runtime_error("image folder " + dir + ": empty class folder " +
                               class_dir.string());
    }
    for (const auto& file : files) {
      names.push_back((class_dir / file).string());
      data.labels.push_back(label);
    }
  }
  data.channels = stored_channels(read_bytes(names.front()), names.front()) <= 2 ? 1 : 3;
  data.images = decode_all(names, data.channels);
  return data;
}

}  // namespace anb::construct
