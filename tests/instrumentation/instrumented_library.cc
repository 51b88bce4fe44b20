// Instrumented by the coverage pass plugin, built as shared libraries: one the test links
// (hf_test_library_branches) and one it dlopen()s (hf_test_loaded_branches, by -D).
#include "instrumentation/instrumented_code.h"

#ifndef HF_TEST_LIBRARY_FUNCTION
#define HF_TEST_LIBRARY_FUNCTION hf_test_library_branches
#endif

namespace {
volatile int g_library_sink = 0;
}  // namespace

extern "C" __attribute__((noinline)) int HF_TEST_LIBRARY_FUNCTION(int which) {
  if (which == 0) {
    g_library_sink = g_library_sink + 1;
  } else {
    g_library_sink = which * 5;
  }
  return g_library_sink;
}
