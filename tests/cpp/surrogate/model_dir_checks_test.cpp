// Every value loaded from a model directory is checked (manifest fields, member trees), deep or
// overflowing JSON names the file, and a refit replaces the directory atomically for readers.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>

#include "anb/io/atomic_file.h"
#include "anb/surrogate/model_dir.h"
#include "anb/surrogate/tree_ensemble.h"
#include "fit_fixture.h"
#include "manifest_fixture.h"

namespace anb::surrogate {
namespace {

namespace fs = std::filesystem;
using testing::scratch_dir;

// One target (accuracy, log_headroom with ceiling 90) whose one member (fold 3) holds `bytes`.
Manifest one_target(std::map<std::string, std::string>& files, const std::string& bytes = "{}") {
  Manifest m = testing::one_member_manifest(files, bytes);
  TargetEntry& t = m.targets[0];
  t.transform = Transform::log_headroom();
  t.transform.ceiling = 90.0;
  t.hyperparameters.transform = t.transform;
  t.members[0].fold = 3;
  return m;
}

// The message of Manifest::from_json after `edit`, or "" when it is accepted.
std::string manifest_error(const std::function<void(nlohmann::json&)>& edit) {
  std::map<std::string, std::string> files;
  nlohmann::json j = one_target(files).to_json();
  edit(j);
  try {
    Manifest::from_json(j, "m/manifest.json");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(ModelDirChecks, AcceptsTheWrittenManifest) {
  EXPECT_EQ(manifest_error([](nlohmann::json&) {}), "");
}

TEST(ModelDirChecks, CeilingMustBePositiveFiniteAndSane) {
  for (const double bad : {0.0, -5.0, 1e300}) {
    const std::string message =
        manifest_error([&](nlohmann::json& j) { j["targets"][0]["ceiling"] = bad; });
    EXPECT_NE(message.find("m/manifest.json"), std::string::npos) << message;
    EXPECT_NE(message.find("field 'ceiling'"), std::string::npos) << message;
    EXPECT_NE(message.find("must be in (0, 1e12]"), std::string::npos) << message;
  }
  EXPECT_NE(manifest_error([](nlohmann::json& j) {
              j["targets"][0]["ceiling"] = "90";
            }).find("must be a number"),
            std::string::npos);
}

TEST(ModelDirChecks, DirectionAndNameMustBeKnown) {
  EXPECT_NE(manifest_error([](nlohmann::json& j) {
              j["targets"][0]["direction"] = "up";
            }).find("field 'direction' = \"up\": must be \"maximize\" or \"minimize\""),
            std::string::npos);
  EXPECT_NE(manifest_error([](nlohmann::json& j) {
              j["targets"][0]["direction"] = "minimize";
            }).find("target accuracy is to be maximized"),
            std::string::npos);
  for (const char* bad : {"../../x", "accuracy/evil", "", "throughput_A100"}) {
    const std::string message =
        manifest_error([&](nlohmann::json& j) { j["targets"][0]["name"] = bad; });
    EXPECT_NE(message.find("field 'name'"), std::string::npos) << bad << ": " << message;
  }
  EXPECT_NE(manifest_error([](nlohmann::json& j) {
              j["targets"][0]["prior"] = "../a";
            }).find("field 'prior'"),
            std::string::npos);
}

TEST(ModelDirChecks, MemberFieldsAreRangeChecked) {
  const auto member_error = [](const char* key, const nlohmann::json& value) {
    return manifest_error([&](nlohmann::json& j) { j["targets"][0]["members"][0][key] = value; });
  };
  EXPECT_NE(member_error("fold", 10000000000LL).find("field 'fold' = 10000000000: is out of range"),
            std::string::npos);
  EXPECT_NE(member_error("fold", -1).find("field 'fold' = -1: must be in [0, 100)"),
            std::string::npos);
  EXPECT_NE(member_error("fold", 100).find("must be in [0, 100)"), std::string::npos);
  EXPECT_NE(member_error("fold", 2.5).find("must be an integer"), std::string::npos);
  EXPECT_NE(member_error("seed", -1).find("field 'seed' = -1: must not be negative"),
            std::string::npos);
  EXPECT_NE(member_error("n_train", -3).find("must not be negative"), std::string::npos);
  EXPECT_NE(member_error("rounds", -3).find("field 'rounds' = -3: must be >= 0"),
            std::string::npos);
  EXPECT_NE(member_error("sha256", "zz").find("64 lower-case hex digits"), std::string::npos);
  for (const char* bad : {"../x.json", "/etc/passwd", "a\\b.json"}) {
    EXPECT_NE(member_error("file", bad).find("not a relative path"), std::string::npos) << bad;
  }
}

TEST(ModelDirChecks, DeepOrOverflowingManifestNamesTheFile) {
  const auto root = scratch_dir("deep-manifest");
  std::map<std::string, std::string> files;
  write_model_dir(root / "m", one_target(files), files);
  const fs::path manifest = root / "m" / "manifest.json";
  const std::string text = io::read_file(manifest);
  const std::string deep = std::string(80000, '[') + std::string(80000, ']');
  io::write_file_atomic(manifest, text.substr(0, text.rfind('}')) + ", \"x\": " + deep + "}");
  try {
    read_manifest(root / "m");
    ADD_FAILURE() << "deep manifest accepted";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(manifest.string()), std::string::npos) << message.substr(0, 300);
    EXPECT_NE(message.find("nested deeper than 64 levels"), std::string::npos);
  }
  io::write_file_atomic(manifest, text.substr(0, text.rfind('}')) + ", \"x\": 1e999}");
  try {
    read_manifest(root / "m");
    ADD_FAILURE() << "1e999 accepted";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(manifest.string()), std::string::npos) << message;
    EXPECT_NE(message.find("1e999"), std::string::npos) << message;
  }
  fs::remove_all(root);
}

// A one-tree XGBoost model: node 0 splits feature 0 at 0.5 into leaves 1 and 2.
nlohmann::json tiny_member() {
  return nlohmann::json::parse(R"({"learner": {
    "learner_model_param": {"base_score": "5E-1", "num_class": "0", "num_target": "1"},
    "objective": {"name": "reg:squarederror"},
    "gradient_booster": {"name": "gbtree", "model": {"tree_info": [0], "trees": [
      {"tree_param": {"num_nodes": "3", "size_leaf_vector": "0"},
       "left_children": [1, -1, -1], "right_children": [2, -1, -1],
       "split_indices": [0, 0, 0], "split_conditions": [0.5, 1.0, 2.0],
       "split_type": [0, 0, 0]}]}}}})");
}

