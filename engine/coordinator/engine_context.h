// Everything the coordinator and the workers share, owned by the driver and passed by
// reference: no process-wide singletons, so tests build as many engines as they like.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "cmp/cmp_table.h"
#include "coordinator/exec_budget.h"
#include "coordinator/run_tokens.h"
#include "coordinator/scheduler.h"
#include "coordinator/stop_condition.h"
#include "coordinator/work_item.h"
#include "corpus/corpus.h"
#include "coverage/coverage_mask.h"
#include "crash/shared_hive.h"
#include "crash/slot_table.h"
#include "mutator/dictionary.h"
#include "stats/worker_stats.h"
#include "target/target.h"

namespace hivefuzz {

// Which workers favor corpus entries whose coverage bits few other entries reach (-favor_rare):
// none (=0), every other worker of the run (the default), or all of them (=1).
enum class FavorRare : uint8_t { kNone, kEveryOtherWorker, kAllWorkers };

struct EngineConfig {
  uint32_t workers = 1;
  // The CPUs the workers share (RunTokens): at most this many run at once. 0: no limit.
  uint32_t cpus = 0;
  size_t max_len = 4096;
  uint64_t seed = 1;
  uint64_t time_limit_ns = 0;
  uint64_t exec_limit = 0;
  // Budget to minimize each new interesting input (-fuzzminimizetime with
  // -minimize_new_inputs=1); both 0: new inputs are kept as found.
  uint64_t minimize_time_ns = 0;
  uint64_t minimize_attempts = 0;
  bool coverage = true;            // false: the target has no instrumentation
  bool use_cmp = true;             // comparison operands feed mutations (-use_cmp)
  bool use_value_profile = false;  // comparison closeness counts as coverage
  bool reduce_inputs = false;      // -reduce_inputs: smaller inputs with an entry's bits replace it
  // -favor_rare: which workers pick entries weighted by the rarity of their bits
  // (SecondSchedule, TakesSecondSchedule).
  FavorRare favor_rare = FavorRare::kEveryOtherWorker;
  // -any_size_workers=1: every other worker draws entries regardless of their size.
  bool any_size_workers = false;
  // -sweep_comparisons=1: a find's first executions try each of its comparisons once
  // (ListComparisonEdits) before random mutations.
  bool sweep_comparisons = false;
  // ---- libFuzzer's flags ----
  bool only_ascii = false;  // -only_ascii=1: every mutant is made printable ASCII (ToAscii)
  bool cross_over = true;   // -cross_over=0: no crossover mutations
  bool warmup_only = false; // -runs=0: run the corpus once (warmup), then stop
  std::string stop_file;    // -stop_file: stop once this file exists; "" = none
  uint64_t reload_interval_ns = 0;  // -reload: how often to look for others' corpus files; 0 never
  // -len_control=N: mutants start no larger than the corpus' largest input (at least 4 bytes);
  // the limit grows by log2(limit) after N * log2(limit) executions without a new input, up
  // to max_len. 0: mutants may reach max_len at once. (The options default to 100.)
  uint32_t len_control = 0;
  // ---- end libFuzzer's flags ----
  // A typed fuzz test's argument types (TypedTarget::shape): mutants are made one argument at a
  // time and minimized per argument. Empty: the input is plain bytes.
  std::vector<GoType> shape;
  bool print_progress = true;
  uint64_t progress_interval_ns = 3'000'000'000;
  // A process worker of a -fork=N run (EngineContext::hive set): this process's index, and how
  // many processes share the CPUs.
  uint32_t process_index = 0;
  uint32_t processes = 1;
  // How often the coordinator wakes up. 500 us; longer for process workers that outnumber the
  // CPUs, whose coordinators would otherwise spend the CPUs on waking up (each process's
  // worker still takes its own finds at once and picks entries itself when its queue is empty).
  uint64_t poll_interval_ns = 500'000;
};

struct EngineContext {
  // `hive` (may be null; outlives the context): the memory the processes of a -fork=N run
  // share. The masks are then theirs: a bit any process set is not new here.
  EngineContext(const EngineConfig& config, size_t num_counters, SlotTable& slots, Target target,
                SharedHive* hive = nullptr)
      : config(config),
        hive(hive),
        mask(hive != nullptr ? CoverageMask(hive->mask_words(), num_counters)
                             : CoverageMask(num_counters)),
        value_profile(hive != nullptr
                          ? CoverageMask(hive->value_profile_words(), cmp::kValueProfileBits / 8)
                          : CoverageMask(cmp::kValueProfileBits / 8)),
        budget(config.exec_limit, config.workers),
        run_tokens(config.workers, config.cpus),
        stats(config.workers),
        slots(slots),
        target(target) {
    work.set_capacity(std::ptrdiff_t(config.workers) * 4);
    work_second.set_capacity(std::ptrdiff_t(config.workers) * 4);
  }

