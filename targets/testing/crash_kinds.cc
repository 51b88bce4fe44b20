// For end-to-end tests: fails when the input starts with 'F' (one bit flip from the seed "f"),
// in the way the environment variable HIVEFUZZ_TEST_FAILURE names: segv, abort, throw, exit
// (exit(3)), hang (loops forever), oom (a 1 GiB spike: touched, held 100 ms, freed) or malloc
// (one untouched 1 GiB allocation, for -malloc_limit_mb); without the variable it segfaults.
// Other inputs return normally.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || data[0] != 'F') return 0;
  const char* kind = std::getenv("HIVEFUZZ_TEST_FAILURE");
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
  volatile int* null_pointer = nullptr;
  return *null_pointer;
}
