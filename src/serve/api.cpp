#include "anb/serve/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <sstream>

#include "anb/data/targets.h"
#include "anb/io/json.h"
#include "anb/search/algorithm.h"
#include "anb/search/pareto.h"
#include "anb/search/problem.h"
#include "anb/search/report.h"
#include "anb/space/cost.h"
#include "anb/space/describe.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/query_json.h"
#include "anb/surrogate/search_problem.h"
#include "anb/surrogate/search_setup.h"

namespace anb::serve {
namespace {

using nlohmann::json;

// The first value of query parameter `name`; 400 naming it when absent or empty.
std::string required_param(const Params& params, const std::string& name) {
  const auto it = params.find(name);
  if (it == params.end() || it->second.empty()) {
    throw ApiError(400, name, fmt::format("missing query parameter '{}'", name));
  }
  return it->second;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

space::Architecture parse_arch(const std::string& text, const std::string& field) {
  try {
    return space::Architecture::parse(text);
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, field, e.what());
  }
}

// The targets named by ?targets=a,b (every target when absent), checked against the models.
std::vector<std::string> targets_param(const surrogate::Benchmark& bench, const Params& params) {
  const auto it = params.find("targets");
  try {
    return surrogate::resolve_targets(
        bench, it == params.end() ? std::vector<std::string>{} : split_commas(it->second));
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, "targets", e.what());
  }
}

// The interval level of ?interval=L (0 = none when absent): a number in (0, 1).
double interval_param(const Params& params) {
  const auto it = params.find("interval");
  if (it == params.end() || it->second.empty()) return 0.0;
  std::size_t used = 0;
  double level = 0.0;
  try {
    level = std::stod(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != it->second.size() || !(level > 0.0 && level < 1.0)) {
    throw ApiError(
        400, "interval",
        fmt::format("interval level '{}' must be a number in (0, 1), e.g. 0.9", it->second));
  }
  return level;
}

// One objective per name: well-formed, fitted, and (for /api/pareto) present in the data.
std::vector<search::Objective> objectives_of(const surrogate::Benchmark& bench,
                                             const std::vector<std::string>& names,
                                             const std::string& field) {
  std::vector<search::Objective> out;
  for (const auto& n : names) {
    if (!bench.has_target(n)) {
      std::string known;
      for (const auto& t : bench.targets()) known += (known.empty() ? "" : ", ") + t;
      throw ApiError(400, field, fmt::format("unknown target '{}'; the models have {}", n, known));
    }
    out.push_back({n, data::target_info(n).direction});
  }
  return out;
}

json objective_json(const search::Objective& o, const surrogate::Benchmark& bench) {
  return {{"name", o.name},
          {"direction", search::direction_name(o.direction)},
          {"unit", bench.manifest().find(o.name)->unit}};
}

// The measured points of `data` for the dataset endpoint, rendered once.
std::string render_dataset(const data::Dataset& data) {
  json records = json::array();
  for (const auto& r : data.records()) {
    json values = json::object();
    for (const auto& t : r.target_names()) values[t] = *r.target(t);
    const space::Cost c = space::cost(r.arch);
    records.push_back({{"id", r.id},
                       {"arch", r.arch.to_string()},
                       {"macs", c.mmacs()},
                       {"params", c.mparams()},
                       {"values", values}});
  }
  json targets = json::array();
  for (const auto& t : data.target_names()) {
    const data::TargetInfo info = data::target_info(t);
    targets.push_back(
        {{"name", t}, {"unit", info.unit}, {"direction", search::direction_name(info.direction)}});
  }
  return json{{"size", data.size()}, {"targets", targets}, {"records", records}}.dump();
}

// An optional field of a request body (io::json_field_if's type checks), as a 400 naming it.
template <class T>
T field_or(const json& object, const char* key, T fallback) {
  try {
    io::json_field_if(object, key, fallback, "body");
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, key, e.what());
  }
  return fallback;
}

// An integer field (not a fraction, not a string); values beyond int64 saturate.
std::int64_t integer_or(const json& object, const char* key, std::int64_t fallback) {
  if (!object.contains(key)) return fallback;
  const json& v = object.at(key);
  if (!v.is_number_integer()) {
    throw ApiError(400, key, fmt::format("'{}' must be an integer, got {}", key, v.dump()));
  }
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    return INT64_MAX;
  }
  return v.get<std::int64_t>();
}

// Thrown by the evaluation callback when a search runs past its time limit.
struct SearchTimeout : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