std::string member_error(const std::function<void(nlohmann::json& tree)>& edit) {
  nlohmann::json j = tiny_member();
  edit(j["learner"]["gradient_booster"]["model"]["trees"][0]);
  try {
    TreeEnsemble::from_xgboost_json({j.dump()}, {"m/accuracy/member_0.json"});
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("m/accuracy/member_0.json"), std::string::npos) << message;
    return message;
  }
  return "";
}

TEST(ModelDirChecks, TreeChildIndicesAndSplitFeaturesAreChecked) {
  EXPECT_EQ(member_error([](nlohmann::json&) {}), "");
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["left_children"][0] = -2;
            }).find("child index -2 out of range"),
            std::string::npos);
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["right_children"][0] = 1e10;
            }).find("must be an integer"),
            std::string::npos);
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["right_children"][0] = 10000000000LL;
            }).find("is out of range"),
            std::string::npos);
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["right_children"][0] = 3;
            }).find("child index 3 out of range"),
            std::string::npos);
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["left_children"][0] = 0;
            }).find("child index 0 out of range"),
            std::string::npos);
  EXPECT_NE(
      member_error([](nlohmann::json& t) { t["right_children"][0] = 1; }).find("reached twice"),
      std::string::npos);
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["split_indices"][0] = 28;
            }).find("split feature index 28"),
            std::string::npos);
  EXPECT_NE(member_error([](nlohmann::json& t) {
              t["split_indices"][0] = -1;
            }).find("split feature index -1"),
            std::string::npos);
}

