// The allocator of a plain-build fuzzer: mimalloc with the arena malloc_override.cc asks for,
// which a MIMALLOC_ variable still overrides; and the big_allocations target runs.
#include <gtest/gtest.h>

#include <string>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// mimalloc's own MIMALLOC_VERBOSE lines (libmimalloc 2.0.9).
constexpr const char* kDefaultOption = "mimalloc: option 'reserve_os_memory': 1048576";
constexpr const char* kDefaultArena = "mimalloc: reserved 1048576 KiB memory";

// Requirement: a fuzzer built by hivefuzz_add_fuzzer starts with the 1 GiB arena, in the
// supervisor and in the engine, and fuzzes a target that allocates megabytes per input.
TEST(AllocatorE2eTest, FuzzerReservesTheArena) {
  TempDir dir;
  RunResult r =
      RunFuzzer(dir, "big_allocations", {"-parallel=2", "-runs=40"}, {"MIMALLOC_VERBOSE=1"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  if (UnderSanitizer()) GTEST_SKIP() << "a sanitizer owns malloc: no mimalloc";
  EXPECT_NE(r.output.find(kDefaultOption), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(kDefaultArena), std::string::npos) << r.output;
}

// Requirement: MIMALLOC_RESERVE_OS_MEMORY in the environment wins over the engine's default.
TEST(AllocatorE2eTest, EnvironmentVariableWins) {
  if (UnderSanitizer()) GTEST_SKIP() << "a sanitizer owns malloc: no mimalloc";
  TempDir dir;
  RunResult r = RunFuzzer(dir, "big_allocations", {"-parallel=2", "-runs=40"},
                          {"MIMALLOC_VERBOSE=1", "MIMALLOC_RESERVE_OS_MEMORY=0"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("mimalloc: option 'reserve_os_memory': 0"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find(kDefaultArena), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
