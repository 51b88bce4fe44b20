// The coordinator and real worker threads in one test process, with the target injected as a
// function that reports its own "edges" through the coverage callback: the fuzzing loop is
// tested without processes or instrumentation.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "coordinator/coordinator.h"
#include "corpus/corpus_dirs.h"
#include "coverage/runtime.h"
#include "crash/shared_hive.h"
#include "encoding/content_hash.h"
#include "test_util.h"
#include "worker/worker.h"

extern "C" void __sanitizer_cov_trace_pc_guard_init(uint32_t* start, uint32_t* stop);
extern "C" void __sanitizer_cov_trace_pc_guard(uint32_t* guard);
extern "C" void __sanitizer_cov_trace_const_cmp1(uint8_t constant, uint8_t value);
extern "C" void __sanitizer_cov_trace_const_cmp4(uint32_t constant, uint32_t value);

namespace hivefuzz {
namespace {

// Guards for a fake instrumented target: one edge per matched byte of a 4-byte magic.
uint32_t g_guards[5];
std::atomic<uint64_t> g_calls{0};
std::atomic<bool> g_solved{false};

int MagicTarget(const uint8_t* data, size_t size) {
  g_calls.fetch_add(1, std::memory_order_relaxed);
  static const char kMagic[] = "HIVE";
  __sanitizer_cov_trace_pc_guard(&g_guards[0]);
  for (size_t i = 0; i < 4; i++) {
    if (size <= i || data[i] != uint8_t(kMagic[i])) return 0;
    __sanitizer_cov_trace_pc_guard(&g_guards[i + 1]);
  }
  g_solved.store(true);
  return 0;
}

// A 32-bit magic compared as one integer, as clang's trace-cmp reports it: no edge tells how
// close an input came, so only the comparison's operands can guide the fuzzer there.
std::atomic<bool> g_magic32_solved{false};

int Magic32Target(const uint8_t* data, size_t size) {
  g_calls.fetch_add(1, std::memory_order_relaxed);
  __sanitizer_cov_trace_pc_guard(&g_guards[0]);
  if (size < 8) return 0;
  uint32_t value;
  std::memcpy(&value, data + 4, 4);
  __sanitizer_cov_trace_const_cmp4(0x5eedcafe, value);
  if (value == 0x5eedcafe) g_magic32_solved.store(true);
  return 0;
}

// A byte compared with a constant only once the first byte is 'S' (a find): which execution
// first had the 'S', and which first solved the compare.
std::atomic<uint64_t> g_first_s_call{0};
std::atomic<uint64_t> g_solved_call{0};

int SweepTarget(const uint8_t* data, size_t size) {
  uint64_t call = g_calls.fetch_add(1, std::memory_order_relaxed) + 1;
  __sanitizer_cov_trace_pc_guard(&g_guards[0]);
  if (size < 8) return 0;
  __sanitizer_cov_trace_const_cmp1('S', data[0]);
  if (data[0] != 'S') return 0;
  uint64_t unset = 0;
  g_first_s_call.compare_exchange_strong(unset, call);
  __sanitizer_cov_trace_pc_guard(&g_guards[1]);
  __sanitizer_cov_trace_const_cmp1('<', data[5]);
  if (data[5] == '<') {
    __sanitizer_cov_trace_pc_guard(&g_guards[2]);
    unset = 0;
    g_solved_call.compare_exchange_strong(unset, call);
  }
  return 0;
}

class EngineLoopTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { __sanitizer_cov_trace_pc_guard_init(g_guards, g_guards + 5); }
  void SetUp() override {
    g_calls = 0;
    g_solved = false;
  }

  // Runs the coordinator with `workers` threads until its limits stop it; new inputs are
  // written by `writer` (may be null).
  StopReason RunEngine(EngineContext& ctx, const CorpusWriter* writer = nullptr) {
    Coordinator coordinator(ctx, writer);
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<std::jthread> threads;
    for (uint32_t i = 0; i < ctx.config.workers; i++) {
      workers.push_back(std::make_unique<Worker>(ctx, i));
      threads.emplace_back([w = workers.back().get()] { w->Run(); });
    }
    StopReason reason = coordinator.Run();
    threads.clear();
    coordinator.DrainResults();
    summary_ = coordinator.Summary();
    return reason;
  }