  const EngineConfig config;
  SharedHive* const hive;
  Corpus corpus;
  CoverageMask mask;
  // Value-profile features (-use_value_profile=1), one bit each: the mask's second region.
  CoverageMask value_profile;
  // The user's dictionaries (-dict), read before the workers start, then only read.
  std::vector<DictionaryEntry> dictionary;
  WorkQueue work;
  // Entries drawn by SecondSchedule, for the workers that TakesSecondSchedule names.
  WorkQueue work_second;
  // New corpus entries, taken before `work`: a fresh find is explored at once instead of
  // waiting behind the round-robin items (Go puts it at the tail of its one queue).
  FreshQueue fresh;
  ResultQueue results;
  ExecBudget budget;
  RunTokens run_tokens;
  StopCondition stop;
  WorkerStats stats;
  SlotTable& slots;
  const Target target;

  // Warmup items finished (run, or skipped for lack of budget). Workers count up; the
  // coordinator waits for all of them before fuzzing.
  std::atomic<uint32_t> warmup_done{0};
  // Set once warmup is over: only then may idle workers pick corpus entries themselves.
  std::atomic<bool> fuzzing{false};
  // The largest mutant (libFuzzer's TmpMaxMutationLen): config.max_len, or with -len_control
  // a limit the coordinator raises; workers read it once per work item. An input larger than
  // it may keep its size.
  std::atomic<size_t> max_mutation_len{config.max_len};
  // -len_control (coordinator/len_control.h): executions at the last new corpus entry, and the
  // lock of the one thread taking growth steps (tried once per work item, never waited for).
  std::atomic<uint64_t> len_control_anchor{0};
  std::mutex len_control_mutex;
  // Executions per self-picked item; tuned by the coordinator from the measured exec rate.
  std::atomic<uint32_t> item_budget{64};
  // Workers whose loop has ended (stop requested, or the exec budget is spent).
  std::atomic<uint32_t> workers_finished{0};
};

// The schedule `work` is filled by: small entries first, and rare ones with -favor_rare=1.
inline Schedule FirstSchedule(const EngineConfig& config) {
  return {.small_first = true, .favor_rare = config.favor_rare == FavorRare::kAllWorkers};
}

// The schedule `work_second` is filled by: without the size factor with -any_size_workers=1,
// and favoring rare entries unless -favor_rare=0.
inline Schedule SecondSchedule(const EngineConfig& config) {
  return {.small_first = !config.any_size_workers,
          .favor_rare = config.favor_rare != FavorRare::kNone};
}

// Whether worker `worker` of this process takes its items from `work_second`: every other
// worker of the run, counted across the processes of a -fork=N run, when the second schedule
// differs from the first, so one worker alone keeps the first. Two schedules keep a second line
// of search on what the first neglects (entries whose bits few others reach; with
// -any_size_workers=1, long inputs: many chunks, many attributes).
inline bool TakesSecondSchedule(const EngineConfig& config, uint32_t worker) {
  return SecondSchedule(config) != FirstSchedule(config) &&
         (uint64_t(config.process_index) * config.workers + worker) % 2 == 1;
}

// Whether some schedule of this process weighs entries by rarity, so each find runs once more
// to list its coverage bits (Worker::ListFeatures) and the coordinator keeps RareFeatures.
inline bool TracksRarity(const EngineConfig& config) {
  if (FirstSchedule(config).favor_rare) return true;
  if (!SecondSchedule(config).favor_rare) return false;
  for (uint32_t worker = 0; worker < config.workers; worker++) {
    if (TakesSecondSchedule(config, worker)) return true;
  }
  return false;
}

}  // namespace hivefuzz
