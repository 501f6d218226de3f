#include "anb/surrogate/model_dir.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <system_error>

#include "anb/data/targets.h"
#include "anb/io/atomic_file.h"
#include "anb/io/json.h"
#include "anb/io/sha256.h"

namespace anb::surrogate {
namespace {

constexpr int kMaxFolds = 100;             // FitOptions::folds is at most 100
constexpr std::size_t kMaxMembers = 1000;  // Hyperparameters::members is at most 1000
constexpr double kMaxCeiling = 1e12;
constexpr const char* kVersionsSuffix = ".versions";
// How long a replaced version stays for readers that resolved the link before the swap (us).
constexpr std::int64_t kReaderGrace = 60'000'000;

using io::json_child;
using io::json_field;
using io::json_field_if;

[[noreturn]] void reject(const std::string& context, const char* key, const nlohmann::json& value,
                         const std::string& rule) {
  io::fail_field(context, key, value, rule);
}

nlohmann::json member_to_json(const MemberFile& m) {
  return {{"file", m.file},
          {"sha256", m.sha256},
          {"seed", m.seed},
          {"fold", m.fold},
          {"rounds", m.rounds},
          {"n_train", m.n_train},
          {"n_early_stop", m.n_early_stop}};
}

bool is_hex_digest(const std::string& s) {
  if (s.size() != 64) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

MemberFile member_from_json(const nlohmann::json& o, const std::string& context) {
  MemberFile m;
  m.file = json_field<std::string>(o, "file", context);
  m.sha256 = json_field<std::string>(o, "sha256", context);
  m.seed = json_field<std::uint64_t>(o, "seed", context);
  m.fold = json_field<int>(o, "fold", context);
  m.rounds = json_field<int>(o, "rounds", context);
  m.n_train = json_field<std::size_t>(o, "n_train", context);
  m.n_early_stop = json_field<std::size_t>(o, "n_early_stop", context);
  // A member path must stay inside the model directory.
  if (m.file.empty() || m.file.front() == '/' || m.file.find("..") != std::string::npos ||
      m.file.find('\\') != std::string::npos || m.file.find('\0') != std::string::npos) {
    reject(context, "file", o["file"], "is not a relative path inside the model directory");
  }
  if (!is_hex_digest(m.sha256)) {
    reject(context, "sha256", o["sha256"], "must be 64 lower-case hex digits");
  }
  if (m.fold < 0 || m.fold >= kMaxFolds) {
    reject(context, "fold", o["fold"], "must be in [0, " + std::to_string(kMaxFolds) + ")");
  }
  if (m.rounds < 0) reject(context, "rounds", o["rounds"], "must be >= 0");
  return m;
}

// The target's name (a known target name: no path separators, safe as a folder name) and
// direction (the one of that target).
void check_target_identity(const nlohmann::json& o, const TargetEntry& t,
                           const std::string& context) {
  data::TargetInfo info;
  try {
    info = data::target_info(t.name);
  } catch (const std::invalid_argument& e) {
    reject(context, "name", o["name"], e.what());
  }
  if (t.direction != "maximize" && t.direction != "minimize") {
    reject(context, "direction", o["direction"], "must be \"maximize\" or \"minimize\"");
  }
  const std::string expected =
      info.direction == data::Direction::kMaximize ? "maximize" : "minimize";
  if (t.direction != expected) {
    reject(context, "direction", o["direction"],
           "target " + t.name + " is to be " + expected + "d");
  }
}

// A log_headroom ceiling lies above every training value of a positive target: positive,
// finite and far below the overflow of exp() in the inverse transform.
void check_ceiling(const nlohmann::json& o, double ceiling, const std::string& context) {
  if (!(ceiling > 0.0 && ceiling <= kMaxCeiling)) {
    reject(context, "ceiling", o["ceiling"], "must be in (0, 1e12]");
  }
}

TargetEntry target_from_json(const nlohmann::json& o, const std::string& context) {
  TargetEntry t;
  t.name = json_field<std::string>(o, "name", context);
  const std::string where = context + " (" + io::short_dump(o["name"]) + ")";
  t.unit = json_field<std::string>(o, "unit", where);
  t.direction = json_field<std::string>(o, "direction", where);
  check_target_identity(o, t, where);
  t.hyperparameters = Hyperparameters::from_json(json_child(o, "hyperparameters", where),
                                                 where + ": hyperparameters");
  t.transform = t.hyperparameters.transform;
  const std::string transform = json_field<std::string>(o, "transform", where);
  try {
    t.transform.kind = Transform::parse_kind(transform);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(where + ": " + e.what());
  }
  // The fitted ceiling of log_headroom is part of the model: without it nothing can be inverted.
  if (t.transform.kind == Transform::Kind::kLogHeadroom) {
    t.transform.ceiling = json_field<double>(o, "ceiling", where);
    check_ceiling(o, t.transform.ceiling, where);
  }
  const nlohmann::json& members = json_child(o, "members", where);
  if (!members.is_array() || members.empty()) {
    reject(where, "members", members, "must be a non-empty array");
  }
  if (members.size() > kMaxMembers) {
    reject(where, "members", members, "more than " + std::to_string(kMaxMembers) + " members");
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    t.members.push_back(member_from_json(members[i], where + ": member " + std::to_string(i)));
  }
  if (o.contains("validation")) t.validation = o["validation"];
  if (json_field_if(o, "fit_seconds", t.fit_seconds, where) && t.fit_seconds < 0.0) {
    reject(where, "fit_seconds", o["fit_seconds"], "must be >= 0");
  }
  if (json_field_if(o, "prior", t.prior, where) && !data::is_target_name(t.prior)) {
    reject(where, "prior", o["prior"], "is not a target name");
  }
  if (o.contains("calibration")) {
    t.calibration = Calibration::from_json(o["calibration"], where + ": calibration");
  }
  if (o.contains("noise")) t.noise = NoiseModel::from_json(o["noise"], where + ": noise");
  return t;
}

}  // namespace

nlohmann::json Manifest::to_json() const {
  nlohmann::json out{{"format", "anb-surrogate-models"},
                     {"format_version", format_version},
                     {"encoding", {{"name", encoding}, {"version", encoding_version}}},
                     {"xgboost_version", xgboost_version},
                     {"data_fingerprint", data_fingerprint},
                     {"data_sources", data_sources},
                     {"created_by", created_by},
                     {"targets", nlohmann::json::array()}};
  for (const auto& t : targets) {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : t.members) members.push_back(member_to_json(m));
    out["targets"].push_back({{"name", t.name},
                              {"unit", t.unit},
                              {"direction", t.direction},
                              {"transform", t.transform.name()},
                              {"hyperparameters", t.hyperparameters.to_json()},
                              {"members", members},
                              {"validation", t.validation},
                              {"fit_seconds", t.fit_seconds}});
    if (t.transform.kind == Transform::Kind::kLogHeadroom) {
      out["targets"].back()["ceiling"] = t.transform.ceiling;
    }
    if (!t.prior.empty()) out["targets"].back()["prior"] = t.prior;
    if (!t.calibration.empty()) out["targets"].back()["calibration"] = t.calibration.to_json();
    if (!t.noise.empty()) out["targets"].back()["noise"] = t.noise.to_json();
  }
  return out;
}

namespace {

Manifest manifest_from_json(const nlohmann::json& o, const std::string& context) {
  Manifest m;
  m.format_version = json_field<int>(o, "format_version", context);
  if (m.format_version != kModelFormatVersion) {
    throw std::runtime_error(context + ": model format version " +
                             std::to_string(m.format_version) +
                             " is not supported (this build "
                             "reads version " +
                             std::to_string(kModelFormatVersion) +
                             "); refit "
                             "with this version of anb");
  }
  const nlohmann::json& enc = json_child(o, "encoding", context);
  m.encoding = json_field<std::string>(enc, "name", context + ": encoding");
  m.encoding_version = json_field<int>(enc, "version", context + ": encoding");
  if (m.encoding != kEncodingName || m.encoding_version != kEncodingVersion) {
    throw std::runtime_error(context + ": feature encoding '" + m.encoding + "' version " +
                             std::to_string(m.encoding_version) + " does not match this build's '" +
                             kEncodingName + "' version " + std::to_string(kEncodingVersion));
  }
  m.xgboost_version = json_field<std::string>(o, "xgboost_version", context);
  m.data_fingerprint = json_field<std::string>(o, "data_fingerprint", context);
  json_field_if(o, "data_sources", m.data_sources, context);
  json_field_if(o, "created_by", m.created_by, context);
  const nlohmann::json& targets = json_child(o, "targets", context);
  if (!targets.is_array() || targets.empty()) {
    reject(context, "targets", targets, "must be a non-empty array");
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    m.targets.push_back(target_from_json(targets[i], context + ": target " + std::to_string(i)));
    for (std::size_t j = 0; j < i; ++j) {
      if (m.targets[j].name == m.targets[i].name) {
        throw std::runtime_error(context + ": target '" + m.targets[i].name + "' listed twice");
      }
    }
  }
  return m;
}

}  // namespace

Manifest Manifest::from_json(const nlohmann::json& o, const std::string& context) {
  try {
    return manifest_from_json(o, context);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
}

const TargetEntry* Manifest::find(const std::string& target) const {
  for (const auto& t : targets) {
    if (t.name == target) return &t;
  }
  return nullptr;
}

Manifest read_manifest(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("model directory " + dir.string() + " does not exist (fit one first)");
  }
  const auto path = dir / "manifest.json";
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error(dir.string() + " is not an anb model directory: no manifest.json");
  }
  nlohmann::json object;
  try {
    object = io::read_json_file(path);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  return Manifest::from_json(object, path.string());
}

std::string read_member(const std::filesystem::path& dir, const MemberFile& member) {
  const auto path = dir / member.file;
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error("model member " + path.string() +
                             " listed in the manifest is missing");
  }
  std::string bytes = io::read_file(path);
  const std::string digest = io::sha256_hex(bytes);
  if (digest != member.sha256) {
    throw std::runtime_error("model member " + path.string() + " is corrupt: SHA-256 " + digest +
                             " differs from the manifest's " + member.sha256);
  }
  return bytes;
}

