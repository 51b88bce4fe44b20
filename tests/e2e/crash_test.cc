// End-to-end: how failures are recorded and reported by the supervisor, and replayed.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

struct CrashCase {
  const char* failure;   // HIVEFUZZ_TEST_FAILURE for targets/testing/crash_kinds.cc
  const char* expected;  // in the report
};

// Requirement: a failing mutant is written as crash-<sha1> (atomically: no temporaries left),
// reported with the re-run command, exit 77; replaying the file fails again with exit 77.
TEST(CrashTest, EachFailureKindIsRecordedAndReplays) {
  CrashCase cases[] = {{"segv", "deadly signal SIGSEGV"},
                       {"abort", "deadly signal SIGABRT"},
                       {"throw", "uncaught exception: the input starts with F"},
                       {"exit", "the target called exit()"}};
  for (const CrashCase& c : cases) {
    TempDir dir;
    std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
    WriteText(corpus, "seed", "f");
    std::string env = std::string("HIVEFUZZ_TEST_FAILURE=") + c.failure;
    RunResult r = RunFuzzer(
        dir, "crash_kinds",
        {"-parallel=2", "-fuzztime=2000000x", "-artifact_prefix=" + artifacts, corpus}, {env});
    ASSERT_EQ(r.exit_code, 77) << c.failure << "\n" << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
    auto crashes = CrashFilesIn(artifacts);
    ASSERT_EQ(crashes.size(), 1u) << r.output;
    EXPECT_EQ(FilesIn(artifacts).size(), 1u);  // nothing but the crash file
    EXPECT_NE(r.output.find("Test unit written to " + crashes[0]), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("To re-run:\n  " + BinaryPath("crash_kinds") + " " + crashes[0]),
              std::string::npos)
        << r.output;
    std::string content = ReadText(crashes[0]);
    ASSERT_FALSE(content.empty());
    EXPECT_EQ(content[0], 'F') << "the file holds the failing input";

    RunResult replay = RunProcess({BinaryPath("crash_kinds"), crashes[0]}, {env});
    EXPECT_EQ(replay.exit_code, 77) << replay.output;
    EXPECT_NE(replay.output.find(c.expected), std::string::npos) << replay.output;
    EXPECT_EQ(CrashFilesIn(artifacts).size(), 1u) << "a replay writes nothing new";
  }
}

// Requirement: a seed that fails during warmup is reported by name and nothing is written.
TEST(CrashTest, FailingSeedIsReportedByNameAndNothingWritten) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "good", "fine");
  WriteText(corpus, "bad", "Fails");
  RunResult r =
      RunFuzzer(dir, "crash_kinds",
                {"-parallel=2", "-fuzztime=1000x", "-artifact_prefix=" + artifacts, corpus});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("failure while testing seed corpus entry: " + corpus + "/bad"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(CrashFilesIn(artifacts).empty()) << r.output;
  EXPECT_EQ(FilesIn(corpus).size(), 2u);
}

// Requirement: replaying files runs each once, passes (exit 0) when none fails, and says
// fuzzing was not performed.
TEST(CrashTest, ReplayOfPassingFiles) {
  TempDir dir;
  WriteText(dir.path(), "one", "fine");
  WriteText(dir.path(), "two", "also fine");
  RunResult r = RunProcess({BinaryPath("crash_kinds"), dir.path() + "/one", dir.path() + "/two"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Running: " + dir.path() + "/two"), std::string::npos);
  EXPECT_NE(r.output.find("fuzzing was not performed"), std::string::npos);
}

}  // namespace
}  // namespace hivefuzz::e2e
