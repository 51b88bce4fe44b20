// For the thread-safety hint: a target that is not thread-safe, as many libFuzzer harnesses
// are. It keeps each input in a global buffer and checks it back after some work, so two
// threads at once overwrite each other's input and it aborts ("torn input") although every
// input passes alone. Its real bug, a null dereference, needs an input starting "GLOBAL" whose
// next two bytes are equal: one worker per process (-fork=2) finds it without the noise.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

char g_buffer[256];
size_t g_length;

__attribute__((noinline)) uint32_t Work(size_t rounds) {
  uint32_t h = 2166136261u;
  for (size_t r = 0; r < rounds; r++) {
    for (size_t i = 0; i < g_length; i++) h = (h ^ uint8_t(g_buffer[i])) * 16777619u;
  }
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > sizeof g_buffer) return 0;
  std::memcpy(g_buffer, data, size);
  g_length = size;
  volatile uint32_t sink = Work(64);
  (void)sink;
  if (g_length != size || std::memcmp(g_buffer, data, size) != 0) {
    std::fputs("global_buffer: torn input: another thread overwrote the global buffer\n", stderr);
    std::abort();
  }
  if (size >= 8 && std::memcmp(g_buffer, "GLOBAL", 6) == 0 && g_buffer[6] == g_buffer[7]) {
    volatile int* null_pointer = nullptr;
    *null_pointer = g_buffer[6];  // the real bug
  }
  return 0;
}
