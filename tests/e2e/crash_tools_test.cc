// End-to-end: libFuzzer's crash tools as ClusterFuzz runs them (its libFuzzer engine's
// minimize_testcase and cleanse, docs/clusterfuzz.md):
//   <caller args> -max_total_time=T -exact_artifact_path=OUT -minimize_crash=1
//       -artifact_prefix=<tmp>/minimize-workdir/ FILE
//   <caller args> -cleanse_crash=1 -exact_artifact_path=OUT -artifact_prefix=<tmp>/cleanse-workdir/
//       FILE
// ClusterFuzz counts a file at OUT as success, then replays it and compares the crash. The
// environment is OSS-Fuzz's: ASAN_OPTIONS with exitcode=77 and dedup_token_length=3.
#include <gtest/gtest.h>

#include <algorithm>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// What ClusterFuzz adds to every command (prepare(): -timeout=25, -rss_limit_mb=2560).
const std::vector<std::string> kCallerArgs = {"-timeout=25", "-rss_limit_mb=2560"};
// OSS-Fuzz's base-runner settings (dedup_token_length=3 among them), with the exitcode=77
// ClusterFuzz adds, keys sorted as ClusterFuzz writes them. Only an ASan build reads them.
const std::string kAsanOptions =
    "ASAN_OPTIONS=alloc_dealloc_mismatch=0:allocator_may_return_null=1:dedup_token_length=3:"
    "detect_leaks=1:exitcode=77:handle_abort=1:handle_segv=1:handle_sigill=1:symbolize=1:"
    "use_sigaltstack=1";

std::vector<std::string> MinimizeArgs(const std::string& out, const std::string& workdir,
                                      const std::string& file) {
  // Under ASan each crashing child symbolizes its report (about 0.3 s against 0.07 s), so
  // the 300-byte minimization below takes about 45 s there and 2 s in a plain build.
  // (ClusterFuzz gives (max_time - 10) / 2, about 5 minutes.)
  const std::string time = UnderSanitizer() ? "180" : "20";
  std::vector<std::string> args = kCallerArgs;
  for (std::string a : {"-max_total_time=" + time, "-exact_artifact_path=" + out,
                        std::string("-minimize_crash=1"), "-artifact_prefix=" + workdir, file}) {
    args.push_back(a);
  }
  return args;
}

std::vector<std::string> CleanseArgs(const std::string& out, const std::string& workdir,
                                     const std::string& file) {
  std::vector<std::string> args = kCallerArgs;
  for (std::string a : {std::string("-cleanse_crash=1"), "-exact_artifact_path=" + out,
                        "-artifact_prefix=" + workdir, file}) {
    args.push_back(a);
  }
  return args;
}

// A 40-byte crasher of four_bytes (bug A): bytes 1, 5, 10, 19 matter, byte 3 is 'x'.
std::string FourBytesCrasher() {
  std::string s = "x1xxx5xxxxAxxxxxxxxZxxxxxxxxxxxxxxxxxxxx";
  return s;
}

// Requirement: ClusterFuzz's minimize_testcase command writes OUT, no larger than FILE (here
// the smallest: 50 bytes), which replays with the same failure (exit 77); exit 0; the work
// directory is left empty.
TEST(CrashToolsTest, MinimizeCrashWithClusterFuzzCommandLine) {
  TempDir dir;
  std::string crasher(300, '\0');
  crasher[200] = 'x';
  WriteText(dir.path() + "/in", "testcase", crasher);
  std::string file = dir.path() + "/in/testcase", out = dir.path() + "/minimized";
  std::string workdir = dir.path() + "/minimize-workdir/";
  RunResult r = RunFuzzer(dir, "fails_at_50", MinimizeArgs(out, workdir, file), {kAsanOptions});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(IsRegularFile(out)) << r.output;
  std::string minimized = ReadText(out);
  EXPECT_EQ(minimized.size(), 50u) << r.output;
  EXPECT_NE(minimized.find_first_not_of('\0'), std::string::npos);
  EXPECT_NE(r.output.find("Test unit written to " + out), std::string::npos) << r.output;
  EXPECT_EQ(FilesIn(workdir).size(), 0u) << "the work file is removed";
  EXPECT_EQ(ListFilesWithPrefix(workdir, ".").size(), 0u) << "the work file is removed";
  EXPECT_EQ(ReadText(file), crasher) << "the input is not touched";
  RunResult replay = RunProcess({BinaryPath("fails_at_50"), out}, {kAsanOptions});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
  EXPECT_NE(replay.output.find("fails_at_50: 50 bytes with a non-zero byte"), std::string::npos)
      << replay.output;
}

