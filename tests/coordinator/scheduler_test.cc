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

// Requirement (-favor_rare): Reweight multiplies each live entry's weight by its factor,
// replacing the factors given before, and never brings a retired entry back.
TEST(SchedulerTest, ReweightScalesLiveEntriesOnly) {
  Scheduler scheduler;
  for (uint32_t i = 0; i < 4; i++) scheduler.Add(i, 64, 1);
  scheduler.Retire(2);
  scheduler.Reweight([](uint32_t index) { return index == 0 ? 100.0 : 1.0; });
  scheduler.Reweight([](uint32_t index) { return index == 1 ? 8.0 : 1.0; });
  Rng rng(9);
  std::vector<int> picks(4);
  constexpr int kDraws = 10'000;
  for (int i = 0; i < kDraws; i++) picks[scheduler.Pick(rng)]++;
  EXPECT_EQ(picks[2], 0);
  // Entries 0 and 3 weigh alike (the first factors are gone), entry 1 eight times as much.
  EXPECT_NEAR(picks[1], kDraws * 0.8, kDraws * 0.03);
  EXPECT_NEAR(picks[0], kDraws * 0.1, kDraws * 0.03);
  EXPECT_NEAR(picks[3], kDraws * 0.1, kDraws * 0.03);
}

// Requirement: the any-size weighting leaves size out and keeps coverage and recency.
TEST(SchedulerTest, AnySizeWeightIgnoresSizeOnly) {
  using Sizing = Scheduler::Sizing;
  EXPECT_EQ(Scheduler::Weight(10, 1, 100, Sizing::kAnySize),
            Scheduler::Weight(4096, 1, 100, Sizing::kAnySize));
  EXPECT_EQ(Scheduler::Weight(4096, 1, 100, Sizing::kAnySize), Scheduler::Weight(64, 1, 100));
  EXPECT_GT(Scheduler::Weight(100, 1, 0, Sizing::kAnySize),
            Scheduler::Weight(100, 1, 64, Sizing::kAnySize));
  EXPECT_GT(Scheduler::Weight(100, 20, 50, Sizing::kAnySize),
            Scheduler::Weight(100, 1, 50, Sizing::kAnySize));
}

// Requirement: the two weightings draw from the same entries, each by its own weights: a
// large entry that the small-first picks neglect gets its share of the any-size picks, and
// retiring or reweighting an entry changes both.
TEST(SchedulerTest, BothSizingsPickByTheirOwnWeights) {
  using Sizing = Scheduler::Sizing;
  Scheduler scheduler;
  scheduler.Add(0, 64 * 64, 1);  // 1/8 of a small entry's weight when small ones come first
  for (uint32_t i = 1; i < 300; i++) scheduler.Add(i, 10, 1);  // past the recency window
  scheduler.Retire(1);
  scheduler.Reweight([](uint32_t index) { return index == 2 ? 50.0 : 1.0; });
  Rng rng(11);
  constexpr int kDraws = 200'000;
  std::vector<int> small_first(300), any_size(300);
  for (int i = 0; i < kDraws; i++) {
    small_first[scheduler.Pick(rng, Sizing::kSmallFirst)]++;
    any_size[scheduler.Pick(rng, Sizing::kAnySize)]++;
  }
  EXPECT_EQ(small_first[1], 0);
  EXPECT_EQ(any_size[1], 0);
  // Entry 2 weighs 50 times as much in both; entry 0 as much as an old small entry when size
  // is left out, 8 times less when it is not.
  EXPECT_GT(small_first[2], 20 * small_first[10]);
  EXPECT_GT(any_size[2], 20 * any_size[10]);
  EXPECT_NEAR(double(any_size[0]) / any_size[10], 1.0, 0.35);
  EXPECT_NEAR(double(small_first[10]) / std::max(small_first[0], 1), 8.0, 3.0);
}

}  // namespace
}  // namespace hivefuzz
