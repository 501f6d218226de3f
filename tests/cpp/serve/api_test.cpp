#include "anb/serve/api.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

#include "anb/search/pareto.h"
#include "anb/space/cost.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/query_json.h"
#include "anb/surrogate/search_setup.h"
#include "error_message.h"
#include "synthetic_models.h"

namespace anb::serve {
namespace {

using nlohmann::json;
using testing::SyntheticModels;

const char* kB0 = "e1666666-k3353553-l1223341-seTTTTTTT";

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { api_ = new Api(SyntheticModels::get().api()); }
  static void TearDownTestSuite() {
    delete api_;
    api_ = nullptr;
  }
  static ApiResponse get(const std::string& path, const Params& params = {}) {
    return api_->handle("GET", path, params, "");
  }
  static ApiResponse post(const std::string& path, const std::string& body,
                          const Params& params = {}) {
    return api_->handle("POST", path, params, body);
  }
  // The JSON of an error answer, checked for status and field.
  static json expect_error(const ApiResponse& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    const json j = json::parse(r.body);
    EXPECT_EQ(j.at("error").at("field"), field) << r.body;
    EXPECT_FALSE(j.at("error").at("message").get<std::string>().empty());
    return j;
  }
  static inline Api* api_ = nullptr;
};

TEST_F(ApiTest, TargetsListFittedTargetsWithUnitsAndDirections) {
  const ApiResponse r = get("/api/targets");
  ASSERT_EQ(r.status, 200);
  const json j = json::parse(r.body);
  ASSERT_EQ(j["targets"].size(), 3u);
  EXPECT_EQ(j["targets"][0]["name"], "accuracy");
  EXPECT_EQ(j["targets"][0]["unit"], "%");
  EXPECT_EQ(j["targets"][2]["name"], "latency_zcu102");
  EXPECT_EQ(j["targets"][2]["direction"], "minimize");
  EXPECT_EQ(j["targets"][2]["device"], "zcu102");
  EXPECT_EQ(j["data"], SyntheticModels::get().records().size());
}

TEST_F(ApiTest, QueryIsThePredictionObjectOfTheCommandLine) {
  const ApiResponse r = get("/api/query", {{"arch", "efficientnet-b0"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  const auto& bench = api_->benchmark();
  EXPECT_EQ(j, surrogate::prediction_json(bench, space::Architecture::efficientnet_b0(),
                                          bench.targets()));
  EXPECT_EQ(j["arch"], kB0);
  const auto p = bench.query(space::Architecture::efficientnet_b0(), "throughput_a100");
  EXPECT_EQ(j["targets"]["throughput_a100"]["mean"].get<double>(), p.mean);
  EXPECT_EQ(j["targets"]["throughput_a100"]["std"].get<double>(), p.std);
  EXPECT_EQ(j["targets"]["throughput_a100"]["unit"], "images/s");
}

TEST_F(ApiTest, QueryWithIntervalAddsTheCalibratedBounds) {
  const auto& bench = api_->benchmark();
  const ApiResponse r = get("/api/query", {{"arch", kB0}, {"interval", "0.9"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j, surrogate::prediction_json(bench, space::Architecture::efficientnet_b0(),
                                          bench.targets(), 0.9));
  ASSERT_TRUE(bench.has_interval("accuracy"));
  const json& acc = j["targets"]["accuracy"];
  const auto q = bench.query_interval(space::Architecture::efficientnet_b0(), "accuracy", 0.9);
  EXPECT_EQ(acc["lower"].get<double>(), q.lower);
  EXPECT_EQ(acc["upper"].get<double>(), q.upper);
  EXPECT_EQ(acc["level"].get<double>(), 0.9);
  EXPECT_LT(acc["lower"].get<double>(), acc["upper"].get<double>());
  const json batch =
      json::parse(post("/api/query", json::array({kB0}).dump(), {{"interval", "0.9"}}).body);
  EXPECT_EQ(batch[0], j);
  for (const std::string bad : {"1.5", "0", "x", "0.9abc"}) {
    expect_error(get("/api/query", {{"arch", kB0}, {"interval", bad}}), 400, "interval");
  }
  EXPECT_FALSE(json::parse(get("/api/query", {{"arch", kB0}}).body)["targets"]["accuracy"].contains(
      "lower"));
}

TEST_F(ApiTest, QueryTargetsSubsetInTheGivenOrder) {
  const json j =
      json::parse(get("/api/query", {{"arch", kB0}, {"targets", "latency_zcu102,accuracy"}}).body);
  ASSERT_EQ(j["targets"].size(), 2u);
  EXPECT_TRUE(j["targets"].contains("latency_zcu102"));
  EXPECT_FALSE(j["targets"].contains("throughput_a100"));
}

TEST_F(ApiTest, QueryErrorsNameTheField) {
  expect_error(get("/api/query"), 400, "arch");
  const json bad = expect_error(get("/api/query", {{"arch", "e1666666-k3353553"}}), 400, "arch");
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("e1666666-k3353553"),
            std::string::npos);
  expect_error(get("/api/query", {{"arch", "e9666666-k3353553-l1223341-seTTTTTTT"}}), 400, "arch");
  const json unknown = expect_error(
      get("/api/query", {{"arch", kB0}, {"targets", "throughput_tpuv9"}}), 400, "targets");
  EXPECT_NE(unknown["error"]["message"].get<std::string>().find("throughput_tpuv9"),
            std::string::npos);
  expect_error(get("/api/query", {{"arch", kB0}, {"targets", "not a target"}}), 400, "targets");
}

TEST_F(ApiTest, BatchQueryEqualsSingleQueries) {
  const auto archs = space::sample(50, 9);
  json body = json::array();
  for (const auto& a : archs) body.push_back(a.to_string());
  const ApiResponse r = post("/api/query", body.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j.size(), archs.size());
  for (std::size_t i = 0; i < archs.size(); ++i) {
    EXPECT_EQ(j[i], json::parse(get("/api/query", {{"arch", archs[i].to_string()}}).body));
  }
  EXPECT_EQ(json::parse(post("/api/query", "[]").body), json::array());
}

TEST_F(ApiTest, BatchQueryErrorsNameTheField) {
  expect_error(post("/api/query", "[\"efficientnet-b0\","), 400, "body");
  expect_error(post("/api/query", ""), 400, "body");
  expect_error(post("/api/query", "{\"arch\": 1}"), 400, "body");
  expect_error(post("/api/query", "[\"efficientnet-b0\", 7]"), 400, "body[1]");
  expect_error(post("/api/query", "[\"efficientnet-b0\", \"efficientnet-b0\", \"bogus\"]"), 400,
               "body[2]");
  expect_error(post("/api/query", "[\"efficientnet-b0\"]", {{"targets", "nope_x"}}), 400,
               "targets");
  // Deep nesting is refused before parsing (a megabyte of '[' must not recurse).
  expect_error(post("/api/query", std::string(1 << 20, '[')), 400, "body");
}

TEST(ApiLimitsTest, HugeBatchIs413AndLimitsAreValidated) {
  ApiLimits limits;
  limits.max_batch = 5;
  const Api api = SyntheticModels::get().api(limits);
  json body = json::array();
  for (int i = 0; i < 6; ++i) body.push_back("efficientnet-b0");
  const ApiResponse r = api.handle("POST", "/api/query", {}, body.dump());
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "body");
  body.erase(0);
  EXPECT_EQ(api.handle("POST", "/api/query", {}, body.dump()).status, 200);

  ApiLimits bad;
  bad.max_search_seconds = 0.0;
  EXPECT_NE(anb::testing::error_of([&] { bad.validate(); }).find("max_search_seconds"),
            std::string::npos);
  bad = ApiLimits{};
  bad.max_batch = 0;
  EXPECT_NE(anb::testing::error_of([&] { bad.validate(); }).find("max_batch"), std::string::npos);
}

TEST_F(ApiTest, ArchCardHasStagesCostNeighboursAndMeasuredValues) {
  const json j = json::parse(get("/api/arch", {{"arch", "efficientnet-b0"}}).body);
  const auto b0 = space::Architecture::efficientnet_b0();
  EXPECT_EQ(j["arch"], kB0);
  EXPECT_EQ(j["index"], space::index_of(b0));
  EXPECT_DOUBLE_EQ(j["macs"].get<double>(), space::cost(b0).mmacs());
  EXPECT_DOUBLE_EQ(j["params"].get<double>(), space::cost(b0).mparams());
  ASSERT_EQ(j["stages"].size(), 7u);
  EXPECT_EQ(j["stages"][5]["layers"], 4);
  EXPECT_EQ(j["stages"][1]["expansion"], 6);
  EXPECT_EQ(j["stages"][0]["se"], true);
  EXPECT_EQ(j["neighbours"].size(), space::neighbours(b0).size());
  ASSERT_EQ(j["measured"].size(), 1u);  // the synthetic data holds B0 once
  const data::Record& rec = SyntheticModels::get().records().records().back();
  EXPECT_EQ(j["measured"][0]["id"], rec.id);
  EXPECT_EQ(j["measured"][0]["values"]["accuracy"].get<double>(), *rec.val_top1);

  const json other =
      json::parse(get("/api/arch", {{"arch", "e1111111-k3333333-l1111111-seFFFFFFF"}}).body);
  EXPECT_TRUE(other["measured"].empty());
  expect_error(get("/api/arch", {{"arch", "../../etc/passwd"}}), 400, "arch");
  expect_error(get("/api/arch"), 400, "arch");
}

TEST_F(ApiTest, DatasetHasEveryRecordWithItsValues) {
  const ApiResponse r = get("/api/dataset");
  ASSERT_EQ(r.status, 200);
  const json j = json::parse(r.body);
  const auto& records = SyntheticModels::get().records();
  ASSERT_EQ(j["size"], records.size());
  ASSERT_EQ(j["records"].size(), records.size());
  EXPECT_EQ(j["records"][3]["id"], records[3].id);
  EXPECT_EQ(j["records"][3]["arch"], records[3].arch.to_string());
  EXPECT_EQ(j["records"][3]["values"]["throughput_a100"].get<double>(),
            *records[3].target("throughput_a100"));
  EXPECT_EQ(j["targets"].size(), 3u);
}

TEST(ApiNoDataTest, DatasetAndParetoAre404WithoutData) {
  const Api api = SyntheticModels::get().api({}, false);
  for (const std::string path : {"/api/dataset", "/api/pareto"}) {
    const ApiResponse r = api.handle("GET", path, {{"objectives", "accuracy,latency_zcu102"}}, "");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(json::parse(r.body)["error"]["field"], "data");
  }
  EXPECT_EQ(json::parse(api.handle("GET", "/api/targets", {}, "").body)["data"], nullptr);
  EXPECT_EQ(api.handle("GET", "/api/arch", {{"arch", kB0}}, "").status, 200);
}

TEST_F(ApiTest, MeasuredParetoFrontIsExactlyTheNonDominatedRecords) {
  for (const std::string second : {"throughput_a100", "latency_zcu102"}) {
    const json j = json::parse(get("/api/pareto", {{"objectives", "accuracy," + second}}).body);
    const bool minimise = second == "latency_zcu102";
    // An independent check of dominance in natural units.
    auto dominates = [&](double a1, double b1, double a2, double b2) {
      const bool better_b = minimise ? b1 <= b2 : b1 >= b2;
      const bool strictly = a1 > a2 || (minimise ? b1 < b2 : b1 > b2);
      return a1 >= a2 && better_b && strictly;
    };
    std::set<std::pair<double, double>> front;  // by values: of equal records one is listed
    for (const auto& f : j["front"])
      front.insert({f["values"][0].get<double>(), f["values"][1].get<double>()});
    ASSERT_FALSE(front.empty());
    for (const auto& r : SyntheticModels::get().records().records()) {
      bool dominated = false;
      for (const auto& o : SyntheticModels::get().records().records()) {
        dominated = dominated || dominates(*o.target("accuracy"), *o.target(second),
                                           *r.target("accuracy"), *r.target(second));
      }
      EXPECT_EQ(front.count({*r.target("accuracy"), *r.target(second)}) == 1, !dominated)
          << r.id << " " << second;
    }
    for (std::size_t i = 1; i < j["front"].size(); ++i) {
      EXPECT_GE(j["front"][i - 1]["values"][0].get<double>(),
                j["front"][i]["values"][0].get<double>());
    }
  }
  expect_error(get("/api/pareto", {{"objectives", "accuracy"}}), 400, "objectives");
  expect_error(get("/api/pareto", {{"objectives", "accuracy,../etc"}}), 400, "objectives");
  expect_error(get("/api/pareto"), 400, "objectives");
}

TEST_F(ApiTest, SearchReturnsTrajectoryFrontAndItsGrowth) {
  const std::string body =
      R"({"algorithm": "nsga2", "objectives": ["accuracy", "throughput_a100"], "budget": 120,
          "seed": 4, "population": 20})";
  const ApiResponse r = post("/api/search", body);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["algorithm"], "nsga2");
  ASSERT_EQ(j["evaluations"].size(), 120u);
  ASSERT_FALSE(j["front"].empty());
  std::vector<search::Point> points;
  for (const auto& e : j["evaluations"]) points.push_back(e["values"].get<std::vector<double>>());
  for (const auto& i : j["front"]) {  // no evaluation dominates a front member
    for (const auto& p : points) EXPECT_FALSE(search::dominates(p, points[i.get<std::size_t>()]));
  }
  ASSERT_FALSE(j["front_growth"].empty());
  EXPECT_EQ(j["front_growth"].back()["evaluations"], 120);
  const auto last = j["front_growth"].back()["front"].get<std::vector<std::size_t>>();
  const auto final_front = j["front"].get<std::vector<std::size_t>>();
  EXPECT_EQ(std::set<std::size_t>(last.begin(), last.end()),
            std::set<std::size_t>(final_front.begin(), final_front.end()));
  EXPECT_GT(j["progress"].get<double>(), 0.0);
  // Same seed, same run.
  json again = json::parse(post("/api/search", body).body);
  again.erase("seconds");
  json first = j;
  first.erase("seconds");
  EXPECT_EQ(first, again);
}

// A two-objective search of serve is `anb search`'s (surrogate::make_search_setup and
// run_search_setup): the same box (the reference's pair, or the models' estimate for a pair the
// reference lacks) and the same evaluations for the same seed.
TEST_F(ApiTest, SearchAgreesWithTheSharedSearchSetup) {
  const surrogate::Benchmark& bench = api_->benchmark();
  for (const auto& names : {std::vector<std::string>{"accuracy", "throughput_a100"},
                            std::vector<std::string>{"throughput_a100", "latency_zcu102"}}) {
    surrogate::SearchSpec spec;
    spec.algorithm = "nsga2";
    spec.objectives = names;
    spec.budget = 60;
    spec.population = 20;
    spec.seeds = {4};
    spec.threads = 1;
    const surrogate::SearchSetup setup = surrogate::make_search_setup(spec, &bench);
    EXPECT_EQ(setup.box, names[0] == "accuracy" ? surrogate::BoxSource::kReference
                                                : surrogate::BoxSource::kEstimated);
    const surrogate::SearchRuns runs = surrogate::run_search_setup(setup, bench);
    const json body = {{"algorithm", "nsga2"},
                       {"objectives", names},
                       {"budget", 60},
                       {"seed", 4},
                       {"population", 20}};
    for (int repeat = 0; repeat < 2; ++repeat) {  // the second answer comes from serve's cache
      const ApiResponse r = post("/api/search", body.dump());
      ASSERT_EQ(r.status, 200) << r.body;
      const json j = json::parse(r.body);
      ASSERT_EQ(j["bounds"].size(), 2u);
      for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(j["bounds"][k]["reference"].get<double>(), setup.bounds[k].reference);
        EXPECT_EQ(j["bounds"][k]["ideal"].get<double>(), setup.bounds[k].ideal);
      }
      const auto& history = runs.results.at(0).history;
      ASSERT_EQ(j["evaluations"].size(), history.size());
      for (std::size_t i = 0; i < history.size(); ++i) {
        EXPECT_EQ(j["evaluations"][i]["arch"], history[i].arch.to_string()) << i;
        EXPECT_EQ(j["evaluations"][i]["values"].get<std::vector<double>>(), history[i].values) << i;
      }
      EXPECT_EQ(j["progress"].get<double>(), runs.results[0].final_progress());
    }
  }
}

