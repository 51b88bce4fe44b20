// Leaks memory on inputs that start with 'L' (libFuzzer's LeakTest.cpp), and is otherwise
// clean: every other input allocates and frees. For the -detect_leaks tests (ASan builds).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {
thread_local volatile void* sink;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
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
