// Instrumented by the coverage pass plugin, built as a shared library: a second module.
#include "instrumentation/instrumented_code.h"

namespace {
volatile int g_library_sink = 0;
}  // namespace

extern "C" __attribute__((noinline)) int hf_test_library_branches(int which) {
  if (which == 0) {
    g_library_sink = g_library_sink + 1;
  } else {
    g_library_sink = which * 5;
  }
  return g_library_sink;
}
