// The process's allocator in plain (non-sanitizer) builds: every malloc-family call and every
// operator new goes to mimalloc, after one compare against -malloc_limit_mb, with mimalloc's
// defaults set for fuzzing. Defined in the executable, so they take precedence over libc's and
// libmimalloc's own.
#include <mimalloc.h>

#include <cstddef>
#include <new>

#include "crash/malloc_limit.h"

namespace {

// mimalloc takes its memory from one 1 GiB arena reserved at start (address space; a page becomes
// resident when first used), then from the OS when the arena is full. Why: mimalloc 2.0 maps each
// block over 16 MiB (its largest size class) on its own and unmaps it when freed, so a target
// that allocates a 24 MiB image per input took a page fault per 4 KiB page per input, 6,160 per
// execution in targets/testing/big_allocations, at 54-73 execs/s with 1 or 2 threads. Freed into
// the arena the block stays mapped for the next input: about 0 faults, 580-850 execs/s. The
// decommit delays change nothing there (blocks up to 16 MiB are not unmapped between fast
// inputs). The cost: mimalloc 2.0 never decommits an arena it reserved committed, so what the heap
// once used in it stays resident (RSS stays at its high-water mark, at most 1 GiB, instead of
// dropping after a burst); -rss_limit_mb compares the peak anyway. docs/crashes.md, "The
// allocator".
constexpr long kArenaKiB = 1L << 20;

// mi_option_set_default changes only the options that the environment does not set, so an
// explicit MIMALLOC_RESERVE_OS_MEMORY wins (=0: no arena, mimalloc's own default).
// Called through .preinit_array: before the constructors of shared libraries, so before
// libmimalloc's, which reads the options and reserves the arena. A static initializer here
// would run after it, too late.
void SetAllocatorDefaults(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  mi_option_set_default(mi_option_reserve_os_memory, kArenaKiB);
}

using PreinitFunction = void (*)(int, char**, char**);
[[gnu::used, gnu::section(".preinit_array")]] const PreinitFunction set_allocator_defaults =
    SetAllocatorDefaults;

inline void CheckSize(size_t size) {
  if (hivefuzz::BreaksMallocLimit(size)) [[unlikely]]
    hivefuzz::ReportMallocLimit(size);
}

inline void CheckCount(size_t count, size_t size) {
  size_t total;
  if (!__builtin_mul_overflow(count, size, &total)) CheckSize(total);
}

}  // namespace

extern "C" {

void* malloc(size_t size) {
  CheckSize(size);
  return mi_malloc(size);
}
void* calloc(size_t count, size_t size) {
  CheckCount(count, size);
  return mi_calloc(count, size);
}
void* realloc(void* p, size_t size) {
  CheckSize(size);
  return mi_realloc(p, size);
}
void* reallocarray(void* p, size_t count, size_t size) {
  CheckCount(count, size);
  return mi_reallocarray(p, count, size);
}
void free(void* p) { mi_free(p); }
void* aligned_alloc(size_t alignment, size_t size) {
  CheckSize(size);
  return mi_aligned_alloc(alignment, size);
}
void* memalign(size_t alignment, size_t size) {
  CheckSize(size);
  return mi_memalign(alignment, size);
}
int posix_memalign(void** p, size_t alignment, size_t size) {
  CheckSize(size);
  return mi_posix_memalign(p, alignment, size);
}
void* valloc(size_t size) {
  CheckSize(size);
  return mi_valloc(size);
}
void* pvalloc(size_t size) {
  CheckSize(size);
  return mi_pvalloc(size);
}
size_t malloc_usable_size(void* p) { return mi_usable_size(p); }

}  // extern "C"

void* operator new(size_t size) {
  CheckSize(size);
  return mi_new(size);
}
void* operator new[](size_t size) {
  CheckSize(size);
  return mi_new(size);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  CheckSize(size);
  return mi_new_nothrow(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  CheckSize(size);
  return mi_new_nothrow(size);
}
void* operator new(size_t size, std::align_val_t alignment) {
  CheckSize(size);
  return mi_new_aligned(size, size_t(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment) {
  CheckSize(size);
  return mi_new_aligned(size, size_t(alignment));
}
void* operator new(size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  CheckSize(size);
  return mi_new_aligned_nothrow(size, size_t(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  CheckSize(size);
  return mi_new_aligned_nothrow(size, size_t(alignment));
}

void operator delete(void* p) noexcept { mi_free(p); }
void operator delete[](void* p) noexcept { mi_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { mi_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { mi_free(p); }
void operator delete(void* p, size_t size) noexcept { mi_free_size(p, size); }
void operator delete[](void* p, size_t size) noexcept { mi_free_size(p, size); }
void operator delete(void* p, std::align_val_t alignment) noexcept {
  mi_free_aligned(p, size_t(alignment));
}
void operator delete[](void* p, std::align_val_t alignment) noexcept {
  mi_free_aligned(p, size_t(alignment));
}
void operator delete(void* p, size_t size, std::align_val_t alignment) noexcept {
  mi_free_size_aligned(p, size, size_t(alignment));
}
void operator delete[](void* p, size_t size, std::align_val_t alignment) noexcept {
  mi_free_size_aligned(p, size, size_t(alignment));
}
void operator delete(void* p, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  mi_free_aligned(p, size_t(alignment));
}
void operator delete[](void* p, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  mi_free_aligned(p, size_t(alignment));
}
