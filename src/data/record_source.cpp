#include "record_source.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "anb/io/atomic_file.h"

namespace anb::data::detail {
namespace {

constexpr la_int64_t kMaxMemberBytes = 64 << 20;  // no record is anywhere near this

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

std::string archive_message(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unknown libarchive error";
}

ArchivePtr new_reader() {
  ArchivePtr a(archive_read_new(), archive_read_free);
  if (!a) throw std::runtime_error("cannot create an archive reader (out of memory)");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_none(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  return a;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Reads the current member's bytes; throws naming the member on a read error.
std::string read_member(archive* a, const std::string& where) {
  std::string text;
  char buffer[65536];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n == 0) return text;
    if (n < 0) throw std::runtime_error(where + ": cannot read: " + archive_message(a));
    if (static_cast<la_int64_t>(text.size()) + n > kMaxMemberBytes) {
      throw std::runtime_error(where + ": member is larger than 64 MiB");
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

// Walks an opened archive and collects its record members.
std::vector<RecordFile> read_members(archive* a, const std::string& name) {
  std::vector<RecordFile> out;
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      throw std::runtime_error(name + ": not a readable tar or tar.gz archive, or truncated (" +
                               archive_message(a) + ")");
    }
    const char* raw = archive_entry_pathname(entry);
    const std::string member = raw ? raw : "";
    const std::string id = base_name(member);
    if (archive_entry_filetype(entry) != AE_IFREG || !is_record_file_name(id)) continue;
    const std::string where = name + ":" + member;
    out.push_back({where, id, read_member(a, where)});
  }
  return out;
}

}  // namespace

bool is_record_file_name(std::string_view file_name) {
  const std::string_view ext = ".json";
  if (file_name.size() <= ext.size() || file_name.front() == '.') return false;
  if (file_name == "metadata.json") return false;
  const std::string_view failed = ".failed.json";
  if (file_name.size() >= failed.size() &&
      file_name.substr(file_name.size() - failed.size()) == failed) {
    return false;
  }
  return file_name.substr(file_name.size() - ext.size()) == ext;
}

std::vector<RecordFile> read_directory(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> paths;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) throw std::runtime_error("cannot read directory " + dir.string() + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw std::runtime_error("cannot read directory " + dir.string() + ": " + ec.message());
    if (it->is_regular_file() && is_record_file_name(it->path().filename().string())) {
      paths.push_back(it->path());
    }
  }
  if (ec) throw std::runtime_error("cannot read directory " + dir.string() + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<RecordFile> out;
  out.reserve(paths.size());
  for (const fs::path& p : paths) out.push_back({p.string(), p.filename().string(), io::read_file(p)});
  return out;
}

std::vector<RecordFile> read_archive_file(const std::filesystem::path& file) {
  ArchivePtr a = new_reader();
  if (archive_read_open_filename(a.get(), file.c_str(), 65536) != ARCHIVE_OK) {
    throw std::runtime_error(file.string() + ": not a readable tar or tar.gz archive (" +
                             archive_message(a.get()) + ")");
  }
  return read_members(a.get(), file.string());
}

std::vector<RecordFile> read_archive_bytes(std::string_view bytes, const std::string& name) {
  ArchivePtr a = new_reader();
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    throw std::runtime_error(name + ": not a readable tar or tar.gz archive (" +
                             archive_message(a.get()) + ")");
  }
  return read_members(a.get(), name);
}

}  // namespace anb::data::detail
