// The coverage runtime: gives every instrumented edge (the pass plugin's inline counters or
// SanitizerCoverage's trace-pc-guard) a global index, counted in the calling thread's array.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hivefuzz::coverage {

// Upper bound on instrumented edges in one process; guard indices are 1..kMaxEdges-1.
// Counter arrays are this long but mapped lazily, so only touched pages cost memory.
inline constexpr size_t kMaxEdges = size_t{1} << 22;

// Counters a scan must cover: the highest counter index assigned so far, plus one, rounded up
// to a whole 64-byte line. Grows only when an instrumented module is loaded.
size_t NumCounters();

// Edges assigned so far (0 for a binary without instrumentation).
size_t NumEdges();

// Instrumented modules (executable, shared libraries) whose edges were assigned.
size_t NumModules();

// Points this thread's counters for trace-pc-guard callbacks and for code compiled for a shared
// library at `counters` (kMaxEdges bytes, zeroed, indexed by counter index), or back at the
// shared discard area when nullptr. Threads that never call this count into the discard area.
// Code compiled for an executable counts into thread-local arrays instead: every thread has its
// own from its start (ThreadLocalCounterRanges).
void SetThreadCounters(uint8_t* counters);
uint8_t* ThreadCounters();

// Counter indices [first, first + count) at `counters`; first and count are multiples of 8.
struct CounterRange {
  uint8_t* counters;
  size_t first;
  size_t count;
};
// The calling thread's thread-local counter arrays (one per translation unit compiled for the
// executable), in no particular order: writes up to `capacity` to `out`, returns how many there
// are. Indices they hold are never counted in SetThreadCounters's array.
size_t ThreadLocalCounterRanges(CounterRange* out, size_t capacity);

// A zeroed, lazily mapped counter array of kMaxEdges bytes, and its release.
uint8_t* AllocateCounters();
void FreeCounters(uint8_t* counters);

// How the loaded modules were instrumented, for the start line: "inline counters" (the pass
// plugin), "trace-pc-guard callbacks", both, or "none".
const char* InstrumentationName();
bool OnlyInlineCounters();  // every instrumented module uses the pass plugin's counters

// One entry of a module's function map, which the pass plugin emits (instrumentation/
// runtime_abi.h): an instrumented function or a traced copy, and the function it stands for
// (0: none, its code addresses stand for themselves).
struct FunctionMapEntry {
  uintptr_t start;
  uintptr_t canonical;
};

// The address a crash signature hashes for the code address `pc`: a function that has a traced
// copy and its copy both stand for the function's start (the copy's instructions cannot be
// matched to the function's one by one), so a failure hashes the same whether the thread was
// recording comparisons or not; any other address stands for itself. Async-signal-safe.
uintptr_t SignatureAddress(uintptr_t pc);

// libFuzzer's stack-depth feature: how far below the start of an execution the target's stack
// went, as one of kStackDepthCounters counters of their own, a step function of the depth that
// grows like 8 log2 (libFuzzer's StackDepthStepFunction): an input that recurses deeper than any
// before is new coverage where the recursion's own edges saturated long ago. Instrumented code
// lowers __sancov_lowest_stack (instrumentation/stack_depth.h; SanitizerCoverage's stack-depth
// in the fallback). The counters are indices of their own, assigned when the first instrumented
// module registers, so they are in every counter array and view like any module's.
inline constexpr size_t kStackDepthCounters = 256;
// The step of a depth of `words` stack words (8 bytes each); below kStackDepthCounters.
size_t StackDepthStep(uintptr_t words);
// Before an execution on this thread: `frame`, an address in the caller's frame, is the start.
void BeginStackDepth(uintptr_t frame);
// After it: sets the counter of the step the deepest stack reached below `frame` in this
// thread's counter array (SetThreadCounters), if any instrumented code ran deeper than it.
void EndStackDepth(uintptr_t frame);
// The first of the stack-depth counters' indices; 0 while no instrumented module registered.
size_t StackDepthFirstCounter();

// True when some module was built with -fsanitize-coverage=inline-8bit-counters (for example
// libFuzzer's -fsanitize=fuzzer-no-link): those counters are global, not per thread.
bool SawInline8BitCounters();

}  // namespace hivefuzz::coverage
