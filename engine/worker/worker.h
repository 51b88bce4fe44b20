// A worker thread: pops a work item, copies its input into the thread's crash slot once, then
// mutates in place, executes and merges coverage until the item's budget is spent, a new
// coverage bit is won (the input is published), or the target crashes.
#pragma once

#include <cstdint>

#include "base/file_util.h"
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
  // Runs the target once on the slot's first `size` bytes, leaving its coverage in this
  // thread's counters. False: the target rejected the input (returned -1).
  bool RunSlot(size_t size);
  // RunSlot, then merges the coverage; returns the bits won (0 if rejected), recorded in `won`
  // when it is not null.
  size_t ExecuteSlot(size_t size, WonBits* won = nullptr);
  // Go's keepCoverage: shrinks a new input while it still reaches at least one of the bits it
  // won, within -fuzzminimizetime and the exec budget (*granted grows by claims, *used counts).
  Bytes MinimizeNewInput(Bytes found, const WonBits& won, uint64_t* granted, uint64_t* used);

  EngineContext& ctx_;
  Slot& slot_;
  WorkerCounters& counters_;
  Rng rng_;
  uint8_t* coverage_counters_;
  uint64_t seq_ = 0;
  std::string exception_text_;
};

}  // namespace hivefuzz
