#include "coverage/coverage_mask.h"

#include <gtest/gtest.h>

#include <bit>
#include <thread>
#include <vector>

#include "base/rng.h"

namespace hivefuzz {
namespace {

// Requirement: buckets are libFuzzer's and AFL's hit-count classes, one bit each: 1, 2, 3, 4-7,
// 8-15, 16-31, 32-127, 128-255 (2 and 3 apart, unlike Go's).
TEST(BucketTest, LibFuzzerHitCountClasses) {
  const struct {
    int first, last;
    uint8_t bucket;
  } classes[] = {{0, 0, 0},       {1, 1, 0x01},    {2, 2, 0x02},    {3, 3, 0x04},
                 {4, 7, 0x08},    {8, 15, 0x10},   {16, 31, 0x20},  {32, 127, 0x40},
                 {128, 255, 0x80}};
  for (const auto& c : classes) {
    for (int v = c.first; v <= c.last; v++) ASSERT_EQ(BucketOf(uint8_t(v)), c.bucket) << v;
  }
}

// Requirement: the word-at-a-time bucketing agrees with the per-byte one for every byte value
// in every lane (no bit leaks between lanes).
TEST(BucketTest, WordMatchesBytes) {
  for (int v = 0; v < 256; v++) {
    for (int lane = 0; lane < 8; lane++) {
      uint64_t w = uint64_t(v) << (lane * 8) | 0xff00000000000000ULL >> (lane == 7 ? 8 : 0);
      uint64_t expected = 0;
      for (int b = 0; b < 8; b++) {
        expected |= uint64_t(BucketOf(uint8_t(w >> (b * 8)))) << (b * 8);
      }
      ASSERT_EQ(BucketWord(w), expected) << v << " lane " << lane;
    }
  }
}

alignas(64) uint8_t g_counters[256];
const CounterView g_view(g_counters, sizeof g_counters);

// Requirement: new bits are credited once; the same coverage again wins nothing; counters
// are zeroed after a merge.
TEST(CoverageMaskTest, CreditsNewBitsOnce) {
  CoverageMask mask(256);
  g_counters[3] = 1;
  g_counters[100] = 5;
  EXPECT_EQ(mask.MergeAndReset(g_view), 2u);
  for (uint8_t c : g_counters) ASSERT_EQ(c, 0);
  g_counters[3] = 1;
  EXPECT_EQ(mask.MergeAndReset(g_view), 0u);
  g_counters[3] = 2;  // a new hit-count class of a known edge is new
  EXPECT_EQ(mask.MergeAndReset(g_view), 1u);
  EXPECT_EQ(mask.CountBits(), 3u);
  EXPECT_EQ(mask.CountEdges(), 2u);
}

// Requirement (keepCoverage): the won words are recorded, and a later execution is said to
// reach them exactly when it hits one of the won bits (same edge, same bucket).
TEST(CoverageMaskTest, RecordsWonBitsAndTellsWhoReachesThem) {
  CoverageMask mask(256);
  g_counters[9] = 1;
  mask.MergeAndReset(g_view);
  WonBits won;
  g_counters[9] = 1;    // known: not won
  g_counters[10] = 3;   // class 3 of edge 10, word 1
  g_counters[200] = 1;  // word 25
  EXPECT_EQ(mask.MergeAndReset(g_view, &won), 2u);
  ASSERT_EQ(won.count, 2u);
  EXPECT_EQ(won.words[0].index, 1u);
  EXPECT_EQ(won.words[0].bits, uint64_t{0x04} << 16);
  EXPECT_EQ(won.words[1].index, 25u);

  g_counters[10] = 2;  // edge 10, but another class
  g_counters[9] = 1;
  EXPECT_FALSE(CoverageMask::ReachesAny(g_view, won));
  g_counters[10] = 3;
  EXPECT_TRUE(CoverageMask::ReachesAny(g_view, won));
  CoverageMask::Reset(g_view);
  g_counters[200] = 1;
  EXPECT_TRUE(CoverageMask::ReachesAny(g_view, won));
  CoverageMask::Reset(g_view);
}

// Requirement: only the first WonBits::kCapacity words are recorded, marked as partial; the
// count is still whole.
TEST(CoverageMaskTest, WonBitsKeepsAtMostItsCapacity) {
  CoverageMask mask(256);
  for (size_t i = 0; i < 20; i++) g_counters[i * 8] = 1;
  WonBits won;
  EXPECT_EQ(mask.MergeAndReset(g_view, &won), 20u);
  EXPECT_EQ(won.count, WonBits::kCapacity);
  EXPECT_TRUE(won.truncated) << "a partial record says so (-reduce_inputs does not trust it)";
}

// Requirement (value profile): feature words merged from N threads credit every bit exactly
// once, and the mask ends as the OR of all of them.
TEST(CoverageMaskTest, ConcurrentMergeWordCreditsEachFeatureOnce) {
  constexpr size_t kWords = 256;
  constexpr int kThreads = 4;
  CoverageMask mask(kWords * 8);
  std::vector<size_t> won(kThreads, 0);
  std::vector<std::vector<uint64_t>> sets(kThreads, std::vector<uint64_t>(kWords));
  for (int t = 0; t < kThreads; t++) {
    Rng rng(99, uint64_t(t) + 1);
    for (auto& w : sets[t]) w = rng.Next64() & rng.Next64();
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < kWords; i++) won[t] += mask.MergeWord(i, sets[t][i]);
      }
    });
  }
  for (auto& th : threads) th.join();
  size_t expected = 0;
  for (size_t i = 0; i < kWords; i++) {
    uint64_t all = 0;
    for (int t = 0; t < kThreads; t++) all |= sets[t][i];
    expected += size_t(std::popcount(all));
  }
  size_t total = 0;
  for (size_t w : won) total += w;
  EXPECT_EQ(total, expected);
  EXPECT_EQ(mask.CountBits(), expected);
}

