#include "anb/surrogate/tree_ensemble.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "surrogate/tree_ensemble_fixture.h"

namespace anb::surrogate {
namespace {

using testing::Sample;

constexpr std::size_t kF = space::kNumDecisions;

// Three members of one depth, differing by seed and row/column subsampling.
struct Models {
  std::vector<std::string> texts;
  std::vector<std::string> names;
};

Models train_members(int depth, int rounds, const std::string& method) {
  const Sample train = testing::sample_features(1000, 11);
  const std::vector<float> y = testing::synthetic_target(train, 12);
  Models m;
  for (int seed = 1; seed <= 3; ++seed) {
    const std::map<std::string, std::string> params = {
        {"max_depth", std::to_string(depth)}, {"eta", "0.3"},
        {"subsample", "0.8"},                 {"colsample_bylevel", "0.8"},
        {"tree_method", method},              {"seed", std::to_string(seed)},
        {"min_child_weight", "1"}};
    m.texts.push_back(testing::train_json(train, y, params, rounds));
    m.names.push_back("depth" + std::to_string(depth) + "_member_" + std::to_string(seed) + ".json");
  }
  return m;
}

const Sample& queries() {
  static const Sample s = testing::sample_features(1000, 99);
  return s;
}

std::vector<TreeCompileOptions> option_variants() {
  std::vector<TreeCompileOptions> out;
  for (const std::size_t cap : {std::size_t{0}, std::size_t{8}, std::size_t{64}, std::size_t{4096}}) {
    for (const bool merge : {false, true}) {
      TreeCompileOptions o;
      o.max_table_entries = cap;
      o.merge_tables = merge;
      out.push_back(o);
    }
  }
  return out;
}

bool close(double ours, double xgb) {
  return std::abs(ours - xgb) <= 1e-5 * std::max(1.0, std::abs(xgb));
}

struct DepthCase {
  int depth;
  int rounds;
  const char* method;
};

class TreeEnsembleExact : public ::testing::TestWithParam<DepthCase> {};

TEST_P(TreeEnsembleExact, EqualsXgboostOnEveryArchitectureForEveryCompileOption) {
  const DepthCase c = GetParam();
  const Models models = train_members(c.depth, c.rounds, c.method);
  const Sample& q = queries();
  std::vector<std::vector<float>> expected;
  for (const std::string& t : models.texts) expected.push_back(testing::xgb_predict(t, q));

  for (const TreeCompileOptions& o : option_variants()) {
    const TreeEnsemble e = TreeEnsemble::from_xgboost_json(models.texts, models.names, o);
    ASSERT_EQ(e.num_members(), 3u);
    const TreeEnsemble::Stats st = e.stats();
    EXPECT_EQ(st.trees, 3u * static_cast<std::size_t>(c.rounds));
    if (o.max_table_entries == 0) {
      EXPECT_EQ(st.flat_trees, st.trees);
    }
    int wrong = 0;
    std::vector<double> out(3);
    std::vector<double> single(q.n * 3);
    for (std::size_t i = 0; i < q.n; ++i) {
      e.predict_members(&q.x[i * kF], out.data());
      for (std::size_t m = 0; m < 3; ++m) wrong += close(out[m], expected[m][i]) ? 0 : 1;
      std::copy(out.begin(), out.end(), &single[i * 3]);
    }
    EXPECT_EQ(wrong, 0) << "cap " << o.max_table_entries << " merge " << o.merge_tables;
    // Choice rows in batches of any size give the single-row values bit for bit.
    std::vector<std::uint8_t> choices(q.x.size());
    for (std::size_t i = 0; i < q.x.size(); ++i) choices[i] = static_cast<std::uint8_t>(q.x[i]);
    for (const std::size_t n : {q.n, std::size_t{1}, std::size_t{131}}) {
      std::vector<double> batch(n * 3);
      e.predict_members_choices(choices.data(), n, batch.data());
      int differ = 0;
      for (std::size_t i = 0; i < n * 3; ++i) differ += batch[i] == single[i] ? 0 : 1;
      EXPECT_EQ(differ, 0) << "batch of " << n << ", cap " << o.max_table_entries;
    }
    std::vector<double> mean(q.n), sd(q.n);
    e.predict_batch(q.x.data(), q.n, mean.data(), sd.data());
    int wrong_mean = 0;
    for (std::size_t i = 0; i < q.n; ++i) {
      const double xgb_mean = (static_cast<double>(expected[0][i]) + expected[1][i] + expected[2][i]) / 3.0;
      wrong_mean += close(mean[i], xgb_mean) ? 0 : 1;
    }
    EXPECT_EQ(wrong_mean, 0) << "batch, cap " << o.max_table_entries;
  }
}

INSTANTIATE_TEST_SUITE_P(Depths, TreeEnsembleExact,
                         ::testing::Values(DepthCase{1, 40, "hist"}, DepthCase{2, 40, "hist"},
                                           DepthCase{3, 40, "hist"}, DepthCase{4, 30, "exact"},
                                           DepthCase{5, 20, "hist"}, DepthCase{6, 20, "hist"},
                                           DepthCase{12, 8, "hist"}));

const Models& depth3() {
  static const Models m = train_members(3, 30, "hist");
  return m;
}

// Batches longer than one evaluator block (8,192 rows) give every row its single-row values,
// bit for bit, in the first block, the last (partial) one and across the boundary.
TEST(TreeEnsemble, BatchesSpanningSeveralBlocksEqualSingleRows) {
  const Models& models = depth3();
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json(models.texts, models.names);
  const Sample& q = queries();
  constexpr std::size_t kRows = 2 * 8192 + 37;
  std::vector<std::uint8_t> choices(kRows * kF);
  for (std::size_t r = 0; r < kRows; ++r) {
    for (std::size_t f = 0; f < kF; ++f)
      choices[r * kF + f] = static_cast<std::uint8_t>(q.x[(r % q.n) * kF + f]);
  }
  std::vector<double> batch(kRows * 3);
  e.predict_members_choices(choices.data(), kRows, batch.data());
  int differ = 0;
  std::vector<double> one(3);
  for (std::size_t r = 0; r < kRows; ++r) {
    e.predict_members_choices(&choices[r * kF], 1, one.data());
    for (std::size_t m = 0; m < 3; ++m) differ += batch[r * 3 + m] == one[m] ? 0 : 1;
  }
  EXPECT_EQ(differ, 0);
  // Rows repeat every q.n rows, so a row in the third block equals its copy in the first.
  EXPECT_EQ(batch[(2 * 8192 + 5) * 3], batch[((2 * 8192 + 5) % q.n) * 3]);
}

// XGBoost's prediction as XGBoost computes it: float32 features compared with float32 split
// conditions, and leaf values added one tree after another to a float32 running sum that
// starts at base_score.
float float32_reference(const nlohmann::json& model, const float* x) {
  const nlohmann::json& learner = model["learner"];
  float sum = std::stof(learner["learner_model_param"]["base_score"].get<std::string>());
  for (const nlohmann::json& t : learner["gradient_booster"]["model"]["trees"]) {
    std::size_t i = 0;
    while (t["left_children"][i].get<int>() >= 0) {
      const float cond = t["split_conditions"][i].get<float>();
      const bool left = x[t["split_indices"][i].get<std::size_t>()] < cond;
      i = (left ? t["left_children"][i] : t["right_children"][i]).get<std::size_t>();
    }
    sum += t["split_conditions"][i].get<float>();
  }
  return sum;
}

TEST(TreeEnsemble, XgboostSumsInFloat32InTreeOrder) {
  // Documents where the (tiny) difference to XGBoost comes from: its float32 accumulation,
  // reproduced bit for bit here, while TreeEnsemble sums the same float32 leaves in double.
  const nlohmann::json model = nlohmann::json::parse(depth3().texts[0]);
  const Sample& q = queries();
  const std::vector<float> xgb = testing::xgb_predict(depth3().texts[0], q);
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json({depth3().texts[0]}, {"m.json"});
  for (std::size_t i = 0; i < 200; ++i) {
    ASSERT_EQ(float32_reference(model, &q.xf[i * kF]), xgb[i]) << i;
    double ours = 0.0;
    e.predict_members(&q.x[i * kF], &ours);
    ASSERT_TRUE(close(ours, xgb[i])) << ours << " vs " << xgb[i];
  }
}

TEST(TreeEnsemble, HalvesTheTableCapUntilTheTablesFitTheByteBudget) {
  const Models models = train_members(6, 20, "hist");
  TreeCompileOptions o;
  o.max_table_entries = 4096;
  o.max_table_bytes = std::size_t{1} << 20;
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json(models.texts, models.names, o);
  const TreeEnsemble::Stats st = e.stats();
  EXPECT_LE(st.table_entries * 4 * sizeof(double), o.max_table_bytes);  // 3 members, padded 4
  EXPECT_LE(st.table_entry_cap, 4096u);
  const TreeEnsemble unlimited = TreeEnsemble::from_xgboost_json(
      models.texts, models.names, TreeCompileOptions{4096, true, std::size_t{1} << 30});
  EXPECT_EQ(unlimited.stats().table_entry_cap, 4096u);
  EXPECT_GT(unlimited.stats().table_entries * 4 * sizeof(double), o.max_table_bytes)
      << "the budget case should need the fallback";
  EXPECT_LT(st.table_entry_cap, 4096u);
  const Sample& q = queries();
  const std::vector<float> expected = testing::xgb_predict(models.texts[0], q);
  std::vector<double> out(3);
  for (std::size_t i = 0; i < q.n; ++i) {
    e.predict_members(&q.x[i * kF], out.data());
    ASSERT_TRUE(close(out[0], expected[i])) << i;
  }
}

TEST(TreeEnsemble, MeanAndStdAreOverMembers) {
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json(depth3().texts, depth3().names);
  const Sample& q = queries();
  std::vector<double> mean(q.n), sd(q.n);
  e.predict_batch(q.x.data(), q.n, mean.data(), sd.data());
  for (std::size_t i = 0; i < q.n; ++i) {
    double v[3];
    e.predict_members(&q.x[i * kF], v);
    const double mu = (v[0] + v[1] + v[2]) / 3.0;
    const double var = ((v[0] - mu) * (v[0] - mu) + (v[1] - mu) * (v[1] - mu) +
                        (v[2] - mu) * (v[2] - mu)) / 3.0;
    double m1 = 0.0, s1 = 0.0;
    e.predict(&q.x[i * kF], m1, s1);
    ASSERT_NEAR(m1, mu, 1e-12);
    ASSERT_NEAR(s1, std::sqrt(var), 1e-12);
    // The batch path sums the same values in the same order: bit for bit.
    ASSERT_EQ(mean[i], m1) << i;
    ASSERT_EQ(sd[i], s1) << i;
  }
}

TEST(TreeEnsemble, ConcurrentQueriesMatchSequentialOnes) {
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json(depth3().texts, depth3().names);
  const Sample& q = queries();
  std::vector<double> mean(q.n);
  for (std::size_t i = 0; i < q.n; ++i) {
    double s = 0.0;
    e.predict(&q.x[i * kF], mean[i], s);
  }
  std::vector<std::vector<double>> got(4, std::vector<double>(q.n));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < q.n; ++i) {
        double s = 0.0;
        e.predict(&q.x[i * kF], got[t][i], s);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t t = 0; t < 4; ++t) EXPECT_EQ(got[t], mean);
}

TEST(TreeEnsemble, StatsCountTreesAndLeaves) {
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json(depth3().texts, depth3().names);
  const TreeEnsemble::Stats st = e.stats();
  EXPECT_EQ(st.trees, 90u);
  EXPECT_GT(st.leaves, 90u);
  EXPECT_LE(st.leaves, 90u * 8u);
  // Depth-3 trees read at most 3 features per leaf: at most 4^3 = 64 entries, so all tabled.
  EXPECT_EQ(st.flat_trees, 0u);
  EXPECT_GT(st.tables, 0u);
  EXPECT_LE(st.table_entries, st.tables * TreeCompileOptions{}.max_table_entries);
}

// Expects from_xgboost_json to throw std::invalid_argument whose message names `name` and
// contains `fragment`.
void expect_rejected(const std::string& text, const std::string& name, const std::string& fragment) {
  try {
    TreeEnsemble::from_xgboost_json({depth3().texts[0], text}, {"good.json", name});
    ADD_FAILURE() << "accepted " << name;
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(name), std::string::npos) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  }
}

