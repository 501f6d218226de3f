#pragma once
// Where the dataset lives for a command: --data, else $ANB_DATA.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace anb::cli {

inline constexpr const char* kHowToGetData =
    "the Accel-NASBench records (train+val) are in the shared copy "
    "../shared/data/accel-nasbench/anb_dataset_trainval.tar.gz (relative to the repository); "
    "pass it with --data PATH or set ANB_DATA, e.g. "
    "export ANB_DATA=$PWD/../shared/data/accel-nasbench/anb_dataset_trainval.tar.gz "
    "(the full release is anb_dataset/anb_dataset_jsons.tar.gz of afzalxo/Accel-NASBench)";

// `flag` if given, else $ANB_DATA; throws std::runtime_error explaining how to get the data when
// neither is set or the path does not exist.
inline std::filesystem::path resolve_data_path(const std::string& flag) {
  std::string from = "--data";
  std::string value = flag;
  if (value.empty()) {
    const char* env = std::getenv("ANB_DATA");
    if (env == nullptr || *env == '\0') {
      throw std::runtime_error(std::string("no dataset given: ") + kHowToGetData);
    }
    value = env;
    from = "$ANB_DATA";
  }
  std::error_code ec;
  if (!std::filesystem::exists(value, ec)) {
    throw std::runtime_error("dataset " + value + " (from " + from + ") does not exist; " +
                             kHowToGetData);
  }
  return value;
}

}  // namespace anb::cli