void ApiLimits::validate() const {
  auto positive = [](const char* field, double v) {
    if (!(v > 0.0)) {
      throw std::invalid_argument(fmt::format("{}: got {}; must be > 0", field, v));
    }
  };
  positive("max_batch", static_cast<double>(max_batch));
  positive("max_search_budget", static_cast<double>(max_search_budget));
  positive("max_search_seconds", max_search_seconds);
  positive("max_concurrent_searches", static_cast<double>(max_concurrent_searches));
  positive("max_json_depth", static_cast<double>(max_json_depth));
}

ApiError::ApiError(int status, std::string field, const std::string& message)
    : std::invalid_argument(message), status_(status), field_(std::move(field)) {}

std::string error_body(const std::string& field, const std::string& message) {
  return json{{"error", {{"field", field}, {"message", message}}}}.dump();
}

json parse_body(const std::string& body, std::size_t max_depth) {
  io::JsonLimits limits;
  limits.max_depth = static_cast<int>(std::min<std::size_t>(max_depth, 1000));
  try {
    return io::parse_json(body, "", limits);
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, "body", e.what());
  }
}

Api::Api(surrogate::Benchmark bench, std::optional<data::Dataset> data, ApiLimits limits,
         std::optional<search::HypervolumeReference> reference)
    : bench_(std::move(bench)),
      data_(std::move(data)),
      limits_(limits),
      reference_(reference ? std::move(*reference) : search::default_reference()) {
  limits_.validate();
  if (data_) {
    dataset_json_ = render_dataset(*data_);
    for (std::size_t i = 0; i < data_->size(); ++i) by_arch_[(*data_)[i].arch].push_back(i);
  }
}

Api::~Api() = default;

ApiResponse Api::handle(const std::string& method, const std::string& path, const Params& params,
                        const std::string& body) const {
  try {
    auto only = [&](const char* allowed) {
      if (method != allowed) {
        throw ApiError(405, "method",
                       fmt::format("{} takes {} only, not {}", path, allowed, method));
      }
    };
    if (path == "/api/targets") return (only("GET"), ApiResponse{200, targets().dump()});
    if (path == "/api/query") {
      if (method == "POST") return {200, query_batch(params, body).dump()};
      if (method != "GET")
        throw ApiError(405, "method", "/api/query takes GET or POST, not " + method);
      return {200, query(params).dump()};
    }
    if (path == "/api/arch") return (only("GET"), ApiResponse{200, arch(params).dump()});
    if (path == "/api/dataset") return (only("GET"), ApiResponse{200, dataset()});
    if (path == "/api/pareto") return (only("GET"), ApiResponse{200, pareto(params).dump()});
    if (path == "/api/search") return (only("POST"), ApiResponse{200, search(body).dump()});
    throw ApiError(404, "path", fmt::format("no API endpoint '{}'", path));
  } catch (const ApiError& e) {
    return {e.status(), error_body(e.field(), e.what())};
  } catch (const std::invalid_argument& e) {
    return {400, error_body("request", e.what())};
  } catch (const std::exception& e) {
    return {500, error_body("server", e.what())};
  }
}

json Api::targets() const {
  json targets = json::array();
  for (const auto& t : bench_.targets()) {
    const auto* entry = bench_.manifest().find(t);
    const data::TargetInfo info = data::target_info(t);
    targets.push_back({{"name", t},
                       {"unit", entry->unit},
                       {"direction", entry->direction},
                       {"metric", info.metric},
                       {"device", info.device},
                       {"validation", entry->validation}});
  }
  return {{"targets", targets},
          {"data", data_ ? json(data_->size()) : json(nullptr)},
          {"algorithms", {"rs", "re", "reinforce", "ls", "nsga2"}},
          {"limits",
           {{"max_batch", limits_.max_batch},
            {"max_search_budget", limits_.max_search_budget},
            {"max_search_seconds", limits_.max_search_seconds}}}};
}

json Api::query(const Params& params) const {
  const space::Architecture a = parse_arch(required_param(params, "arch"), "arch");
  return surrogate::prediction_json(bench_, a, targets_param(bench_, params),
                                    interval_param(params));
}

json Api::query_batch(const Params& params, const std::string& body) const {
  const json items = parse_body(body, limits_.max_json_depth);
  if (!items.is_array())
    throw ApiError(400, "body", "expected a JSON array of architecture strings");
  if (items.size() > limits_.max_batch) {
    throw ApiError(
        413, "body",
        fmt::format("{} architectures; at most {} per request", items.size(), limits_.max_batch));
  }
  const std::vector<std::string> targets = targets_param(bench_, params);
  const double level = interval_param(params);
  std::vector<space::Architecture> archs;
  archs.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string field = fmt::format("body[{}]", i);
    if (!items[i].is_string()) throw ApiError(400, field, "expected an architecture string");
    archs.push_back(parse_arch(items[i].get<std::string>(), field));
  }
  return surrogate::predictions_json(bench_, archs, targets, level);  // one batch query
}

