#include "crash/leak_detection.h"

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>

// Present when a sanitizer runtime is linked (ASan, TSan, ...); LeakSanitizer's entry points
// only with ASan (or standalone LSan).
extern "C" __attribute__((weak)) int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void*, size_t), void (*free_hook)(const volatile void*));
extern "C" __attribute__((weak)) void __lsan_enable();
extern "C" __attribute__((weak)) void __lsan_disable();
extern "C" __attribute__((weak)) int __lsan_do_recoverable_leak_check();

namespace hivefuzz {
namespace {

// Written by the hooks on the allocating thread only; initial-exec TLS, so that reading them
// from inside malloc never allocates.
__attribute__((tls_model("initial-exec"))) thread_local uint64_t t_mallocs = 0;
__attribute__((tls_model("initial-exec"))) thread_local uint64_t t_frees = 0;

// This thread runs with LeakSanitizer disabled outside the target (an engine thread).
thread_local bool t_engine_thread = false;

std::atomic<bool> g_enabled{false};
std::atomic<uint64_t> g_suspects{0};
std::mutex g_check_mu;

// libFuzzer's limit: after this many suspects that are not leaks, stop looking.
constexpr uint64_t kMaxSuspects = 1000;

void CountMalloc(const volatile void*, size_t) { t_mallocs++; }
void CountFree(const volatile void* p) {
  if (p != nullptr) t_frees++;
}

void WriteStderr(const char* text) {
  size_t n = std::strlen(text);
  while (n > 0) {
    ssize_t w = write(STDERR_FILENO, text, n);
    if (w <= 0) return;
    text += w;
    n -= size_t(w);
  }
}

}  // namespace

bool LeakDetectionAvailable() {
  return __sanitizer_install_malloc_and_free_hooks != nullptr && __lsan_enable != nullptr &&
         __lsan_disable != nullptr && __lsan_do_recoverable_leak_check != nullptr;
}

bool EnableLeakDetection() {
  if (!LeakDetectionAvailable()) return false;
  static bool hooked = false;
  if (!hooked) hooked = __sanitizer_install_malloc_and_free_hooks(CountMalloc, CountFree) != 0;
  g_enabled.store(hooked, std::memory_order_relaxed);
  IgnoreEngineAllocationsOnThisThread();
  return hooked;
}

void IgnoreEngineAllocationsOnThisThread() {
  if (t_engine_thread || !g_enabled.load(std::memory_order_relaxed)) return;
  __lsan_disable();
  t_engine_thread = true;
}

TargetAllocations::TargetAllocations() : reenabled_(t_engine_thread) {
  if (reenabled_) __lsan_enable();
}

TargetAllocations::~TargetAllocations() {
  if (reenabled_) __lsan_disable();
}

MallocCounts ThreadMallocCounts() { return {t_mallocs, t_frees}; }

bool IsLeakSuspect(const MallocCounts& before) {
  if (!g_enabled.load(std::memory_order_relaxed)) return false;
  return t_mallocs - before.mallocs > t_frees - before.frees;
}

namespace internal {

void LsanDisable() { __lsan_disable(); }
void LsanEnable() { __lsan_enable(); }

bool NoteSuspect() {
  if (g_suspects.fetch_add(1, std::memory_order_relaxed) + 1 <= kMaxSuspects) return true;
  if (g_enabled.exchange(false, std::memory_order_relaxed)) {
    WriteStderr(
        "INFO: libFuzzer disabled leak detection after every mutation.\n"
        "      Most likely the target function accumulates allocated\n"
        "      memory in a global state w/o actually leaking it.\n"
        "      You may try running this binary with -trace_malloc=[12]"
        "      to get a trace of mallocs and frees.\n"
        "      If LeakSanitizer is enabled in this process it will still\n"
        "      run on the process shutdown.\n");
  }
  return false;
}

bool RecoverableLeakCheck(bool initial_corpus) {
  std::lock_guard<std::mutex> lock(g_check_mu);
  if (!g_enabled.load(std::memory_order_relaxed)) return false;
  if (__lsan_do_recoverable_leak_check() == 0) return false;
  // One report: the process is going down with this failure; later suspects stay quiet.
  g_enabled.store(false, std::memory_order_relaxed);
  if (initial_corpus) WriteStderr("\nINFO: a leak has been found in the initial corpus.\n\n");
  WriteStderr("INFO: to ignore leaks on libFuzzer side use -detect_leaks=0.\n\n");
  return true;
}

}  // namespace internal
}  // namespace hivefuzz
