// The names the coverage pass emits references to and the engine's runtime defines: the one
// place both sides agree on (engine/coverage/runtime.cc and engine/cmp/cmp_runtime.cc).
#pragma once

namespace hivefuzz::instrumentation {

// thread_local uint8_t* : the calling thread's edge counters (initial-exec TLS).
inline constexpr char kThreadCounters[] = "__hivefuzz_tls_counters";
// thread_local intptr_t : the calling thread's counter array, displaced by the executable's
// displacement, so that code compiled for the executable finds a counter at this plus its
// placeholder's address (one %fs-relative operand, local-exec TLS). 0 on a thread without
// counters of its own: its increments land on the placeholders themselves, which nobody reads.
inline constexpr char kThreadExecutableBase[] = "__hivefuzz_tls_executable_base";
// thread_local void* : the calling thread's comparison table; null while not recording.
inline constexpr char kThreadCmpTable[] = "__hivefuzz_tls_cmp_table";
// void (uint8_t* start, uint8_t* stop, intptr_t* displacement, FunctionMapEntry* map_start,
// FunctionMapEntry* map_stop): registers one module's placeholder bytes, sets the displacement
// that turns their addresses into counter indices, and registers the module's function map.
inline constexpr char kRegisterModule[] = "__hivefuzz_cov_register_module";
// void (intptr_t* displacement): called first by code compiled for an executable, which counts
// through kThreadExecutableBase: the executable's displacement, for the runtime to set it from.
inline constexpr char kRegisterExecutable[] = "__hivefuzz_cov_register_executable";
// void (uint8_t* counter): one saturating increment, for ThreadSanitizer builds.
inline constexpr char kIncrementCounter[] = "__hivefuzz_cov_increment";
// The section holding each function's placeholder bytes (one per instrumented block; writable:
// threads without counters of their own count into them); the linker defines __start_/__stop_
// symbols for it.
inline constexpr char kPlaceholderSection[] = "__hivefuzz_edges";
// The section of the function map: one {function, canonical} pair of pointers per instrumented
// function and per traced copy. canonical is the function a copy copies (the function itself
// for a function that has a copy), null for a function without one.
inline constexpr char kFunctionMapSection[] = "__hivefuzz_functions";
// Appended to a function's name for its traced copy.
inline constexpr char kTracedCopySuffix[] = ".hivefuzz_traced";

}  // namespace hivefuzz::instrumentation