TEST(ModelDirChecks, DeepMemberNamesTheFile) {
  const std::string deep = std::string(80000, '[') + std::string(80000, ']');
  try {
    TreeEnsemble::from_xgboost_json({"{\"learner\": " + deep + "}"}, {"m/a/member_0.json"});
    ADD_FAILURE() << "deep member accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("m/a/member_0.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("nested deeper"), std::string::npos);
  }
}

// ---- atomic replacement ----

std::size_t count_entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

TEST(ModelDirReplace, DirIsALinkToOneCompleteVersion) {
  const auto root = scratch_dir("replace-link");
  std::map<std::string, std::string> files;
  const Manifest m = one_target(files, "first");
  write_model_dir(root / "models", m, files);
  EXPECT_TRUE(fs::is_symlink(root / "models"));
  const fs::path v1 = resolve_model_dir(root / "models");
  EXPECT_EQ(v1.parent_path(), root / "models.versions");
  EXPECT_EQ(read_member(v1, m.targets[0].members[0]), "first");
  std::map<std::string, std::string> files2;
  const Manifest m2 = one_target(files2, "second");
  write_model_dir(root / "models/", m2, files2);  // a trailing slash names the same directory
  const fs::path v2 = resolve_model_dir(root / "models");
  EXPECT_NE(v1, v2);
  EXPECT_EQ(read_member(root / "models", m2.targets[0].members[0]), "second");
  EXPECT_TRUE(fs::exists(v1));         // replaced a moment ago: kept for readers still loading it
  EXPECT_EQ(count_entries(root), 2u);  // models and models.versions, no temporary folders
  fs::remove_all(root);
}

TEST(ModelDirReplace, PlainDirectoryOfAnOlderAnbIsReadAndExchanged) {
  const auto root = scratch_dir("replace-legacy");
  std::map<std::string, std::string> files;
  const Manifest m = one_target(files, "old");
  io::write_file_atomic(root / "models" / "accuracy" / "member_0.json", "old");
  io::write_file_atomic(root / "models" / "manifest.json", m.to_json().dump());
  EXPECT_EQ(resolve_model_dir(root / "models"), root / "models");
  EXPECT_EQ(read_manifest(root / "models").targets.size(), 1u);
  std::map<std::string, std::string> files2;
  write_model_dir(root / "models", one_target(files2, "new"), files2);
  EXPECT_TRUE(fs::is_symlink(root / "models"));
  EXPECT_EQ(io::read_file(root / "models" / "accuracy" / "member_0.json"), "new");
  std::size_t legacy = 0;
  for (const auto& e : fs::directory_iterator(root / "models.versions")) {
    legacy += e.path().filename().string().rfind("legacy-", 0) == 0 ? 1 : 0;
  }
  EXPECT_EQ(legacy, 1u);
  fs::remove_all(root);
}

