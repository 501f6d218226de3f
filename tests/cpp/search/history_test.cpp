#include "anb/search/history.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/space/search_space.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(Recorder, KeepsHistoryBestSoFarAndBudget) {
  const Problem p = testing::mismatch_problem();  // minimised
  Recorder rec(p, 3);
  const auto a = space::Architecture();
  const auto t = testing::hidden_target();
  EXPECT_DOUBLE_EQ(rec.evaluate(a).progress, 100.0 - testing::match_score(a));
  EXPECT_DOUBLE_EQ(rec.evaluate(t).progress, 100.0 - 81.0);
  EXPECT_DOUBLE_EQ(rec.evaluate(a).progress, 19.0);  // worse value: best so far unchanged
  EXPECT_TRUE(rec.exhausted());
  EXPECT_THROW(rec.evaluate(a), std::logic_error);
  const Result r = rec.finish("test", 9);
  EXPECT_EQ(r.algorithm, "test");
  EXPECT_EQ(r.seed, 9u);
  ASSERT_EQ(r.history.size(), 3u);
  EXPECT_EQ(r.best, 1u);
  EXPECT_EQ(r.best_evaluation().arch, t);
  EXPECT_DOUBLE_EQ(r.history[1].scores[0], -19.0);
  EXPECT_EQ(r.archive, (std::vector<std::size_t>{1}));
  EXPECT_DOUBLE_EQ(r.final_progress(), 19.0);
}

TEST(Recorder, BiObjectiveTracksHypervolumeAndArchive) {
  Problem p;
  p.objectives = {{"accuracy", Direction::kMaximize}, {"latency_x", Direction::kMinimize}};
  // Values keyed on the first stage's expansion: e1 -> (50, 10), e4 -> (60, 20), e6 -> (55, 30)
  p.evaluate = [](const space::Architecture& a) {
    switch (a.stage(0).expansion) {
      case 1: return std::vector<double>{50, 10};
      case 4: return std::vector<double>{60, 20};
      default: return std::vector<double>{55, 30};
    }
  };
  p.bounds = {{40, 80}, {40, 0}};
  Recorder rec(p, 3);
  auto with_e = [](int e) {
    auto s = space::Architecture().stages();
    s[0].expansion = e;
    return space::Architecture(s);
  };
  // (50,10) -> normalised (0.25, 0.75): HV 0.1875
  EXPECT_DOUBLE_EQ(rec.evaluate(with_e(1)).progress, 0.25 * 0.75);
  // (60,20) -> (0.5, 0.5): union 0.1875 + 0.25 - 0.25*0.5 = 0.3125
  EXPECT_DOUBLE_EQ(rec.evaluate(with_e(4)).progress, 0.3125);
  // (55,30) -> (0.375, 0.25): dominated by (60,20), HV unchanged
  EXPECT_DOUBLE_EQ(rec.evaluate(with_e(6)).progress, 0.3125);
  const Result r = rec.finish("x", 0);
  EXPECT_EQ(r.archive, (std::vector<std::size_t>{1, 0}));  // best accuracy first
  EXPECT_EQ(r.best, 1u);
}

TEST(Recorder, RejectsBadInput) {
  const Problem p = testing::match_problem();
  EXPECT_THROW(Recorder(p, 0), std::invalid_argument);
  Problem wrong = p;
  wrong.evaluate = [](const space::Architecture&) { return std::vector<double>{1, 2}; };
  Recorder rec(wrong, 1);
  EXPECT_THROW(rec.evaluate(space::Architecture()), std::runtime_error);
  Problem out_of_box = testing::tradeoff_problem();
  out_of_box.bounds[1] = {500.0, 1000.0};  // the smallest models reach ~1000, big ones < 500
  Recorder rec2(out_of_box, 10);
  std::array<int, space::kNumDecisions> big{};
  for (int d = 0; d < space::kNumDecisions; ++d) {
    big[static_cast<std::size_t>(d)] = static_cast<int>(space::decisions()[static_cast<std::size_t>(d)].choices.size()) - 1;
  }
  try {
    rec2.evaluate(space::from_choice_indices(big));
    FAIL() << "expected std::domain_error";
  } catch (const std::domain_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("throughput_x"), std::string::npos) << msg;
    EXPECT_NE(msg.find("does not bound"), std::string::npos) << msg;
    EXPECT_NE(msg.find("arch e"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace anb::search
