#include "anb/search/hypervolume_reference.h"

#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/io/json.h"

namespace anb::search {
namespace {

using nlohmann::json;

const json& field(const json& object, const char* key, std::string_view where) {
  return io::json_child(object, key, where);
}

std::vector<double> numbers(const json& value, std::size_t count, std::string_view where) {
  if (!value.is_array() || value.size() != count) {
    throw std::invalid_argument(
        fmt::format("{}: expected an array of {} numbers, got {}", where, count, io::short_dump(value)));
  }
  std::vector<double> out;
  for (const json& v : value) {
    if (!v.is_number()) {
      throw std::invalid_argument(fmt::format("{}: '{}' is not a number", where, io::short_dump(v)));
    }
    out.push_back(v.get<double>());
  }
  return out;
}

// Checks that [reference, ideal] of one objective covers its data range [lo, hi].
void check_bounds(const Objective& o, const ObjectiveBounds& b, const std::vector<double>& range,
                  std::string_view where) {
  const bool max = o.direction == Direction::kMaximize;
  const double worst = max ? range[0] : range[1];
  const double best = max ? range[1] : range[0];
  const bool ref_ok = max ? b.reference < worst : b.reference > worst;
  const bool ideal_ok = max ? b.ideal >= best : b.ideal <= best;
  if (!ref_ok) {
    throw std::invalid_argument(fmt::format(
        "{}: reference {} = {} does not bound the data range [{}, {}]: a {}imised objective's "
        "reference must be strictly {} than {}",
        where, o.name, b.reference, range[0], range[1], direction_name(o.direction),
        max ? "lower" : "higher", worst));
  }
  if (!ideal_ok) {
    throw std::invalid_argument(fmt::format(
        "{}: ideal {} = {} does not bound the data range [{}, {}]: a {}imised objective's ideal "
        "must be at least as {} as {}",
        where, o.name, b.ideal, range[0], range[1], direction_name(o.direction),
        max ? "high" : "low", best));
  }
}

ReferencePair parse_pair(const json& entry, const HypervolumeReference& ref, std::size_t index,
                         std::string_view source) {
  const std::string where = fmt::format("{}: pairs[{}]", source, index);
  const json& names = field(entry, "objectives", where);
  if (!names.is_array() || names.size() != 2 || !names[0].is_string() || !names[1].is_string()) {
    throw std::invalid_argument(
        fmt::format("{}: 'objectives' must name two targets, got {}", where, names.dump()));
  }
  const auto reference = numbers(field(entry, "reference", where), 2, where + ".reference");
  const auto ideal = numbers(field(entry, "ideal", where), 2, where + ".ideal");
  ReferencePair pair;
  for (std::size_t k = 0; k < 2; ++k) {
    const auto name = names[k].get<std::string>();
    const std::string at =
        fmt::format("{} ({}, {})", where, names[0].get<std::string>(), names[1].get<std::string>());
    Objective o{name, data::Direction::kMaximize};
    try {
      o.direction = data::target_info(name).direction;
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("{}: {}", at, e.what()));
    }
    ObjectiveBounds b{reference[k], ideal[k]};
    const auto range = ref.data_ranges.find(name);
    if (range == ref.data_ranges.end()) {
      throw std::invalid_argument(fmt::format("{}: no data_ranges entry for '{}'", at, name));
    }
    check_bounds(o, b, range->second, at);
    pair.objectives.push_back(o);
    pair.bounds.push_back(b);
  }
  io::json_field_if(entry, "reward_target", pair.reward_target, where);
  if (!(pair.reward_target > 0.0)) {
    throw std::invalid_argument(fmt::format("{}: reward_target must be > 0", where));
  }
  return pair;
}

}  // namespace

HypervolumeReference HypervolumeReference::parse(std::string_view json_text,
                                                 std::string_view source) {
  const json doc = io::parse_json(json_text, source);
  const std::string where(source);
  if (field(doc, "format", where) != "anb-hypervolume-reference") {
    throw std::invalid_argument(
        fmt::format("{}: format is {}, expected "
                    "\"anb-hypervolume-reference\"",
                    source, doc.at("format").dump()));
  }
  if (field(doc, "version", where) != 1) {
    throw std::invalid_argument(fmt::format("{}: version {} is not supported (expected 1)", source,
                                            doc.at("version").dump()));
  }
  HypervolumeReference ref;
  ref.source = where;
  for (const auto& [name, range] : field(doc, "data_ranges", where).items()) {
    auto r = numbers(range, 2, where + ": data_ranges." + name);
    if (!(r[0] <= r[1])) {
      throw std::invalid_argument(
          fmt::format("{}: data_ranges.{} = [{}, {}] has min > max", source, name, r[0], r[1]));
    }
    ref.data_ranges[name] = r;
  }
  const json& pairs = field(doc, "pairs", where);
  if (!pairs.is_array()) throw std::invalid_argument(where + ": 'pairs' must be an array");
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    ref.pairs.push_back(parse_pair(pairs[i], ref, i, source));
  }
  return ref;
}

HypervolumeReference HypervolumeReference::load(const std::filesystem::path& path) {
  return parse(io::read_file(path), path.string());
}

const ReferencePair* HypervolumeReference::find(std::string_view first,
                                                std::string_view second) const {
  for (const ReferencePair& p : pairs) {
    if (p.objectives[0].name == first && p.objectives[1].name == second) return &p;
  }
  return nullptr;
}

const ReferencePair& HypervolumeReference::pair(std::string_view first,
                                                std::string_view second) const {
  if (const ReferencePair* p = find(first, second)) return *p;
  std::string known;
  for (const ReferencePair& p : pairs) {
    known += fmt::format("{}{},{}", known.empty() ? "" : "; ", p.objectives[0].name,
                         p.objectives[1].name);
  }
  throw std::invalid_argument(
      fmt::format("no hypervolume reference for the objective pair ({}, {}) in {}; available: {}",
                  first, second, source, known));
}

HypervolumeReference HypervolumeReference::builtin() {
  return parse(builtin_reference_json(), kBuiltinSource);
}

HypervolumeReference default_reference() {
  if (const char* env = std::getenv("ANB_HV_REFERENCE"); env && *env) {
    return HypervolumeReference::load(env);
  }
  return HypervolumeReference::builtin();
}

}  // namespace anb::search
