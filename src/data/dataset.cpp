#include "anb/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <unordered_set>

#include "anb/io/atomic_file.h"
#include "anb/io/sha256.h"
#include "anb/space/search_space.h"
#include "anb/stats/random.h"
#include "anb/stats/shuffle.h"

namespace anb::data {
namespace {

std::string trim_line(const std::string& line) {
  const char* space = " \t\r\n";
  const std::size_t b = line.find_first_not_of(space);
  if (b == std::string::npos) return "";
  return line.substr(b, line.find_last_not_of(space) - b + 1);
}

// The ids of a split list file, one per line, blank lines ignored.
std::vector<std::string> read_id_list(const std::filesystem::path& list_file) {
  const std::string text = io::read_file(list_file);
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string id = trim_line(text.substr(start, end - start));
    if (!id.empty()) ids.push_back(std::move(id));
    start = end + 1;
  }
  return ids;
}

// Groups record positions by architecture, in order of first appearance.
std::vector<std::vector<std::size_t>> group_by_architecture(const std::vector<Record>& records) {
  std::unordered_map<std::uint64_t, std::size_t> group_of;
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto [it, fresh] = group_of.emplace(space::index_of(records[i].arch), groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

}  // namespace

Dataset::Dataset(std::vector<Record> records) : records_(std::move(records)) {
  for (std::size_t i = 0; i < records_.size(); ++i) position_.emplace(records_[i].id, i);
}

const Record& Dataset::by_id(const std::string& id) const {
  const auto it = position_.find(id);
  if (it == position_.end())
    throw std::out_of_range("no record with id '" + id + "' in the dataset");
  return records_[it->second];
}

Dataset Dataset::subset(const std::vector<std::string>& ids) const {
  std::vector<Record> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    const auto it = position_.find(id);
    if (it == position_.end()) {
      throw std::runtime_error("record '" + id + "' is not in the dataset (" +
                               std::to_string(records_.size()) + " records)");
    }
    out.push_back(records_[it->second]);
  }
  return Dataset(std::move(out));
}

Dataset Dataset::subset_from_list(const std::filesystem::path& list_file) const {
  const std::vector<std::string> ids = read_id_list(list_file);
  try {
    return subset(ids);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("split list " + list_file.string() + ": " + e.what());
  }
}

Dataset Dataset::subset_from_lists(const std::vector<std::filesystem::path>& list_files) const {
  std::vector<Record> out;
  std::unordered_set<std::string> taken;
  for (const auto& list : list_files) {
    for (auto& r : subset_from_list(list).records_) {
      if (taken.insert(r.id).second) out.push_back(std::move(r));
    }
  }
  return Dataset(std::move(out));
}

std::size_t Dataset::shared_ids(const Dataset& other) const {
  return static_cast<std::size_t>(
      std::count_if(records_.begin(), records_.end(),
                    [&](const Record& r) { return other.position_.count(r.id) > 0; }));
}

std::vector<std::vector<std::size_t>> Dataset::duplicate_groups() const {
  std::vector<std::vector<std::size_t>> out;
  for (auto& group : group_by_architecture(records_)) {
    if (group.size() >= 2) out.push_back(std::move(group));
  }
  return out;
}

Dataset Dataset::deduplicated() const {
  std::vector<bool> keep(records_.size(), false);
  for (const auto& group : group_by_architecture(records_)) {
    const auto first = std::min_element(
        group.begin(), group.end(),
        [&](std::size_t a, std::size_t b) { return records_[a].id < records_[b].id; });
    keep[*first] = true;
  }
  std::vector<Record> out;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (keep[i]) out.push_back(records_[i]);
  }
  return Dataset(std::move(out));
}

std::pair<Dataset, Dataset> Dataset::random_split(double fraction, std::uint64_t seed) const {
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    throw std::invalid_argument("random_split: fraction = " + std::to_string(fraction) +
                                " must be in [0, 1]");
  }
  const std::size_t n = records_.size();
  stats::Rng rng(seed);
  const std::vector<std::size_t> order = stats::shuffled_indices(n, rng);
  const auto n_first = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
  std::vector<bool> in_first(n, false);
  for (std::size_t i = 0; i < n_first; ++i) in_first[order[i]] = true;
  std::vector<Record> first, second;
  for (std::size_t i = 0; i < n; ++i) (in_first[i] ? first : second).push_back(records_[i]);
  return {Dataset(std::move(first)), Dataset(std::move(second))};
}

std::vector<std::string> Dataset::target_names() const {
  bool accuracy = false;
  std::set<std::string> devices;
  for (const Record& r : records_) {
    for (std::string& name : r.target_names()) {
      if (name == "accuracy") {
        accuracy = true;
      } else {
        devices.insert(std::move(name));
      }
    }
  }
  std::vector<std::string> out;
  if (accuracy) out.push_back("accuracy");
  out.insert(out.end(), devices.begin(), devices.end());
  return out;
}

Dataset Dataset::with_target(const std::string& target) const {
  std::vector<Record> out;
  for (const Record& r : records_) {
    if (r.target(target)) out.push_back(r);
  }
  return Dataset(std::move(out));
}

std::string Dataset::fingerprint() const {
  std::string text;
  for (const Record& r : records_) {
    nlohmann::json j = r.to_json();
    j.erase("metadata");
    text += r.id;
    text += '\n';
    text += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
  }
  return io::sha256_hex(text);
}

}  // namespace anb::data
