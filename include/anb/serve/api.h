#pragma once
// The JSON API of `anb serve` (docs/serve.md), as plain functions of (method, path, query
// parameters, body) so that every handler is tested without sockets. The HTTP layer
// (server.h) only moves bytes.
//
// Every answer is JSON. Errors are {"error": {"field": F, "message": M}} with a 4xx status
// naming the request field that is wrong (a query parameter, "body", "archs[3]", "budget", ...).

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/space/architecture.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/search_setup.h"

namespace anb::serve {

// Query parameters (the same type as httplib::Params).
using Params = std::multimap<std::string, std::string>;

// What one request may ask for.
struct ApiLimits {
  std::size_t max_batch = 10000;         // architectures per POST /api/query
  std::size_t max_search_budget = 5000;  // evaluations per POST /api/search
  double max_search_seconds = 10.0;      // wall time of one search
  std::size_t max_concurrent_searches = 1;
  std::size_t max_json_depth = 16;  // nesting of request bodies

  // Throws std::invalid_argument naming the field, the value and the rule (all > 0).
  void validate() const;
};

// One answer: status and JSON body.
struct ApiResponse {
  int status = 200;
  std::string body;
};

// A request error: the HTTP status, the request field and what is wrong with it.
class ApiError : public std::invalid_argument {
 public:
  ApiError(int status, std::string field, const std::string& message);
  int status() const { return status_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string field_;
};

// {"error": {"field": field, "message": message}}.
std::string error_body(const std::string& field, const std::string& message);

class Api {
 public:
  // Serves `bench` and, when given, the measured `data` (GET /api/dataset, /api/pareto and the
  // measured values of /api/arch). A two-objective search takes its hypervolume box from
  // `reference` (search::default_reference() when not given) or, for a pair it lacks, from the
  // models' estimate: the rules of `anb search` (surrogate::search_box). Throws
  // std::invalid_argument for invalid limits.
  Api(surrogate::Benchmark bench, std::optional<data::Dataset> data, ApiLimits limits = {},
      std::optional<search::HypervolumeReference> reference = std::nullopt);
  ~Api();

  // Dispatches GET/POST under /api/; unknown paths give 404, wrong methods 405. Never throws:
  // every failure becomes a 4xx (or, for a bug, 500) error body.
  ApiResponse handle(const std::string& method, const std::string& path, const Params& params,
                     const std::string& body) const;

  // The handlers (throw ApiError or std::invalid_argument for bad requests).
  nlohmann::json targets() const;
  nlohmann::json query(const Params& params) const;                                 // GET
  nlohmann::json query_batch(const Params& params, const std::string& body) const;  // POST
  nlohmann::json arch(const Params& params) const;
  const std::string& dataset() const;  // pre-rendered JSON text
  nlohmann::json pareto(const Params& params) const;
  nlohmann::json search(const std::string& body) const;

  const surrogate::Benchmark& benchmark() const { return bench_; }
  const ApiLimits& limits() const { return limits_; }

 private:
  struct SearchSlot;
  // The box of a pair (surrogate::search_box), computed once per pair.
  surrogate::SearchBox search_box(const std::vector<search::Objective>& objectives) const;
  std::vector<std::size_t> records_of(const space::Architecture& arch) const;

  surrogate::Benchmark bench_;
  std::optional<data::Dataset> data_;
  ApiLimits limits_;
  search::HypervolumeReference reference_;
  std::string dataset_json_;
  std::unordered_map<space::Architecture, std::vector<std::size_t>, space::ArchitectureHash>
      by_arch_;
  mutable std::atomic<std::size_t> searches_running_{0};
  mutable std::mutex boxes_mutex_;
  mutable std::map<std::string, surrogate::SearchBox> boxes_;  // by "first,second"
};

// Parses a request body as JSON: 400 naming "body" for malformed JSON or nesting deeper than
// `max_depth`.
nlohmann::json parse_body(const std::string& body, std::size_t max_depth);

}  // namespace anb::serve
