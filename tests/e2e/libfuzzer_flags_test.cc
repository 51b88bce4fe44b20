// End-to-end: libFuzzer's flags as ClusterFuzz-style drivers pass them, on the real binaries.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = 0; (pos = text.find(what, pos)) != std::string::npos; pos += what.size()) n++;
  return n;
}

// Requirement: -runs=N with files runs each file N times in one process (ClusterFuzz reproduces
// with -runs=100 FILE); -runs=0 with files runs each once, as libFuzzer's max(1, runs).
TEST(LibFuzzerFlagsE2eTest, RunsWithFilesRunsEachFileNTimes) {
  TempDir dir;
  WriteText(dir.path(), "a", "aa");
  WriteText(dir.path(), "b", "bb");
  std::string count = dir.path() + "/count";
  RunResult r = RunFuzzer(dir, "count_calls", {"-runs=100", dir.path() + "/a", dir.path() + "/b"},
                          {"HIVEFUZZ_TEST_COUNT_FILE=" + count}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadText(count).size(), 200u) << r.output;
  EXPECT_NE(r.output.find("Running 2 inputs 100 time(s) each."), std::string::npos) << r.output;
  RunResult once = RunFuzzer(dir, "count_calls", {"-runs=0", dir.path() + "/a"},
                             {"HIVEFUZZ_TEST_COUNT_FILE=" + dir.path() + "/count0"}, 60);
  EXPECT_EQ(once.exit_code, 0) << once.output;
  EXPECT_EQ(ReadText(dir.path() + "/count0").size(), 1u);
}

// Requirement: a failure on any of the -runs=N runs is the failure, as without -runs.
TEST(LibFuzzerFlagsE2eTest, RunsWithAFailingFile) {
  TempDir dir;
  WriteText(dir.path(), "crash", "F");
  RunResult r = RunFuzzer(dir, "crash_kinds", {"-runs=100", dir.path() + "/crash"},
                          {"HIVEFUZZ_TEST_FAILURE=segv"}, 60);
  EXPECT_EQ(r.exit_code, 77) << r.output;
}

// Requirement: -runs=0 with corpus directories runs every corpus input once and does not fuzz
// (OSS-Fuzz's coverage runs do this), exit 0; -seed_inputs adds files to that corpus.
TEST(LibFuzzerFlagsE2eTest, RunsZeroRunsTheCorpusOnce) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "1", "one");
  WriteText(corpus, "2", "two");
  WriteText(corpus, "3", "three");
  WriteText(dir.path(), "extra1", "four");
  WriteText(dir.path(), "extra2", "five");
  std::string count = dir.path() + "/count";
  RunResult r = RunFuzzer(dir, "count_calls",
                          {"-runs=0", "-parallel=2", "-artifact_prefix=" + dir.path() + "/",
                           "-seed_inputs=" + dir.path() + "/extra1," + dir.path() + "/extra2",
                           corpus},
                          {"HIVEFUZZ_TEST_COUNT_FILE=" + count}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadText(count).size(), 5u) << r.output;
}

// Requirement: -error_exitcode and -timeout_exitcode are the exit codes of a crash and of a
// timeout, when fuzzing and when replaying.
TEST(LibFuzzerFlagsE2eTest, ErrorAndTimeoutExitCodes) {
  TempDir dir;
  WriteText(dir.path(), "input", "F");
  std::string input = dir.path() + "/input";
  RunResult crash = RunFuzzer(dir, "crash_kinds", {"-error_exitcode=42", input},
                              {"HIVEFUZZ_TEST_FAILURE=segv"}, 60);
  EXPECT_EQ(crash.exit_code, 42) << crash.output;
  RunResult hang = RunFuzzer(dir, "crash_kinds", {"-timeout=1", "-timeout_exitcode=43", input},
                             {"HIVEFUZZ_TEST_FAILURE=hang"}, 60);
  EXPECT_EQ(hang.exit_code, 43) << hang.output;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "f");
  RunResult fuzz = RunFuzzer(dir, "crash_kinds",
                             {"-error_exitcode=0", "-timeout_exitcode=9", "-parallel=2",
                              "-fuzztime=2000000x", "-fuzzminimizetime=0",
                              "-artifact_prefix=" + dir.path() + "/artifacts/", corpus},
                             {"HIVEFUZZ_TEST_FAILURE=abort"}, 120);
  EXPECT_EQ(fuzz.exit_code, 0) << fuzz.output;
  EXPECT_EQ(CrashFilesIn(dir.path() + "/artifacts").size(), 1u) << fuzz.output;
  EXPECT_NE(fuzz.output.find("Test unit written to"), std::string::npos) << fuzz.output;
}

