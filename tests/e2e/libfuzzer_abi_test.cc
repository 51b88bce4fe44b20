// End-to-end: libFuzzer's ABI beyond LLVMFuzzerTestOneInput, as structure-aware harnesses
// use it: LLVMFuzzerCustomMutator, LLVMFuzzerCustomCrossOver and LLVMFuzzerMutate; and
// LLVMFuzzerRunDriver, for programs with a main() of their own.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// Requirement: a custom mutator does the mutating, on every worker thread, calling
// LLVMFuzzerMutate; the bug it makes reachable is found, and every input kept has its header.
// (Without comparison guidance, byte mutations of "x" do not reach the 7-byte header.)
// -len_control=0: length control starts mutants at 4 bytes, too few for this mutator's 7-byte
// header; it returns 0 and, as in libFuzzer, the engine's fallback input runs instead.
TEST(LibFuzzerAbiTest, CustomMutatorDoesTheMutating) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "seed", "x");
  RunResult r = RunFuzzer(dir, "custom_mutator",
                          {"-parallel=2", "-fuzztime=500000x", "-use_cmp=0", "-len_control=0",
                           "-artifact_prefix=" + artifacts, "-fuzzminimizetime=0", corpus});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  auto crashes = CrashFilesIn(artifacts);
  ASSERT_EQ(crashes.size(), 1u) << r.output;
  std::string crasher = ReadText(crashes[0]);
  EXPECT_EQ(crasher.rfind("CUSTOM:", 0), 0u) << crasher;
  EXPECT_NE(crasher.find('Z'), std::string::npos) << crasher;
  for (const std::string& file : FilesIn(corpus)) {
    if (file.ends_with("/seed")) continue;
    EXPECT_EQ(ReadText(file).rfind("CUSTOM:", 0), 0u) << file << " was not made by it";
  }
}

// Requirement: a custom crossover is used to combine corpus entries. (-len_control=0: its
// 13-byte output does not fit the 8 bytes length control would start at.)
TEST(LibFuzzerAbiTest, CustomCrossOverIsUsed) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "a", "CUSTOM:a");
  WriteText(corpus, "b", "CUSTOM:b");
  RunResult r = RunFuzzer(dir, "custom_mutator",
                          {"-parallel=2", "-fuzztime=500000x", "-use_cmp=0", "-len_control=0",
                           "-artifact_prefix=" + artifacts, "-fuzzminimizetime=0", corpus},
                          {"HIVEFUZZ_TEST_NEED=crossover"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  auto crashes = CrashFilesIn(artifacts);
  ASSERT_EQ(crashes.size(), 1u) << r.output;
  EXPECT_EQ(ReadText(crashes[0]).rfind("CUSTOM:XOVER!", 0), 0u);
}

// Requirement: a program with its own main() runs hivefuzz through LLVMFuzzerRunDriver, with
// the supervisor, the failure report and the replay as for any fuzzer.
TEST(LibFuzzerAbiTest, RunDriverFromAProgramsOwnMain) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "seed", "f");
  RunResult r =
      RunFuzzer(dir, "run_driver",
                {"-parallel=2", "-fuzztime=500000x", "-artifact_prefix=" + artifacts, corpus});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  auto crashes = CrashFilesIn(artifacts);
  ASSERT_EQ(crashes.size(), 1u) << r.output;
  EXPECT_EQ(ReadText(crashes[0]), "F");
  RunResult replay = RunProcess({BinaryPath("run_driver"), crashes[0]});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
