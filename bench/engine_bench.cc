// Google Benchmark microbenchmarks of the per-execution hot path: counter scan and bucketing
// by map size, mask merge with nothing new and with some new bits, work-queue push/pop, and
// the slot copy that starts each work item.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "base/rng.h"
#include "coordinator/scheduler.h"
#include "coordinator/work_item.h"
#include "coverage/coverage_mask.h"

namespace hivefuzz {
namespace {

// A typical execution touches a few hundred edges of the whole map.
void FillCounters(std::vector<uint64_t>& words, size_t touched, Rng& rng) {
  auto* bytes = reinterpret_cast<uint8_t*>(words.data());
  for (size_t i = 0; i < touched; i++)
    bytes[rng.BelowSize(words.size() * 8)] = uint8_t(1 + rng.Below(20));
}

// Scan + bucket + merge of one execution whose coverage is already known (the common case):
// the cost is reading the map, since the relaxed-load prefilter skips every fetch_or. The
// timing includes restoring the counters with a memcpy; BM_CopyOnly measures that part alone.
void BM_MergeNothingNew(benchmark::State& state) {
  size_t counters = size_t(state.range(0));
  CoverageMask mask(counters);
  Rng rng(1);
  std::vector<uint64_t> words(counters / 8), pattern(counters / 8);
  FillCounters(pattern, 300, rng);
  words = pattern;
  const CounterView view(reinterpret_cast<uint8_t*>(words.data()), counters);
  mask.MergeAndReset(view);
  for (auto _ : state) {
    std::memcpy(words.data(), pattern.data(), counters);
    benchmark::DoNotOptimize(mask.MergeAndReset(view));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(counters));
}
BENCHMARK(BM_MergeNothingNew)->RangeMultiplier(8)->Range(1 << 12, 1 << 21);

// The same with the copy done inside the timing, to see the merge against a plain memcpy.
void BM_CopyOnly(benchmark::State& state) {
  size_t counters = size_t(state.range(0));
  std::vector<uint64_t> words(counters / 8), pattern(counters / 8);
  for (auto _ : state) {
    std::memcpy(words.data(), pattern.data(), counters);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(counters));
}
BENCHMARK(BM_CopyOnly)->RangeMultiplier(8)->Range(1 << 12, 1 << 21);

// An execution that reaches new buckets: the fetch_or path.
void BM_MergeSomeNew(benchmark::State& state) {
  size_t counters = size_t(state.range(0));
  Rng rng(2);
  std::vector<uint64_t> words(counters / 8);
  const CounterView view(reinterpret_cast<uint8_t*>(words.data()), counters);
  CoverageMask mask(counters);
  size_t rounds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (++rounds % 1000 == 0) mask = CoverageMask(counters);  // keep finding new bits
    FillCounters(words, 300, rng);
    state.ResumeTiming();
    benchmark::DoNotOptimize(mask.MergeAndReset(view));
  }
}
BENCHMARK(BM_MergeSomeNew)->Arg(1 << 16);

// Many threads merging the same known coverage: the mask words are only read, so the cache
// lines stay shared and the merge scales.
void BM_MergeContended(benchmark::State& state) {
  static CoverageMask* mask = nullptr;
  constexpr size_t kCounters = 1 << 16;
  if (state.thread_index() == 0) mask = new CoverageMask(kCounters);
  Rng rng(3);
  std::vector<uint64_t> words(kCounters / 8), pattern(kCounters / 8);
  FillCounters(pattern, 300, rng);
  const CounterView view(reinterpret_cast<uint8_t*>(words.data()), kCounters);
  for (auto _ : state) {
    std::memcpy(words.data(), pattern.data(), kCounters);
    benchmark::DoNotOptimize(mask->MergeAndReset(view));
  }
  if (state.thread_index() == 0) {
    delete mask;
    mask = nullptr;
  }
}
BENCHMARK(BM_MergeContended)->ThreadRange(1, 4)->UseRealTime();

void BM_BucketWord(benchmark::State& state) {
  uint64_t w = 0x0102030405060708ULL;
  for (auto _ : state) {
    w = BucketWord(w) + 0x0101010101010101ULL;
    benchmark::DoNotOptimize(w);
  }
}
BENCHMARK(BM_BucketWord);

// One work item through the bounded queue: the coordinator's push, a worker's pop.
void BM_WorkQueuePushPop(benchmark::State& state) {
  WorkQueue queue;
  queue.set_capacity(16);
  WorkItem item{1, WorkKind::kFuzz, 0};
  for (auto _ : state) {
    queue.try_push(item);
    queue.try_pop(item);
  }
}
BENCHMARK(BM_WorkQueuePushPop);

// Push/pop under contention: every thread both produces and consumes.
void BM_WorkQueueContended(benchmark::State& state) {
  static WorkQueue* queue = nullptr;
  if (state.thread_index() == 0) {
    queue = new WorkQueue;
    queue->set_capacity(64);
  }
  WorkItem item{1, WorkKind::kFuzz, 0};
  for (auto _ : state) {
    queue->try_push(item);
    queue->try_pop(item);
  }
  if (state.thread_index() == 0) {
    delete queue;
    queue = nullptr;
  }
}
BENCHMARK(BM_WorkQueueContended)->ThreadRange(1, 4)->UseRealTime();

// The copy of a base input into the slot at the start of each chain of 5 mutations.
void BM_SlotCopy(benchmark::State& state) {
  size_t size = size_t(state.range(0));
  std::vector<uint8_t> src(size, 7), dst(size);
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), size);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(size));
}
BENCHMARK(BM_SlotCopy)->RangeMultiplier(16)->Range(16, 1 << 20);

// The scheduler's pick of one work item's entry (the coordinator makes one per work item, i.e.
// per thousands of executions on a fast target), for a corpus of n entries.
void BM_SchedulerPick(benchmark::State& state) {
  Scheduler scheduler;
  Rng rng(3);
  for (uint32_t i = 0; i < uint32_t(state.range(0)); i++) {
    scheduler.Add(i, 16 + rng.Below(4096), rng.Below(8));
  }
  scheduler.Pick(rng);  // the rebuild
  for (auto _ : state) benchmark::DoNotOptimize(scheduler.Pick(rng));
}
BENCHMARK(BM_SchedulerPick)->RangeMultiplier(10)->Range(100, 100'000);

// A new corpus entry: the next pick rebuilds the prefix sums, O(n).
void BM_SchedulerAddAndPick(benchmark::State& state) {
  Scheduler scheduler;
  Rng rng(3);
  for (uint32_t i = 0; i < uint32_t(state.range(0)); i++) {
    scheduler.Add(i, 16 + rng.Below(4096), rng.Below(8));
  }
  uint32_t next = uint32_t(state.range(0));
  for (auto _ : state) {
    scheduler.Add(next++, 100, 1);
    benchmark::DoNotOptimize(scheduler.Pick(rng));
  }
}
BENCHMARK(BM_SchedulerAddAndPick)->RangeMultiplier(10)->Range(100, 100'000);

}  // namespace
}  // namespace hivefuzz

BENCHMARK_MAIN();