TEST(TreeEnsemble, RejectsMalformedAndTruncatedJson) {
  expect_rejected("{not json", "bad.json", "malformed");
  const std::string& good = depth3().texts[1];
  expect_rejected(good.substr(0, good.size() / 2), "truncated.json", "malformed");
  expect_rejected("{}", "empty.json", "missing field 'learner'");
  expect_rejected("[1, 2]", "array.json", "not a JSON object");
}

TEST(TreeEnsemble, RejectsOtherBoostersAndObjectives) {
  const Sample train = testing::sample_features(200, 5);
  const std::vector<float> y = testing::synthetic_target(train, 6);
  expect_rejected(testing::train_json(train, y, {{"booster", "gblinear"}}, 3), "linear.json",
                  "gblinear");
  expect_rejected(testing::train_json(train, y, {{"booster", "dart"}}, 3), "dart.json", "dart");
  std::vector<float> labels(train.n);
  for (std::size_t i = 0; i < train.n; ++i) labels[i] = y[i] > 75.0f ? 1.0f : 0.0f;
  expect_rejected(testing::train_json(train, labels, {{"objective", "binary:logistic"}}, 3),
                  "logistic.json", "binary:logistic");
}

// The first tree of `model` with at least 7 nodes.
nlohmann::json& big_tree(nlohmann::json& model) {
  for (nlohmann::json& t : model["learner"]["gradient_booster"]["model"]["trees"]) {
    if (t["left_children"].size() >= 7) return t;
  }
  throw std::runtime_error("no tree with 7 nodes");
}

