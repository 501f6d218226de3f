#pragma once
// SHA-256 digests (OpenSSL's libcrypto), used for model checksums and data fingerprints.

#include <filesystem>
#include <string>
#include <string_view>

namespace anb::io {

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// Lower-case hex SHA-256 of a file's content; throws std::runtime_error if unreadable.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace anb::io
