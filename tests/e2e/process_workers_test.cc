// Process workers (-fork=N, issue 16): the real fuzzers run as N engine processes sharing one
// coverage mask; failures, limits, restarts and Ctrl-C work over all of them.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// The value of libFuzzer's "stat::<name>:" line (-print_final_stats=1), or -1.
long long FinalStat(const std::string& output, const std::string& name) {
  size_t at = output.find("stat::" + name + ":");
  if (at == std::string::npos) return -1;
  return std::stoll(output.substr(output.find(':', at + 6) + 1));
}

// crash_kinds failing as `kind` (from the seed "f"), in two processes for up to 60 s, its
// artifacts in `dir`/artifacts.
RunResult RunCrashKindInTwoProcesses(const TempDir& dir, const std::string& kind,
                                     std::vector<std::string> flags) {
  const std::string seeds = dir.path() + "/seeds";
  WriteText(seeds, "seed", "f");
  flags.insert(flags.end(), {"-fork=2", "-fuzztime=60s",
                             "-artifact_prefix=" + dir.path() + "/artifacts/", seeds});
  return RunFuzzer(dir, "crash_kinds", flags, {"HIVEFUZZ_TEST_FAILURE=" + kind}, 120);
}

// Requirement: a target that is not thread-safe (a global buffer between calls) crashes
// spuriously on two threads; with -fork=2 its two processes of one worker each find its real
// bug, and the reproducer replays.
TEST(ProcessWorkersTest, ATargetThatIsNotThreadSafeFindsItsRealBug) {
  if (UnderSanitizer()) GTEST_SKIP() << "the target's data race is what ThreadSanitizer reports";
  TempDir dir;
  const std::string artifacts = dir.path() + "/artifacts";
  RunResult r = RunFuzzer(
      dir, "global_buffer",
      {"-fork=2", "-fuzztime=120s", "-artifact_prefix=" + artifacts + "/", dir.path() + "/corpus"});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("INFO: -fork=2: fuzzing in separate process(s)"), std::string::npos);
  EXPECT_EQ(r.output.find("torn input"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("deadly signal SIGSEGV"), std::string::npos) << r.output;
  std::vector<std::string> crashes = CrashFilesIn(artifacts);
  ASSERT_EQ(crashes.size(), 1u) << r.output;
  RunResult replay = RunProcess({BinaryPath("global_buffer"), crashes[0]});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
  auto input = ReadFile(crashes[0]);
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(std::string(input->begin(), input->begin() + 6), "GLOBAL");
}

