#include "anb/space/architecture.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "anb/io/json.h"
#include "anb/space/search_space.h"

namespace anb::space {
namespace {

std::string join_choices(const std::vector<int>& choices) {
  std::string out = "{";
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(choices[i]);
  }
  return out + "}";
}

// The value of decision d of a stage, as an int (SE as 1/0).
int value_of(const Stage& s, DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kExpansion: return s.expansion;
    case DecisionKind::kKernel: return s.kernel;
    case DecisionKind::kLayers: return s.layers;
    case DecisionKind::kSqueezeExcite: return s.se ? 1 : 0;
  }
  return 0;
}

void check_domain(const std::array<Stage, kNumStages>& stages) {
  for (const Decision& d : decisions()) {
    if (d.kind == DecisionKind::kSqueezeExcite) continue;
    const int v = value_of(stages[static_cast<std::size_t>(d.stage)], d.kind);
    if (std::find(d.choices.begin(), d.choices.end(), v) == d.choices.end()) {
      throw std::invalid_argument("architecture: " + d.name + " = " + std::to_string(v) +
                                  " is not one of " + join_choices(d.choices));
    }
  }
}

std::string trim(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return std::string(text.substr(b, e - b));
}

// Parses one "<prefix><7 chars>" group of the canonical string into `stages`.
void parse_group(std::string_view group, std::string_view prefix, DecisionKind kind,
                 std::array<Stage, kNumStages>& stages, std::string_view whole) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument("architecture string '" + std::string(whole) + "': " + why);
  };
  if (group.substr(0, prefix.size()) != prefix) {
    fail("group '" + std::string(group) + "' should start with '" + std::string(prefix) + "'");
  }
  const std::string_view digits = group.substr(prefix.size());
  if (digits.size() != kNumStages) {
    fail("group '" + std::string(group) + "' needs one character per stage (7), has " +
         std::to_string(digits.size()));
  }
  for (int i = 0; i < kNumStages; ++i) {
    const char c = digits[static_cast<std::size_t>(i)];
    Stage& s = stages[static_cast<std::size_t>(i)];
    if (kind == DecisionKind::kSqueezeExcite) {
      if (c == 'T' || c == 't' || c == '1') {
        s.se = true;
      } else if (c == 'F' || c == 'f' || c == '0') {
        s.se = false;
      } else {
        fail("stage " + std::to_string(i) + " SE '" + std::string(1, c) + "' is not T or F");
      }
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      fail("stage " + std::to_string(i) + " value '" + std::string(1, c) + "' is not a digit");
    }
    const int v = c - '0';
    if (kind == DecisionKind::kExpansion) s.expansion = v;
    if (kind == DecisionKind::kKernel) s.kernel = v;
    if (kind == DecisionKind::kLayers) s.layers = v;
  }
}

Architecture parse_canonical(std::string_view text) {
  std::array<std::string_view, 4> groups;
  std::size_t start = 0;
  for (std::size_t g = 0; g < 4; ++g) {
    const std::size_t dash = text.find('-', start);
    const bool last = g == 3;
    if (last != (dash == std::string_view::npos)) {
      throw std::invalid_argument("architecture string '" + std::string(text) +
                                  "': expected 4 groups 'e…-k…-l…-se…' separated by '-'");
    }
    groups[g] = text.substr(start, last ? std::string_view::npos : dash - start);
    start = dash + 1;
  }
  std::array<Stage, kNumStages> stages{};
  parse_group(groups[0], "e", DecisionKind::kExpansion, stages, text);
  parse_group(groups[1], "k", DecisionKind::kKernel, stages, text);
  parse_group(groups[2], "l", DecisionKind::kLayers, stages, text);
  parse_group(groups[3], "se", DecisionKind::kSqueezeExcite, stages, text);
  try {
    return Architecture(stages);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("architecture string '" + std::string(text) + "': " +
                                std::string(e.what()).substr(std::string("architecture: ").size()));
  }
}

