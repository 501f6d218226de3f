#pragma once
// A collection of records: loading (directory or .tar/.tar.gz), validation, splits, duplicates
// and joins.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "anb/data/record.h"

namespace anb::data {

// One record that failed validation.
struct LoadProblem {
  std::string file;     // path or archive member
  std::string message;  // names the field and the value
};

// Options of `Dataset::load`.
struct LoadOptions {
  // Throw on the first invalid record (default). When false, invalid records are skipped and
  // listed in `Dataset::problems()` (used by `anb data check`).
  bool strict = true;
};

class Dataset {
 public:
  Dataset() = default;
  explicit Dataset(std::vector<Record> records);

  // Loads every `*.json` record file of a directory (recursively) or of a .tar / .tar.gz
  // archive. Throws std::runtime_error naming the path when it does not exist, is unreadable,
  // is a corrupt or truncated archive, or holds no record; std::invalid_argument (naming file,
  // field and value) for an invalid record in strict mode.
  static Dataset load(const std::filesystem::path& path, const LoadOptions& options = {});

  // Loads the record members of a .tar / .tar.gz archive held in memory; `name` stands for the
  // archive in messages. Throws like `load`.
  static Dataset load_archive_bytes(std::string_view bytes, const std::string& name,
                                    const LoadOptions& options = {});

  // Loads several sources and joins records of the same architecture (Record::merge), in order:
  // a later record is merged into the earlier record with its id and architecture if there is
  // one, else into every earlier record of its architecture, else appended.
  static Dataset load_merged(const std::vector<std::filesystem::path>& paths);

  const std::vector<Record>& records() const { return records_; }
  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  const Record& operator[](std::size_t i) const { return records_[i]; }

  // Records that failed validation in non-strict loading.
  const std::vector<LoadProblem>& problems() const { return problems_; }

  // The record with this id (file name); throws std::out_of_range when absent.
  const Record& by_id(const std::string& id) const;

  // Records named in a split list file (one file name per line, blank lines ignored), in the
  // list's order. Throws std::runtime_error naming the list file and the first missing id.
  Dataset subset_from_list(const std::filesystem::path& list_file) const;

  // Records named in any of several split lists, in the lists' order; an id named twice (in one
  // list or in two) is taken once. Throws like subset_from_list.
  Dataset subset_from_lists(const std::vector<std::filesystem::path>& list_files) const;

  // Records with the given ids, in that order (throws like subset_from_list).
  Dataset subset(const std::vector<std::string>& ids) const;

  // How many of this dataset's records have an id that `other` also holds (e.g. validation
  // records that were fitted on).
  std::size_t shared_ids(const Dataset& other) const;

  // Groups of record indices that share an architecture (groups of size >= 2 only).
  std::vector<std::vector<std::size_t>> duplicate_groups() const;

  // Keeps the first record (by id, lexicographic) of every architecture.
  Dataset deduplicated() const;

  // Seeded random split into (first, second) with `fraction` of the records in first.
  std::pair<Dataset, Dataset> random_split(double fraction, std::uint64_t seed) const;

  // Union of the target names present in any record, accuracy first then sorted.
  std::vector<std::string> target_names() const;

  // Records that have a value for `target`.
  Dataset with_target(const std::string& target) const;

  // A stable fingerprint (SHA-256 hex) of the records' ids, architectures and values, used to
  // tie a fitted model to its training data.
  std::string fingerprint() const;

 private:
  // The loader (src/data/dataset_load.cpp) that fills records and problems.
  friend struct DatasetBuilder;

  std::vector<Record> records_;
  std::vector<LoadProblem> problems_;
  std::unordered_map<std::string, std::size_t> position_;  // id -> first index
};

// The split list `name` ("train" or "val") that ships beside a dataset: <dir>/splits/<name>.txt
// where <dir> is the dataset folder (or the folder holding the tarball). Empty if absent.
std::optional<std::filesystem::path> default_split_list(const std::filesystem::path& data,
                                                        const std::string& name);

}  // namespace anb::data
