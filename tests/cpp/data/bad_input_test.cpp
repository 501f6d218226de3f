// Every broken fixture (tests/fixtures/broken, written by tests/fixtures/make_fixtures.py) is
// rejected with a message naming the file, the field and the value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "anb/data/dataset.h"
#include "anb/io/atomic_file.h"

namespace anb::data {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = ANB_FIXTURES_DIR;

struct Case {
  std::string file;
  std::string expected;  // part of the message
};

std::vector<Case> broken_cases() {
  std::vector<Case> cases;
  std::ifstream in(kFixtures / "broken" / "EXPECTED.txt");
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos) cases.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return cases;
}

TEST(BadInput, EveryBrokenRecordFileIsRejectedWithItsMessage) {
  const std::vector<Case> cases = broken_cases();
  ASSERT_GE(cases.size(), 15u);
  for (const Case& c : cases) {
    const fs::path path = kFixtures / "broken" / c.file;
    try {
      Dataset::load(path);
      ADD_FAILURE() << c.file << " was accepted";
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;  // names the file
      EXPECT_NE(message.find(c.expected), std::string::npos)
          << c.file << ": '" << message << "' lacks '" << c.expected << "'";
    }
  }
}

TEST(BadInput, NonStrictLoadListsEveryBrokenRecord) {
  LoadOptions options;
  options.strict = false;
  const Dataset d = Dataset::load(kFixtures / "broken", options);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.problems().size(), broken_cases().size());
  for (const LoadProblem& p : d.problems()) {
    EXPECT_FALSE(p.message.empty());
    EXPECT_TRUE(fs::exists(p.file)) << p.file;
  }
}

TEST(BadInput, StrictDirectoryLoadStopsAtTheFirstBrokenRecord) {
  EXPECT_THROW(Dataset::load(kFixtures / "broken"), std::invalid_argument);
}

std::string runtime_error_of(const fs::path& path) {
  try {
    Dataset::load(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << path << " was accepted";
  return "";
}

TEST(BadInput, TruncatedTarball) {
  const fs::path path = kFixtures / "archives" / "truncated.tar.gz";
  const std::string message = runtime_error_of(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
}

TEST(BadInput, TarballTruncatedAnywhereNeverLoadsSilently) {
  const std::string bytes = io::read_file(kFixtures / "archives" / "records.tar.gz");
  // Any cut that loses part of a record member must fail; cuts inside the archive's trailing
  // zero blocks or the gzip trailer may still give all five records, never fewer.
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    try {
      const Dataset d = Dataset::load_archive_bytes(std::string_view(bytes).substr(0, cut), "cut");
      EXPECT_EQ(d.size(), 5u) << "cut at " << cut;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("cut"), std::string::npos);
    }
  }
}

TEST(BadInput, NonGzipFileNamedTarGz) {
  const fs::path path = kFixtures / "archives" / "not_gzip.tar.gz";
  const std::string message = runtime_error_of(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not a readable tar or tar.gz archive"), std::string::npos) << message;
}

TEST(BadInput, EmptyDirectory) {
  const fs::path dir = fs::temp_directory_path() / ("anb_empty_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string message = runtime_error_of(dir);
  fs::remove_all(dir);
  EXPECT_NE(message.find(dir.string()), std::string::npos) << message;
  EXPECT_NE(message.find("holds no record"), std::string::npos) << message;
}

TEST(BadInput, MissingPath) {
  const std::string message = runtime_error_of("/nonexistent/anb/data.tar.gz");
  EXPECT_NE(message.find("/nonexistent/anb/data.tar.gz does not exist"), std::string::npos);
}

TEST(BadInput, DuplicateIdsInOneSource) {
  const fs::path dir = fs::temp_directory_path() / ("anb_dupid_" + std::to_string(::getpid()));
  const std::string text = io::read_file(kFixtures / "records" / "result_0.json");
  io::write_file_atomic(dir / "a" / "result_0.json", text);
  io::write_file_atomic(dir / "b" / "result_0.json", text);
  try {
    Dataset::load(dir);
    ADD_FAILURE() << "duplicate ids accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("duplicate record id 'result_0.json'"), std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace anb::data