std::string with_context(std::string_view context, const std::string& message) {
  return context.empty() ? message : std::string(context) + ": " + message;
}

}  // namespace

Architecture::Architecture() : stages_{} {}

Architecture::Architecture(const std::array<Stage, kNumStages>& stages) : stages_(stages) {
  check_domain(stages_);
}

Architecture Architecture::efficientnet_b0() {
  const int e[] = {1, 6, 6, 6, 6, 6, 6};
  const int k[] = {3, 3, 5, 3, 5, 5, 3};
  const int l[] = {1, 2, 2, 3, 3, 4, 1};
  std::array<Stage, kNumStages> stages{};
  for (std::size_t i = 0; i < stages.size(); ++i) stages[i] = Stage{e[i], k[i], l[i], true};
  return Architecture(stages);
}

Architecture Architecture::parse(std::string_view raw) {
  const std::string text = trim(raw);
  if (text.empty()) throw std::invalid_argument("architecture string is empty");
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "efficientnet-b0" || lower == "efficientnet_b0") return efficientnet_b0();
  if (text.front() == '{') {
    const std::string quoted =
        "architecture JSON '" + (text.size() > 80 ? text.substr(0, 77) + "..." : text) + "'";
    return from_json(io::parse_json(text, quoted), quoted);
  }
  return parse_canonical(text);
}

Architecture Architecture::from_json(const nlohmann::json& object, std::string_view context) {
  if (!object.is_object()) {
    throw std::invalid_argument(with_context(context, "architecture is not a JSON object"));
  }
  for (const auto& item : object.items()) {  // reject keys of stages that do not exist
    const std::string& key = item.key();
    bool known = false;
    for (const Decision& d : decisions()) known = known || d.name == key;
    if (!known) {
      throw std::invalid_argument(with_context(
          context, "unknown architecture field '" + key + "' (expected block0_e … block6_se)"));
    }
  }
  std::array<Stage, kNumStages> stages{};
  for (const Decision& d : decisions()) {
    Stage& s = stages[static_cast<std::size_t>(d.stage)];
    switch (d.kind) {
      case DecisionKind::kExpansion: s.expansion = io::json_field<int>(object, d.name, context); break;
      case DecisionKind::kKernel: s.kernel = io::json_field<int>(object, d.name, context); break;
      case DecisionKind::kLayers: s.layers = io::json_field<int>(object, d.name, context); break;
      case DecisionKind::kSqueezeExcite: s.se = io::json_field<bool>(object, d.name, context); break;
    }
  }
  try {
    return Architecture(stages);
  } catch (const std::invalid_argument& e) {
    const std::string what = std::string(e.what()).substr(std::string("architecture: ").size());
    throw std::invalid_argument(with_context(context, "field " + what));
  }
}

int Architecture::total_layers() const {
  int n = 0;
  for (const Stage& s : stages_) n += s.layers;
  return n;
}

std::string Architecture::to_string() const {
  std::string e = "e", k = "-k", l = "-l", se = "-se";
  for (const Stage& s : stages_) {
    e += static_cast<char>('0' + s.expansion);
    k += static_cast<char>('0' + s.kernel);
    l += static_cast<char>('0' + s.layers);
    se += s.se ? 'T' : 'F';
  }
  return e + k + l + se;
}

nlohmann::json Architecture::to_json() const {
  nlohmann::json object = nlohmann::json::object();
  for (const Decision& d : decisions()) {
    const Stage& s = stages_[static_cast<std::size_t>(d.stage)];
    if (d.kind == DecisionKind::kSqueezeExcite) {
      object[d.name] = s.se;
    } else {
      object[d.name] = value_of(s, d.kind);
    }
  }
  return object;
}

bool operator<(const Architecture& a, const Architecture& b) { return index_of(a) < index_of(b); }

std::size_t ArchitectureHash::operator()(const Architecture& a) const {
  std::uint64_t x = index_of(a);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<std::size_t>(x);
}

}  // namespace anb::space
