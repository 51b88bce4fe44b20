// Instrumented by the coverage pass plugin (see CMakeLists.txt); the test itself is not.
#include "instrumentation/instrumented_code.h"

#include <cstdarg>

namespace {
// Keeps the branches and the loop from being folded away.
volatile int g_sink = 0;
}  // namespace

extern "C" {

__attribute__((noinline)) int hf_test_branches(int which) {
  if (which == 0) {
    g_sink = g_sink + 10;
  } else if (which == 1) {
    g_sink = g_sink * 3;
  } else if (which == 2) {
    g_sink = g_sink - 7;
  } else {
    g_sink = which;
  }
  return g_sink;
}

__attribute__((noinline)) void hf_test_loop(int n) {
#pragma clang loop unroll(disable) vectorize(disable)
  for (int i = 0; i < n; i++) {
    if (g_sink == -12345) break;  // a second exit keeps the body a block of its own
    g_sink = g_sink + i;
  }
}

__attribute__((noinline)) void hf_test_loop_in_memory(int n) {
#pragma clang loop unroll(disable) vectorize(disable)
  for (int i = 0; i < n; i++) {
    if (g_sink == -12345) break;
    g_sink = g_sink + i;
    asm volatile("");  // a call as the pass sees it (inline assembly could call anything)
  }
}

__attribute__((noinline)) int hf_test_compare(uint32_t value, uint32_t other) {
  if (value == 0x1234abcd) g_sink = 1;
  if (value == other) g_sink = 2;
  return g_sink;
}

__attribute__((noinline)) int hf_test_compare_varargs(int count, ...) {
  va_list values;
  va_start(values, count);
#pragma clang loop unroll(disable) vectorize(disable)
  for (int i = 0; i < count; i++) {
    if (va_arg(values, int) == 77) g_sink = g_sink + 1;
  }
  va_end(values);
  return g_sink;
}

__attribute__((noinline)) int hf_test_no_comparisons(int value) {
  g_sink = g_sink + value;
  return g_sink;
}

__attribute__((noinline)) uint32_t hf_test_reduce(uint32_t value) {
  if (value >= 65521) value -= 65521;
  return value;
}

__attribute__((noinline)) int hf_test_recurse(int depth) {
  if (depth <= 0) return g_sink;
  int deeper = hf_test_recurse(depth - 1);
  g_sink = g_sink + deeper;  // after the call: no tail call to turn into a loop
  return g_sink;
}

__attribute__((noinline)) int hf_test_switch(uint64_t value) {
  switch (value) {
    case 3:
      g_sink = 30;
      break;
    case 70:
      g_sink = 700;
      break;
    case 9000:
      g_sink = 9;
      break;
    default:
      g_sink = 0;
      break;
  }
  return g_sink;
}

}  // extern "C"
