#include "coordinator/scheduler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hivefuzz {
namespace {

// Requirement: smaller, newer entries and entries that won more coverage weigh more.
TEST(SchedulerTest, WeightPrefersSmallRecentAndNewCoverage) {
  EXPECT_GT(Scheduler::Weight(10, 1, 100), Scheduler::Weight(4096, 1, 100));
  EXPECT_EQ(Scheduler::Weight(10, 1, 100), Scheduler::Weight(64, 1, 100));  // no gain below 64
  EXPECT_GT(Scheduler::Weight(100, 1, 0), Scheduler::Weight(100, 1, 64));
  EXPECT_GT(Scheduler::Weight(100, 20, 50), Scheduler::Weight(100, 1, 50));
  EXPECT_NEAR(Scheduler::Weight(64, 0, 1'000'000), 1.0, 1e-9);
}

// Requirement: picks follow the weights (fixed seed, so the counts are exact every run), and
// every entry is still picked now and then.
TEST(SchedulerTest, PicksInProportionToWeight) {
  Scheduler scheduler;
  scheduler.Add(0, 4096, 0);  // large, old, won nothing
  for (uint32_t i = 1; i < 100; i++) scheduler.Add(i, 64, 1);
  scheduler.Add(100, 16, 50);  // small, newest, won much
  std::vector<int> picks(101, 0);
  Rng rng(5);
  constexpr int kDraws = 200'000;
  for (int i = 0; i < kDraws; i++) picks[scheduler.Pick(rng)]++;
  double total = 0;
  std::vector<double> weights;
  for (size_t i = 0; i <= 100; i++) {
    size_t size = i == 0 ? 4096 : i == 100 ? 16 : 64;
    uint32_t bits = i == 0 ? 0 : i == 100 ? 50 : 1;
    weights.push_back(Scheduler::Weight(size, bits, 100 - i));
    total += weights.back();
  }
  for (size_t i : {size_t{0}, size_t{50}, size_t{100}}) {
    double expected = kDraws * weights[i] / total;
    EXPECT_NEAR(picks[i], expected, 5 * std::sqrt(expected) + 1) << "entry " << i;
  }
  EXPECT_GT(picks[100], 10 * picks[0]);
  for (size_t i = 0; i <= 100; i++) EXPECT_GT(picks[i], 0) << "entry " << i << " never picked";
}

// Requirement: an entry added later is picked without anything else to do (rebuild on demand).
TEST(SchedulerTest, AddedEntriesArePicked) {
  Scheduler scheduler;
  scheduler.Add(7, 10, 1);
  Rng rng(1);
  EXPECT_EQ(scheduler.Pick(rng), 7u);
  scheduler.Add(9, 10, 1000);
  bool saw_new = false;
  for (int i = 0; i < 100 && !saw_new; i++) saw_new = scheduler.Pick(rng) == 9;
  EXPECT_TRUE(saw_new);
}

// Requirement (-reduce_inputs): a retired entry is never picked again; the others still are.
TEST(SchedulerTest, RetiredEntriesAreNotPicked) {
  Scheduler scheduler;
  for (uint32_t i = 0; i < 8; i++) scheduler.Add(i, 10, 5);
  scheduler.Retire(3);
  scheduler.Retire(7);
  scheduler.Retire(42);  // not an entry: nothing happens
  Rng rng(3);
  std::vector<int> picks(8);
  for (int i = 0; i < 4000; i++) picks[scheduler.Pick(rng)]++;
  EXPECT_EQ(picks[3], 0);
  EXPECT_EQ(picks[7], 0);
  for (uint32_t i : {0u, 1u, 2u, 4u, 5u, 6u}) EXPECT_GT(picks[i], 300) << i;
}

// Requirement (-favor_rare): Reweight multiplies each live entry's weight by its factor in the
// schedules that favor rare entries, replacing the factors given before, and never brings a
// retired entry back; the other schedules leave the factors out.
TEST(SchedulerTest, ReweightScalesLiveEntriesOnly) {
  Scheduler scheduler;
  for (uint32_t i = 0; i < 4; i++) scheduler.Add(i, 64, 1);
  scheduler.Retire(2);
  Rng rng(9);
  scheduler.Pick(rng, {.favor_rare = true});  // sums built before the factors change
  scheduler.Reweight([](uint32_t index) { return index == 0 ? 100.0 : 1.0; });
  scheduler.Reweight([](uint32_t index) { return index == 1 ? 8.0 : 1.0; });
  std::vector<int> rare(4), plain(4);
  constexpr int kDraws = 10'000;
  for (int i = 0; i < kDraws; i++) {
    rare[scheduler.Pick(rng, {.favor_rare = true})]++;
    plain[scheduler.Pick(rng)]++;
  }
  EXPECT_EQ(rare[2], 0);
  EXPECT_EQ(plain[2], 0);
  // Entries 0 and 3 weigh alike (the first factors are gone), entry 1 eight times as much.
  EXPECT_NEAR(rare[1], kDraws * 0.8, kDraws * 0.03);
  EXPECT_NEAR(rare[0], kDraws * 0.1, kDraws * 0.03);
  EXPECT_NEAR(rare[3], kDraws * 0.1, kDraws * 0.03);
  for (int i : {0, 1, 3}) EXPECT_NEAR(plain[i], kDraws / 3.0, kDraws * 0.03) << i;
}

// Requirement: the any-size weighting leaves size out and keeps coverage and recency.
TEST(SchedulerTest, AnySizeWeightIgnoresSizeOnly) {
  constexpr Schedule kAnySize{.small_first = false};
  EXPECT_EQ(Scheduler::Weight(10, 1, 100, kAnySize), Scheduler::Weight(4096, 1, 100, kAnySize));
  EXPECT_EQ(Scheduler::Weight(4096, 1, 100, kAnySize), Scheduler::Weight(64, 1, 100));
  EXPECT_GT(Scheduler::Weight(100, 1, 0, kAnySize), Scheduler::Weight(100, 1, 64, kAnySize));
  EXPECT_GT(Scheduler::Weight(100, 20, 50, kAnySize), Scheduler::Weight(100, 1, 50, kAnySize));
}

// Requirement: the schedules draw from the same entries, each by its own weights: a large
// entry that the small-first picks neglect gets its share of the any-size picks, a rarity
// factor counts only where rare entries are favored, and retiring an entry removes it from all.
TEST(SchedulerTest, EverySchedulePicksByItsOwnWeights) {
  Scheduler scheduler;
  scheduler.Add(0, 64 * 64, 1);  // 1/8 of a small entry's weight when small ones come first
  for (uint32_t i = 1; i < 300; i++) scheduler.Add(i, 10, 1);  // past the recency window
  scheduler.Retire(1);
  scheduler.Reweight([](uint32_t index) { return index == 2 ? 50.0 : 1.0; });
  Rng rng(11);
  constexpr int kDraws = 200'000;
  constexpr Schedule kSchedules[] = {
      {.small_first = true, .favor_rare = false},
      {.small_first = false, .favor_rare = false},
      {.small_first = true, .favor_rare = true},
      {.small_first = false, .favor_rare = true},
  };
  for (Schedule schedule : kSchedules) {
    std::vector<int> picks(300);
    for (int i = 0; i < kDraws; i++) picks[scheduler.Pick(rng, schedule)]++;
    SCOPED_TRACE(::testing::Message() << "small_first " << schedule.small_first << ", favor_rare "
                                      << schedule.favor_rare);
    EXPECT_EQ(picks[1], 0);
    // Entry 2 weighs 50 times as much where rare entries are favored, as much as its
    // neighbours elsewhere; entry 0 as much as an old small entry when size is left out, 8
    // times less when it is not.
    if (schedule.favor_rare) {
      EXPECT_GT(picks[2], 20 * picks[10]);
    } else {
      EXPECT_NEAR(double(picks[2]) / picks[10], 1.0, 0.35);
    }
    if (schedule.small_first) {
      EXPECT_NEAR(double(picks[10]) / std::max(picks[0], 1), 8.0, 3.0);
    } else {
      EXPECT_NEAR(double(picks[0]) / picks[10], 1.0, 0.35);
    }
  }
}

}  // namespace
}  // namespace hivefuzz
