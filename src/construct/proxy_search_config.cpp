// Parsing and validation of proxy-search configs; grid expansion and work items.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "anb/construct/proxy_search.h"
#include "anb/io/atomic_file.h"
#include "anb/io/json.h"
#include "anb/space/search_space.h"

namespace anb::construct {
namespace {

constexpr long long kMaxSeeds = 1000;

[[noreturn]] void fail(const std::string& context, const std::string& field,
                       const std::string& value, const std::string& rule) {
  throw std::invalid_argument(context + "proxy-search config field '" + field + "' = " + value +
                              ": " + rule);
}

TrainingScheme read_scheme(const nlohmann::json& value, const std::filesystem::path& dir,
                           const std::string& context, const std::string& field) {
  if (value.is_string()) {
    const std::filesystem::path path = dir / value.get<std::string>();
    if (!std::filesystem::is_regular_file(path)) {
      fail(context, field, io::short_dump(value), "scheme file " + path.string() + " does not exist");
    }
    return TrainingScheme::load(path.string());
  }
  return TrainingScheme::from_json(value, context + field);
}

std::vector<space::Architecture> read_archs(const nlohmann::json& value,
                                            const std::string& context) {
  std::vector<space::Architecture> archs;
  if (value.is_array()) {
    for (const auto& a : value) {
      if (!a.is_string()) fail(context, "architectures", a.dump(), "entries must be strings");
      archs.push_back(space::Architecture::parse(a.get<std::string>()));
    }
    return archs;
  }
  if (value.is_object() && value.contains("sample")) {
    for (const auto& [key, v] : value.items()) {
      if (key != "sample" && key != "seed" && key != "spread") {
        fail(context, "architectures." + key, v.dump(),
             "unknown key (known: sample, seed, spread)");
      }
    }
    const auto n = value.at("sample");
    if (!n.is_number_integer() || n.get<long long>() < 2 || n.get<long long>() > 100000) {
      fail(context, "architectures.sample", n.dump(), "must be an integer in [2, 100000]");
    }
    const std::string spread = value.value("spread", std::string("uniform"));
    const auto seed = value.value("seed", std::uint64_t{0});
    if (spread == "macs") return space::sample_spread_by_macs(n.get<std::size_t>(), seed);
    if (spread != "uniform") {
      fail(context, "architectures.spread", "\"" + spread + "\"", "must be \"uniform\" or \"macs\"");
    }
    return space::sample(n.get<std::size_t>(), seed);
  }
  fail(context, "architectures", io::short_dump(value),
       "must be a list of architectures or {\"sample\": N, \"seed\": S, \"spread\": "
       "\"uniform\" | \"macs\"}");
}

std::vector<GridAxis> read_grid(const nlohmann::json& value, const std::string& context) {
  if (!value.is_object()) {
    fail(context, "grid", io::short_dump(value), "must be an object mapping scheme fields to value lists");
  }
  std::vector<GridAxis> grid;
  for (const auto& [field, values] : value.items()) {
    if (!values.is_array()) fail(context, "grid." + field, values.dump(), "must be a list");
    grid.push_back({field, std::vector<nlohmann::json>(values.begin(), values.end())});
  }
  return grid;
}

std::vector<std::uint64_t> read_seeds(const nlohmann::json& value, const std::string& context) {
  std::vector<std::uint64_t> seeds;
  if (value.is_number_integer()) {
    // nlohmann stores every non-negative integer as unsigned: bound it before narrowing.
    const auto n = value.is_number_unsigned()
                       ? static_cast<long long>(std::min<std::uint64_t>(
                             value.get<std::uint64_t>(), static_cast<std::uint64_t>(kMaxSeeds) + 1))
                       : value.get<long long>();
    if (n < 1 || n > kMaxSeeds) {
      fail(context, "seeds", io::short_dump(value), "must be in [1, " + std::to_string(kMaxSeeds) + "]");
    }
    for (long long s = 1; s <= n; ++s) seeds.push_back(static_cast<std::uint64_t>(s));
    return seeds;
  }
  if (!value.is_array()) fail(context, "seeds", io::short_dump(value), "must be a count or a list");
  if (value.size() > static_cast<std::size_t>(kMaxSeeds)) {
    fail(context, "seeds", io::short_dump(value),
         "more than " + std::to_string(kMaxSeeds) + " seeds");
  }
  for (const auto& s : value) {
    if (!s.is_number_integer() || s.get<long long>() < 0) {
      fail(context, "seeds", s.dump(), "must be non-negative integers");
    }
    seeds.push_back(s.get<std::uint64_t>());
  }
  return seeds;
}

}  // namespace

void ProxySearchConfig::validate() const {
  if (dataset.empty()) fail("", "dataset", "\"\"", "must name a dataset SPEC");
  if (archs.size() < 2) fail("", "architectures", std::to_string(archs.size()), "need >= 2");
  if (seeds.empty()) fail("", "seeds", "[]", "need at least one seed");
  if (std::set<std::uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size()) {
    fail("", "seeds", nlohmann::json(seeds).dump(), "seeds must differ");
  }
  if (!(tau >= -1.0 && tau <= 1.0)) fail("", "tau", std::to_string(tau), "must be in [-1, 1]");
  if (top_k < 1) fail("", "top_k", std::to_string(top_k), "must be >= 1");
  reference.validate();
  base.validate();
  expand_grid(base, grid);
}

ProxySearchConfig ProxySearchConfig::from_json(const nlohmann::json& object,
                                               const std::filesystem::path& dir,
                                               const std::string& context) {
  const std::string prefix = context.empty() ? std::string() : context + ": ";
  if (!object.is_object()) fail(prefix, "(root)", io::short_dump(object), "must be a JSON object");
  static const std::set<std::string> known{"dataset", "architectures", "reference", "base",
                                           "grid",    "seeds",         "tau",       "top_k"};
  for (const auto& [key, value] : object.items()) {
    if (!known.count(key)) {
      throw std::invalid_argument(prefix + "unknown proxy-search config field '" + key + "'");
    }
  }
  for (const char* required : {"dataset", "architectures", "reference", "grid"}) {
    if (!object.contains(required)) {
      throw std::invalid_argument(prefix + "proxy-search config lacks field '" + required + "'");
    }
  }
  ProxySearchConfig c;
  if (!object["dataset"].is_string()) fail(prefix, "dataset", object["dataset"].dump(), "must be a string");
  c.dataset = object["dataset"].get<std::string>();
  c.archs = read_archs(object["architectures"], prefix);
  c.reference = read_scheme(object["reference"], dir, prefix, "reference");
  c.base = object.contains("base") ? read_scheme(object["base"], dir, prefix, "base") : c.reference;
  c.grid = read_grid(object["grid"], prefix);
  if (object.contains("seeds")) c.seeds = read_seeds(object["seeds"], prefix);
  if (object.contains("tau")) {
    if (!object["tau"].is_number()) fail(prefix, "tau", object["tau"].dump(), "must be a number");
    c.tau = object["tau"].get<double>();
  }
  if (object.contains("top_k")) {
    c.top_k = io::json_value_as<int>(object["top_k"], "top_k", prefix + "proxy-search config");
  }
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(prefix + e.what());
  }
  return c;
}