namespace {

// The spread model of `entry`'s calibration as a checked file (file and SHA-256 only).
MemberFile spread_model_file(const TargetEntry& entry) {
  MemberFile f;
  f.file = entry.calibration.spread_file;
  f.sha256 = entry.calibration.spread_sha256;
  return f;
}

}  // namespace

std::string read_spread_model(const std::filesystem::path& dir, const TargetEntry& entry) {
  return read_member(dir, spread_model_file(entry));
}

void read_target_files(const std::filesystem::path& dir, const TargetEntry& entry,
                       std::map<std::string, std::string>& files) {
  for (const auto& m : entry.members) files[m.file] = read_member(dir, m);
  if (entry.calibration.has_spread_model()) {
    files[entry.calibration.spread_file] = read_spread_model(dir, entry);
  }
}

namespace {

namespace fs = std::filesystem;

// DIR without a trailing separator, absolute.
fs::path normal_target(const fs::path& dir) {
  fs::path target = fs::absolute(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  return target;
}

fs::path versions_of(const fs::path& target) {
  return target.parent_path() / (target.filename().string() + kVersionsSuffix);
}

// The version folder `target` links to, or an empty path when it is not our link.
fs::path linked_version(const fs::path& target) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(target, ec))) return {};
  const fs::path link = fs::read_symlink(target, ec);
  if (ec || link.is_absolute()) return {};
  const fs::path resolved = (target.parent_path() / link).lexically_normal();
  return resolved.parent_path() == versions_of(target) ? resolved : fs::path();
}

