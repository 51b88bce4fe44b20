// For end-to-end tests: fails when the input starts with 'F' (one bit flip from the seed "f"),
// in the way the environment variable HIVEFUZZ_TEST_FAILURE names: segv, abort, throw, exit
// (exit(3)), hang (loops forever), oom (a 1 GiB spike: touched, held 100 ms, freed) or malloc
// (one untouched 1 GiB allocation, for -malloc_limit_mb); without the variable it segfaults.
// Other inputs return normally. The careless and hostile targets of the fault tests
// (tests/e2e/faults_test.cc) are kinds too, and "none" never fails; see Careless() below.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace {

bool Is(const char* kind, const char* name) {
  return kind != nullptr && std::strcmp(kind, name) == 0;
}

[[noreturn]] void Segv() {
  volatile int* null_pointer = nullptr;
  *null_pointer = 1;
  __builtin_trap();
}

// Input "P<x>": two inputs failing at the same instant, on two threads. Both wait (up to 1 s)
// until two "P" inputs are in flight; then "PA" aborts, and "PS" segfaults while the abort is
// being reported: the target's own SIGABRT handler (which the engine's chains to) waits for
// it. Alone, each still fails after its wait.
std::atomic<bool> g_abort_reporting{false};
std::atomic<bool> g_segv_coming{false};

bool WaitFor(const std::atomic<bool>& flag) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (!flag.load() && std::chrono::steady_clock::now() < deadline) {
  }
  return flag.load();
}

void OnAbort(int) {
  g_abort_reporting.store(true);
  if (WaitFor(g_segv_coming)) std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

void FailTogether(const uint8_t* data, size_t size) {
  static std::atomic<int> arrived{0};
  static std::atomic<bool> both{false};
  if (arrived.fetch_add(1) + 1 == 2) both.store(true);
  WaitFor(both);
  if (size > 1 && data[1] == 'S') {
    WaitFor(g_abort_reporting);
    g_segv_coming.store(true);
    Segv();
  }
  std::abort();
}

// The kinds that end the process in ways a careless target does; true if `kind` is one (it
// did not return then, except for the kinds that return normally).
bool Careless(const char* kind, const uint8_t* data, size_t size) {
  if (Is(kind, "none")) return true;
  if (Is(kind, "_exit0")) _exit(0);
  if (Is(kind, "_exit1")) _exit(1);
  if (Is(kind, "_exit72")) _exit(72);
  if (Is(kind, "quick_exit")) std::quick_exit(0);
  if (Is(kind, "thread_segv")) {
    std::thread([] { Segv(); }).join();
  }
  if (Is(kind, "overwrite_then_segv")) {
    const_cast<uint8_t*>(data)[0] = 'X';  // the bytes that crash are no longer the input
    Segv();
  }
  if (Is(kind, "overwrite")) {
    const_cast<uint8_t*>(data)[size - 1] ^= 0x20;
    return true;
  }
  if (Is(kind, "raise_term") || Is(kind, "kill_term")) {
    if (Is(kind, "raise_term")) {
      raise(SIGTERM);
    } else {
      kill(getpid(), SIGTERM);
    }
    // ThreadSanitizer delivers a signal at its next interception point, after raise() has
    // returned: wait there instead of going on to another failure.
    for (;;) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (Is(kind, "fork_segv")) {
    // A child that outlives the engine unless someone kills it, holding its output.
    if (fork() == 0) {
      std::this_thread::sleep_for(std::chrono::seconds(60));
      _exit(0);
    }
    Segv();
  }
  if (Is(kind, "close_stderr")) {
    static std::atomic<bool> closed{false};
    if (!closed.exchange(true)) {
      close(STDERR_FILENO);
      close(STDOUT_FILENO);
    }
    return true;  // no failure: the engine must keep fuzzing
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (Is(std::getenv("HIVEFUZZ_TEST_INIT"), "exit0")) std::exit(0);
  if (Is(std::getenv("HIVEFUZZ_TEST_FAILURE"), "together")) signal(SIGABRT, OnAbort);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* kind = std::getenv("HIVEFUZZ_TEST_FAILURE");
  if (size > 0 && data[0] == 'P' && Is(kind, "together")) FailTogether(data, size);
  if (Is(kind, "chdir_segv")) {
    // Every input moves the process to /; a later 'F' crashes: the corpus and the artifacts
    // must still land in the directories the user named relative to where they started.
    if (chdir("/") != 0) std::abort();
  }
  if (size == 0 || data[0] != 'F') return 0;
  if (Careless(kind, data, size)) return 0;
  if (kind != nullptr && std::strcmp(kind, "abort") == 0) std::abort();
  if (kind != nullptr && std::strcmp(kind, "throw") == 0) {
    throw std::runtime_error("the input starts with F");
  }
  if (kind != nullptr && std::strcmp(kind, "exit") == 0) std::exit(3);
  if (kind != nullptr && std::strcmp(kind, "hang") == 0) {
    for (volatile bool forever = true; forever;) {
    }
  }
  if (kind != nullptr && std::strcmp(kind, "oom") == 0) {
    constexpr size_t kSpike = size_t{1} << 30;
    char* block = static_cast<char*>(std::malloc(kSpike));
    std::memset(block, 1, kSpike);
    // Let the allocation escape, or the compiler removes malloc, memset and free together.
    asm volatile("" : : "r"(block) : "memory");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::free(block);
  }
  if (kind != nullptr && std::strcmp(kind, "malloc") == 0) {
    char* block = new char[size_t{1} << 30];
    asm volatile("" : : "r"(block) : "memory");
    delete[] block;
    return 0;
  }
  Segv();
}
