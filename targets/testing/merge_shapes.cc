// For the merge tests: a target whose coverage is known from the input. The first byte picks a
// branch: 'a', 'b', 'c' each reach an edge of their own, any other byte a shared default one;
// 's' also sleeps 20 ms (a slow input, to interrupt a merge midway) and counts its length in a
// loop (one feature per hit-count class: lengths 1, 2, 3, 4-7, ... 128-255). 'C' crashes
// (SIGSEGV), 'H' hangs, 'M' allocates 1 GiB (for -malloc_limit_mb), 'R' is rejected (-1), 'E'
// waits 50 ms and calls _exit(0) (no handler sees it: every input in flight is a suspect).
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>

namespace {

// Per thread: the merge tests run this target on several worker threads, and a shared sink
// would be a data race (ThreadSanitizer reports it, and a report changes the run).
thread_local volatile int g_sink;

__attribute__((noinline)) void Reach(int branch) { g_sink = branch; }

__attribute__((noinline)) void CountLength(size_t size) {
  for (size_t i = 0; i < size; i++) g_sink = int(i);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  switch (data[0]) {
    case 'a':
      Reach(1);
      break;
    case 'b':
      Reach(2);
      break;
    case 'c':
      Reach(3);
      break;
    case 's':
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      CountLength(size);
      break;
    case 'C': {
      volatile int* null_pointer = nullptr;
      *null_pointer = 1;
      break;
    }
    case 'H':
      for (volatile bool forever = true; forever;) {
      }
      break;
    case 'M': {
      char* block = new char[size_t{1} << 30];
      asm volatile("" : : "r"(block) : "memory");
      delete[] block;
      break;
    }
    case 'E':
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      _exit(0);
    case 'R':
      Reach(5);
      return -1;
    default:
      Reach(4);
      break;
  }
  return 0;
}
