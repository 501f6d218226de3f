#pragma once
// The on-disk form of fitted surrogates: a folder with one XGBoost JSON model per ensemble member
// and a manifest.
//
//   <dir>/manifest.json
//   <dir>/<target>/member_<k>.json   (XGBoost JSON model; loadable by Python xgboost as is)
//   <dir>/<target>/spread.json       (the intervals' spread model, calibration.h; optional)
//
// The manifest records the format version, the feature encoding (name and version), per target
// its unit, direction, transform, hyperparameters, validation metrics and member files with
// their SHA-256, plus the training data fingerprint and the XGBoost version.
//
// Replacement under readers: <dir> is a symbolic link to a complete version folder,
//   <dir> -> <dir>.versions/v<time>-<pid>-<n>/
// A write fills a new version folder (as *.tmp, renamed when complete) and swaps the link in one
// rename, so <dir> never goes missing; readers resolve the link once (resolve_model_dir) and read
// the manifest and every member from that one version. A replaced version stays a minute for
// readers still loading it; the next write removes older ones and interrupted writes (*.tmp). A
// model directory of an older anb (a plain folder) is read as it is and exchanged for the link on
// the next write (renameat2 RENAME_EXCHANGE). Writers of one directory take turns (flock).

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anb/surrogate/calibration.h"
#include "anb/surrogate/hyperparameters.h"
#include "anb/surrogate/noise.h"

namespace anb::surrogate {

// Version of the manifest layout this build reads and writes.
inline constexpr int kModelFormatVersion = 1;
// The feature encoding the models consume (space::encode: choice index per decision).
inline constexpr const char* kEncodingName = "anb-choice-index-28";
inline constexpr int kEncodingVersion = 1;

// One ensemble member's model file.
struct MemberFile {
  std::string file;    // relative to the model directory, e.g. "accuracy/member_0.json"
  std::string sha256;  // lower-case hex digest of the file's bytes
  std::uint64_t seed = 0;
  int fold = 0;                  // index of the early-stopping fold
  int rounds = 0;                // boosting rounds kept (trees)
  std::size_t n_train = 0;       // records the member was fitted on
  std::size_t n_early_stop = 0;  // records of its early-stopping fold
};

// One target's ensemble.
struct TargetEntry {
  std::string name;       // e.g. "throughput_a100"
  std::string unit;       // "%", "images/s", "ms"
  std::string direction;  // "maximize" or "minimize"
  // The fitted transform ("transform" and, for log_headroom, "ceiling" in the manifest).
  Transform transform;
  Hyperparameters hyperparameters;
  std::vector<MemberFile> members;
  // Quality on the validation list: {"ensemble": {n, r2, ...}, "single_mean": {...}}; empty
  // object when no validation list was given.
  nlohmann::json validation = nlohmann::json::object();
  double fit_seconds = 0.0;
  // Target of the same directory whose prediction this target's members correct (a ratio under
  // transform log, a difference under none; see prior.h). Empty for an ordinary target; written
  // to the manifest only when set.
  std::string prior;
  // Interval calibration ("calibration" in the manifest); empty for directories fitted before
  // intervals existed and for targets fitted over a prior.
  Calibration calibration;
  // Noise of one new training run / measurement ("noise"); empty when none was learnt.
  NoiseModel noise;
};

// The manifest of a model directory.
struct Manifest {
  int format_version = kModelFormatVersion;
  std::string encoding = kEncodingName;
  int encoding_version = kEncodingVersion;
  std::string xgboost_version;
  std::string data_fingerprint;  // data::Dataset::fingerprint() of the training records
  std::vector<std::string> data_sources;
  std::string created_by;  // e.g. "anb 0.1.0"
  std::vector<TargetEntry> targets;

  nlohmann::json to_json() const;

  // Parses a manifest; `context` (the file) prefixes every error. Throws std::runtime_error on
  // a missing or mistyped field, an unsupported format version or a foreign encoding.
  static Manifest from_json(const nlohmann::json& object, const std::string& context);

  // The entry of `target`; nullptr if absent.
  const TargetEntry* find(const std::string& target) const;
};

// The folder to read a model directory from: the version <dir> links to, or <dir> itself for a
// plain folder. Resolve once, then read the manifest and members from the result.
std::filesystem::path resolve_model_dir(const std::filesystem::path& dir);

// Checks, before any work, that write_model_dir could write `dir`: not empty, and either absent
// (its parent a folder or absent), an anb model directory, or an empty folder. Throws
// std::invalid_argument for an empty path, std::runtime_error naming the path otherwise.
void check_model_dir_target(const std::filesystem::path& dir);

// Reads and checks <dir>/manifest.json (not the members). Throws std::runtime_error naming the
// directory when it or the manifest is missing, unreadable, malformed or from another format or
// encoding version.
Manifest read_manifest(const std::filesystem::path& dir);

// Reads one member's file and verifies its SHA-256 against the manifest. Throws
// std::runtime_error naming the file when it is missing or its checksum differs.
std::string read_member(const std::filesystem::path& dir, const MemberFile& member);

// Reads the spread model file of `entry`'s calibration (which must have one), checked as
// read_member does.
std::string read_spread_model(const std::filesystem::path& dir, const TargetEntry& entry);

// Reads every file of `entry` from `dir` (its members and its calibration's spread model), each
// verified against its SHA-256 as read_member does, into `files` (relative path -> bytes).
void read_target_files(const std::filesystem::path& dir, const TargetEntry& entry,
                       std::map<std::string, std::string>& files);

// Writes a complete model directory atomically: `files` (relative path -> bytes) plus the
// manifest, into a new version folder that `dir` is then switched to (see the top of this
// file). The members' and spread models' sha256 fields must match `files`.
void write_model_dir(const std::filesystem::path& dir, const Manifest& manifest,
                     const std::map<std::string, std::string>& files);

}  // namespace anb::surrogate
