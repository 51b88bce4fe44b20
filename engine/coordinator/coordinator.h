// The coordinator (the engine's main thread) owns the cold duties: warmup, scheduling corpus
// entries into the work queue, adding and persisting new inputs, limits and progress lines.
// It is never on the per-execution path: workers run up to 256 executions per queue item.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/rng.h"
#include "coordinator/engine_context.h"
#include "coordinator/rare_features.h"
#include "coordinator/scheduler.h"
#include "corpus/corpus_dirs.h"
#include "stats/progress.h"
#include "stats/stats_log.h"

namespace hivefuzz {

class Coordinator {
 public:
  // `writer` (may be null) receives every new input; `stats_log` (may be null) a row about
  // once a second and one at the end. The corpus already holds the seeds and cache entries
  // to warm up.
  // `watcher` (may be null; libFuzzer's -reload) is asked every config.reload_interval_ns for
  // files other processes wrote into the corpus directory; each new one runs once, as in
  // warmup, and joins the corpus.
  Coordinator(EngineContext& ctx, const CorpusWriter* writer, StatsLog* stats_log = nullptr,
              CorpusWatcher* watcher = nullptr);

  // Runs warmup, then fuzzing until a limit, an interrupt or an error. Workers must be running.
  // ENSURES: ctx.stop is requested on return.
  StopReason Run();

  // Once the workers have stopped: adds and persists the inputs they published last, and
  // writes the last stats row.
  void DrainResults();

  FinalSummary Summary() const;

  // The moment warmup ended and the workers were let loose: the monotonic and process CPU
  // clocks, and the executions so far (all of them warmup). Zero if Run stopped before that.
  // Benchmark mode times the fuzzing from here. Read it after Run has returned.
  struct FuzzingStart {
    uint64_t wall_ns = 0;
    uint64_t cpu_ns = 0;
    uint64_t execs = 0;
  };
  const FuzzingStart& fuzzing_start() const { return fuzzing_start_; }

  // The executions per self-picked work item that the coordinator settles on at this
  // per-worker speed (about a millisecond of work). Public for benchmark mode, whose
  // repetitions are too short for the coordinator to tune it.
  static uint32_t ItemBudgetFor(double per_worker_execs_per_sec);

 private:
  void Warmup();
  void FuzzLoop();
  void TakeResults();
  // After a result that replaces corpus entry `old` (-reduce_inputs) is on disk and in the
  // corpus: the old entry is scheduled no more and its file, if this process wrote it, removed.
  void RetireReplaced(uint32_t old);
  // Corpus entries not replaced by smaller ones, and their count in the shared header (the
  // supervisor's progress lines over process workers).
  uint64_t LiveEntries() const;
  void PublishCorpusSize();
  void TopUpQueue();
  // TracksRarity: the scheduler's rarity factors follow the entries' bits, at most every 50 ms.
  void MaybeReweight();
  void MaybeReload();
  // A process worker of a -fork=N run: the other processes' new inputs join the corpus.
  void ImportSharedFinds();
  void CheckLimits();
  void MaybePrintProgress(bool force);
  // libFuzzer's status lines: "#N pulse" when the execution count passes a power of two
  // (after 2 s, as libFuzzer), "#N NEW" at most once a second while the corpus grows.
  void MaybePrintLibFuzzerLines();
  void PrintLibFuzzerStatus(const char* event);
  void MaybeWriteStatsRow(bool force);
  uint64_t Elapsed() const;

  EngineContext& ctx_;
  const CorpusWriter* writer_;
  StatsLog* stats_log_;
  uint64_t start_ns_;
  uint32_t warmup_count_ = 0;
  uint64_t new_interesting_ = 0;
  uint64_t corpus_bytes_ = 0;       // total size of the corpus entries
  uint64_t last_pulse_execs_ = 0;   // the count at the last "pulse" line
  uint64_t last_new_reported_ = 0;  // new_interesting_ at the last "NEW" line
  uint64_t last_new_ns_ = 0;       // 0: the first "NEW" line comes at once
  Scheduler scheduler_;
  // Which of the two work queues this process's workers take from (TakesSecondSchedule).
  bool fills_first_ = false;
  bool fills_second_ = false;
  std::optional<RareFeatures> rare_;  // TracksRarity only
  bool rarity_changed_ = false;
  uint64_t last_reweight_ns_ = 0;
  Rng rng_;
  uint64_t last_progress_ns_ = 0;
  uint64_t last_progress_execs_ = 0;
  uint64_t last_tune_ns_ = 0;
  uint64_t last_tune_execs_ = 0;
  FuzzingStart fuzzing_start_;
  uint64_t last_stats_ns_;
  uint64_t last_stats_execs_ = 0;
  uint64_t last_stop_file_check_ns_ = 0;  // libFuzzer's -stop_file
  CorpusWatcher* watcher_;                // libFuzzer's -reload
  uint64_t last_reload_ns_ = 0;
  uint64_t reloaded_ = 0;                  // files other processes wrote, added to the corpus
  uint64_t hive_cursor_ = 0;               // the next announcement of the shared hive to read
  uint64_t hive_pending_since_ns_ = 0;     // an announcement begun but not complete, since
  uint64_t imported_ = 0;                  // other processes' inputs added to the corpus
  bool import_warned_ = false;
  std::vector<uint8_t> retired_;  // by corpus index: replaced by a smaller input
  uint64_t reduced_ = 0;          // entries replaced by smaller ones (-reduce_inputs)
  uint64_t last_reduce_reported_ = 0;
  uint64_t last_reduce_ns_ = 0;
};

}  // namespace hivefuzz