// Requirement (-favor_rare): ListFeatures lists the bit of each reached class, word * 64 +
// byte * 8 + class, leaving the counters and the mask as they are.
TEST(CoverageMaskTest, ListFeaturesNamesEveryReachedClass) {
  CoverageMask mask(256);
  g_counters[0] = 1;      // class 1: bit 0
  g_counters[9] = 3;      // word 1, byte 1, class 3: bit 64 + 8 + 2
  g_counters[255] = 200;  // word 31, byte 7, class 128+: bit 31 * 64 + 56 + 7
  std::vector<uint32_t> features;
  mask.ListFeatures(g_view, &features);
  EXPECT_EQ(features, (std::vector<uint32_t>{0, 74, 31 * 64 + 63}));
  EXPECT_EQ(g_counters[9], 3);
  EXPECT_EQ(mask.CountBits(), 0u);
  CoverageMask::Reset(g_view);
}

// Requirement: Reset zeroes without crediting.
TEST(CoverageMaskTest, ResetDoesNotMerge) {
  CoverageMask mask(256);
  g_counters[7] = 9;
  CoverageMask::Reset(g_view);
  EXPECT_EQ(g_counters[7], 0);
  EXPECT_EQ(mask.CountBits(), 0u);
}

// Requirement (concurrency, oracle): N threads merging random counter maps credit every bit
// exactly once in total, and the mask equals the OR of all their buckets.
TEST(CoverageMaskTest, ConcurrentMergeCreditsEachBitExactlyOnce) {
  constexpr size_t kCounters = 4096;
  constexpr int kThreads = 4;
  constexpr int kRounds = 300;
  CoverageMask mask(kCounters);
  std::vector<size_t> won(kThreads);
  std::vector<std::vector<uint64_t>> seen(kThreads, std::vector<uint64_t>(kCounters / 8));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      Rng rng(99, uint64_t(t));
      std::vector<uint64_t> counters(kCounters / 8);
      auto* bytes = reinterpret_cast<uint8_t*>(counters.data());
      for (int r = 0; r < kRounds; r++) {
        for (int k = 0; k < 20; k++) {
          size_t i = rng.Below(kCounters);
          bytes[i] = uint8_t(1 + rng.Below(255));
        }
        for (size_t w = 0; w < counters.size(); w++) seen[t][w] |= BucketWord(counters[w]);
        won[t] += mask.MergeAndReset(CounterView(bytes, kCounters));
      }
    });
  }
  for (auto& th : threads) th.join();
  size_t total_won = 0;
  for (size_t w : won) total_won += w;
  size_t union_bits = 0;
  for (size_t w = 0; w < kCounters / 8; w++) {
    uint64_t all = 0;
    for (int t = 0; t < kThreads; t++) all |= seen[t][w];
    union_bits += size_t(__builtin_popcountll(all));
  }
  EXPECT_EQ(total_won, union_bits);
  EXPECT_EQ(mask.CountBits(), union_bits);
}

// Requirement (-reduce_inputs): an execution reaches all of an input's won bits only when it hits
// every one of them, each in the same bucket; an empty record is never reached.
TEST(CoverageMaskTest, ReachesAllNeedsEveryWonBit) {
  CoverageMask mask(256);
  WonBits won;
  g_counters[10] = 3;
  g_counters[200] = 1;
  ASSERT_EQ(mask.MergeAndReset(g_view, &won), 2u);
  EXPECT_FALSE(won.truncated);
  g_counters[10] = 3;
  EXPECT_FALSE(CoverageMask::ReachesAll(g_view, won)) << "edge 200 missing";
  g_counters[200] = 1;
  EXPECT_TRUE(CoverageMask::ReachesAll(g_view, won));
  g_counters[10] = 4;  // another bucket of edge 10
  EXPECT_FALSE(CoverageMask::ReachesAll(g_view, won));
  CoverageMask::Reset(g_view);
  EXPECT_FALSE(CoverageMask::ReachesAll(g_view, WonBits{}));
}

}  // namespace
}  // namespace hivefuzz