ProxySearchConfig ProxySearchConfig::load(const std::filesystem::path& path) {
  return from_json(io::read_json_file(path), path.parent_path(), path.string());
}

nlohmann::json ProxySearchConfig::to_json() const {
  nlohmann::json archs_json = nlohmann::json::array();
  for (const auto& a : archs) archs_json.push_back(a.to_string());
  nlohmann::json grid_json = nlohmann::json::object();
  for (const auto& axis : grid) grid_json[axis.field] = axis.values;
  return {{"dataset", dataset},       {"architectures", archs_json},
          {"reference", reference.to_json()}, {"base", base.to_json()},
          {"grid", grid_json},        {"seeds", seeds},
          {"tau", tau},               {"top_k", top_k}};
}

std::vector<Candidate> expand_grid(const TrainingScheme& base, const std::vector<GridAxis>& grid) {
  if (grid.empty()) {
    throw std::invalid_argument("proxy-search config field 'grid' = {}: the grid is empty");
  }
  for (const auto& axis : grid) {
    if (axis.values.empty()) {
      throw std::invalid_argument("proxy-search config field 'grid." + axis.field +
                                  "' = []: the grid is empty (every field needs a value)");
    }
  }
  std::vector<Candidate> out;
  std::vector<std::size_t> digit(grid.size(), 0);
  for (;;) {
    Candidate c;
    c.name = "c" + std::to_string(out.size() + 1);
    c.scheme = base;
    c.settings = nlohmann::json::object();
    for (std::size_t a = 0; a < grid.size(); ++a) {
      const auto& value = grid[a].values[digit[a]];
      try {
        c.scheme = with_field(c.scheme, grid[a].field, value);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("proxy-search grid." + grid[a].field + " = " + value.dump() +
                                    ": " + e.what());
      }
      c.settings[grid[a].field] = value;
    }
    out.push_back(std::move(c));
    std::size_t a = grid.size();
    while (a > 0 && ++digit[a - 1] == grid[a - 1].values.size()) digit[--a] = 0;
    if (a == 0) break;
  }
  return out;
}

std::vector<WorkItem> work_items(std::size_t schemes, std::size_t archs, std::size_t seeds) {
  std::vector<WorkItem> items;
  for (std::size_t r = 0; r < seeds; ++r) {
    for (std::size_t a = 0; a < archs; ++a) {
      for (std::size_t s = 0; s < schemes; ++s) items.push_back({s, a, r});
    }
  }
  return items;
}

std::string item_key(const WorkItem& item) {
  return fmt::format("s{:02}_a{:03}_r{}", item.scheme, item.arch, item.seed);
}

}  // namespace anb::construct