TEST(TreeEnsemble, RejectsFeatureIndexOutsideEncoding) {
  nlohmann::json j = nlohmann::json::parse(depth3().texts[1]);
  big_tree(j)["split_indices"][0] = 28;
  expect_rejected(j.dump(), "feature.json", "split feature index 28");
}

TEST(TreeEnsemble, RejectsBrokenTreeStructure) {
  nlohmann::json j = nlohmann::json::parse(depth3().texts[1]);
  big_tree(j)["left_children"][0] = big_tree(j)["right_children"][0];
  expect_rejected(j.dump(), "cycle.json", "reached twice");
  j = nlohmann::json::parse(depth3().texts[1]);
  big_tree(j)["right_children"][0] = 100000;
  expect_rejected(j.dump(), "range.json", "out of range");
  j = nlohmann::json::parse(depth3().texts[1]);
  big_tree(j)["split_conditions"].erase(0);
  expect_rejected(j.dump(), "short.json", "split_conditions");
  j = nlohmann::json::parse(depth3().texts[1]);
  j["learner"]["learner_model_param"]["base_score"] = "abc";
  expect_rejected(j.dump(), "base.json", "base_score");
}

TEST(TreeEnsemble, RejectsMismatchedArgumentsAndOptions) {
  EXPECT_THROW(TreeEnsemble::from_xgboost_json({depth3().texts[0]}, {}), std::invalid_argument);
  EXPECT_THROW(TreeEnsemble::from_xgboost_json({}, {}), std::invalid_argument);
  TreeCompileOptions small;
  small.max_table_bytes = 1000;
  EXPECT_THROW(small.validate(), std::invalid_argument);
  TreeCompileOptions o;
  o.max_table_entries = 5000;
  try {
    o.validate();
    ADD_FAILURE() << "accepted max_table_entries 5000";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("max_table_entries = 5000"), std::string::npos);
  }
}

