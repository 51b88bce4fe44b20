// The coordinator (the engine's main thread) owns the cold duties: warmup, scheduling corpus
// entries into the work queue, adding and persisting new inputs, limits and progress lines.
// It is never on the per-execution path: workers run thousands of executions per queue item.
#pragma once

#include <cstdint>

#include "base/rng.h"
#include "coordinator/engine_context.h"
#include "coordinator/scheduler.h"
#include "corpus/corpus_dirs.h"
#include "stats/progress.h"

namespace hivefuzz {

class Coordinator {
 public:
  // `writer` (may be null) receives every new input. The corpus already holds the seeds and
  // cache entries to warm up.
  Coordinator(EngineContext& ctx, const CorpusWriter* writer);

  // Runs warmup, then fuzzing until a limit, an interrupt or an error. Workers must be running.
  // ENSURES: ctx.stop is requested on return.
  StopReason Run();

  // Once the workers have stopped: adds and persists the inputs they published last.
  void DrainResults();

  FinalSummary Summary() const;

 private:
  void Warmup();
  void FuzzLoop();
  void TakeResults();
  void TopUpQueue();
  void CheckLimits();
  void MaybePrintProgress(bool force);
  uint64_t Elapsed() const;

  EngineContext& ctx_;
  const CorpusWriter* writer_;
  uint64_t start_ns_;
  uint32_t warmup_count_ = 0;
  uint64_t new_interesting_ = 0;
  Scheduler scheduler_;
  Rng rng_;
  uint64_t last_progress_ns_ = 0;
  uint64_t last_progress_execs_ = 0;
  uint64_t last_tune_ns_ = 0;
  uint64_t last_tune_execs_ = 0;
};

}  // namespace hivefuzz