// Requirement: minimizing keeps the same bug: four_bytes' 40-byte bug-A crasher becomes 20
// bytes that still fail in bug A (message and exit 77 on replay).
TEST(CrashToolsTest, MinimizeCrashKeepsTheSameBug) {
  TempDir dir;
  WriteText(dir.path(), "testcase", FourBytesCrasher());
  std::string out = dir.path() + "/out";
  RunResult r =
      RunFuzzer(dir, "four_bytes",
                MinimizeArgs(out, dir.path() + "/minimize-workdir/", dir.path() + "/testcase"),
                {kAsanOptions});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(IsRegularFile(out)) << r.output;
  std::string minimized = ReadText(out);
  EXPECT_EQ(minimized.size(), 20u) << r.output;
  RunResult replay = RunProcess({BinaryPath("four_bytes"), out}, {kAsanOptions});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
  EXPECT_NE(replay.output.find("four_bytes: bug A"), std::string::npos) << replay.output;
}

// Requirement: -runs=N is an exact budget of target calls for minimization.
TEST(CrashToolsTest, MinimizeCrashRunsIsExact) {
  TempDir dir;
  WriteText(dir.path(), "testcase", std::string(300, 'x'));
  std::string out = dir.path() + "/out";
  RunResult r = RunFuzzer(
      dir, "fails_at_50",
      {"-runs=3", "-minimize_crash=1", "-exact_artifact_path=" + out, dir.path() + "/testcase"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("in 3 attempts"), std::string::npos) << r.output;
  ASSERT_TRUE(IsRegularFile(out));
  EXPECT_LE(ReadText(out).size(), 300u);
  EXPECT_EQ(RunProcess({BinaryPath("fails_at_50"), out}).exit_code, 77);
}

// Requirement: without -exact_artifact_path the result is <artifact_prefix>minimized-from-<sha1
// of FILE>; without -runs or -max_total_time the budget is libFuzzer's 600 s (said).
TEST(CrashToolsTest, MinimizeCrashWithoutExactPathWritesUnderArtifactPrefix) {
  TempDir dir;
  std::string crasher = FourBytesCrasher();
  WriteText(dir.path(), "testcase", crasher);
  std::string artifacts = dir.path() + "/artifacts/";
  RunResult r =
      RunFuzzer(dir, "four_bytes",
                {"-minimize_crash=1", "-artifact_prefix=" + artifacts, dir.path() + "/testcase"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("defaulting to -max_total_time=600"), std::string::npos) << r.output;
  std::string out = artifacts + "minimized-from-" + Sha1HexOf(crasher);
  EXPECT_EQ(FilesIn(artifacts), std::vector<std::string>{out}) << r.output;
  EXPECT_EQ(ReadText(out).size(), 20u);
}

// Requirement: an input that does not fail is an error (exit 1, libFuzzer's message), and
// nothing is written; so is a second input or a directory.
TEST(CrashToolsTest, MinimizeAndCleanseRefuseAnInputThatDoesNotCrash) {
  TempDir dir;
  WriteText(dir.path(), "fine", "fine");
  std::string out = dir.path() + "/out", workdir = dir.path() + "/workdir/";
  for (const auto& args : {MinimizeArgs(out, workdir, dir.path() + "/fine"),
                           CleanseArgs(out, workdir, dir.path() + "/fine")}) {
    RunResult r = RunFuzzer(dir, "four_bytes", args);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR: the input " + dir.path() + "/fine did not crash"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(IsRegularFile(out));
  }
  RunResult two = RunFuzzer(dir, "four_bytes",
                            {"-minimize_crash=1", dir.path() + "/fine", dir.path() + "/fine"});
  EXPECT_EQ(two.exit_code, 1) << two.output;
  EXPECT_NE(two.output.find("-minimize_crash should be given one input file"), std::string::npos)
      << two.output;
  RunResult no_out = RunFuzzer(dir, "four_bytes", {"-cleanse_crash=1", dir.path() + "/fine"});
  EXPECT_EQ(no_out.exit_code, 1) << no_out.output;
  EXPECT_NE(no_out.output.find("-cleanse_crash should be given one input file and "
                               "-exact_artifact_path"),
            std::string::npos)
      << no_out.output;
}

// Requirement: ClusterFuzz's cleanse command writes OUT, the same size as FILE, with every byte
// that does not matter replaced by ' ' (or 0xff where ' ' does not reproduce the same failure:
// a ' ' at byte 3 is another bug, so byte 3 becomes 0xff); it replays as the same bug (exit
// 77); exit 0; the work directory is left empty.
TEST(CrashToolsTest, CleanseCrashWithClusterFuzzCommandLine) {
  TempDir dir;
  std::string crasher = FourBytesCrasher();
  WriteText(dir.path(), "testcase", crasher);
  std::string out = dir.path() + "/cleansed", workdir = dir.path() + "/cleanse-workdir/";
  RunResult r = RunFuzzer(dir, "four_bytes", CleanseArgs(out, workdir, dir.path() + "/testcase"),
                          {kAsanOptions});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(IsRegularFile(out)) << r.output;
  std::string cleansed = ReadText(out);
  ASSERT_EQ(cleansed.size(), crasher.size());
  std::string expected(crasher.size(), ' ');
  expected[1] = '1';
  expected[3] = '\xff';
  expected[5] = '5';
  expected[10] = 'A';
  expected[19] = 'Z';
  EXPECT_EQ(cleansed, expected) << r.output;
  auto special = [](const std::string& s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\xff'; });
  };
  EXPECT_GT(special(cleansed), special(crasher));
  EXPECT_EQ(FilesIn(workdir).size(), 0u);
  EXPECT_EQ(ListFilesWithPrefix(workdir, ".").size(), 0u) << "the work file is removed";
  EXPECT_EQ(ReadText(dir.path() + "/testcase"), crasher) << "the input is not touched";
  RunResult replay = RunProcess({BinaryPath("four_bytes"), out}, {kAsanOptions});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
  EXPECT_NE(replay.output.find("four_bytes: bug A"), std::string::npos) << replay.output;
}

// Requirement: when no byte can be cleansed, OUT still holds the crasher (ClusterFuzz's success
// is a file at OUT), unchanged.
TEST(CrashToolsTest, CleanseWritesTheCrasherEvenWhenNothingChanges) {
  TempDir dir;
  WriteText(dir.path(), "testcase", "F");  // crash_kinds: an input starting with 'F' fails
  std::string out = dir.path() + "/cleansed";
  RunResult r =
      RunFuzzer(dir, "crash_kinds",
                CleanseArgs(out, dir.path() + "/cleanse-workdir/", dir.path() + "/testcase"),
                {"HIVEFUZZ_TEST_FAILURE=abort"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadText(out), "F");
}

// Requirement: -exact_artifact_path while fuzzing: the (minimized) crash file goes to exactly
// that path, reported by libFuzzer's line, and nothing is left under -artifact_prefix; a
// missing directory for it is refused before fuzzing (exit 1).
TEST(CrashToolsTest, ExactArtifactPathWhileFuzzing) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  std::string exact = dir.path() + "/exact-crash";
  WriteText(corpus, "seed", "f");
  RunResult r = RunFuzzer(dir, "crash_kinds",
                          {"-parallel=2", "-fuzztime=2000000x", "-artifact_prefix=" + artifacts,
                           "-exact_artifact_path=" + exact, corpus},
                          {"HIVEFUZZ_TEST_FAILURE=abort"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  ASSERT_TRUE(IsRegularFile(exact)) << r.output;
  EXPECT_EQ(ReadText(exact), "F") << "minimized";
  EXPECT_NE(r.output.find("Test unit written to " + exact), std::string::npos) << r.output;
  EXPECT_EQ(CrashFilesIn(artifacts).size(), 0u) << r.output;
  RunResult replay =
      RunProcess({BinaryPath("crash_kinds"), exact}, {"HIVEFUZZ_TEST_FAILURE=abort"});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;

  RunResult missing =
      RunFuzzer(dir, "crash_kinds",
                {"-fuzztime=10x", "-exact_artifact_path=" + dir.path() + "/no/such/file", corpus});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("does not exist"), std::string::npos) << missing.output;
}

// Requirement (ASan builds, OSS-Fuzz's ASAN_OPTIONS): a sanitizer report minimizes and
// cleanses as the same bug: heap_overflow's heap-buffer-overflow, with an integer record and
// junk around the string record that overflows.
TEST(CrashToolsTest, SanitizerReportMinimizesAndCleansesAsTheSameBug) {
  if (!UnderAsan()) GTEST_SKIP() << "the overflow is only detected under ASan";
  TempDir dir;
  const std::string crasher = std::string(
      "TRi\x02"
      "ab"
      "s\x05"
      "hello"
      "zzzz");
  WriteText(dir.path(), "testcase", crasher);
  std::string minimized = dir.path() + "/minimized", cleansed = dir.path() + "/cleansed";
  RunResult m = RunFuzzer(
      dir, "heap_overflow",
      MinimizeArgs(minimized, dir.path() + "/minimize-workdir/", dir.path() + "/testcase"),
      {kAsanOptions});
  ASSERT_EQ(m.exit_code, 0) << m.output;
  ASSERT_TRUE(IsRegularFile(minimized)) << m.output;
  EXPECT_LT(ReadText(minimized).size(), crasher.size()) << m.output;
  RunResult c =
      RunFuzzer(dir, "heap_overflow",
                CleanseArgs(cleansed, dir.path() + "/cleanse-workdir/", dir.path() + "/testcase"),
                {kAsanOptions});
  ASSERT_EQ(c.exit_code, 0) << c.output;
  EXPECT_EQ(ReadText(cleansed), std::string("TRi\x02  s\x05") + std::string(9, ' ')) << c.output;
  for (const std::string& out : {minimized, cleansed}) {
    RunResult replay = RunProcess({BinaryPath("heap_overflow"), out}, {kAsanOptions});
    EXPECT_EQ(replay.exit_code, 77) << replay.output;
    EXPECT_NE(replay.output.find("heap-buffer-overflow"), std::string::npos) << replay.output;
  }
}

}  // namespace
}  // namespace hivefuzz::e2e
