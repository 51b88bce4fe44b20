#include "coverage/runtime.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

extern "C" void __sanitizer_cov_trace_pc_guard_init(uint32_t* start, uint32_t* stop);
extern "C" void __sanitizer_cov_trace_pc_guard(uint32_t* guard);
extern "C" void __hivefuzz_cov_register_thread_local(uint8_t* counters, uint64_t count,
                                                     void* record, void* map_start, void* map_stop);
extern "C" thread_local uintptr_t __sancov_lowest_stack;

namespace hivefuzz {
namespace {

// Requirement: each module's guards get distinct global indices; a repeated init of the same
// module changes nothing. (This test binary has no instrumented code of its own.)
TEST(CoverageRuntimeTest, GuardsGetDistinctIndices) {
  static uint32_t module_a[10] = {};
  static uint32_t module_b[5] = {};
  size_t before = coverage::NumEdges();
  __sanitizer_cov_trace_pc_guard_init(module_a, module_a + 10);
  __sanitizer_cov_trace_pc_guard_init(module_b, module_b + 5);
  __sanitizer_cov_trace_pc_guard_init(module_a, module_a + 10);
  EXPECT_EQ(coverage::NumEdges(), before + 15);
  EXPECT_GT(module_a[0], 0u);
  for (uint32_t i = 1; i < 10; i++) EXPECT_EQ(module_a[i], module_a[0] + i);
  EXPECT_EQ(module_b[0], module_a[9] + 1);
  EXPECT_EQ(module_b[4], module_b[0] + 4);
  EXPECT_EQ(coverage::NumCounters() % 64, 0u);
  EXPECT_GT(coverage::NumCounters(), module_b[4]);
}

// Requirement: hits go to the calling thread's own counters, never another thread's; counts
// saturate at 255, never wrap to zero.
TEST(CoverageRuntimeTest, CountersArePerThreadAndSaturate) {
  static uint32_t guards[2] = {};
  __sanitizer_cov_trace_pc_guard_init(guards, guards + 2);
  uint8_t* mine = coverage::AllocateCounters();
  uint8_t* theirs = coverage::AllocateCounters();
  coverage::SetThreadCounters(mine);
  std::thread other([&] {
    coverage::SetThreadCounters(theirs);
    __sanitizer_cov_trace_pc_guard(&guards[1]);
    coverage::SetThreadCounters(nullptr);
  });
  other.join();
  for (int i = 0; i < 254; i++) __sanitizer_cov_trace_pc_guard(&guards[0]);
  EXPECT_EQ(mine[guards[0]], 254);
  for (int i = 0; i < 300; i++) __sanitizer_cov_trace_pc_guard(&guards[0]);
  EXPECT_EQ(mine[guards[0]], 255);  // 554 hits: saturated, never wrapped
  EXPECT_EQ(mine[guards[1]], 0);
  EXPECT_EQ(theirs[guards[1]], 1);
  EXPECT_EQ(theirs[guards[0]], 0);
  coverage::SetThreadCounters(nullptr);
  // A thread without counters writes to the discard area, not to ours.
  __sanitizer_cov_trace_pc_guard(&guards[1]);
  EXPECT_EQ(mine[guards[1]], 0);
  coverage::FreeCounters(mine);
  coverage::FreeCounters(theirs);
}

// The calling thread's range whose counters are at `counters`, or one with a null address.
coverage::CounterRange RangeAt(const uint8_t* counters) {
  std::vector<coverage::CounterRange> ranges(coverage::ThreadLocalCounterRanges(nullptr, 0));
  coverage::ThreadLocalCounterRanges(ranges.data(), ranges.size());
  for (const coverage::CounterRange& range : ranges) {
    if (range.counters == counters) return range;
  }
  return {nullptr, 0, 0};
}

// Requirement: a translation unit's thread-local counter array gets indices of its own, the
// first a multiple of 8 and the count padded to whole words, counting only its real edges;
// every thread finds its own copy of the array at the same indices; registering the same unit
// again changes nothing.
TEST(CoverageRuntimeTest, ThreadLocalArraysAreFoundInEveryThread) {
  alignas(8) static thread_local uint8_t unit[16];  // 13 counters, padded
  static uint64_t record[4] = {};
  size_t edges = coverage::NumEdges();
  __hivefuzz_cov_register_thread_local(unit, 13, record, nullptr, nullptr);
  __hivefuzz_cov_register_thread_local(unit, 13, record, nullptr, nullptr);
  EXPECT_EQ(coverage::NumEdges(), edges + 13);
  coverage::CounterRange mine = RangeAt(unit);
  ASSERT_NE(mine.counters, nullptr);
  EXPECT_EQ(mine.first % 8, 0u);
  EXPECT_EQ(mine.count, 16u);
  EXPECT_LE(mine.first + mine.count, coverage::NumCounters());
  coverage::CounterRange theirs{nullptr, 0, 0};
  const uint8_t* their_unit = nullptr;
  std::thread other([&] {
    their_unit = unit;
    theirs = RangeAt(unit);
  });
  other.join();
  EXPECT_NE(their_unit, unit);
  EXPECT_EQ(theirs.counters, their_unit);
  EXPECT_EQ(theirs.first, mine.first);
}

// Requirement: libFuzzer's step function of the stack's depth: exact below 8 words, then 8
// steps per doubling (its own asserts: 1024 words -> 64, 4096 -> 80, 2^20 -> 144), never
// decreasing, and below kStackDepthCounters however deep.
TEST(CoverageRuntimeTest, StackDepthStepsGrowLikeEightLog2) {
  EXPECT_EQ(coverage::StackDepthStep(0), 0u);
  EXPECT_EQ(coverage::StackDepthStep(7), 7u);
  EXPECT_EQ(coverage::StackDepthStep(8), 8u);
  EXPECT_EQ(coverage::StackDepthStep(1024), 64u);
  EXPECT_EQ(coverage::StackDepthStep(4096), 80u);
  EXPECT_EQ(coverage::StackDepthStep(1 << 20), 144u);
  EXPECT_EQ(coverage::StackDepthStep(UINTPTR_MAX), coverage::kStackDepthCounters - 1);
  for (uintptr_t words = 1; words < (1 << 16); words++) {
    ASSERT_GE(coverage::StackDepthStep(words), coverage::StackDepthStep(words - 1)) << words;
  }
}

// Requirement: an execution sets the one counter of the deepest step its stack reached, in the
// thread's own counters at indices of their own (assigned with the first module); one that went
// no deeper than its start sets none.
TEST(CoverageRuntimeTest, DeepestStackStepSetsItsCounter) {
  static uint32_t guards[1] = {};
  __sanitizer_cov_trace_pc_guard_init(guards, guards + 1);
  const size_t first = coverage::StackDepthFirstCounter();
  ASSERT_NE(first, 0u);
  EXPECT_GE(coverage::NumCounters(), first + coverage::kStackDepthCounters);
  EXPECT_NE(first, guards[0]);
  uint8_t* counters = coverage::AllocateCounters();
  coverage::SetThreadCounters(counters);
  const uintptr_t frame = 1 << 20;
  auto set_counters = [&] {
    std::vector<size_t> set;
    for (size_t i = 0; i < coverage::kStackDepthCounters; i++) {
      if (counters[first + i] != 0) set.push_back(i);
    }
    return set;
  };
  coverage::BeginStackDepth(frame);
  coverage::EndStackDepth(frame);
  EXPECT_TRUE(set_counters().empty());
  coverage::BeginStackDepth(frame);
  __sancov_lowest_stack = frame - 1024 * 8;  // what instrumented code 1024 words deeper writes
  __sancov_lowest_stack = frame - 4096 * 8;
  coverage::EndStackDepth(frame);
  EXPECT_EQ(set_counters(), std::vector<size_t>{80});
  coverage::SetThreadCounters(nullptr);
  coverage::FreeCounters(counters);
}

}  // namespace
}  // namespace hivefuzz
