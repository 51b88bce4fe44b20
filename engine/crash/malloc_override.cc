// The process's allocator in plain (non-sanitizer) builds: every malloc-family call and every
// operator new goes to mimalloc, after one compare against -malloc_limit_mb.
// Defined in the executable, so they take precedence over libc's and libmimalloc's own.
#include <mimalloc.h>

#include <cstddef>
#include <new>

#include "crash/malloc_limit.h"

namespace {

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