TEST(TreeEnsemble, EmptyEnsembleRefusesQueries) {
  const TreeEnsemble e;
  EXPECT_EQ(e.num_members(), 0u);
  const std::vector<double> x(queries().x.begin(), queries().x.begin() + kF);
  double mean = 0.0, sd = 0.0;
  EXPECT_THROW(e.predict(x.data(), mean, sd), std::logic_error);
}

TEST(TreeEnsemble, RejectsFeaturesOutsideTheirChoices) {
  const TreeEnsemble e = TreeEnsemble::from_xgboost_json(depth3().texts, depth3().names);
  std::vector<double> x(queries().x.begin(), queries().x.begin() + kF);
  double mean = 0.0, sd = 0.0;
  EXPECT_NO_THROW(e.predict(x.data(), mean, sd));
  for (const double bad : {-1.0, 0.5, 2.0, std::nan("")}) {
    std::vector<double> y = x;
    y[1] = bad;  // block0_k has 2 choices
    EXPECT_THROW(e.predict(y.data(), mean, sd), std::invalid_argument) << bad;
  }
  x[22] = 3.0;  // block5_l has 4 choices: valid
  EXPECT_NO_THROW(e.predict(x.data(), mean, sd));
  std::vector<std::uint8_t> rows(2 * kF);
  for (std::size_t f = 0; f < kF; ++f) rows[f] = rows[kF + f] = static_cast<std::uint8_t>(x[f]);
  rows[kF + 1] = 2;  // row 1, block0_k
  std::vector<double> out(6);
  try {
    e.predict_members_choices(rows.data(), 2, out.data());
    ADD_FAILURE() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("row 1: feature 1 = 2"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace anb::surrogate
