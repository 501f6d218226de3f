#include "anb/io/sha256.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "anb/io/atomic_file.h"

namespace anb::io {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AtomicFile, WritesReadsAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / "anb_atomic_test";
  std::filesystem::remove_all(dir);
  write_file_atomic(dir / "sub" / "a.txt", "hello");
  EXPECT_EQ(read_file(dir / "sub" / "a.txt"), "hello");
  write_file_atomic(dir / "sub" / "a.txt", "again");
  EXPECT_EQ(read_file(dir / "sub" / "a.txt"), "again");
  EXPECT_EQ(sha256_file_hex(dir / "sub" / "a.txt"), sha256_hex("again"));
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "sub")) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, ErrorsNameThePath) {
  try {
    read_file("/nonexistent/anb/file.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/anb/file.json"), std::string::npos);
  }
  EXPECT_THROW(write_file_atomic("/proc/anb_cannot_write/x.json", "x"), std::runtime_error);
}

}  // namespace
}  // namespace anb::io
