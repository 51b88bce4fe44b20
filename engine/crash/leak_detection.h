// libFuzzer's -detect_leaks (FuzzerLoop.cpp, TryDetectingAMemoryLeak), adapted to worker
// threads. Each execution's mallocs and frees are counted on the thread that runs it (the
// sanitizer's malloc/free hooks run on the allocating thread, so the counters are
// thread-local); an execution with more mallocs than frees is a leak suspect. The suspect is
// run again with LeakSanitizer disabled on that thread (so a real leak is reported once, from
// the first run); if it still allocates more than it frees, LeakSanitizer's recoverable check
// runs (one thread at a time). A leak it finds is a failure of that input. The supervisor then
// confirms it as it isolates any failure: in a fresh single-threaded child that runs the input
// alone (where no other thread's executions can be blamed).
//
// Only an ASan build has LeakSanitizer; elsewhere the sanitizer entry points are weak and
// null, LeakDetectionAvailable() is false and EnableLeakDetection() does nothing.
#pragma once

#include <cstdint>

namespace hivefuzz {

// LeakSanitizer is linked into this process (an ASan build).
bool LeakDetectionAvailable();

// Installs the counting hooks and turns the check on for CheckExecutionForLeak. Call from the
// main thread before any worker starts. Returns false (and does nothing) when unavailable.
bool EnableLeakDetection();

// The engine's own allocations are not the target's leaks (a lock-free queue's pages hold
// pointers LeakSanitizer cannot see): engine threads run with LeakSanitizer disabled, and
// enable it only while the target runs (TargetAllocations). EnableLeakDetection does this for
// the calling thread; a worker thread calls this when it starts. No-op while detection is off.
void IgnoreEngineAllocationsOnThisThread();

// While alive, the calling thread's allocations are the target's (LeakSanitizer sees them).
class TargetAllocations {
 public:
  TargetAllocations();
  ~TargetAllocations();
  TargetAllocations(const TargetAllocations&) = delete;
  TargetAllocations& operator=(const TargetAllocations&) = delete;

 private:
  bool reenabled_;
};

// Mallocs and frees made so far by the calling thread (while detection is enabled).
struct MallocCounts {
  uint64_t mallocs = 0;
  uint64_t frees = 0;
};
MallocCounts ThreadMallocCounts();

// Whether an execution that started at `before` (ThreadMallocCounts() then) is a leak suspect:
// detection is on and the calling thread allocated more than it freed since.
bool IsLeakSuspect(const MallocCounts& before);

// For a suspect: `rerun` runs the same input again; it is called with LeakSanitizer disabled
// on this thread. Returns true when the leak is confirmed (LeakSanitizer printed its report);
// false when the rerun frees all it allocates (lazy initialisation, a cache) or LeakSanitizer
// finds nothing. After too many unconfirmed suspects detection turns itself off, as libFuzzer
// does, with libFuzzer's INFO text. `initial_corpus`: the input is a corpus file run at
// start-up (libFuzzer says so when it leaks).
template <typename Rerun>
bool ConfirmLeak(Rerun&& rerun, bool initial_corpus);

namespace internal {
void LsanDisable();
void LsanEnable();
// Counts an unconfirmed suspect; false once detection has turned itself off.
bool NoteSuspect();
// LeakSanitizer's recoverable check, one thread at a time; true when it reported a leak.
bool RecoverableLeakCheck(bool initial_corpus);
}  // namespace internal

template <typename Rerun>
bool ConfirmLeak(Rerun&& rerun, bool initial_corpus) {
  internal::LsanDisable();
  MallocCounts before = ThreadMallocCounts();
  rerun();
  bool still = IsLeakSuspect(before);
  internal::LsanEnable();
  if (!still) return false;  // a leak is unlikely
  if (!internal::NoteSuspect()) return false;
  return internal::RecoverableLeakCheck(initial_corpus);
}

}  // namespace hivefuzz