TEST(ModelDirReplace, InterruptedReplacementsAreRecoveredAndCleaned) {
  const auto root = scratch_dir("replace-interrupted");
  std::map<std::string, std::string> files;
  const Manifest m = one_target(files, "good");
  write_model_dir(root / "models", m, files);
  const fs::path good = resolve_model_dir(root / "models");
  // Killed while writing (a staging folder), after the staging folder was complete but before
  // the swap (an unlinked version), and while swapping (a temporary link); plus the two
  // temporary folders of anb before the versioned layout, and two versions of long ago.
  io::write_file_atomic(root / "models.versions" / "v99-1-0.tmp" / "manifest.json", "{");
  io::write_file_atomic(root / "models.versions" / "v97-1-0" / "manifest.json", "{}");
  io::write_file_atomic(root / "models.versions" / "v98-1-0" / "manifest.json", "{}");
  fs::create_directory_symlink("models.versions/v98-1-0", root / "models.link-4242.tmp");
  io::write_file_atomic(root / "models.4242.tmp" / "manifest.json", "{}");
  io::write_file_atomic(root / "models.old.4242.tmp" / "manifest.json", "{}");
  io::write_file_atomic(root / "models.backup" / "keep.txt", "mine");  // not ours: untouched
  // Readers still see the last complete version.
  EXPECT_EQ(resolve_model_dir(root / "models"), good);
  EXPECT_EQ(read_member(good, m.targets[0].members[0]), "good");
  std::map<std::string, std::string> files2;
  write_model_dir(root / "models", one_target(files2, "next"), files2);
  EXPECT_FALSE(fs::exists(root / "models.versions" / "v99-1-0.tmp"));
  // v97 was followed by v98 long ago: removed. v98 was followed by `good` a moment ago: kept
  // (a version stays a minute after the next one was written).
  EXPECT_FALSE(fs::exists(root / "models.versions" / "v97-1-0"));
  EXPECT_TRUE(fs::exists(root / "models.versions" / "v98-1-0"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / "models.link-4242.tmp")));
  EXPECT_FALSE(fs::exists(root / "models.4242.tmp"));
  EXPECT_FALSE(fs::exists(root / "models.old.4242.tmp"));
  EXPECT_TRUE(fs::exists(root / "models.backup" / "keep.txt"));
  EXPECT_TRUE(fs::exists(good));  // replaced just now: still kept
  EXPECT_EQ(io::read_file(root / "models" / "accuracy" / "member_0.json"), "next");
  fs::remove_all(root);
}

TEST(ModelDirReplace, RefusesTargetsThatAreNotModelDirectoriesBeforeAnyWork) {
  const auto root = scratch_dir("replace-refuse");
  EXPECT_THROW(check_model_dir_target(""), std::invalid_argument);
  io::write_file_atomic(root / "file", "x");
  EXPECT_THROW(check_model_dir_target(root / "file"), std::runtime_error);
  EXPECT_THROW(check_model_dir_target(root / "file" / "models"), std::runtime_error);
  io::write_file_atomic(root / "thesis" / "chapter1.tex", "x");
  EXPECT_THROW(check_model_dir_target(root / "thesis"), std::runtime_error);
  EXPECT_NO_THROW(check_model_dir_target(root / "new" / "models"));
  fs::create_directories(root / "empty");
  EXPECT_NO_THROW(check_model_dir_target(root / "empty"));
  fs::remove_all(root);
}

TEST(ModelDirReplace, ReadersNeverMixVersionsWhileRefitsReplaceTheDirectory) {
  const auto root = scratch_dir("replace-readers");
  const fs::path dir = root / "models";
  std::map<std::string, std::string> files;
  write_model_dir(dir, one_target(files, "version 0"), files);
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, failures{0};
  std::string first_failure;
  std::thread reader([&] {
    while (!done) {
      try {
        const fs::path version = resolve_model_dir(dir);
        const Manifest m = read_manifest(version);
        for (const auto& t : m.targets) {
          for (const auto& member : t.members) read_member(version, member);  // checks SHA-256
        }
        ++reads;
      } catch (const std::exception& e) {
        if (failures++ == 0) first_failure = e.what();
      }
    }
  });
  for (int k = 1; k <= 40; ++k) {
    std::map<std::string, std::string> next;
    write_model_dir(dir, one_target(next, "version " + std::to_string(k)), next);
  }
  while (reads < 20) std::this_thread::yield();
  done = true;
  reader.join();
  EXPECT_EQ(failures, 0) << first_failure;
  EXPECT_EQ(io::read_file(dir / "accuracy" / "member_0.json"), "version 40");
  fs::remove_all(root);
}

}  // namespace
}  // namespace anb::surrogate
