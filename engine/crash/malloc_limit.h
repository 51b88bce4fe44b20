// -malloc_limit_mb: one allocation larger than the limit ends the process as out of memory on
// the allocating thread, so its crash slot names the input exactly (libFuzzer's malloc hooks).
#pragma once

#include <atomic>
#include <cstddef>

namespace hivefuzz {

namespace internal {
// Bytes one allocation may take; SIZE_MAX while unarmed. Set before workers start.
inline std::atomic<size_t> g_malloc_limit{SIZE_MAX};
}  // namespace internal

// Arms the limit (0 disarms). A sanitizer build gets the sanitizer's malloc hook; a plain build
// links the allocator override (malloc_override.cc), which checks every allocation itself.
// Call from the main thread before any worker starts.
void SetMallocLimit(size_t bytes);

// For the allocator override and the hook: whether one allocation of `size` bytes is too big.
inline bool BreaksMallocLimit(size_t size) {
  return size > internal::g_malloc_limit.load(std::memory_order_relaxed);
}

// Reports an allocation of `size` bytes over the limit: marks the calling thread's slot as out
// of memory, prints the allocating stack, and aborts. Allocates nothing.
[[noreturn]] void ReportMallocLimit(size_t size);

}  // namespace hivefuzz