std::vector<std::size_t> Api::records_of(const space::Architecture& a) const {
  const auto it = by_arch_.find(a);
  return it == by_arch_.end() ? std::vector<std::size_t>{} : it->second;
}

json Api::arch(const Params& params) const {
  const space::Architecture a = parse_arch(required_param(params, "arch"), "arch");
  json out = space::describe(a);
  out["stages"] = space::stages_json(a);
  json neighbours = json::array();
  for (const auto& n : space::neighbours(a)) neighbours.push_back(n.to_string());
  out["neighbours"] = neighbours;
  json measured = json::array();
  for (const std::size_t i : records_of(a)) {
    const data::Record& r = (*data_)[i];
    json values = json::object();
    for (const auto& t : r.target_names()) values[t] = *r.target(t);
    measured.push_back({{"id", r.id}, {"values", values}});
  }
  out["measured"] = measured;
  return out;
}

const std::string& Api::dataset() const {
  if (!data_) throw ApiError(404, "data", "the server was started without a dataset");
  return dataset_json_;
}

json Api::pareto(const Params& params) const {
  if (!data_) throw ApiError(404, "data", "the server was started without a dataset");
  const auto names = split_commas(required_param(params, "objectives"));
  if (names.size() != 2) {
    throw ApiError(400, "objectives", fmt::format("got {} targets; give two: A,B", names.size()));
  }
  std::vector<search::Objective> objectives;
  for (const auto& n : names) {
    if (!data::is_target_name(n))
      throw ApiError(400, "objectives", fmt::format("'{}' is not a target name", n));
    objectives.push_back({n, data::target_info(n).direction});
  }
  std::vector<std::size_t> rows;
  std::vector<search::Point> points;
  for (std::size_t i = 0; i < data_->size(); ++i) {
    const auto a = (*data_)[i].target(names[0]);
    const auto b = (*data_)[i].target(names[1]);
    if (!a || !b) continue;
    rows.push_back(i);
    points.push_back({search::signed_value(*a, objectives[0].direction),
                      search::signed_value(*b, objectives[1].direction)});
  }
  // The non-dominated set by archive updates (O(n x front), not a full sort); of records with
  // equal values only the first is kept.
  std::vector<std::size_t> ids;
  std::vector<search::Point> archive;
  for (std::size_t k = 0; k < points.size(); ++k)
    search::update_archive(ids, archive, k, points[k]);
  std::sort(ids.begin(), ids.end(),
            [&](std::size_t x, std::size_t y) { return points[x][0] > points[y][0]; });
  json front = json::array();
  for (const std::size_t k : ids) {
    const data::Record& r = (*data_)[rows[k]];
    front.push_back({{"id", r.id},
                     {"arch", r.arch.to_string()},
                     {"values", {*r.target(names[0]), *r.target(names[1])}}});
  }
  json objs = json::array();
  for (const auto& o : objectives) {
    objs.push_back({{"name", o.name}, {"direction", search::direction_name(o.direction)}});
  }
  return {{"objectives", objs}, {"points", rows.size()}, {"front", front}};
}

surrogate::SearchBox Api::search_box(const std::vector<search::Objective>& objectives) const {
  const std::string key = objectives[0].name + "," + objectives[1].name;
  std::lock_guard<std::mutex> lock(boxes_mutex_);
  auto it = boxes_.find(key);
  if (it == boxes_.end()) {
    // The rules of `anb search` without a reference file (the reference's pair, else the models'
    // estimate), computed once per pair: an estimate queries the models thousands of times.
    it =
        boxes_.emplace(key, surrogate::search_box(objectives, {}, reference_, false, &bench_, true))
            .first;
  }
  return it->second;
}

struct Api::SearchSlot {
  explicit SearchSlot(std::atomic<std::size_t>& running, std::size_t cap) : running_(running) {
    if (running_.fetch_add(1) >= cap) {
      running_.fetch_sub(1);
      throw ApiError(503, "search",
                     fmt::format("{} search(es) already running; try again later", cap));
    }
  }
  ~SearchSlot() { running_.fetch_sub(1); }
  SearchSlot(const SearchSlot&) = delete;
  SearchSlot& operator=(const SearchSlot&) = delete;
  std::atomic<std::size_t>& running_;
};

