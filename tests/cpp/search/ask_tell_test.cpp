#include "anb/search/ask_tell.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/search/random_search.h"
#include "anb/space/search_space.h"
#include "error_message.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

using anb::testing::error_of;

TEST(Recorder, DuplicatesCountByDefaultAndAreCachedOnRequest) {
  const Problem p = testing::match_problem();
  const auto a = space::Architecture();
  const auto t = testing::hidden_target();
  Recorder counted(p, 3);
  counted.evaluate(a);
  counted.evaluate(a);
  counted.evaluate(t);
  EXPECT_TRUE(counted.exhausted());
  const Result rc = counted.finish("x", 0);
  EXPECT_EQ(rc.history.size(), 3u);
  EXPECT_EQ(rc.repeats, 1u);

  Recorder cached(p, 2, Duplicates::kCache);
  const std::size_t first = cached.evaluate(a).index;
  EXPECT_EQ(cached.evaluate(a).index, first);  // looked up: no new row, no budget
  EXPECT_EQ(cached.remaining(), 1u);
  cached.evaluate(t);
  EXPECT_TRUE(cached.exhausted());
  EXPECT_EQ(cached.evaluate(a).index, first);  // a cached repeat works even when spent
  stats::Rng rng(1);
  const auto other = space::mutate(t, rng);
  EXPECT_THROW(cached.evaluate(other), std::logic_error);
  EXPECT_EQ(parse_duplicates("cache"), Duplicates::kCache);
  EXPECT_NE(error_of([] { parse_duplicates("skip"); }).find("'skip'; expected one of count, cache"),
            std::string::npos);
}

TEST(Recorder, TellRecordsExternalValuesLikeEvaluate) {
  Problem p = testing::match_problem();
  Recorder by_tell(Problem{p.objectives, nullptr, {}}, 5);
  Recorder by_eval(p, 5);
  stats::Rng rng(4);
  for (int i = 0; i < 5; ++i) {
    const auto a = space::sample(rng);
    by_tell.tell(a, {testing::match_score(a)});
    by_eval.evaluate(a);
  }
  const Result x = by_tell.finish("x", 0), y = by_eval.finish("x", 0);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(x.history[i].progress, y.history[i].progress);
  EXPECT_NE(error_of([&] {
              Recorder(p, 2).tell(space::Architecture(), {1.0, 2.0});
            }).find("got 2 values for 1 objectives"),
            std::string::npos);
  Recorder no_fn(Problem{p.objectives, nullptr, {}}, 1);
  EXPECT_THROW(no_fn.evaluate(space::Architecture()), std::logic_error);
}

TEST(Recorder, ThreeObjectivesTrackTheHypervolume) {
  Problem p;
  p.objectives = {
      {"a", Direction::kMaximize}, {"b", Direction::kMaximize}, {"c", Direction::kMinimize}};
  p.bounds = {{0, 1}, {0, 1}, {1, 0}};
  Recorder rec(p, 3);
  EXPECT_DOUBLE_EQ(rec.tell(space::Architecture(), {0.5, 0.5, 0.5}).progress, 0.125);
  EXPECT_DOUBLE_EQ(rec.tell(testing::hidden_target(), {1.0, 1.0, 0.0}).progress, 1.0);
}

TEST(AskTell, ReproducesRandomSearchThroughTheSameRecorder) {
  const Problem p = testing::match_problem();
  stats::Rng rng(7);
  Recorder rec(p, 50);
  std::size_t told = 0;
  run_ask_tell(
      rec,
      [&] {  // batches of 8: the last one is cut to the 2 evaluations left
        std::vector<space::Architecture> batch;
        for (int i = 0; i < 8; ++i) batch.push_back(space::sample(rng));
        return batch;
      },
      [&](const std::vector<space::Architecture>& archs,
          const std::vector<std::vector<double>>& v) {
        EXPECT_EQ(archs.size(), v.size());
        told += archs.size();
      });
  EXPECT_EQ(told, 50u);
  const Result r = rec.finish("rs", 7);
  const Result reference = random_search(p, {50}, 7);
  ASSERT_EQ(r.history.size(), reference.history.size());
  for (std::size_t i = 0; i < r.history.size(); ++i) {
    EXPECT_EQ(r.history[i].arch, reference.history[i].arch);
    EXPECT_EQ(r.history[i].progress, reference.history[i].progress);
  }
}

TEST(AskTell, RefusesEmptyAsksAndEndlessRepeats) {
  const Problem p = testing::match_problem();
  Recorder rec(p, 5);
  const TellFunction ignore = [](const auto&, const auto&) {};
  EXPECT_NE(error_of([&] {
              run_ask_tell(
                  rec, [] { return std::vector<space::Architecture>{}; }, ignore);
            }).find("ask() returned no architectures"),
            std::string::npos);
  Recorder cached(p, 5, Duplicates::kCache);
  const auto msg = error_of([&] {
    run_ask_tell(
        cached, [] { return std::vector<space::Architecture>{space::Architecture()}; }, ignore);
  });
  EXPECT_NE(msg.find("100 rounds in a row"), std::string::npos) << msg;
}

}  // namespace
}  // namespace anb::search
