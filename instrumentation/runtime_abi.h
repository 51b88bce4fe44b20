// The names the coverage pass emits references to and the engine's runtime defines: the one
// place both sides agree on (engine/coverage/runtime.cc and engine/cmp/cmp_runtime.cc).
#pragma once

namespace hivefuzz::instrumentation {

// thread_local uint8_t* : the calling thread's edge counters for code compiled for a shared
// library (initial-exec TLS); code compiled for an executable counts into thread-local arrays
// of its own instead (kRegisterThreadLocal).
inline constexpr char kThreadCounters[] = "__hivefuzz_tls_counters";
// thread_local void* : the calling thread's comparison table; null while not recording.
inline constexpr char kThreadCmpTable[] = "__hivefuzz_tls_cmp_table";
// thread_local uintptr_t : the lowest stack pointer the calling thread's instrumented code has
// entered a function with since the engine last reset it; SanitizerCoverage's stack-depth name,
// so that the fallback's callbacks and the plugin share one variable.
inline constexpr char kLowestStack[] = "__sancov_lowest_stack";
// void (uint8_t* start, uint8_t* stop, intptr_t* displacement, FunctionMapEntry* map_start,
// FunctionMapEntry* map_stop): registers one module's placeholder bytes, sets the displacement
// that turns their addresses into counter indices, and registers the module's function map.
inline constexpr char kRegisterModule[] = "__hivefuzz_cov_register_module";
// void (uint8_t* counters, uint64_t count, ThreadLocalModule* record, FunctionMapEntry*
// map_start, FunctionMapEntry* map_stop): registers the thread-local counter array of one
// translation unit compiled for an executable (`count` counters, the array padded to a multiple
// of 8 bytes, 8-aligned), filling `record` (4 zeroed 64-bit words of the unit's own) and
// registering the executable's function map.
inline constexpr char kRegisterThreadLocal[] = "__hivefuzz_cov_register_thread_local";
inline constexpr unsigned kThreadLocalRecordWords = 4;
// void (uint8_t* counter): one saturating increment, for ThreadSanitizer builds.
inline constexpr char kIncrementCounter[] = "__hivefuzz_cov_increment";
// The section holding each function's placeholder bytes in code compiled for a shared library
// (one per instrumented block); the linker defines __start_/__stop_ symbols for it.
inline constexpr char kPlaceholderSection[] = "__hivefuzz_edges";
// The section of the function map: one {function, canonical} pair of pointers per instrumented
// function and per traced copy. canonical is the function a copy copies (the function itself
// for a function that has a copy), null for a function without one.
inline constexpr char kFunctionMapSection[] = "__hivefuzz_functions";
// Appended to a function's name for its traced copy.
inline constexpr char kTracedCopySuffix[] = ".hivefuzz_traced";

}  // namespace hivefuzz::instrumentation