// Requirement: -close_fd_mask=1/2/3 sends the target's stdout/stderr/both to /dev/null after
// LLVMFuzzerInitialize, as libFuzzer does; the engine's and the supervisor's messages are still
// seen, a crash included.
TEST(LibFuzzerFlagsE2eTest, CloseFdMask) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "f");
  auto run = [&](const std::string& mask) {
    return RunFuzzer(dir, "print_or_ascii",
                     {"-close_fd_mask=" + mask, "-parallel=1", "-runs=50", "-use_cmp=0",
                      "-artifact_prefix=" + dir.path() + "/", corpus},
                     {"HIVEFUZZ_TEST_MODE=print"}, 60);
  };
  RunResult none = run("0");
  EXPECT_NE(none.output.find("target-stdout"), std::string::npos) << none.output;
  EXPECT_NE(none.output.find("target-stderr"), std::string::npos) << none.output;
  RunResult out = run("1");
  EXPECT_EQ(out.output.find("target-stdout"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("target-stderr"), std::string::npos) << out.output;
  RunResult both = run("3");
  EXPECT_EQ(both.output.find("target-stdout"), std::string::npos) << both.output;
  EXPECT_EQ(both.output.find("target-stderr"), std::string::npos) << both.output;
  // What the target printed in LLVMFuzzerInitialize is still seen, and so is the engine.
  EXPECT_NE(both.output.find("init-stdout"), std::string::npos) << both.output;
  EXPECT_NE(both.output.find("init-stderr"), std::string::npos) << both.output;
  EXPECT_NE(both.output.find("hivefuzz: done:"), std::string::npos) << both.output;
  for (const RunResult* r : {&none, &out, &both}) EXPECT_EQ(r->exit_code, 0) << r->output;
  // A crash with both closed: the supervisor still reports it.
  WriteText(dir.path(), "crash", "FAIL");
  RunResult crash = RunFuzzer(dir, "print_or_ascii", {"-close_fd_mask=3", dir.path() + "/crash"},
                              {"HIVEFUZZ_TEST_MODE=print"}, 60);
  EXPECT_EQ(crash.exit_code, 77) << crash.output;
  EXPECT_NE(crash.output.find("reproduces the failure"), std::string::npos) << crash.output;
  EXPECT_EQ(crash.output.find("target-stdout"), std::string::npos) << crash.output;
}

// Requirement: with -only_ascii=1 every generated input is printable ASCII or whitespace: a
// target that crashes on any other byte never crashes, and every new corpus file is ASCII;
// without the flag the same target crashes at once.
TEST(LibFuzzerFlagsE2eTest, OnlyAscii) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "hello world\n");
  RunResult ascii = RunFuzzer(dir, "print_or_ascii",
                              {"-only_ascii=1", "-parallel=2", "-runs=200000",
                               "-artifact_prefix=" + dir.path() + "/a/", corpus},
                              {"HIVEFUZZ_TEST_MODE=ascii"}, 120);
  EXPECT_EQ(ascii.exit_code, 0) << ascii.output;
  EXPECT_TRUE(CrashFilesIn(dir.path() + "/a").empty());
  size_t checked = 0;
  for (const std::string& file : FilesIn(corpus)) {
    for (char c : ReadText(file)) {
      auto u = static_cast<unsigned char>(c);
      EXPECT_TRUE(std::isprint(u) || std::isspace(u)) << file << ": byte " << int(u);
    }
    checked++;
  }
  EXPECT_GE(checked, 1u);
  RunResult binary = RunFuzzer(dir, "print_or_ascii",
                               {"-parallel=2", "-runs=200000", "-fuzzminimizetime=0",
                                "-artifact_prefix=" + dir.path() + "/b/", corpus},
                               {"HIVEFUZZ_TEST_MODE=ascii"}, 120);
  EXPECT_EQ(binary.exit_code, 77) << binary.output;
}

