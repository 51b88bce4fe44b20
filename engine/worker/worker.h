// A worker thread: pops a work item, copies its input into the thread's crash slot once, then
// mutates in place, executes and merges coverage until the item's budget is spent, a new
// coverage bit is won (the input is published), or the target crashes.
#pragma once

#include <cstdint>

#include "base/rng.h"
#include "coordinator/engine_context.h"

namespace hivefuzz {

// Thread-compatible: one Worker per thread, used only by that thread.
class Worker {
 public:
  Worker(EngineContext& ctx, uint32_t index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The thread's loop. Returns when a stop is requested or the exec budget is spent.
  void Run();

 private:
  void RunWarmup(const WorkItem& item);
  void RunFuzz(const WorkItem& item);
  bool NextItem(WorkItem* item);
  // Executes the slot's current input once; returns the bits it won (0 if rejected).
  size_t ExecuteSlot(size_t size);

  EngineContext& ctx_;
  Slot& slot_;
  WorkerCounters& counters_;
  Rng rng_;
  uint8_t* coverage_counters_;
  uint64_t seq_ = 0;
  std::string exception_text_;
};

}  // namespace hivefuzz
