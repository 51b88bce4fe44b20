#include "coverage/counter_view.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "coverage/coverage_mask.h"
#include "coverage/runtime.h"

extern "C" void __sanitizer_cov_trace_pc_guard_init(uint32_t* start, uint32_t* stop);
extern "C" void __hivefuzz_cov_register_thread_local(uint8_t* counters, uint64_t count,
                                                     void* record, void* map_start, void* map_stop);

namespace hivefuzz {
namespace {

alignas(8) thread_local uint8_t tls_unit[24];  // one translation unit's counters (20, padded)

uint32_t g_guards_before[3], g_guards_after[3];

// Registers a guard module (g_guards_before), the thread-local unit, and another guard module
// after it (g_guards_after), once; returns the unit's first index.
size_t RegisterModules() {
  static uint64_t record[4] = {};
  static size_t first = [] {
    __sanitizer_cov_trace_pc_guard_init(g_guards_before, g_guards_before + 3);
    __hivefuzz_cov_register_thread_local(tls_unit, 20, record, nullptr, nullptr);
    __sanitizer_cov_trace_pc_guard_init(g_guards_after, g_guards_after + 3);
    return size_t(g_guards_before[2] + 8) & ~size_t{7};
  }();
  return first;
}

// Requirement: a thread's view covers each counter index once, in ascending spans: the
// thread-local unit where it is, the heap array before and after it; a word is found in the
// span that holds it, and zeroing reaches both kinds of memory.
TEST(CounterViewTest, ThreadLocalUnitsAndTheHeapArrayMakeOneView) {
  const size_t first = RegisterModules();
  const uint32_t* before = g_guards_before;
  const uint32_t* after = g_guards_after;
  std::vector<uint64_t> heap_words(coverage::NumCounters() / 8);
  auto* heap = reinterpret_cast<uint8_t*>(heap_words.data());
  const CounterView view = CounterView::OfThisThread(heap, coverage::NumCounters());
  size_t next_word = 0;
  for (const CounterSpan& span : view.spans()) {
    EXPECT_EQ(span.first_word, next_word);
    next_word = span.first_word + span.num_words;
  }
  EXPECT_EQ(next_word, coverage::NumCounters() / 8);
  EXPECT_EQ(view.Word(first / 8), reinterpret_cast<uint64_t*>(tls_unit));
  EXPECT_EQ(view.Word(first / 8 + 2), reinterpret_cast<uint64_t*>(tls_unit + 16));
  EXPECT_EQ(view.Word(after[0] / 8), &heap_words[after[0] / 8]);
  EXPECT_EQ(view.Word(before[0] / 8), &heap_words[before[0] / 8]);
  EXPECT_EQ(view.Word(coverage::NumCounters() / 8), nullptr);
  tls_unit[5] = 1;
  heap[after[1]] = 1;
  view.Zero();
  EXPECT_EQ(tls_unit[5], 0);
  EXPECT_EQ(heap[after[1]], 0);
}

// Requirement: the mask reads a thread-local counter at its own index, credits it once, and
// zeroes it; another thread's copy of the unit is its own.
TEST(CounterViewTest, MaskMergesThreadLocalCountersAtTheirIndices) {
  const size_t first = RegisterModules();
  const uint32_t* after = g_guards_after;
  std::vector<uint64_t> heap_words(coverage::NumCounters() / 8);
  auto* heap = reinterpret_cast<uint8_t*>(heap_words.data());
  CoverageMask mask(coverage::NumCounters());
  const CounterView view = CounterView::OfThisThread(heap, coverage::NumCounters());
  tls_unit[3] = 2;  // class 2: bucket bit 1
  heap[after[0]] = 1;
  std::vector<uint32_t> features;
  mask.ListFeatures(view, &features);
  EXPECT_EQ(features, (std::vector<uint32_t>{uint32_t((first + 3) * 8 + 1), after[0] * 8}))
      << "ascending, the unit's at its own index";
  WonBits won;
  EXPECT_EQ(mask.MergeAndReset(view, &won), 2u);
  EXPECT_EQ(tls_unit[3], 0);
  EXPECT_EQ(heap[after[0]], 0);
  tls_unit[3] = 2;
  EXPECT_TRUE(CoverageMask::ReachesAny(view, won));
  EXPECT_FALSE(CoverageMask::ReachesAll(view, won));
  size_t their_won = 0;
  std::thread other([&] {
    std::vector<uint64_t> their_heap(coverage::NumCounters() / 8);
    const CounterView theirs = CounterView::OfThisThread(
        reinterpret_cast<uint8_t*>(their_heap.data()), coverage::NumCounters());
    tls_unit[4] = 1;
    their_won = mask.MergeAndReset(theirs);
  });
  other.join();
  EXPECT_EQ(their_won, 1u);
  EXPECT_EQ(tls_unit[4], 0) << "the other thread's count landed in this thread's unit";
  EXPECT_EQ(mask.MergeAndReset(view), 0u);
}

}  // namespace
}  // namespace hivefuzz
