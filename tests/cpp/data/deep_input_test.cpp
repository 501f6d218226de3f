// Records nested far deeper than any real one (80,000 levels) are rejected with one line naming
// the file (or the archive member), in a folder, a single file and a .tar.gz: never a stack
// overflow.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "anb/data/dataset.h"
#include "anb/io/atomic_file.h"

namespace anb::data {
namespace {

namespace fs = std::filesystem;

// A valid record whose metadata holds a list nested `depth` levels deep.
std::string deep_record(std::size_t depth) {
  std::string text = io::read_file(fs::path(ANB_FIXTURES_DIR) / "records" / "result_0.json");
  const auto brace = text.rfind('}');
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  return text.substr(0, brace) + ", \"metadata\": {\"x\": " + deep + "}}";
}

std::string load_error(const fs::path& path) {
  try {
    Dataset::load(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  ADD_FAILURE() << path << " was accepted";
  return {};
}

class DeepInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("anb-deep-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "records");
    io::write_file_atomic(dir_ / "records" / "deep_1.json", deep_record(80000));
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DeepInput, ShallowMetadataStillLoads) {
  io::write_file_atomic(dir_ / "ok" / "ok_1.json", deep_record(5));
  EXPECT_EQ(Dataset::load(dir_ / "ok").size(), 1u);
}

TEST_F(DeepInput, FolderAndFileNameTheRecord) {
  for (const fs::path& p : {dir_ / "records", dir_ / "records" / "deep_1.json"}) {
    const std::string message = load_error(p);
    EXPECT_NE(message.find((dir_ / "records" / "deep_1.json").string()), std::string::npos)
        << message;
    EXPECT_NE(message.find("nested deeper than 64 levels"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST_F(DeepInput, ArchiveMemberIsNamed) {
  const fs::path tarball = dir_ / "deep.tar.gz";
  const std::string command = "tar -czf " + tarball.string() + " -C " + dir_.string() + " records";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string message = load_error(tarball);
  EXPECT_NE(message.find(tarball.string() + ":records/deep_1.json"), std::string::npos) << message;
  EXPECT_NE(message.find("nested deeper than 64 levels"), std::string::npos) << message;
}

}  // namespace
}  // namespace anb::data
