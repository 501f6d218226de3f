#include "anb/surrogate/model_dir.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../error_message.h"
#include "anb/io/atomic_file.h"
#include "anb/io/sha256.h"
#include "anb/surrogate/benchmark.h"
#include "fit_fixture.h"
#include "manifest_fixture.h"

namespace anb::surrogate {
namespace {

using testing::scratch_dir;

Manifest small_manifest(std::map<std::string, std::string>& files) {
  Manifest m = testing::one_member_manifest(files, "{\"not\": \"a real model\"}");
  m.targets[0].members[0].seed = 4;
  m.targets[0].members[0].fold = 4;
  return m;
}

std::string expect_runtime_error(const std::function<void()>& f) {
  return anb::testing::expected_error_of<std::runtime_error>(f, "std::runtime_error");
}

void rewrite_manifest(const std::filesystem::path& dir,
                      const std::function<void(nlohmann::json&)>& edit) {
  auto j = nlohmann::json::parse(io::read_file(dir / "manifest.json"));
  edit(j);
  io::write_file_atomic(dir / "manifest.json", j.dump());
}

TEST(ModelDir, ManifestRoundTripsThroughJson) {
  std::map<std::string, std::string> files;
  const Manifest m = small_manifest(files);
  const Manifest back = Manifest::from_json(m.to_json(), "test");
  EXPECT_EQ(back.to_json(), m.to_json());
  ASSERT_NE(back.find("accuracy"), nullptr);
  EXPECT_EQ(back.find("accuracy")->members[0].seed, 4u);
  EXPECT_EQ(back.find("latency_zcu102"), nullptr);
}

TEST(ModelDir, WritesAtomicallyAndReplacesAnOldModelDirectory) {
  const auto root = scratch_dir("write");
  std::map<std::string, std::string> files;
  Manifest m = small_manifest(files);
  write_model_dir(root / "models", m, files);
  EXPECT_EQ(read_manifest(root / "models").targets.size(), 1u);
  EXPECT_EQ(read_member(root / "models", m.targets[0].members[0]), files["accuracy/member_0.json"]);
  m.data_fingerprint = "second";
  write_model_dir(root / "models", m, files);
  EXPECT_EQ(read_manifest(root / "models").data_fingerprint, "second");
  // Nothing but the model directory (a link) and its versions folder is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(root), {}), 2);
  EXPECT_TRUE(std::filesystem::is_symlink(root / "models"));
  std::filesystem::remove_all(root);
}

TEST(ModelDir, RefusesToReplaceAFolderThatIsNotAModelDirectory) {
  const auto root = scratch_dir("refuse");
  io::write_file_atomic(root / "precious" / "thesis.tex", "x");
  std::map<std::string, std::string> files;
  const Manifest m = small_manifest(files);
  EXPECT_THROW(write_model_dir(root / "precious", m, files), std::runtime_error);
  EXPECT_TRUE(std::filesystem::exists(root / "precious" / "thesis.tex"));
  files["accuracy/member_0.json"] = "changed";
  EXPECT_THROW(write_model_dir(root / "m", m, files), std::invalid_argument);
  std::filesystem::remove_all(root);
}

TEST(ModelDir, ClearErrorsForMissingTruncatedAndForeignDirectories) {
  const auto root = scratch_dir("errors");
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "nope"); }).find("does not exist"),
            std::string::npos);
  std::filesystem::create_directories(root / "empty");
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "empty"); }).find("no manifest.json"),
            std::string::npos);
  std::map<std::string, std::string> files;
  const Manifest m = small_manifest(files);
  write_model_dir(root / "m", m, files);
  const std::string text = io::read_file(root / "m" / "manifest.json");
  io::write_file_atomic(root / "m" / "manifest.json", text.substr(0, text.size() / 2));
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("malformed JSON"),
            std::string::npos);
  io::write_file_atomic(root / "m" / "manifest.json", text);
  rewrite_manifest(root / "m", [](nlohmann::json& j) { j["format_version"] = 99; });
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("version 99"),
            std::string::npos);
  io::write_file_atomic(root / "m" / "manifest.json", text);
  rewrite_manifest(root / "m", [](nlohmann::json& j) { j["encoding"]["version"] = 2; });
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("encoding"),
            std::string::npos);
  io::write_file_atomic(root / "m" / "manifest.json", text);
  rewrite_manifest(root / "m", [](nlohmann::json& j) { j["targets"][0].erase("unit"); });
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("'unit'"),
            std::string::npos);
  io::write_file_atomic(root / "m" / "manifest.json", text);
  rewrite_manifest(root / "m", [](nlohmann::json& j) { j["targets"][0]["transform"] = "sqrt"; });
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("'sqrt'"),
            std::string::npos);
  io::write_file_atomic(root / "m" / "manifest.json", text);
  // log_headroom cannot be inverted without its fitted ceiling.
  rewrite_manifest(root / "m",
                   [](nlohmann::json& j) { j["targets"][0]["transform"] = "log_headroom"; });
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("'ceiling'"),
            std::string::npos);
  io::write_file_atomic(root / "m" / "manifest.json", text);
  rewrite_manifest(root / "m", [](nlohmann::json& j) {
    j["targets"][0]["members"][0]["file"] = "../../etc/passwd";
  });
  EXPECT_NE(expect_runtime_error([&] { read_manifest(root / "m"); }).find("relative path"),
            std::string::npos);
  std::filesystem::remove_all(root);
}

TEST(ModelDir, ChecksumAndMissingMemberAreDetected) {
  const auto root = scratch_dir("checksum");
  std::map<std::string, std::string> files;
  const Manifest m = small_manifest(files);
  write_model_dir(root / "m", m, files);
  io::write_file_atomic(root / "m" / "accuracy" / "member_0.json", "{\"tampered\": 1}");
  EXPECT_NE(expect_runtime_error([&] {
              read_member(root / "m", m.targets[0].members[0]);
            }).find("SHA-256"),
            std::string::npos);
  std::filesystem::remove(root / "m" / "accuracy" / "member_0.json");
  EXPECT_NE(expect_runtime_error([&] {
              read_member(root / "m", m.targets[0].members[0]);
            }).find("missing"),
            std::string::npos);
  std::filesystem::remove_all(root);
}

TEST(ModelDir, BenchmarkLoadRejectsCorruptMembers) {
  const auto root = scratch_dir("corrupt");
  auto options = testing::tiny_options();
  options.targets = {"accuracy"};
  options.hyperparameters.fallback.members = 1;
  fit_models(testing::tiny_train(), {}, options, root / "m");
  EXPECT_NO_THROW(Benchmark::load(root / "m"));
  // A member that passes its checksum but is not an XGBoost model: manifest updated to match.
  const std::string junk = "{\"learner\": 5}";
  io::write_file_atomic(root / "m" / "accuracy" / "member_0.json", junk);
  rewrite_manifest(root / "m", [&](nlohmann::json& j) {
    j["targets"][0]["members"][0]["sha256"] = io::sha256_hex(junk);
  });
  const std::string message = expect_runtime_error([&] { Benchmark::load(root / "m"); });
  EXPECT_NE(message.find("member_0.json"), std::string::npos) << message;
  // Truncated member with a stale checksum.
  io::write_file_atomic(root / "m" / "accuracy" / "member_0.json", junk.substr(0, 5));
  EXPECT_NE(expect_runtime_error([&] { Benchmark::load(root / "m"); }).find("corrupt"),
            std::string::npos);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace anb::surrogate
