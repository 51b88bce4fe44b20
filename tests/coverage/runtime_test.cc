#include "coverage/runtime.h"

#include <gtest/gtest.h>

#include <thread>

extern "C" void __sanitizer_cov_trace_pc_guard_init(uint32_t* start, uint32_t* stop);
extern "C" void __sanitizer_cov_trace_pc_guard(uint32_t* guard);
extern "C" void __hivefuzz_cov_register_executable(intptr_t* displacement);
extern "C" thread_local intptr_t __hivefuzz_tls_executable_base;

namespace hivefuzz {
namespace {

// Requirement: each module's guards get distinct global indices; a repeated init of the same
// module changes nothing. (This test binary has no instrumented code of its own.)
TEST(CoverageRuntimeTest, GuardsGetDistinctIndices) {
  static uint32_t module_a[10] = {};
  static uint32_t module_b[5] = {};
  size_t before = coverage::NumEdges();
  __sanitizer_cov_trace_pc_guard_init(module_a, module_a + 10);
  __sanitizer_cov_trace_pc_guard_init(module_b, module_b + 5);
  __sanitizer_cov_trace_pc_guard_init(module_a, module_a + 10);
  EXPECT_EQ(coverage::NumEdges(), before + 15);
  EXPECT_EQ(module_a[0], before + 1);
  EXPECT_EQ(module_b[4], before + 15);
  EXPECT_EQ(coverage::NumCounters() % 64, 0u);
  EXPECT_GT(coverage::NumCounters(), coverage::NumEdges());
}

// Requirement: hits go to the calling thread's own counters, never another thread's; counts
// saturate at 255, never wrap to zero.
TEST(CoverageRuntimeTest, CountersArePerThreadAndSaturate) {
  static uint32_t guards[2] = {};
  __sanitizer_cov_trace_pc_guard_init(guards, guards + 2);
  uint8_t* mine = coverage::AllocateCounters();
  uint8_t* theirs = coverage::AllocateCounters();
  coverage::SetThreadCounters(mine);
  std::thread other([&] {
    coverage::SetThreadCounters(theirs);
    __sanitizer_cov_trace_pc_guard(&guards[1]);
    coverage::SetThreadCounters(nullptr);
  });
  other.join();
  for (int i = 0; i < 254; i++) __sanitizer_cov_trace_pc_guard(&guards[0]);
  EXPECT_EQ(mine[guards[0]], 254);
  for (int i = 0; i < 300; i++) __sanitizer_cov_trace_pc_guard(&guards[0]);
  EXPECT_EQ(mine[guards[0]], 255);  // 554 hits: saturated, never wrapped
  EXPECT_EQ(mine[guards[1]], 0);
  EXPECT_EQ(theirs[guards[1]], 1);
  EXPECT_EQ(theirs[guards[0]], 0);
  coverage::SetThreadCounters(nullptr);
  // A thread without counters writes to the discard area, not to ours.
  __sanitizer_cov_trace_pc_guard(&guards[1]);
  EXPECT_EQ(mine[guards[1]], 0);
  coverage::FreeCounters(mine);
  coverage::FreeCounters(theirs);
}

// Requirement: code compiled for the executable finds a counter at the thread's executable base
// plus its placeholder's address: the thread's counters displaced by the executable's
// displacement while it has counters, 0 (its placeholders themselves) otherwise, and 0 on a
// thread nobody set up.
TEST(CoverageRuntimeTest, ExecutableBaseFollowsTheThreadsCounters) {
  static intptr_t displacement = 0;
  __hivefuzz_cov_register_executable(&displacement);
  displacement = -4096;  // as the first module's registration sets it, later
  uint8_t* counters = coverage::AllocateCounters();
  coverage::SetThreadCounters(counters);
  EXPECT_EQ(__hivefuzz_tls_executable_base, reinterpret_cast<intptr_t>(counters) - 4096);
  intptr_t stray_base = -1;
  std::thread stray([&] { stray_base = __hivefuzz_tls_executable_base; });
  stray.join();
  EXPECT_EQ(stray_base, 0);
  coverage::SetThreadCounters(nullptr);
  EXPECT_EQ(__hivefuzz_tls_executable_base, 0);
  coverage::FreeCounters(counters);
}

}  // namespace
}  // namespace hivefuzz
