// Links nothing but libc: it runs inside instrumented code, before main and on any thread.
#include "coverage/runtime.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace hivefuzz::coverage {
namespace {

// Where threads that are not workers count. Racy by design: nobody reads it.
alignas(64) uint8_t g_discard[kMaxEdges];

// Highest guard index handed out. Written at module initialization, read by scans.
std::atomic<uint32_t> g_last_guard{0};
std::atomic<uint32_t> g_modules{0};  // guard ranges initialized: one per instrumented module
std::atomic<bool> g_saw_inline_counters{false};

std::atomic<uint32_t> g_edges{0};  // edges counted (NumEdges); g_last_guard adds alignment

// The runtime's record of one translation unit's thread-local counter array: the pass emits it
// zeroed (instrumentation/runtime_abi.h, kThreadLocalRecordWords), registration fills it in.
struct ThreadLocalModule {
  ThreadLocalModule* next;
  // The array's address minus __hivefuzz_tls_counters's, the same in every thread: both are in
  // the static TLS block, whose layout every thread shares.
  intptr_t offset;
  uint64_t first;  // a multiple of 8, as is count: the engine reads them in 8-byte words
  uint64_t count;
};
static_assert(sizeof(ThreadLocalModule) == 4 * sizeof(uint64_t));
std::atomic<ThreadLocalModule*> g_thread_local_modules{nullptr};

// The first stack-depth counter's index (StackDepthFirstCounter); 0 until assigned.
std::atomic<uint32_t> g_stack_depth_first{0};

std::atomic<uint32_t> g_guard_modules{0};   // of which trace-pc-guard callbacks
std::atomic<uint32_t> g_inline_modules{0};  // of which the pass plugin's inline counters

}  // namespace
}  // namespace hivefuzz::coverage

// The calling thread's counters for trace-pc-guard callbacks and for code compiled for a
// shared library (instrumentation/runtime_abi.h). No dynamic TLS initialization: one
// %fs-relative load reads it (initial-exec from a shared library's code).
extern "C" constinit thread_local uint8_t* __hivefuzz_tls_counters = hivefuzz::coverage::g_discard;

// The lowest stack pointer instrumented code entered a function with on this thread
// (instrumentation/runtime_abi.h, kLowestStack); SanitizerCoverage's stack-depth writes it too.
extern "C" constinit thread_local uintptr_t __sancov_lowest_stack = UINTPTR_MAX;

namespace hivefuzz::coverage {

size_t NumEdges() { return g_edges.load(std::memory_order_acquire); }

size_t NumModules() { return g_modules.load(std::memory_order_acquire); }

size_t NumCounters() {
  return (g_last_guard.load(std::memory_order_acquire) + 1 + 63) & ~size_t{63};
}

void SetThreadCounters(uint8_t* counters) {
  __hivefuzz_tls_counters = counters ? counters : g_discard;
}

size_t ThreadLocalCounterRanges(CounterRange* out, size_t capacity) {
  auto* anchor = reinterpret_cast<uint8_t*>(&__hivefuzz_tls_counters);
  size_t n = 0;
  for (ThreadLocalModule* m = g_thread_local_modules.load(std::memory_order_acquire); m != nullptr;
       m = m->next, n++) {
    if (n < capacity) out[n] = {anchor + m->offset, size_t(m->first), size_t(m->count)};
  }
  return n;
}

uint8_t* ThreadCounters() { return __hivefuzz_tls_counters; }

uint8_t* AllocateCounters() {
  void* p = mmap(nullptr, kMaxEdges, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "hivefuzz: cannot map %zu bytes for coverage counters\n", kMaxEdges);
    std::abort();
  }
  return static_cast<uint8_t*>(p);
}

void FreeCounters(uint8_t* counters) {
  if (counters) munmap(counters, kMaxEdges);
}

bool SawInline8BitCounters() { return g_saw_inline_counters.load(std::memory_order_relaxed); }

const char* InstrumentationName() {
  bool inline_counters = g_inline_modules.load(std::memory_order_acquire) > 0;
  bool guards = g_guard_modules.load(std::memory_order_acquire) > 0;
  if (inline_counters && guards) return "inline counters and trace-pc-guard callbacks";
  if (inline_counters) return "inline counters";
  if (guards) return "trace-pc-guard callbacks";
  return "none";
}

bool OnlyInlineCounters() {
  return g_inline_modules.load(std::memory_order_acquire) > 0 &&
         g_guard_modules.load(std::memory_order_acquire) == 0;
}

namespace {
// The function maps of the modules loaded so far, each sorted by address. A slot is reserved
// first and published by its end pointer, so a crash handler reading them never sees half.
constexpr size_t kMaxFunctionMaps = 1024;
struct FunctionMap {
  const FunctionMapEntry* begin = nullptr;
  std::atomic<const FunctionMapEntry*> end{nullptr};
};
FunctionMap g_function_maps[kMaxFunctionMaps];
std::atomic<size_t> g_function_maps_reserved{0};
}  // namespace