  // RunEngine on MagicTarget, stopped as soon as the magic is solved.
  void RunUntilMagicSolved(EngineContext& ctx) {
    std::thread watcher([&] {
      while (!g_solved.load() && !ctx.stop.stop_requested()) std::this_thread::yield();
      ctx.stop.RequestStop(StopReason::kInterrupted);
    });
    RunEngine(ctx);
    watcher.join();
  }

  // One worker and no coordinator: `base` becomes corpus entry 0, the worker fuzzes it as one
  // item of `budget` executions (and its finds after it), and is stopped once its target calls
  // stall (without items it waits: ctx.fuzzing stays false).
  void RunOneItem(EngineContext& ctx, std::unique_ptr<Input> base, uint32_t budget) {
    ctx.item_budget = budget;
    ASSERT_TRUE(ctx.corpus.Add(std::move(base)).has_value());
    ctx.work.push(WorkItem{0, WorkKind::kFuzz, budget});
    Worker worker(ctx, 0);
    std::jthread thread([&] { worker.Run(); });
    for (uint64_t calls = ~uint64_t{0}; calls != g_calls.load();) {
      calls = g_calls.load();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ctx.stop.RequestStop(StopReason::kInterrupted);
  }

  // A context for `config` on `target`, replacing the previous one; the fixture keeps it and
  // its slot table (one slot per worker) alive.
  EngineContext& NewContext(const EngineConfig& config, TestOneInputFn target,
                            SharedHive* hive = nullptr) {
    ctx_.reset();
    slots_ = std::move(SlotTable::Create(-1, config.workers, config.max_len).value());
    ctx_ = std::make_unique<EngineContext>(config, coverage::NumCounters(), *slots_,
                                           Target(target, false), hive);
    return *ctx_;
  }

  FinalSummary summary_;
  std::unique_ptr<SlotTable> slots_;
  std::unique_ptr<EngineContext> ctx_;
};

EngineConfig TestConfig(uint32_t workers) {
  EngineConfig config;
  config.workers = workers;
  config.max_len = 64;
  config.seed = 7;
  config.print_progress = false;
  return config;
}

// Requirement: guided by per-thread coverage, the workers climb a 4-byte magic one byte at a
// time, and each new input lands in the corpus with the bits it won.
TEST_F(EngineLoopTest, CoverageGuidesWorkersToTheMagic) {
  EngineConfig config = TestConfig(2);
  config.exec_limit = 20'000'000;
  EngineContext& ctx = NewContext(config, MagicTarget);
  RunUntilMagicSolved(ctx);
  EXPECT_TRUE(g_solved.load()) << "not solved in " << g_calls.load() << " calls";
  // The empty input plus at least one input per matched byte.
  EXPECT_GE(ctx.corpus.size(), 5u);
  uint32_t credited = 0;
  for (uint32_t i = 0; i < ctx.corpus.size(); i++) credited += ctx.corpus.at(i).new_bits;
  EXPECT_EQ(credited, ctx.mask.CountBits()) << "every mask bit credited to exactly one input";
}

// Requirement: a worker fuzzes its finds itself, before the coordinator publishes them. With
// no coordinator running, the corpus stays at the empty input, yet one work item climbs three
// bytes of the magic: each find is the base of the worker's next item.
TEST_F(EngineLoopTest, WorkerFuzzesItsFindsBeforeTheyArePublished) {
  EngineConfig config = TestConfig(1);
  config.exec_limit = 2'000'000;
  config.use_cmp = false;
  EngineContext& ctx = NewContext(config, MagicTarget);
  auto empty = std::make_unique<Input>();
  empty->source = InputSource::kEmpty;
  RunOneItem(ctx, std::move(empty), 200'000);
  std::vector<std::string> finds;
  std::unique_ptr<Input> input;
  while (ctx.results.try_pop(input)) {
    finds.emplace_back(input->data.begin(), input->data.end());
    EXPECT_EQ(input->parent, 0u) << "the nearest published ancestor";
  }
  bool climbed = false;
  for (const std::string& find : finds) climbed |= find.starts_with("HIV");
  EXPECT_TRUE(climbed) << finds.size() << " finds in " << g_calls.load() << " calls";
}

// Requirement (Go's keepCoverage): with minimization on, each new input is shrunk before it is
// published while it still reaches a bit it won, so every find is exactly the matched prefix.
TEST_F(EngineLoopTest, NewInputsAreMinimizedKeepingTheirNewCoverage) {
  EngineConfig config = TestConfig(2);
  // Ends by the exec limit, not at the solution, so no minimization is cut short by a stop.
  config.exec_limit = 3'000'000;
  config.minimize_time_ns = 10'000'000'000;
  EngineContext& ctx = NewContext(config, MagicTarget);
  RunEngine(ctx);
  ASSERT_TRUE(g_solved.load());
  size_t generated = 0;
  for (uint32_t i = 0; i < ctx.corpus.size(); i++) {
    const Input& input = ctx.corpus.at(i);
    if (input.source != InputSource::kGenerated) continue;
    generated++;
    std::string text(input.data.begin(), input.data.end());
    ASSERT_FALSE(text.empty());
    if (text[0] != 'H') {
      // The first find wins the edge every input reaches: one byte is all it needs.
      EXPECT_EQ(text.size(), 1u) << "not minimized: " << text;
      continue;
    }
    EXPECT_EQ(text, std::string("HIVE").substr(0, text.size())) << "not minimized: " << text;
  }
  EXPECT_GE(generated, 3u);
}

// Requirement (issue 5): with comparison guidance, input-to-state finds a 32-bit magic compared
// as one integer within a small budget; without it, the same budget never does (1 in 2^32 per
// try), so the guidance is what finds it.
TEST_F(EngineLoopTest, ComparisonOperandsSolveA32BitMagic) {
  for (bool use_cmp : {true, false}) {
    g_magic32_solved = false;
    EngineConfig config = TestConfig(2);
    config.exec_limit = 200'000;
    config.use_cmp = use_cmp;
    EngineContext& ctx = NewContext(config, Magic32Target);
    auto seed = std::make_unique<Input>();
    seed->data.assign(8, 'a');
    seed->source = InputSource::kSeed;
    ctx.corpus.Add(std::move(seed));
    std::thread watcher([&] {
      while (!g_magic32_solved.load() && !ctx.stop.stop_requested()) std::this_thread::yield();
      ctx.stop.RequestStop(StopReason::kInterrupted);
    });
    RunEngine(ctx);
    watcher.join();
    EXPECT_EQ(g_magic32_solved.load(), use_cmp) << "use_cmp=" << use_cmp;
  }
}

// Requirement (-sweep_comparisons): a find's first executions are its comparisons' edits. The
// find with 'S' first is traced once, and the next execution writes '<' where the compare saw
// 'f'; without the sweep (the same seed) it takes random mutations longer.
TEST_F(EngineLoopTest, SweepTriesAFindsComparisonsFirst) {
  for (bool sweep : {true, false}) {
    g_calls = 0;
    g_first_s_call = 0;
    g_solved_call = 0;
    EngineConfig config = TestConfig(1);
    config.exec_limit = 200'000;
    config.sweep_comparisons = sweep;
    EngineContext& ctx = NewContext(config, SweepTarget);
    auto seed = std::make_unique<Input>();
    const std::string text = "abcdefgh";
    seed->data.assign(text.begin(), text.end());
    seed->source = InputSource::kSeed;
    RunOneItem(ctx, std::move(seed), 1000);
    ASSERT_NE(g_first_s_call.load(), 0u) << "sweep=" << sweep;
    if (sweep) {
      EXPECT_EQ(g_solved_call.load(), g_first_s_call.load() + 2);
    } else {
      EXPECT_GT(g_solved_call.load() == 0 ? ~uint64_t{0} : g_solved_call.load(),
                g_first_s_call.load() + 2);
    }
  }
}

// Requirement: an exec limit runs the target exactly that many times, warmup included.
TEST_F(EngineLoopTest, ExecLimitIsExactAcrossWorkers) {
  EngineConfig config = TestConfig(3);
  config.exec_limit = 12345;
  config.minimize_time_ns = 10'000'000'000;  // minimization executions count too
  EngineContext& ctx = NewContext(config, MagicTarget);
  for (const char* seed : {"a", "b", "HI"}) {
    auto input = std::make_unique<Input>();
    input->data.assign(seed, seed + std::strlen(seed));
    input->source = InputSource::kSeed;
    ctx.corpus.Add(std::move(input));
  }
  EXPECT_EQ(RunEngine(ctx), StopReason::kExecLimit);
  EXPECT_EQ(g_calls.load(), 12345u);
  EXPECT_EQ(summary_.execs, 12345u);
  EXPECT_EQ(ctx.warmup_done.load(), 3u);
}

// Requirement: a time limit stops the engine, and every worker's slot is idle afterwards.
TEST_F(EngineLoopTest, TimeLimitStops) {
  EngineConfig config = TestConfig(2);
  config.time_limit_ns = 200'000'000;
  EngineContext& ctx = NewContext(config, MagicTarget);
  EXPECT_EQ(RunEngine(ctx), StopReason::kTimeLimit);
  EXPECT_GT(g_calls.load(), 0u);
  for (uint32_t i = 0; i < 2; i++) {
    EXPECT_EQ(slots_->slot(i).state.load(), SlotState::kIdle);
  }
}

// A target with one edge that records the largest input it was given.
std::atomic<size_t> g_largest{0};

int SizeTarget(const uint8_t* data, size_t size) {
  (void)data;
  g_calls.fetch_add(1, std::memory_order_relaxed);
  __sanitizer_cov_trace_pc_guard(&g_guards[0]);
  size_t seen = g_largest.load(std::memory_order_relaxed);
  while (size > seen && !g_largest.compare_exchange_weak(seen, size)) {
  }
  return 0;
}

// Requirement: -len_control (libFuzzer's): mutants start no larger than the largest corpus
// input (at least 4 bytes) and the limit grows only after len_control * log2(limit) executions
// without a new input; without it (0, the default) mutants reach max_len at once.
TEST_F(EngineLoopTest, LenControlLimitsMutantsUntilFuzzingStalls) {
  struct Case {
    uint32_t len_control;
    uint64_t execs;
  };
  for (Case c : {Case{0, 20'000}, Case{1'000'000, 20'000}, Case{1, 200'000}}) {
    g_largest = 0;
    EngineConfig config = TestConfig(2);
    config.max_len = 4096;
    config.len_control = c.len_control;
    config.exec_limit = c.execs;
    EngineContext& ctx = NewContext(config, SizeTarget);
    EXPECT_EQ(RunEngine(ctx), StopReason::kExecLimit);
    if (c.len_control == 1'000'000) {
      EXPECT_LE(g_largest.load(), 4u) << "grew before 2M executions without a find";
      EXPECT_EQ(ctx.max_mutation_len.load(), 4u);
    } else {
      EXPECT_GT(g_largest.load(), 64u) << "len_control " << c.len_control;
      EXPECT_EQ(ctx.max_mutation_len.load(), 4096u) << "len_control " << c.len_control;
    }
  }
}

// Requirement (issue 16): process workers share one mask through the hive. What one process
// found (here an engine of process 0, run first) is announced; another process (an engine of
// process 1 over the same hive and directory) adds those inputs to its corpus from their files
// without running them, and keeps nothing of its own for coverage already found.
TEST_F(EngineLoopTest, ProcessWorkersShareTheMaskAndTheFinds) {
  TempDir dir;
  auto hive = SharedHive::Create();
  ASSERT_TRUE(hive.ok()) << hive.status().message();
  CorpusWriter writer(dir.path());

  EngineConfig first = TestConfig(1);
  first.exec_limit = 20'000'000;
  EngineContext& a = NewContext(first, MagicTarget, hive->get());
  std::thread watcher([&] {
    while (!g_solved.load() && !a.stop.stop_requested()) std::this_thread::yield();
    // Past the magic: let the coordinator publish the last find before stopping.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    a.stop.RequestStop(StopReason::kInterrupted);
  });
  RunEngine(a, &writer);
  watcher.join();
  ASSERT_TRUE(g_solved.load());
  const uint64_t found = summary_.new_interesting;
  ASSERT_GE(found, 4u);  // one input per matched byte
  EXPECT_EQ((*hive)->published(), found);
  const size_t bits = a.mask.CountBits();

  EngineConfig second = TestConfig(1);
  second.exec_limit = 20'000;
  second.process_index = 1;
  EngineContext& b = NewContext(second, MagicTarget, hive->get());
  EXPECT_EQ(b.mask.CountBits(), bits) << "the second process sees the first one's coverage";
  RunEngine(b, &writer);
  uint32_t shared = 0;
  for (uint32_t i = 0; i < b.corpus.size(); i++) {
    const Input& input = b.corpus.at(i);
    if (input.source != InputSource::kShared) continue;
    shared++;
    EXPECT_EQ(input.path, dir.path() + "/" + ToHex(input.sha1));
  }
  EXPECT_EQ(shared, found);
  EXPECT_EQ(summary_.new_interesting, 0u) << "nothing new to keep: the mask is shared";
  EXPECT_EQ(b.mask.CountBits(), bits);
}

// Requirement: by default every other worker of a run, counted across processes, favors rare
// entries; a run of one worker keeps the first schedule, and so does every worker when the two
// schedules are the same.
TEST(TakesSecondScheduleTest, EveryOtherWorkerAcrossProcesses) {
  EngineConfig config = TestConfig(2);
  EXPECT_EQ(config.favor_rare, FavorRare::kEveryOtherWorker) << "the default";
  EXPECT_FALSE(TakesSecondSchedule(config, 0));
  EXPECT_TRUE(TakesSecondSchedule(config, 1));
  EXPECT_TRUE(SecondSchedule(config).favor_rare);
  EXPECT_TRUE(SecondSchedule(config).small_first);
  EXPECT_FALSE(FirstSchedule(config).favor_rare);
  config.workers = 1;
  EXPECT_FALSE(TakesSecondSchedule(config, 0));
  config.process_index = 1;  // -fork=2, one thread each: the second process's worker
  EXPECT_TRUE(TakesSecondSchedule(config, 0));
  config.workers = 3;  // the second process's workers are the run's 4th, 5th and 6th
  EXPECT_TRUE(TakesSecondSchedule(config, 0));
  EXPECT_FALSE(TakesSecondSchedule(config, 1));
  EXPECT_TRUE(TakesSecondSchedule(config, 2));

  config = TestConfig(2);
  config.favor_rare = FavorRare::kNone;
  EXPECT_FALSE(TakesSecondSchedule(config, 1)) << "-favor_rare=0: one schedule";
  config.favor_rare = FavorRare::kAllWorkers;
  EXPECT_FALSE(TakesSecondSchedule(config, 1)) << "-favor_rare=1: one schedule, rare first";
  EXPECT_TRUE(FirstSchedule(config).favor_rare);
  config.any_size_workers = true;
  EXPECT_TRUE(TakesSecondSchedule(config, 1)) << "-any_size_workers=1 -favor_rare=1";
  EXPECT_FALSE(SecondSchedule(config).small_first);
  EXPECT_TRUE(SecondSchedule(config).favor_rare);
  config.favor_rare = FavorRare::kNone;
  EXPECT_TRUE(TakesSecondSchedule(config, 1)) << "-any_size_workers=1 -favor_rare=0";
  EXPECT_FALSE(SecondSchedule(config).favor_rare);
}

// Requirement: finds list their coverage bits (a rerun each) only in a process where some
// worker's schedule weighs entries by rarity.
TEST(TracksRarityTest, OnlyWhereAWorkerFavorsRareEntries) {
  EngineConfig config = TestConfig(2);
  EXPECT_TRUE(TracksRarity(config));
  config.workers = 1;
  EXPECT_FALSE(TracksRarity(config)) << "one worker: the first schedule only";
  config.process_index = 1;
  EXPECT_TRUE(TracksRarity(config)) << "-fork=2: the second process's worker favors rare";
  config.favor_rare = FavorRare::kNone;
  EXPECT_FALSE(TracksRarity(config));
  config.process_index = 0;
  config.favor_rare = FavorRare::kAllWorkers;
  EXPECT_TRUE(TracksRarity(config));
}

// Requirement: a process whose only worker takes the second schedule fuzzes from that queue
// alone (the first queue is never filled) and still climbs the magic, whether the schedule
// favors rare entries (the default) or long ones as well (-any_size_workers=1).
TEST_F(EngineLoopTest, SecondScheduleWorkerAloneClimbsTheMagic) {
  for (bool any_size : {false, true}) {
    SCOPED_TRACE(any_size ? "any size, rare first" : "rare first");
    g_calls = 0;
    g_solved = false;
    EngineConfig config = TestConfig(1);
    config.any_size_workers = any_size;
    config.process_index = 1;
    config.exec_limit = 20'000'000;
    EngineContext& ctx = NewContext(config, MagicTarget);
    RunUntilMagicSolved(ctx);
    EXPECT_TRUE(g_solved.load()) << "not solved in " << g_calls.load() << " calls";
    EXPECT_EQ(ctx.work.size(), 0) << "the first queue has no worker to take it";
  }
}

}  // namespace
}  // namespace hivefuzz
