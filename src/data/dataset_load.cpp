// Dataset loading: raw record files -> validated records (strict or collecting problems).
#include <stdexcept>
#include <unordered_map>

#include "anb/data/dataset.h"
#include "anb/io/atomic_file.h"
#include "anb/space/search_space.h"
#include "record_json.h"
#include "record_source.h"

namespace anb::data {

struct DatasetBuilder {
  // Parses `files`; `location` names the whole source in the "no record" error.
  static Dataset build(std::vector<detail::RecordFile> files, const std::string& location,
                       const LoadOptions& options) {
    if (files.empty()) {
      throw std::runtime_error(location +
                               " holds no record file (*.json other than metadata.json)");
    }
    Dataset out;
    std::unordered_map<std::string, std::string> seen;  // id -> source
    for (detail::RecordFile& f : files) {
      try {
        const auto [it, fresh] = seen.emplace(f.id, f.source);
        if (!fresh) {
          throw std::invalid_argument("duplicate record id '" + f.id + "' (also " + it->second + ")");
        }
        out.records_.push_back(detail::record_from_text(f.text, f.id));
      } catch (const std::invalid_argument& e) {
        if (options.strict) throw std::invalid_argument(f.source + ": " + e.what());
        out.problems_.push_back({f.source, e.what()});
      }
    }
    std::vector<LoadProblem> problems = std::move(out.problems_);
    Dataset result(std::move(out.records_));
    result.problems_ = std::move(problems);
    return result;
  }
};

namespace {

bool has_json_extension(const std::filesystem::path& p) { return p.extension() == ".json"; }

}  // namespace

Dataset Dataset::load(const std::filesystem::path& path, const LoadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw std::runtime_error("dataset path " + path.string() + " does not exist");
  }
  if (fs::is_directory(status)) {
    return DatasetBuilder::build(detail::read_directory(path), "directory " + path.string(),
                                 options);
  }
  if (has_json_extension(path)) {  // a single record file
    std::vector<detail::RecordFile> one;
    one.push_back({path.string(), path.filename().string(), io::read_file(path)});
    return DatasetBuilder::build(std::move(one), path.string(), options);
  }
  return DatasetBuilder::build(detail::read_archive_file(path), "archive " + path.string(),
                               options);
}

Dataset Dataset::load_archive_bytes(std::string_view bytes, const std::string& name,
                                    const LoadOptions& options) {
  return DatasetBuilder::build(detail::read_archive_bytes(bytes, name), "archive " + name,
                               options);
}

Dataset Dataset::load_merged(const std::vector<std::filesystem::path>& paths) {
  if (paths.empty()) throw std::invalid_argument("load_merged: no dataset path given");
  std::vector<Record> merged = load(paths.front()).records();
  std::unordered_multimap<std::uint64_t, std::size_t> where;  // architecture index -> positions
  for (std::size_t i = 0; i < merged.size(); ++i) where.emplace(space::index_of(merged[i].arch), i);
  for (std::size_t p = 1; p < paths.size(); ++p) {
    const Dataset more = load(paths[p]);
    for (const Record& r : more.records()) {
      const std::uint64_t key = space::index_of(r.arch);
      const auto [first, last] = where.equal_range(key);
      if (first == last) {
        where.emplace(key, merged.size());
        merged.push_back(r);
        continue;
      }
      // A record of the same id and architecture is its own counterpart (duplicated
      // architectures measured separately keep their own values); otherwise every record of
      // the architecture gets the values.
      auto same_id = first;
      while (same_id != last && merged[same_id->second].id != r.id) ++same_id;
      if (same_id != last) {
        merged[same_id->second].merge(r);
        continue;
      }
      for (auto it = first; it != last; ++it) merged[it->second].merge(r);
    }
  }
  return Dataset(std::move(merged));
}

}  // namespace anb::data