// Without a reference of its own, serve takes search::default_reference(), as `anb search` does.
TEST(ApiReference, DefaultsToTheDefaultReference) {
  const Api api(surrogate::Benchmark::load(SyntheticModels::get().dir() / "models"), std::nullopt);
  const ApiResponse r = api.handle(
      "POST", "/api/search", {},
      R"({"algorithm": "rs", "budget": 5, "objectives": ["accuracy", "latency_zcu102"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  const search::HypervolumeReference reference = search::default_reference();
  const auto& pair = reference.pair("accuracy", "latency_zcu102");
  ASSERT_EQ(j["bounds"].size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(j["bounds"][k]["reference"].get<double>(), pair.bounds[k].reference);
    EXPECT_EQ(j["bounds"][k]["ideal"].get<double>(), pair.bounds[k].ideal);
  }
}

TEST_F(ApiTest, SingleObjectiveSearchAndMinimisedDevice) {
  const json one = json::parse(post("/api/search", R"({"algorithm": "re", "budget": 50})").body);
  EXPECT_EQ(one["evaluations"].size(), 50u);
  EXPECT_TRUE(one["front_growth"].empty());
  const ApiResponse two =
      post("/api/search",
           R"({"algorithm": "rs", "budget": 40, "objectives": ["accuracy", "latency_zcu102"]})");
  EXPECT_EQ(two.status, 200) << two.body;
}

TEST_F(ApiTest, SearchErrorsNameTheField) {
  expect_error(post("/api/search", R"({"budget": 100000000})"), 413, "budget");
  expect_error(post("/api/search", R"({"budget": 0})"), 400, "budget");
  expect_error(post("/api/search", R"({"budget": -5})"), 400, "budget");
  expect_error(post("/api/search", R"({"budget": "many"})"), 400, "budget");
  expect_error(post("/api/search", R"({"algorithm": "simulated-annealing"})"), 400, "algorithm");
  expect_error(
      post("/api/search", R"({"algorithm": "re", "objectives": ["accuracy", "throughput_a100"]})"),
      400, "algorithm");
  expect_error(post("/api/search", R"({"objectives": ["accuracy", "throughput_h100"]})"), 400,
               "objectives");
  expect_error(post("/api/search", R"({"objectives": ["a", "b", "c"]})"), 400, "objectives");
  expect_error(post("/api/search", R"({"objectives": "accuracy"})"), 400, "objectives");
  expect_error(post("/api/search", R"({"seed": -1})"), 400, "seed");
  expect_error(post("/api/search", R"({"population": -1})"), 400, "population");
  expect_error(post("/api/search", "[1, 2]"), 400, "body");
  expect_error(post("/api/search", "{\"budget\": "), 400, "body");
}

TEST(ApiSearchLimitTest, SearchPastItsTimeLimitIs422) {
  ApiLimits limits;
  limits.max_search_seconds = 1e-9;
  const Api api = SyntheticModels::get().api(limits);
  const ApiResponse r =
      api.handle("POST", "/api/search", {}, R"({"algorithm": "rs", "budget": 2000})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "budget");
}

TEST_F(ApiTest, UnknownPathsAndMethods) {
  expect_error(get("/api/nothing"), 404, "path");
  expect_error(get("/api/../../etc/passwd"), 404, "path");
  expect_error(post("/api/targets", "{}"), 405, "method");
  expect_error(get("/api/search"), 405, "method");
  expect_error(api_->handle("DELETE", "/api/query", {}, ""), 405, "method");
}

}  // namespace
}  // namespace anb::serve

namespace anb::serve {
namespace {

// Searches from several threads at once: each answer is a finished search or, beyond the one
// allowed at a time, 503 naming "search"; nothing else, and the slot is always given back.
TEST(ApiSearchLimitTest, ConcurrentSearchesGetAnswersOr503) {
  const Api api = testing::SyntheticModels::get().api();
  std::vector<int> statuses(12, 0);
  std::vector<std::string> fields(12);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t k = 0; k < 3; ++k) {
        const ApiResponse r = api.handle(
            "POST", "/api/search", {},
            R"({"algorithm": "rs", "budget": 400, "objectives": ["accuracy", "throughput_a100"]})");
        statuses[t * 3 + k] = r.status;
        if (r.status != 200) fields[t * 3 + k] = json::parse(r.body)["error"]["field"];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    EXPECT_TRUE(statuses[i] == 200 || (statuses[i] == 503 && fields[i] == "search"))
        << statuses[i] << " " << fields[i];
  }
  EXPECT_EQ(api.handle("POST", "/api/search", {}, R"({"algorithm": "rs", "budget": 10})").status,
            200);
}

}  // namespace
}  // namespace anb::serve