json Api::search(const std::string& body) const {
  const json request = parse_body(body, limits_.max_json_depth);
  if (!request.is_object()) throw ApiError(400, "body", "expected a JSON object");
  search::SearchOptions options;
  try {
    options.algorithm =
        search::parse_algorithm(field_or<std::string>(request, "algorithm", "nsga2"));
  } catch (const ApiError&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, "algorithm", e.what());
  }
  const auto budget = integer_or(request, "budget", 600);
  if (budget < 1 || static_cast<std::size_t>(budget) > limits_.max_search_budget) {
    throw ApiError(budget < 1 ? 400 : 413, "budget",
                   fmt::format("got {}; must be 1..{}", budget, limits_.max_search_budget));
  }
  options.budget = static_cast<std::size_t>(budget);
  const auto population = integer_or(request, "population", 0);
  if (population < 0)
    throw ApiError(400, "population", fmt::format("got {}; must be >= 0", population));
  if (population > 0) {
    options.re.population = static_cast<std::size_t>(population);
    options.nsga2.population = static_cast<std::size_t>(population);
  }
  const std::int64_t seed_value = integer_or(request, "seed", 0);
  if (seed_value < 0) throw ApiError(400, "seed", fmt::format("got {}; must be >= 0", seed_value));
  const auto seed = static_cast<std::uint64_t>(seed_value);
  const bool noise = field_or<bool>(request, "noise", false);
  const auto names = field_or<std::vector<std::string>>(request, "objectives", {"accuracy"});
  if (names.empty() || names.size() > 2) {
    throw ApiError(400, "objectives", fmt::format("got {} targets; give one or two", names.size()));
  }
  const auto objectives = objectives_of(bench_, names, "objectives");
  try {
    options.validate(objectives.size());
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, "algorithm", e.what());
  }

  SearchSlot slot(searches_running_, limits_.max_concurrent_searches);
  std::vector<search::ObjectiveBounds> bounds;
  if (objectives.size() == 2) {
    const surrogate::SearchBox box = search_box(objectives);
    bounds = box.bounds;
    options.reinforce.reward = search::power_law_reward(box.reward_target, objectives[1].direction);
  }
  search::Problem problem = surrogate::benchmark_problems(bench_, objectives, bounds, noise)(seed);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(limits_.max_search_seconds));
  problem.evaluate = [inner = problem.evaluate, deadline, this](const space::Architecture& a) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw SearchTimeout(fmt::format("the search ran past {} s", limits_.max_search_seconds));
    }
    return inner(a);
  };
  search::Result result;
  try {
    result = search::run_search(problem, options, seed);
  } catch (const SearchTimeout& e) {
    throw ApiError(422, "budget", fmt::format("{}; ask for a smaller budget", e.what()));
  } catch (const std::domain_error& e) {
    throw ApiError(422, "objectives", e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  json evaluations = json::array();
  for (const auto& e : result.history) {
    evaluations.push_back(
        {{"arch", e.arch.to_string()}, {"values", e.values}, {"progress", e.progress}});
  }
  // The front after every step of ~1/20 of the evaluations (for the page's animation), built
  // with the same archive update the search used.
  json growth = json::array();
  if (objectives.size() == 2) {
    const std::size_t step = std::max<std::size_t>(1, result.history.size() / 20);
    std::vector<std::size_t> ids;
    std::vector<search::Point> points;
    for (std::size_t i = 0; i < result.history.size(); ++i) {
      search::update_archive(ids, points, i, result.history[i].scores);
      if ((i + 1) % step == 0 || i + 1 == result.history.size()) {
        growth.push_back({{"evaluations", i + 1}, {"front", ids}});
      }
    }
  }
  json objs = json::array();
  for (const auto& o : objectives) objs.push_back(objective_json(o, bench_));
  json bounds_json = json::array();
  for (const auto& b : bounds)
    bounds_json.push_back({{"reference", b.reference}, {"ideal", b.ideal}});
  return {{"algorithm", search::algorithm_name(options.algorithm)},
          {"objectives", objs},
          {"budget", options.budget},
          {"seed", seed},
          {"noise", noise},
          {"seconds", seconds},
          {"evaluations", evaluations},
          {"front", result.archive},
          {"front_growth", growth},
          {"best", result.best},
          {"progress", result.final_progress()},
          {"bounds", bounds_json}};
}

}  // namespace anb::serve