// Requirement: -runs / -fuzztime=Nx stay exact over all processes, also when one is restarted
// after a failure (-keep_going): each process runs its share, a restarted one what is left.
TEST(ProcessWorkersTest, ExecutionLimitsAreExactOverAllProcesses) {
  TempDir dir;
  RunResult r = RunFuzzer(dir, "empty",
                          {"-fork=3", "-runs=100001", "-print_final_stats=1",
                           "-artifact_prefix=" + dir.path() + "/", dir.path() + "/corpus"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(FinalStat(r.output, "number_of_executed_units"), 100001) << r.output;
  EXPECT_NE(r.output.find("Done 100001 runs"), std::string::npos) << r.output;

  const std::string seeds = dir.path() + "/seeds";
  for (const char* seed : {"a", "b", "c"}) WriteText(seeds, seed, seed);
  // three_bugs fails on most inputs once its bugs are known: 1000 executions already restart a
  // process about forty times.
  RunResult k = RunFuzzer(dir, "three_bugs",
                          {"-fork=2", "-keep_going=1", "-fuzztime=1000x", "-print_final_stats=1",
                           "-artifact_prefix=" + dir.path() + "/kept/", seeds});
  EXPECT_EQ(k.exit_code, 77) << k.output;
  EXPECT_NE(k.output.find("restarting process worker"), std::string::npos) << k.output;
  EXPECT_EQ(FinalStat(k.output, "number_of_executed_units"), 1000) << k.output;
}

// Requirement: with -keep_going, each distinct failure is recorded once over all processes,
// the failing process is restarted on the saved corpus, and the others go on.
TEST(ProcessWorkersTest, KeepGoingRecordsEachBugOnce) {
  TempDir dir;
  const std::string seeds = dir.path() + "/seeds";
  for (const char* seed : {"a", "b", "c"}) WriteText(seeds, seed, seed);
  const std::string artifacts = dir.path() + "/artifacts";
  RunResult r = RunFuzzer(dir, "three_bugs",
                          {"-fork=2", "-keep_going=1", "-max_crashes=3", "-fuzztime=120s",
                           "-artifact_prefix=" + artifacts + "/", seeds});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("3 distinct failure(s)"), std::string::npos) << r.output;
  EXPECT_EQ(CrashFilesIn(artifacts).size(), 3u) << r.output;
  EXPECT_NE(r.output.find("restarting process worker"), std::string::npos) << r.output;
}

// Requirement: a hang in one process is found by that process's watchdog (-timeout) and
// recorded; -ignore_timeouts=0 then ends the run with libFuzzer's timeout code.
TEST(ProcessWorkersTest, AHangIsCaughtPerProcess) {
  TempDir dir;
  RunResult r = RunCrashKindInTwoProcesses(dir, "hang", {"-timeout=1", "-ignore_timeouts=0"});
  EXPECT_EQ(r.exit_code, 70) << r.output;
  EXPECT_NE(r.output.find("ran one input for more than 1s (-timeout)"), std::string::npos)
      << r.output;
  EXPECT_EQ(ArtifactsStartingWith(dir.path() + "/artifacts", "timeout-").size(), 1u) << r.output;
}

// Requirement: -rss_limit_mb applies to each process (libFuzzer's fork mode does the same):
// the process whose memory passed it is ended and its input recorded as out-of-memory.
TEST(ProcessWorkersTest, TheMemoryLimitIsPerProcess) {
  if (UnderSanitizer()) GTEST_SKIP() << "a sanitizer's shadow memory changes the figures";
  TempDir dir;
  RunResult r = RunCrashKindInTwoProcesses(
      dir, "oom", {"-malloc_limit_mb=0", "-rss_limit_mb=400", "-ignore_ooms=0"});
  EXPECT_EQ(r.exit_code, 71) << r.output;
  EXPECT_NE(r.output.find("-rss_limit_mb=400"), std::string::npos) << r.output;
  EXPECT_EQ(ArtifactsStartingWith(dir.path() + "/artifacts", "oom-").size(), 1u) << r.output;
}

// Requirement: Ctrl-C stops every process, and the run ends as interrupted.
TEST(ProcessWorkersTest, CtrlCStopsEveryProcess) {
  TempDir dir;
  RunResult r = RunFuzzer(
      dir, "empty",
      {"-fork=3", "-fuzztime=120s", "-artifact_prefix=" + dir.path() + "/", dir.path() + "/corpus"},
      {}, 60, /*interrupt_after_ms=*/1500);
  EXPECT_EQ(r.exit_code, 72) << r.output;
  EXPECT_NE(r.output.find("interrupted (3 processes"), std::string::npos) << r.output;
}

// Requirement: each new input is kept by one process only and written once (the mask is
// shared), the progress and the stats file count every process, and the final figures add
// up: the corpus directory holds exactly the inputs added.
TEST(ProcessWorkersTest, FindsAreKeptOnceAndEveryProcessIsCounted) {
  TempDir dir;
  const std::string corpus = dir.path() + "/corpus";
  const std::string stats = dir.path() + "/stats.csv";
  WriteText(corpus, "seed", "f");
  RunResult r = RunFuzzer(dir, "crash_kinds",
                          {"-fork=2", "-runs=400000", "-print_final_stats=1",
                           "-stats_file=" + stats, "-artifact_prefix=" + dir.path() + "/", corpus},
                          {"HIVEFUZZ_TEST_FAILURE=none"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  long long added = FinalStat(r.output, "new_units_added");
  EXPECT_GT(added, 2) << r.output;
  EXPECT_EQ(static_cast<long long>(FilesIn(corpus).size()), added + 1) << r.output;  // + seed
  std::ifstream file(stats);
  std::string header, line, last;
  std::getline(file, header);
  EXPECT_NE(header.find("execs_worker1"), std::string::npos) << header;
  EXPECT_EQ(header.find("execs_worker2"), std::string::npos) << header;
  while (std::getline(file, line)) last = line;
  // time_s,execs,...: the last row counts every execution of both processes.
  EXPECT_EQ(last.substr(last.find(',') + 1, 7), "400000,") << last;
}

// Requirement: bench mode counts every process: -bench=1 -fork=2 starts each repetition in both
// processes together and reports their executions together (Google Benchmark's iterations are
// the executions of all threads of all processes), under a family that names the processes.
TEST(ProcessWorkersTest, BenchModeCountsEveryProcess) {
  TempDir dir;
  const std::string json_path = dir.path() + "/bench.json";
  RunResult r = RunFuzzer(dir, "empty",
                          {"-bench=1", "-fork=2", "-bench_threads=1,2", "-bench_runs=20000",
                           "-bench_repetitions=2", "-bench_out=" + json_path});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto text = ReadFile(json_path);
  ASSERT_TRUE(text.ok());
  auto json = nlohmann::json::parse(std::string(text->begin(), text->end()));
  size_t iterations = 0;
  for (const auto& b : json["benchmarks"]) {
    if (b["run_type"] != "iteration") continue;
    iterations++;
    const std::string name = b["name"];
    const uint64_t threads = name.ends_with("/threads:2") ? 2 : 1;
    EXPECT_TRUE(name.starts_with("empty/processes:2/threads:")) << name;
    EXPECT_EQ(b["iterations"].get<uint64_t>(), 2 * threads * 20000) << name;
  }
  EXPECT_EQ(iterations, 4u) << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
