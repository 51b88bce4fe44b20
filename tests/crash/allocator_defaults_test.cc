// The defaults malloc_override.cc gives mimalloc, in a binary that links the override as every
// plain-build fuzzer does: the arena is reserved, a MIMALLOC_ variable still wins, and it works.
#include <gtest/gtest.h>
#include <mimalloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hivefuzz {
namespace {

constexpr long kExpectedArenaKiB = 1L << 20;
constexpr const char* kPrintOptionVariable = "HIVEFUZZ_TEST_PRINT_ARENA_OPTION";

bool EnvironmentSetsArena() { return std::getenv("MIMALLOC_RESERVE_OS_MEMORY") != nullptr; }

long MinorFaultsOfThisThread() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

// Runs this binary again with `mimalloc_variable` in its environment, only the test below, and
// returns the option value it printed ("" if none).
std::string ArenaOptionOfChildWith(const std::string& mimalloc_variable) {
  // Resolved here: in the shell popen starts, /proc/self/exe is the shell.
  char self[4096];
  ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length <= 0) return "";
  self[length] = '\0';
  std::string command = mimalloc_variable + " " + kPrintOptionVariable + "=1 '" + self +
                        "' --gtest_filter=AllocatorDefaultsTest.PrintsArenaOption";
  FILE* child = popen(command.c_str(), "r");
  if (child == nullptr) return "";
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof(buffer), child) != nullptr) output += buffer;
  pclose(child);
  const std::string key = "reserve_os_memory=";
  size_t at = output.find(key);
  if (at == std::string::npos) return "";
  return output.substr(at + key.size(), output.find('\n', at) - at - key.size());
}

// Requirement: a plain-build fuzzer starts with mimalloc's arena option set (1 GiB).
TEST(AllocatorDefaultsTest, ReservesTheArenaByDefault) {
  if (EnvironmentSetsArena()) GTEST_SKIP() << "MIMALLOC_RESERVE_OS_MEMORY is set";
  EXPECT_EQ(mi_option_get(mi_option_reserve_os_memory), kExpectedArenaKiB);
}

// For the test below, in the child it starts: prints the option as this process sees it.
TEST(AllocatorDefaultsTest, PrintsArenaOption) {
  if (std::getenv(kPrintOptionVariable) == nullptr) GTEST_SKIP() << "run by the test below";
  std::printf("reserve_os_memory=%ld\n", mi_option_get(mi_option_reserve_os_memory));
}

// Requirement: an explicit MIMALLOC_RESERVE_OS_MEMORY wins over the engine's default, so a user
// can size the arena or turn it off (0).
TEST(AllocatorDefaultsTest, EnvironmentVariableWins) {
  EXPECT_EQ(ArenaOptionOfChildWith("MIMALLOC_RESERVE_OS_MEMORY=64MiB"), "65536");
  EXPECT_EQ(ArenaOptionOfChildWith("MIMALLOC_RESERVE_OS_MEMORY=0"), "0");
  EXPECT_EQ(ArenaOptionOfChildWith("MIMALLOC_VERBOSE=0"), std::to_string(kExpectedArenaKiB));
}

// Requirement (the reason for the arena): a block above mimalloc's largest size class (16 MiB),
// freed and allocated again, is not faulted in page by page again. Without the arena each round
// faults all 6,144 pages of the block.
TEST(AllocatorDefaultsTest, FreedHugeBlockIsReusedWithoutPageFaults) {
  if (EnvironmentSetsArena()) GTEST_SKIP() << "MIMALLOC_RESERVE_OS_MEMORY is set";
  constexpr size_t kBlockSize = 24 << 20;
  constexpr int kRounds = 4;
  auto round = [] {
    void* block = std::malloc(kBlockSize);
    ASSERT_NE(block, nullptr);
    std::memset(block, 1, kBlockSize);
    // The compiler may not drop the writes, nor the malloc/free pair.
    asm volatile("" : : "r"(block) : "memory");
    std::free(block);
  };
  round();  // the first use of the arena's pages faults them in
  const long faults_before = MinorFaultsOfThisThread();
  for (int i = 0; i < kRounds; ++i) round();
  const long faults = MinorFaultsOfThisThread() - faults_before;
  EXPECT_LT(faults, long(kBlockSize / 4096) / 4) << "over " << kRounds << " rounds";
}

}  // namespace
}  // namespace hivefuzz
