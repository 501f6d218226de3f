#include "anb/surrogate/model_dir.h"

#include <unistd.h>

#include <stdexcept>
#include <system_error>

#include "anb/io/atomic_file.h"
#include "anb/io/sha256.h"

namespace anb::surrogate {
namespace {

template <typename T>
T field(const nlohmann::json& object, const char* key, const std::string& context) {
  const auto it = object.find(key);
  if (it == object.end()) throw std::runtime_error(context + ": missing field '" + key + "'");
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(context + ": field '" + key + "' has the wrong type (" + it->dump() +
                             ")");
  }
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

MemberFile member_from_json(const nlohmann::json& o, const std::string& context) {
  if (!o.is_object()) throw std::runtime_error(context + ": expected an object");
  MemberFile m;
  m.file = field<std::string>(o, "file", context);
  m.sha256 = field<std::string>(o, "sha256", context);
  m.seed = field<std::uint64_t>(o, "seed", context);
  m.fold = field<int>(o, "fold", context);
  m.rounds = field<int>(o, "rounds", context);
  m.n_train = field<std::size_t>(o, "n_train", context);
  m.n_early_stop = field<std::size_t>(o, "n_early_stop", context);
  // A member path must stay inside the model directory.
  if (m.file.empty() || m.file.front() == '/' || m.file.find("..") != std::string::npos) {
    throw std::runtime_error(context + ": member file '" + m.file +
                             "' is not a relative path "
                             "inside the model directory");
  }
  return m;
}

TargetEntry target_from_json(const nlohmann::json& o, const std::string& context) {
  if (!o.is_object()) throw std::runtime_error(context + ": expected an object");
  TargetEntry t;
  t.name = field<std::string>(o, "name", context);
  const std::string where = context + " (" + t.name + ")";
  t.unit = field<std::string>(o, "unit", where);
  t.direction = field<std::string>(o, "direction", where);
  try {
    t.hyperparameters = Hyperparameters::from_json(
        field<nlohmann::json>(o, "hyperparameters", where), where + ": hyperparameters");
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  t.transform = t.hyperparameters.transform;
  try {
    t.transform.kind = Transform::parse_kind(field<std::string>(o, "transform", where));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  // The fitted ceiling of log_headroom is part of the model: without it nothing can be inverted.
  if (t.transform.kind == Transform::Kind::kLogHeadroom) {
    t.transform.ceiling = field<double>(o, "ceiling", where);
  }
  const auto members = field<nlohmann::json>(o, "members", where);
  if (!members.is_array() || members.empty()) {
    throw std::runtime_error(where + ": 'members' must be a non-empty array");
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    t.members.push_back(member_from_json(members[i], where + ": member " + std::to_string(i)));
  }
  if (o.contains("validation")) t.validation = o["validation"];
  if (o.contains("fit_seconds")) t.fit_seconds = field<double>(o, "fit_seconds", where);
  if (o.contains("prior")) t.prior = field<std::string>(o, "prior", where);
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

Manifest Manifest::from_json(const nlohmann::json& o, const std::string& context) {
  if (!o.is_object()) throw std::runtime_error(context + ": expected a JSON object");
  Manifest m;
  m.format_version = field<int>(o, "format_version", context);
  if (m.format_version != kModelFormatVersion) {
    throw std::runtime_error(context + ": model format version " +
                             std::to_string(m.format_version) +
                             " is not supported (this build "
                             "reads version " +
                             std::to_string(kModelFormatVersion) +
                             "); refit "
                             "with this version of anb");
  }
  const auto enc = field<nlohmann::json>(o, "encoding", context);
  m.encoding = field<std::string>(enc, "name", context + ": encoding");
  m.encoding_version = field<int>(enc, "version", context + ": encoding");
  if (m.encoding != kEncodingName || m.encoding_version != kEncodingVersion) {
    throw std::runtime_error(context + ": feature encoding '" + m.encoding + "' version " +
                             std::to_string(m.encoding_version) + " does not match this build's '" +
                             kEncodingName + "' version " + std::to_string(kEncodingVersion));
  }
  m.xgboost_version = field<std::string>(o, "xgboost_version", context);
  m.data_fingerprint = field<std::string>(o, "data_fingerprint", context);
  if (o.contains("data_sources")) {
    m.data_sources = field<std::vector<std::string>>(o, "data_sources", context);
  }
  if (o.contains("created_by")) m.created_by = field<std::string>(o, "created_by", context);
  const auto targets = field<nlohmann::json>(o, "targets", context);
  if (!targets.is_array() || targets.empty()) {
    throw std::runtime_error(context + ": 'targets' must be a non-empty array");
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

const TargetEntry* Manifest::find(const std::string& target) const {
  for (const auto& t : targets) {
    if (t.name == target) return &t;
  }
  return nullptr;
}

Manifest read_manifest(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("model directory " + dir.string() +
                             " does not exist (fit one first)");
  }
  const auto path = dir / "manifest.json";
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error(dir.string() + " is not an anb model directory: no manifest.json");
  }
  const std::string text = io::read_file(path);
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path.string() + ": malformed or truncated JSON: " + e.what());
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

void write_model_dir(const std::filesystem::path& dir, const Manifest& manifest,
                     const std::map<std::string, std::string>& files) {
  for (const auto& t : manifest.targets) {
    for (const auto& m : t.members) {
      const auto it = files.find(m.file);
      if (it == files.end() || io::sha256_hex(it->second) != m.sha256) {
        throw std::invalid_argument("write_model_dir: member " + m.file +
                                    " is missing or its sha256 does not match its bytes");
      }
    }
  }
  const std::filesystem::path target = std::filesystem::absolute(dir).lexically_normal();
  const std::string suffix = "." + std::to_string(getpid()) + ".tmp";
  const std::filesystem::path staging = target.string() + suffix;
  const std::filesystem::path old = target.string() + ".old" + suffix;
  std::error_code ec;
  std::filesystem::remove_all(staging, ec);
  std::filesystem::create_directories(staging);
  for (const auto& [name, bytes] : files) io::write_file_atomic(staging / name, bytes);
  io::write_file_atomic(staging / "manifest.json", manifest.to_json().dump(1) + "\n");
  if (std::filesystem::exists(target)) {
    if (!std::filesystem::exists(target / "manifest.json") && !std::filesystem::is_empty(target)) {
      std::filesystem::remove_all(staging, ec);
      throw std::runtime_error("refusing to replace " + target.string() +
                               ": it exists and is not an anb model directory");
    }
    std::filesystem::rename(target, old);
  }
  std::filesystem::rename(staging, target);
  std::filesystem::remove_all(old, ec);
}

}  // namespace anb::surrogate