// Requirement: -ignore_crashes=1 records a crash (the file is written, no "Test unit written
// to" line, which tools read as a finding) and fuzzing goes on to its limit; exit 0 when only
// ignored failures happened.
TEST(LibFuzzerFlagsE2eTest, IgnoreCrashes) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "f");
  RunResult r = RunFuzzer(dir, "crash_kinds",
                          {"-ignore_crashes=1", "-parallel=2", "-max_total_time=4",
                           "-artifact_prefix=" + dir.path() + "/artifacts/", corpus},
                          {"HIVEFUZZ_TEST_FAILURE=abort"}, 120);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(CrashFilesIn(dir.path() + "/artifacts").size(), 1u) << r.output;
  EXPECT_EQ(r.output.find("Test unit written to"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ignored (-ignore_crashes=1), fuzzing goes on"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("restarting the engine"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 distinct failure(s):"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(ignored: -ignore_crashes=1)"), std::string::npos) << r.output;
}

// Requirement: -fork=N runs N process workers and, as libFuzzer's fork mode, ignores timeouts by
// default (recorded, fuzzing goes on, exit 0); a crash is still a finding (exit 77) since
// -ignore_crashes defaults to 0; -ignore_timeouts=0 makes a timeout end the run (exit 70).
TEST(LibFuzzerFlagsE2eTest, ForkIgnoresTimeoutsByDefault) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "f");
  std::vector<std::string> common = {"-timeout=1", "-max_total_time=5",
                                     "-artifact_prefix=" + dir.path() + "/artifacts/", corpus};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), common.begin(), common.end());
    return args;
  };
  RunResult fork = RunFuzzer(dir, "crash_kinds", with({"-fork=2"}), {"HIVEFUZZ_TEST_FAILURE=hang"},
                             120);
  EXPECT_EQ(fork.exit_code, 0) << fork.output;
  EXPECT_EQ(Count(fork.output, "INFO: -fork=2: fuzzing in separate process(s)"), 1u) << fork.output;
  EXPECT_NE(fork.output.find("ignored (-ignore_timeouts=1)"), std::string::npos) << fork.output;
  EXPECT_EQ(fork.output.find("Test unit written to"), std::string::npos) << fork.output;
  EXPECT_EQ(ArtifactsStartingWith(dir.path() + "/artifacts", "timeout-").size(), 1u);
  RunResult strict = RunFuzzer(dir, "crash_kinds", with({"-fork=2", "-ignore_timeouts=0"}),
                               {"HIVEFUZZ_TEST_FAILURE=hang"}, 120);
  EXPECT_EQ(strict.exit_code, 70) << strict.output;
  RunResult crash = RunFuzzer(dir, "crash_kinds", with({"-fork=2", "-fuzzminimizetime=0"}),
                              {"HIVEFUZZ_TEST_FAILURE=abort"}, 120);
  EXPECT_EQ(crash.exit_code, 77) << crash.output;
}

