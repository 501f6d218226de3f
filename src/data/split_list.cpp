// The split lists that ship beside a dataset.
#include "anb/data/dataset.h"

namespace anb::data {

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
