// Leaks memory on inputs that start with 'L' (libFuzzer's LeakTest.cpp), and is otherwise
// clean: every other input allocates and frees. For the -detect_leaks tests (ASan builds).
// With HIVEFUZZ_TEST_ACCUMULATE set it never leaks, but keeps every input in a global list
// instead: each execution allocates more than it frees without leaking (false suspects).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace {
thread_local volatile void* sink;
const bool accumulate = std::getenv("HIVEFUZZ_TEST_ACCUMULATE") != nullptr;
std::mutex kept_mu;
std::vector<std::string>* kept = new std::vector<std::string>;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (accumulate) {
    std::lock_guard<std::mutex> lock(kept_mu);
    kept->emplace_back(reinterpret_cast<const char*>(data), size).reserve(64);
    return 0;
  }
  if (size > 0 && data[0] == 'L') {
    sink = new int[4];
    sink = nullptr;  // the only pointer is gone: a leak
    return 0;
  }
  char* scratch = new char[size + 1];
  if (size) std::memcpy(scratch, data, size);
  sink = scratch;
  delete[] scratch;
  sink = nullptr;
  return 0;
}
