// End-to-end: isolating and minimizing crashers (Go's test_fuzz_minimize), on a target that
// fails for inputs of at least 50 bytes with a non-zero byte. The crasher starts as a cache
// entry, so every run fails at once, during warmup, and goes through record, isolate,
// minimize.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

struct CachedCrasher {
  TempDir dir;
  std::string cache = dir.path() + "/cache";
  std::string artifacts = dir.path() + "/artifacts/";
  std::string count_file = dir.path() + "/calls";

  CachedCrasher() {
    std::string crasher(300, '\0');
    crasher[200] = 'x';
    WriteText(cache, "big", crasher);
  }
  RunResult Fuzz(std::vector<std::string> extra, std::vector<std::string> env = {},
                 int interrupt_after_ms = 0) {
    std::vector<std::string> args = {"-parallel=2", "-fuzztime=100000x", "-cache_dir=" + cache,
                                     "-artifact_prefix=" + artifacts};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFuzzer(dir, "fails_at_50", args, env, 300, interrupt_after_ms);
  }
};

// Requirement: a crasher is minimized to exactly 50 bytes with a non-zero byte; only the
// minimized file remains, and it reproduces.
TEST(MinimizeTest, MinimizesToTheSmallestFailingInput) {
  CachedCrasher s;
  RunResult r = s.Fuzz({});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("fuzz: minimizing 300-byte failing input file"), std::string::npos)
      << r.output;
  auto files = FilesIn(s.artifacts);
  ASSERT_EQ(files.size(), 1u) << r.output;
  std::string content = ReadText(files[0]);
  EXPECT_EQ(content.size(), 50u);
  EXPECT_NE(content.find_first_not_of('\0'), std::string::npos);
  EXPECT_NE(r.output.find("Test unit written to " + files[0]), std::string::npos) << r.output;
  RunResult replay = RunProcess({BinaryPath("fails_at_50"), files[0]});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
}

// Requirement: a crash while the thread records comparisons (-use_value_profile=1 records every
// execution: the traced copies of the target's functions run) is the same bug as its untraced
// replays, so minimization still reaches 50 bytes; the report names the function the copy
// stands for.
TEST(MinimizeTest, CrashInATracedExecutionMinimizesAsTheSameBug) {
  CachedCrasher s;
  RunResult r = s.Fuzz({"-use_value_profile=1"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find(" in LLVMFuzzerTestOneInput "), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("hivefuzz_traced"), std::string::npos) << r.output;
  auto files = FilesIn(s.artifacts);
  ASSERT_EQ(files.size(), 1u) << r.output;
  EXPECT_EQ(ReadText(files[0]).size(), 50u) << r.output;
}

// Requirement: -fuzzminimizetime=3x makes exactly 3 minimization calls of the target.
TEST(MinimizeTest, CountBudgetIsExact) {
  CachedCrasher s;
  RunResult r = s.Fuzz({"-fuzzminimizetime=3x"}, {"HIVEFUZZ_TEST_COUNT_FILE=" + s.count_file});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("in 3 attempts"), std::string::npos) << r.output;
  // Calls: the engine's (the report's "in all"), one isolation replay, three minimization.
  size_t pos = r.output.find(" in all)");
  ASSERT_NE(pos, std::string::npos) << r.output;
  size_t start = r.output.rfind(' ', r.output.rfind(' ', pos - 1) - 1);
  long long engine_calls = std::atoll(r.output.c_str() + r.output.find("; ", start) + 2);
  EXPECT_EQ(ReadText(s.count_file).size(), size_t(engine_calls + 1 + 3)) << r.output;
}

// Requirement: -fuzzminimizetime=0 writes the unminimized crasher, and it reproduces.
TEST(MinimizeTest, ZeroDisablesMinimization) {
  CachedCrasher s;
  RunResult r = s.Fuzz({"-fuzzminimizetime=0"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_EQ(r.output.find("minimizing"), std::string::npos) << r.output;
  auto files = FilesIn(s.artifacts);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(ReadText(files[0]).size(), 300u);
  EXPECT_EQ(RunProcess({BinaryPath("fails_at_50"), files[0]}).exit_code, 77);
}

// Requirement: Ctrl-C during minimization leaves the crasher on disk (the best found so far)
// and reports it. (Each call takes 20 ms, so minimizing would take minutes; the interrupt at
// 4 s lands during minimization, or on a loaded machine just before it: both keep the file.)
TEST(MinimizeTest, InterruptDuringMinimizationKeepsTheCrasher) {
  CachedCrasher s;
  RunResult r = s.Fuzz({}, {"HIVEFUZZ_TEST_SLOW_MS=20"}, 4000);
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_TRUE(r.output.find("(interrupted)") != std::string::npos ||
              r.output.find("interrupted: the failing input(s) are saved") != std::string::npos)
      << r.output;
  auto files = FilesIn(s.artifacts);
  ASSERT_EQ(files.size(), 1u) << r.output;
  EXPECT_NE(r.output.find(files[0]), std::string::npos) << r.output;
  EXPECT_EQ(RunProcess({BinaryPath("fails_at_50"), files[0]}).exit_code, 77);
}

// Requirement: a crash found while the engine minimizes a new interesting input is reported as
// such, isolated, minimized and replayable like any other. (Mutation alone practically never
// writes the crashing "A" + fifteen '0's; the minimizer's printable-byte pass does.)
TEST(MinimizeTest, CrashWhileMinimizingANewInputIsReported) {
  TempDir dir;
  std::string seeds = dir.path() + "/seeds";
  WriteText(seeds, "seed", std::string(20, 'b'));
  std::string artifacts = dir.path() + "/artifacts/";
  RunResult r = RunFuzzer(
      dir, "fails_when_minimized",
      // Without comparison guidance: its '0' operands would let mutation write the
      // crasher directly, and this test is about the minimizer finding it.
      {"-parallel=2", "-seed=1", "-fuzztime=5000000x", "-use_cmp=0", "-minimize_new_inputs=1",
       "-cache_dir=", "-artifact_prefix=" + artifacts, "-seed_corpus=" + seeds});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("(a candidate while minimizing a new interesting input)"),
            std::string::npos)
      << r.output;
  auto files = FilesIn(artifacts);
  ASSERT_EQ(files.size(), 1u) << r.output;
  EXPECT_EQ(ReadText(files[0]), "A" + std::string(15, '0'));
  EXPECT_EQ(RunProcess({BinaryPath("fails_when_minimized"), files[0]}).exit_code, 77);
}

}  // namespace
}  // namespace hivefuzz::e2e