// A unique version name: time, process and a counter (several writes in one process).
std::string new_version_name() {
  static std::atomic<unsigned> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return fmt::format("v{}-{}-{}",
                     std::chrono::duration_cast<std::chrono::microseconds>(now).count(), getpid(),
                     counter++);
}

// Holds an exclusive flock on <versions>/.lock: one writer per model directory at a time.
class WriterLock {
 public:
  explicit WriterLock(const fs::path& versions) {
    const fs::path file = versions / ".lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
      throw std::runtime_error("cannot lock " + file.string() + ": " +
                               std::error_code(errno, std::generic_category()).message());
    }
  }
  ~WriterLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_ = -1;
};

// Points `target` at `version` (a folder in the versions folder) in one rename. A legacy model
// directory (a real folder) is exchanged with the link in one renameat2(RENAME_EXCHANGE) and
// moved into the versions folder as legacy-v<time>...; returns that folder (empty otherwise).
fs::path swap_link(const fs::path& target, const fs::path& version) {
  const fs::path link = target.parent_path() /
                        (target.filename().string() + ".link-" + std::to_string(getpid()) + ".tmp");
  std::error_code ec;
  fs::remove(link, ec);
  fs::create_directory_symlink(version.lexically_relative(target.parent_path()), link);
  const fs::file_status st = fs::symlink_status(target, ec);
  if (!fs::exists(st) || fs::is_symlink(st)) {
    fs::rename(link, target);  // atomic replacement of the old link
    return {};
  }
  // A real directory (written by an older anb): exchange it with the link.
  const fs::path previous = version.parent_path() / ("legacy-" + new_version_name());
  if (::renameat2(AT_FDCWD, link.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    fs::rename(link, previous);  // `link` now names the old directory
    return previous;
  }
  // No RENAME_EXCHANGE on this file system: two renames (a reader may miss DIR in between).
  fs::rename(target, previous);
  fs::rename(link, target);
  return previous;
}

// True for <name>.<pid>.tmp, <name>.old.<pid>.tmp and <name>.link-<pid>.tmp.
bool is_old_temporary(const std::string& name, const std::string& file) {
  const std::string tmp = ".tmp";
  if (file.size() <= name.size() + 1 + tmp.size() || file.compare(0, name.size() + 1, name + ".") ||
      file.compare(file.size() - tmp.size(), tmp.size(), tmp)) {
    return false;
  }
  std::string middle = file.substr(name.size() + 1, file.size() - name.size() - 1 - tmp.size());
  for (const std::string prefix : {"old.", "link-"}) {
    if (middle.rfind(prefix, 0) == 0) middle = middle.substr(prefix.size());
  }
  return !middle.empty() && middle.find_first_not_of("0123456789") == std::string::npos;
}

// Microseconds since the epoch in a version name ("v<us>-<pid>-<n>", "legacy-v<us>-..."); -1
// for another name.
std::int64_t version_time(std::string name) {
  if (name.rfind("legacy-", 0) == 0) name = name.substr(7);
  if (name.size() < 2 || name[0] != 'v') return -1;
  const auto dash = name.find('-');
  const std::string digits = name.substr(1, dash == std::string::npos ? dash : dash - 1);
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoll(digits);
}

// Removes, under the writer lock: interrupted writes (*.tmp in the versions folder), versions
// replaced more than kReaderGrace ago (a version is replaced when the next one is written; a
// legacy folder when it was moved in), and the temporary folders of anb before the versioned
// layout (DIR.<pid>.tmp, DIR.old.<pid>.tmp) and of interrupted link swaps (DIR.link-<pid>.tmp).
// Versions replaced within kReaderGrace stay for readers that resolved the link before the swap.
void clean_leftovers(const fs::path& target, const fs::path& current) {
  std::error_code ec;
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::vector<std::pair<std::int64_t, fs::path>> versions;  // ordinary versions, by time
  for (const auto& entry : fs::directory_iterator(versions_of(target), ec)) {
    const fs::path p = entry.path();
    const std::string name = p.filename().string();
    if (p == current || name == ".lock") continue;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0) {
      fs::remove_all(p, ec);
      continue;
    }
    const std::int64_t t = version_time(name);
    if (t < 0) continue;  // not ours: leave it
    if (name.rfind("legacy-", 0) == 0) {
      if (now - t > kReaderGrace) fs::remove_all(p, ec);
      continue;
    }
    versions.emplace_back(t, p);
  }
  std::sort(versions.begin(), versions.end());
  const std::int64_t current_time = version_time(current.filename().string());
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const std::int64_t replaced = i + 1 < versions.size() ? versions[i + 1].first : current_time;
    if (now - replaced > kReaderGrace) fs::remove_all(versions[i].second, ec);
  }
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    if (is_old_temporary(target.filename().string(), entry.path().filename().string())) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace

fs::path resolve_model_dir(const fs::path& dir) {
  const fs::path target = normal_target(dir);
  const fs::path version = linked_version(target);
  return version.empty() ? dir : version;
}

void check_model_dir_target(const fs::path& dir) {
  if (dir.empty()) throw std::invalid_argument("model directory: the path is empty");
  const fs::path target = normal_target(dir);
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(target, ec);
  if (!fs::exists(st)) {
    const fs::path parent = target.parent_path();
    if (fs::exists(parent) && !fs::is_directory(parent)) {
      throw std::runtime_error("cannot write model directory " + target.string() + ": " +
                               parent.string() + " is not a directory");
    }
    return;
  }
  if (!linked_version(target).empty()) return;
  if (!fs::is_directory(target)) {
    throw std::runtime_error("refusing to replace " + target.string() +
                             ": it exists and is not an anb model directory");
  }
  if (!fs::exists(target / "manifest.json") && !fs::is_empty(target)) {
    throw std::runtime_error("refusing to replace " + target.string() +
                             ": it exists and is not an anb model directory");
  }
}

void write_model_dir(const fs::path& dir, const Manifest& manifest,
                     const std::map<std::string, std::string>& files) {
  const auto check = [&files](const MemberFile& m, const char* what) {
    const auto it = files.find(m.file);
    if (it == files.end() || io::sha256_hex(it->second) != m.sha256) {
      throw std::invalid_argument(std::string("write_model_dir: ") + what + " " + m.file +
                                  " is missing or its sha256 does not match its bytes");
    }
  };
  for (const auto& t : manifest.targets) {
    for (const auto& m : t.members) check(m, "member");
    if (t.calibration.has_spread_model()) check(spread_model_file(t), "spread model");
  }
  check_model_dir_target(dir);
  const fs::path target = normal_target(dir);
  const fs::path versions = versions_of(target);
  fs::create_directories(versions);
  const WriterLock lock(versions);
  check_model_dir_target(dir);  // again under the lock
  const std::string name = new_version_name();
  const fs::path staging = versions / (name + ".tmp");
  const fs::path version = versions / name;
  try {
    for (const auto& [file, bytes] : files) io::write_file_atomic(staging / file, bytes);
    io::write_file_atomic(staging / "manifest.json", manifest.to_json().dump(1) + "\n");
    fs::rename(staging, version);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  swap_link(target, version);
  clean_leftovers(target, version);
}

}  // namespace anb::surrogate
