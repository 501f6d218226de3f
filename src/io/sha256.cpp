#include "anb/io/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

#include "anb/io/atomic_file.h"

namespace anb::io {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 computation failed");
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  return sha256_hex(read_file(path));
}

}  // namespace anb::io
