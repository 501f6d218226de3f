// Where the dataset lives: --data, $ANB_DATA, and the split lists that ship beside it.
#include <cstdlib>
#include <stdexcept>

#include "anb/data/dataset.h"

namespace anb::data {
namespace {

const char* const kHowToGet =
    "the Accel-NASBench records (train+val) are in the shared copy "
    "../shared/data/accel-nasbench/anb_dataset_trainval.tar.gz (relative to the repository); "
    "pass it with --data PATH or set ANB_DATA, e.g. "
    "export ANB_DATA=$PWD/../shared/data/accel-nasbench/anb_dataset_trainval.tar.gz "
    "(the full release is anb_dataset/anb_dataset_jsons.tar.gz of afzalxo/Accel-NASBench)";

}  // namespace

std::filesystem::path resolve_data_path(const std::string& flag) {
  std::string from = "--data";
  std::string value = flag;
  if (value.empty()) {
    const char* env = std::getenv("ANB_DATA");
    if (env == nullptr || *env == '\0') {
      throw std::runtime_error(std::string("no dataset given: ") + kHowToGet);
    }
    value = env;
    from = "$ANB_DATA";
  }
  std::error_code ec;
  if (!std::filesystem::exists(value, ec)) {
    throw std::runtime_error("dataset " + value + " (from " + from + ") does not exist; " +
                             kHowToGet);
  }
  return value;
}

std::optional<std::filesystem::path> default_split_list(const std::filesystem::path& data,
                                                        const std::string& name) {
  std::error_code ec;
  const std::filesystem::path dir =
      std::filesystem::is_directory(data, ec) ? data : data.parent_path();
  const std::filesystem::path list = dir / "splits" / (name + ".txt");
  if (std::filesystem::is_regular_file(list, ec)) return list;
  return std::nullopt;
}

}  // namespace anb::data
