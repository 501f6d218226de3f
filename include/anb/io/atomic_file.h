#pragma once
// Files that are either complete or absent: content goes to a temporary file in the same
// directory, is flushed, and is renamed over the target, so a crash never leaves a half-written
// result behind.

#include <filesystem>
#include <string>
#include <string_view>

namespace anb::io {

// Writes `content` to `path` atomically, creating parent directories. Throws
// std::runtime_error naming the path if the directory is not writable or a write fails.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Reads a whole file; throws std::runtime_error naming the path if it cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace anb::io