// Requirement: ignored flags print exactly one INFO line each, once (the supervisor, not the
// engine child), and the run goes on; -stop_file ends fuzzing once the file exists.
TEST(LibFuzzerFlagsE2eTest, IgnoredFlagsSayOnceAndStopFile) {
  TempDir dir;
  WriteText(dir.path(), "stop", "");
  RunResult r = RunFuzzer(dir, "empty",
                          {"-mutate_depth=5", "-shrink=1", "-trace_malloc=1", "-print_pcs=1",
                           "-stop_file=" + dir.path() + "/stop", "-max_total_time=60",
                           "-artifact_prefix=" + dir.path() + "/", dir.path() + "/corpus"},
                          {}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Count(r.output, " is accepted and ignored"), 4u) << r.output;
  for (const char* flag : {"-mutate_depth=5", "-shrink=1", "-trace_malloc=1", "-print_pcs=1"}) {
    EXPECT_EQ(Count(r.output, std::string("INFO: ") + flag + " is accepted and ignored: "), 1u)
        << flag << "\n"
        << r.output;
  }
  EXPECT_NE(r.output.find("stop file found"), std::string::npos) << r.output;
}

// Requirement: -reload (default 1 s, as libFuzzer): a file another process writes into the
// corpus directory while the fuzzer runs joins the corpus and runs; here the only input that
// fails, which mutation cannot find (secret_input), so the run fails naming that file.
// With -reload=0 the same file is never read.
TEST(LibFuzzerFlagsE2eTest, ReloadPicksUpFilesOthersWrite) {
  const std::string secret = "hivefuzz-reload-secret-012345678";
  for (bool reload : {true, false}) {
    TempDir dir;
    std::string corpus = dir.path() + "/corpus";
    WriteText(corpus, "seed", "hello");
    RunOptions options;
    options.timeout_s = 60;
    options.probe_after_ms = 1000;
    options.probe = [&](pid_t, pid_t) { WriteText(corpus, "from-another-fuzzer", secret); };
    // Fuzzing alone never finds the secret (the -reload=0 run): with -reload the crash can
    // only come from the other fuzzer's file. The limit leaves a loaded machine (ThreadSanitizer
    // builds, two tests at a time) time to read it; the run stops at the crash, well before.
    const int limit_s = reload ? 30 : 5;
    std::vector<std::string> args = {BinaryPath("secret_input"),
                                     "-max_total_time=" + std::to_string(limit_s),
                                     "-artifact_prefix=" + dir.path() + "/", corpus};
    if (!reload) args.insert(args.begin() + 1, "-reload=0");
    auto start = std::chrono::steady_clock::now();
    RunResult r = RunProcessWith(args, {}, options);
    if (reload) {
      EXPECT_EQ(r.exit_code, 77) << r.output;
      EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(limit_s))
          << r.output;
      // Its run as a corpus file names it, as a seed's does; a worker that picked the new
      // entry first (its unmutated run for comparison tracing) writes the crash artifact.
      bool named = r.output.find("failure while testing seed corpus entry: " + corpus +
                                 "/from-another-fuzzer") != std::string::npos;
      bool artifact = ReadText(dir.path() + "/crash-" + Sha1HexOf(secret)) == secret;
      EXPECT_TRUE(named || artifact) << r.output;
      EXPECT_NE(r.output.find("\tRELOAD cov: "), std::string::npos) << r.output;
    } else {
      EXPECT_EQ(r.exit_code, 0) << r.output;
      EXPECT_EQ(r.output.find("\tRELOAD cov: "), std::string::npos) << r.output;
    }
  }
}

// Requirement: the files a fuzzer writes itself are not read back as others' files (no
// RELOAD line, the corpus counts each find once). -len_control is implemented: no INFO line.
TEST(LibFuzzerFlagsE2eTest, ReloadSkipsTheFuzzersOwnFiles) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  RunResult r = RunFuzzer(dir, "keyword_gate",
                          {"-max_total_time=4", "-reload=1", "-len_control=100", "-parallel=2",
                           "-artifact_prefix=" + dir.path() + "/", corpus},
                          {}, 60);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("\tRELOAD cov: "), std::string::npos) << r.output;
  EXPECT_GT(FilesIn(corpus).size(), 1u) << r.output;
  EXPECT_EQ(r.output.find("is accepted and ignored"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