// Returns false for a map already registered (every translation unit of an executable passes
// its module's map) or one that does not fit.
static bool RegisterFunctionMap(FunctionMapEntry* begin, FunctionMapEntry* end) {
  if (begin == nullptr || begin >= end) return false;
  // Module constructors run one at a time (the dynamic loader's lock): no registration races.
  size_t reserved =
      std::min(g_function_maps_reserved.load(std::memory_order_acquire), kMaxFunctionMaps);
  for (size_t m = 0; m < reserved; m++) {
    if (g_function_maps[m].begin == begin) return false;
  }
  size_t slot = g_function_maps_reserved.fetch_add(1, std::memory_order_acq_rel);
  if (slot >= kMaxFunctionMaps) return false;  // frames of that module keep their exact addresses
  std::sort(begin, end,
            [](const FunctionMapEntry& a, const FunctionMapEntry& b) { return a.start < b.start; });
  g_function_maps[slot].begin = begin;
  g_function_maps[slot].end.store(end, std::memory_order_release);
  return true;
}

uintptr_t SignatureAddress(uintptr_t pc) {
  const FunctionMapEntry* nearest = nullptr;  // the function starting last at or before pc
  size_t maps =
      std::min(g_function_maps_reserved.load(std::memory_order_acquire), kMaxFunctionMaps);
  for (size_t m = 0; m < maps; m++) {
    const FunctionMapEntry* end = g_function_maps[m].end.load(std::memory_order_acquire);
    if (end == nullptr) continue;
    const FunctionMapEntry* after =
        std::upper_bound(g_function_maps[m].begin, end, pc,
                         [](uintptr_t p, const FunctionMapEntry& e) { return p < e.start; });
    if (after == g_function_maps[m].begin) continue;
    const FunctionMapEntry* candidate = after - 1;
    if (nearest == nullptr || candidate->start > nearest->start) nearest = candidate;
  }
  return nearest != nullptr && nearest->canonical != 0 ? nearest->canonical : pc;
}

// Gives `count` consecutive counters the next free indices, the first a multiple of
// `alignment` (a power of two); returns the first. The caller counts the edges among them.
static uint32_t AssignEdges(uint32_t count, uint32_t alignment = 1) {
  uint32_t last = g_last_guard.load(std::memory_order_acquire);
  uint32_t first;
  do {
    first = (last + alignment) & ~(alignment - 1);
    if (size_t{first} + count > kMaxEdges) {
      std::fprintf(stderr,
                   "hivefuzz: the target has more than %zu instrumented edges; this build of "
                   "hivefuzz supports at most that many\n",
                   kMaxEdges - 1);
      std::abort();
    }
  } while (!g_last_guard.compare_exchange_weak(last, first + count - 1, std::memory_order_acq_rel));
  return first;
}

// Called by every registration: the stack-depth counters get their indices with the first
// instrumented module, before any worker builds its view of the counters.
static void AssignStackDepthCounters() {
  if (g_stack_depth_first.load(std::memory_order_acquire) != 0) return;
  uint32_t first = AssignEdges(uint32_t{kStackDepthCounters}, 8);
  uint32_t unassigned = 0;
  // A registration racing this one may win; its range serves, this one stays unused.
  g_stack_depth_first.compare_exchange_strong(unassigned, first, std::memory_order_acq_rel);
}

size_t StackDepthFirstCounter() { return g_stack_depth_first.load(std::memory_order_acquire); }

size_t StackDepthStep(uintptr_t words) {
  if (words < 8) return words;
  unsigned log2 = 63 - unsigned(__builtin_clzll(words)) - 3;
  size_t step = (log2 + 1) * 8 + ((words >> log2) & 7);
  return step < kStackDepthCounters ? step : kStackDepthCounters - 1;
}

void BeginStackDepth(uintptr_t frame) { __sancov_lowest_stack = frame; }

__attribute__((no_sanitize("thread"))) void EndStackDepth(uintptr_t frame) {
  uintptr_t lowest = __sancov_lowest_stack;
  size_t first = StackDepthFirstCounter();
  if (first == 0 || lowest >= frame) return;
  __hivefuzz_tls_counters[first + StackDepthStep((frame - lowest) / 8)] = 1;
}

}  // namespace hivefuzz::coverage

