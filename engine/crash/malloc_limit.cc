#include "crash/malloc_limit.h"

#include <execinfo.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "crash/crash_handlers.h"

// Present when a sanitizer runtime is linked: it calls the hook after every allocation.
extern "C" __attribute__((weak)) int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void*, size_t), void (*free_hook)(const volatile void*));
extern "C" __attribute__((weak)) void __sanitizer_print_stack_trace();

namespace hivefuzz {
namespace {

void SanitizerMallocHook(const volatile void*, size_t size) {
  if (BreaksMallocLimit(size)) ReportMallocLimit(size);
}

void SanitizerFreeHook(const volatile void*) {}

size_t g_limit_bytes = 0;  // for the report; 0 while unarmed

}  // namespace

void SetMallocLimit(size_t bytes) {
  g_limit_bytes = bytes;
  internal::g_malloc_limit.store(bytes == 0 ? SIZE_MAX : bytes, std::memory_order_relaxed);
  static bool hooked = false;
  if (bytes != 0 && !hooked && __sanitizer_install_malloc_and_free_hooks != nullptr) {
    hooked = __sanitizer_install_malloc_and_free_hooks(SanitizerMallocHook, SanitizerFreeHook);
  }
}

void ReportMallocLimit(size_t size) {
  // Only the first thread over the limit reports; the process is going down.
  internal::g_malloc_limit.store(SIZE_MAX, std::memory_order_relaxed);
  char message[160];
  std::snprintf(message, sizeof(message),
                "out-of-memory (malloc(%zu)): one allocation larger than -malloc_limit_mb=%zu",
                size, g_limit_bytes >> 20);
  MarkThreadCrashed(CrashKind::kMallocLimit, 0, message);
  char line[200];
  int n = std::snprintf(line, sizeof(line), "==%d== ERROR: hivefuzz: %s\n", int(getpid()), message);
  if (n > 0) {
    ssize_t ignored = write(STDERR_FILENO, line, size_t(n));
    (void)ignored;
  }
  if (__sanitizer_print_stack_trace != nullptr) {
    __sanitizer_print_stack_trace();
  } else {
    void* frames[64];
    backtrace_symbols_fd(frames, backtrace(frames, 64), STDERR_FILENO);
  }
  std::abort();
}

}  // namespace hivefuzz
