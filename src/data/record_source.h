#pragma once
// Internal: the raw record files of a dataset location (directory, single file or archive),
// read into memory before parsing.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace anb::data::detail {

// One record file: where it came from, its id (the file name) and its bytes.
struct RecordFile {
  std::string source;  // path, or "<archive>:<member>" for archive members
  std::string id;      // file name, e.g. "result_12.json"
  std::string text;
};

// True for a file name that holds a record: "*.json", not hidden, not "metadata.json", not a
// failure record of `anb collect` ("*.failed.json").
bool is_record_file_name(std::string_view file_name);

// Every record file under a directory (recursively), sorted by path.
std::vector<RecordFile> read_directory(const std::filesystem::path& dir);

// Every record member of a .tar / .tar.gz file. Throws std::runtime_error naming the archive
// when it is not a (gzip-compressed) tar archive, or is truncated or corrupt.
std::vector<RecordFile> read_archive_file(const std::filesystem::path& file);

// The same for an archive held in memory; `name` stands for the archive in messages.
std::vector<RecordFile> read_archive_bytes(std::string_view bytes, const std::string& name);

}  // namespace anb::data::detail