extern "C" {

// Called once per instrumented module (maybe more than once for the same one) before its code
// runs. Guard values become global counter indices; 0 stays unused.
void __sanitizer_cov_trace_pc_guard_init(uint32_t* start, uint32_t* stop) {
  if (start == stop || *start != 0) return;
  hivefuzz::coverage::AssignStackDepthCounters();
  auto count = static_cast<uint32_t>(stop - start);
  uint32_t first = hivefuzz::coverage::AssignEdges(count);
  for (uint32_t i = 0; i < count; i++) start[i] = first + i;
  hivefuzz::coverage::g_edges.fetch_add(count, std::memory_order_acq_rel);
  hivefuzz::coverage::g_modules.fetch_add(1, std::memory_order_acq_rel);
  hivefuzz::coverage::g_guard_modules.fetch_add(1, std::memory_order_acq_rel);
}

// The pass plugin's registration from code compiled for a shared library, once per translation
// unit: [start, stop) are the module's placeholder bytes, one per edge; counter index =
// placeholder address + *displacement. The module's constructors run one after another, so the
// first one's registration is seen by the others.
// [map_start, map_stop) is the module's function map (hivefuzz::coverage::SignatureAddress).
void __hivefuzz_cov_register_module(uint8_t* start, uint8_t* stop, intptr_t* displacement,
                                    hivefuzz::coverage::FunctionMapEntry* map_start,
                                    hivefuzz::coverage::FunctionMapEntry* map_stop) {
  if (start >= stop || *displacement != 0) return;
  hivefuzz::coverage::AssignStackDepthCounters();
  auto count = static_cast<uint32_t>(stop - start);
  uint32_t first = hivefuzz::coverage::AssignEdges(count);
  *displacement = intptr_t(first) - reinterpret_cast<intptr_t>(start);
  hivefuzz::coverage::g_edges.fetch_add(count, std::memory_order_acq_rel);
  hivefuzz::coverage::g_modules.fetch_add(1, std::memory_order_acq_rel);
  hivefuzz::coverage::g_inline_modules.fetch_add(1, std::memory_order_acq_rel);
  hivefuzz::coverage::RegisterFunctionMap(map_start, map_stop);
}

// The same from code compiled for an executable, once per translation unit: `counters` is the
// unit's thread-local array (in the calling thread) of `count` counters, padded to whole 8-byte
// words; `record` is the unit's, zeroed until this call fills it.
void __hivefuzz_cov_register_thread_local(uint8_t* counters, uint64_t count, void* record,
                                          hivefuzz::coverage::FunctionMapEntry* map_start,
                                          hivefuzz::coverage::FunctionMapEntry* map_stop) {
  auto* module = static_cast<hivefuzz::coverage::ThreadLocalModule*>(record);
  if (count == 0 || module->count != 0) return;
  hivefuzz::coverage::AssignStackDepthCounters();
  // Whole words of its own: a word the engine reads never holds another module's counters.
  uint64_t padded = (count + 7) & ~uint64_t{7};
  module->first = hivefuzz::coverage::AssignEdges(static_cast<uint32_t>(padded), 8);
  hivefuzz::coverage::g_edges.fetch_add(static_cast<uint32_t>(count), std::memory_order_acq_rel);
  module->count = padded;
  module->offset = counters - reinterpret_cast<uint8_t*>(&__hivefuzz_tls_counters);
  module->next = hivefuzz::coverage::g_thread_local_modules.load(std::memory_order_acquire);
  while (!hivefuzz::coverage::g_thread_local_modules.compare_exchange_weak(
      module->next, module, std::memory_order_acq_rel)) {
  }
  hivefuzz::coverage::g_inline_modules.fetch_add(1, std::memory_order_acq_rel);
  if (hivefuzz::coverage::RegisterFunctionMap(map_start, map_stop)) {
    hivefuzz::coverage::g_modules.fetch_add(1, std::memory_order_acq_rel);
  }
}

// One increment that saturates at 255, so a hot edge never reads as unhit (the pass plugin's
// counts saturate the same way). Only the owning thread writes a worker's counters; the discard
// area that other threads share is racy by design, hence unchecked by ThreadSanitizer. Also the
// pass plugin's increment in ThreadSanitizer builds (instrumentation/edge_counters.cc), where it
// may be a thread-local counter.
__attribute__((no_sanitize("thread"))) void __hivefuzz_cov_increment(uint8_t* counter) {
  uint8_t count = *counter;
  *counter = static_cast<uint8_t>(count + (count != 0xff));
}

// The callback's hot path: one TLS load and the increment.
__attribute__((no_sanitize("thread"))) void __sanitizer_cov_trace_pc_guard(uint32_t* guard) {
  __hivefuzz_cov_increment(__hivefuzz_tls_counters + *guard);
}

// libFuzzer's instrumentation (inline 8-bit counters, pc tables) is accepted so that such a
// binary links, and detected so that the engine can say how to rebuild it.
void __sanitizer_cov_8bit_counters_init(uint8_t* start, uint8_t* stop) {
  if (start != stop) hivefuzz::coverage::g_saw_inline_counters.store(true);
}
void __sanitizer_cov_pcs_init(const uintptr_t*, const uintptr_t*) {}

}  // extern "C"
