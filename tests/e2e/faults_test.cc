// End-to-end: the faults a careless target, a full disk, a closed pipe or a signal at a bad
// moment bring. Each asserts the exit code, the message and the files on disk (docs/crashes.md, "What
// hivefuzz guarantees").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// A fuzzing run of crash_kinds from the seed "f" (its failing inputs start with 'F').
struct FaultRun {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  std::string artifacts = dir.path() + "/artifacts/";
  RunOptions options;

  FaultRun() { WriteText(corpus, "seed", "f"); }

  std::vector<std::string> Args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {BinaryPath("crash_kinds"), "-artifact_prefix=" + artifacts};
    bool threads_given = false;
    for (const std::string& e : extra) threads_given |= e.starts_with("-parallel=");
    if (!threads_given) args.push_back("-parallel=2");
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(corpus);
    return args;
  }
  RunResult Run(const std::string& kind, std::vector<std::string> extra = {},
                std::vector<std::string> env = {}) {
    env.push_back("HIVEFUZZ_TEST_FAILURE=" + kind);
    env.push_back("XDG_CACHE_HOME=" + dir.path() + "/xdg-cache");
    if (options.timeout_s == 300) options.timeout_s = 120;
    return RunProcessWith(Args(std::move(extra)), env, options);
  }
  std::vector<std::string> Crashes() const { return CrashFilesIn(artifacts); }
};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Requirement: a target that ends the process (_exit(0), quick_exit(0), _exit(1), _exit(72))
// while an input runs has failed on that input: recorded, isolated, exit 77; the file replays
// as a failure too.
TEST(FaultsTest, TargetThatExitsDuringAnInputIsAFailure) {
  for (const char* kind : {"_exit0", "quick_exit", "_exit1", "_exit72"}) {
    FaultRun run;
    RunResult r = run.Run(kind, {"-fuzztime=2000000x"});
    ASSERT_EQ(r.exit_code, 77) << kind << "\n" << r.output;
    EXPECT_TRUE(Contains(r.output, "fuzz target exited")) << r.output;
    auto crashes = run.Crashes();
    ASSERT_EQ(crashes.size(), 1u) << r.output;
    EXPECT_EQ(ReadText(crashes[0])[0], 'F');
    EXPECT_EQ(FilesIn(run.artifacts).size(), 1u) << "no inflight- file left";
    RunResult replay = RunProcess({BinaryPath("crash_kinds"), crashes[0]},
                                  {std::string("HIVEFUZZ_TEST_FAILURE=") + kind});
    EXPECT_EQ(replay.exit_code, 77) << kind << "\n" << replay.output;
  }
}

// Requirement: exit(0) in LLVMFuzzerInitialize is no successful run.
TEST(FaultsTest, ExitInInitializeIsAnError) {
  FaultRun run;
  RunResult r = run.Run("none", {"-fuzztime=1000x"}, {"HIVEFUZZ_TEST_INIT=exit0"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(Contains(r.output, "LLVMFuzzerInitialize")) << r.output;
}

// Requirement: a deadly signal on a thread the target started itself is recorded with the
// inputs in flight.
TEST(FaultsTest, CrashOnAThreadOfTheTarget) {
  FaultRun run;
  RunResult r = run.Run("thread_segv", {"-fuzztime=2000000x"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_TRUE(Contains(r.output, "a thread the target started itself died by SIGSEGV")) << r.output;
  ASSERT_EQ(run.Crashes().size(), 1u) << r.output;
  EXPECT_EQ(ReadText(run.Crashes()[0])[0], 'F');
}

// Requirement: the same with a fuzzer built by the compiler wrapper (which once linked a
// runtime whose SEGV handler exited 1 and lost the crasher).
TEST(FaultsTest, CrashOnAThreadOfTheTargetWithTheWrapper) {
  if (UnderSanitizer()) GTEST_SKIP() << "the plain build's wrapper is the one that linked it";
  FaultRun run;
  std::string fuzzer = run.dir.path() + "/wrapped_crash_kinds";
  RunResult build = RunProcess(
      {BinaryPath("hivefuzz-clang++"), "-O1",
       std::string(HIVEFUZZ_SOURCE_DIR) + "/targets/testing/crash_kinds.cc", "-o", fuzzer});
  ASSERT_EQ(build.exit_code, 0) << build.output;
  RunResult r = RunProcess(
      {fuzzer, "-parallel=2", "-fuzztime=2000000x", "-artifact_prefix=" + run.artifacts,
       run.corpus},
      {"HIVEFUZZ_TEST_FAILURE=thread_segv", "XDG_CACHE_HOME=" + run.dir.path() + "/xdg"}, 120);
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_EQ(run.Crashes().size(), 1u) << r.output;
}

// Requirement: the reader of the output going away (`fuzzer | head -1`) loses nothing: the
// crasher is on disk and the exit code says so; a bug-free run still ends normally.
TEST(FaultsTest, ReaderOfTheOutputGoesAway) {
  {
    FaultRun run;
    run.options.output = OutputMode::kPipeClosedEarly;
    RunResult r = run.Run("segv", {"-fuzztime=2000000x"});
    EXPECT_EQ(r.exit_code, 77) << r.output;
    ASSERT_EQ(run.Crashes().size(), 1u);
    EXPECT_EQ(ReadText(run.Crashes()[0])[0], 'F');
  }
  {
    FaultRun run;
    run.options.output = OutputMode::kPipeClosedEarly;
    RunResult r = run.Run("none", {"-fuzztime=200000x"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(run.Crashes().empty());
  }
}

// Requirement: a target that closes stdout and stderr does not stop the engine or make it
// report a crash; the engine's messages still reach the user.
TEST(FaultsTest, TargetThatClosesStderr) {
  FaultRun run;
  RunResult r = run.Run("close_stderr", {"-fuzztime=200000x"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(run.Crashes().empty()) << r.output;
  EXPECT_TRUE(Contains(r.output, "hivefuzz: done:")) << r.output;
}

// Requirement: a target that writes to its const input and then crashes: the input saved is
// the one it was given (it reproduces), and the overwrite is said; one that only writes to
// it fails with libFuzzer's message.
TEST(FaultsTest, TargetThatWritesToItsInput) {
  {
    FaultRun run;
    RunResult r = run.Run("overwrite_then_segv", {"-fuzztime=2000000x"});
    ASSERT_EQ(r.exit_code, 77) << r.output;
    ASSERT_EQ(run.Crashes().size(), 1u) << r.output;
    EXPECT_EQ(ReadText(run.Crashes()[0])[0], 'F') << "the bytes before the call";
    if (!UnderAsan()) {
      EXPECT_TRUE(Contains(r.output, "the target wrote to its (const) input")) << r.output;
    }
  }
  {
    FaultRun run;
    RunResult r = run.Run("overwrite", {"-fuzztime=2000000x"});
    ASSERT_EQ(r.exit_code, 77) << r.output;
    EXPECT_TRUE(Contains(r.output, "fuzz target overwrites its const input")) << r.output;
    ASSERT_EQ(run.Crashes().size(), 1u) << r.output;
    RunResult replay = RunProcess({BinaryPath("crash_kinds"), run.Crashes()[0]},
                                  {"HIVEFUZZ_TEST_FAILURE=overwrite"});
    EXPECT_EQ(replay.exit_code, 77) << replay.output;
  }
}

// Requirement: two inputs failing at the same instant are both reported (here two seeds,
// named since each fails alone), not one of them dismissed as an innocent input in flight.
TEST(FaultsTest, TwoCrashesAtTheSameInstant) {
  FaultRun run;
  WriteText(run.corpus, "seed", "PS");
  WriteText(run.corpus, "seed2", "PA");
  RunResult r = run.Run("together", {"-fuzztime=1000x"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_TRUE(Contains(r.output, "deadly signal SIGSEGV")) << r.output;
  EXPECT_TRUE(Contains(r.output, "deadly signal SIGABRT")) << r.output;
  EXPECT_TRUE(
      Contains(r.output, "failure while testing seed corpus entry: " + run.corpus + "/seed\n"))
      << r.output;
  EXPECT_TRUE(
      Contains(r.output, "failure while testing seed corpus entry: " + run.corpus + "/seed2"))
      << r.output;
}

// Requirement: a SIGTERM or SIGINT the target sends itself is its failure, not the user's
// interrupt.
TEST(FaultsTest, SignalTheTargetSendsItselfIsAFailure) {
  for (const char* kind : {"raise_term", "kill_term"}) {
    FaultRun run;
    RunResult r = run.Run(kind, {"-fuzztime=2000000x"});
    ASSERT_EQ(r.exit_code, 77) << kind << "\n" << r.output;
    EXPECT_EQ(run.Crashes().size(), 1u) << r.output;
  }
}

// Requirement: kill -SEGV from outside is no crash of the target: nothing recorded, exit 1,
// and the user is told who sent it.
TEST(FaultsTest, DeadlySignalFromOutsideIsNoCrash) {
  FaultRun run;
  run.options.signals = {{1500, SIGSEGV, /*to_engine=*/true}};
  RunResult r = run.Run("none", {"-fuzztime=60s"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(Contains(r.output, "by process")) << r.output;
  EXPECT_TRUE(run.Crashes().empty()) << r.output;
}

// Requirement: an engine stopped (SIGSTOP) for longer than -timeout runs no input: no hang is
// recorded for it.
TEST(FaultsTest, StoppedEngineIsNoHang) {
  FaultRun run;
  run.options.signals = {{1000, SIGSTOP, true}, {3500, SIGCONT, true}};
  RunResult r = run.Run("none", {"-timeout=1", "-fuzztime=5s"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(ArtifactsStartingWith(run.artifacts, "timeout-").empty()) << r.output;
}

// Requirement: Ctrl-Z (SIGTSTP to the supervisor) stops the engine too, and continuing the
// supervisor continues it.
TEST(FaultsTest, JobControlStopsAndContinuesTheEngine) {
  // Under TSan, with other tests loading the machine, the supervisor's stop handler was seen
  // not to run within seconds (TSan defers signal handlers); the job control itself is
  // sanitizer-independent, so the plain build's run of this test is the one that counts.
  if (UnderSanitizer()) GTEST_SKIP() << "signal timing under a sanitizer; see the comment";
  FaultRun run;
  char stopped_state = '?', continued_state = '?', supervisor_state = '?';
  auto state_of = [](pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("State:", 0) == 0) return line[line.find_first_not_of(" \t", 6)];
    }
    return '?';
  };
  auto wait_for_state = [&](pid_t pid, bool stopped) {
    char state = '?';
    // Up to 10 s: on a loaded 2-core machine the stop reached the engine after more than 3.
    for (int i = 0; i < 1000; i++) {
      state = state_of(pid);
      if ((state == 'T') == stopped) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return state;
  };
  run.options.probe_after_ms = 500;
  run.options.probe = [&](pid_t supervisor, pid_t engine) {
    kill(supervisor, SIGTSTP);  // Ctrl-Z
    stopped_state = wait_for_state(engine, true);
    supervisor_state = state_of(supervisor);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // longer than -timeout
    kill(supervisor, SIGCONT);                                     // fg
    continued_state = wait_for_state(engine, false);
  };
  RunResult r = run.Run("none", {"-timeout=1", "-fuzztime=4s"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(stopped_state, 'T') << "the engine was not stopped with the supervisor (state "
                                << supervisor_state << ")";
  EXPECT_NE(continued_state, 'T') << "the engine was not continued with the supervisor";
  EXPECT_TRUE(ArtifactsStartingWith(run.artifacts, "timeout-").empty()) << r.output;
}

// Requirement: processes the target forked do not outlive the engine holding its output
// (`fuzzer 2>&1 | tail -1` ends).
TEST(FaultsTest, ForkedProcessesDoNotHoldTheOutput) {
  FaultRun run;
  run.options.output = OutputMode::kPipeToEnd;
  run.options.timeout_s = 40;  // the forked child sleeps 60 s
  auto start = std::chrono::steady_clock::now();
  // One worker: under ThreadSanitizer, a worker's SEGV report could hang for good while the
  // other worker was forking (its runtime's locks), and the run ended as a hang instead.
  RunResult r = run.Run("fork_segv", {"-fuzztime=2000000x", "-parallel=1"});
  EXPECT_FALSE(r.timed_out) << r.output;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_EQ(run.Crashes().size(), 1u) << r.output;
}

// A tmpfs of `kib` KiB mounted at `dir` and filled, but for `free_pages` pages; unmounted at
// the end. Needs root (CAP_SYS_ADMIN); `ok` is false where it cannot be had.
struct FullDisk {
  std::string dir;
  bool ok = false;
  explicit FullDisk(const std::string& where, int kib = 64, int free_pages = 0) : dir(where) {
    if (geteuid() != 0 || !EnsureWritableDirectory(dir).ok()) return;
    std::string options = "size=" + std::to_string(kib) + "k";
    if (mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) return;
    ok = true;
    std::string page(4096, 'x');
    int pages = 0;
    for (; pages < kib / 4; pages++) {
      std::ofstream filler(dir + "/filler-" + std::to_string(pages), std::ios::binary);
      if (!filler.write(page.data(), page.size()).flush()) break;
    }
    for (int i = 0; i < free_pages && i < pages; i++) {
      unlink((dir + "/filler-" + std::to_string(i)).c_str());
    }
  }
  ~FullDisk() {
    if (ok) umount2(dir.c_str(), MNT_DETACH);
  }
};

// Requirement: a disk that fills up during minimization stops it with the reason; the crasher
// saved before it is named (not "minimized to N bytes in 0 attempts").
TEST(FaultsTest, DiskFullDuringMinimization) {
  FaultRun run;
  FullDisk full(run.dir.path() + "/artifacts", 64, /*free_pages=*/1);
  if (!full.ok) GTEST_SKIP() << "needs root to mount a small tmpfs";
  RunResult r = run.Run("segv", {"-parallel=1", "-fuzztime=2000000x", "-stats_file="});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_TRUE(Contains(r.output, "minimization stopped after 0 attempts")) << r.output;
  EXPECT_TRUE(Contains(r.output, "no space left")) << r.output;
  ASSERT_EQ(run.Crashes().size(), 1u) << r.output;
  EXPECT_TRUE(Contains(r.output, "Test unit written to " + run.Crashes()[0])) << r.output;
}

// Requirement: a full artifact disk does not lose a crasher larger than a page: it goes whole
// to the temporary directory, and the output names the whole path; with no directory able to
// take it, the whole input is printed.
TEST(FaultsTest, FullArtifactDisk) {
  FaultRun run;
  FullDisk full(run.dir.path() + "/artifacts");
  if (!full.ok) GTEST_SKIP() << "needs root to mount a small tmpfs";
  std::string big_seed = "f" + std::string(8000, 'a');
  WriteText(run.corpus, "seed", big_seed);
  std::string tmp = run.dir.path() + "/tmp";
  ASSERT_TRUE(EnsureWritableDirectory(tmp).ok());
  RunResult r = run.Run("segv", {"-fuzztime=2000000x", "-fuzzminimizetime=0", "-stats_file="},
                        {"TMPDIR=" + tmp});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  auto saved = CrashFilesIn(tmp);
  ASSERT_EQ(saved.size(), 1u) << r.output;
  EXPECT_EQ(ReadText(saved[0])[0], 'F');
  EXPECT_TRUE(Contains(r.output, "saved it to " + saved[0] + " instead")) << r.output;
  EXPECT_TRUE(Contains(r.output, "Test unit written to " + saved[0])) << r.output;

  // Nowhere to write: the temporary directory and the working directory are full too.
  FaultRun nowhere;
  FullDisk full_artifacts(nowhere.dir.path() + "/artifacts"), full_tmp(nowhere.dir.path() + "/t"),
      full_cwd(nowhere.dir.path() + "/cwd");
  ASSERT_TRUE(full_artifacts.ok && full_tmp.ok && full_cwd.ok);
  WriteText(nowhere.corpus, "seed", big_seed);
  nowhere.options.cwd = full_cwd.dir;
  r = nowhere.Run("segv", {"-fuzztime=2000000x", "-fuzzminimizetime=0", "-stats_file="},
                  {"TMPDIR=" + full_tmp.dir});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  const std::string header = "here is the whole failing input (";
  size_t dump = r.output.find(header);
  ASSERT_NE(dump, std::string::npos) << r.output;
  size_t bytes = std::stoul(r.output.substr(dump + header.size()));
  size_t line = r.output.find('\n', dump) + 1;
  size_t line_end = r.output.find('\n', line);
  EXPECT_GE(line_end - line, bytes + 2) << "printed whole (quoted), not cut at 4096 bytes";
}

// Requirement: with -keep_going=1, a failure whose input could not be saved is not counted as
// recorded: its repeats are saved when they come, never dismissed as "already in ?".
TEST(FaultsTest, KeepGoingDoesNotCountAnUnsavedFailure) {
  FaultRun run;
  FullDisk full_artifacts(run.dir.path() + "/artifacts"), full_tmp(run.dir.path() + "/t"),
      full_cwd(run.dir.path() + "/cwd");
  if (!full_artifacts.ok) GTEST_SKIP() << "needs root to mount a small tmpfs";
  run.options.cwd = full_cwd.dir;
  RunResult r =
      run.Run("segv", {"-keep_going=1", "-fuzztime=20000x", "-fuzzminimizetime=0", "-stats_file="},
              {"TMPDIR=" + full_tmp.dir});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_FALSE(Contains(r.output, "already")) << r.output;
  EXPECT_FALSE(Contains(r.output, "distinct failure(s)")) << r.output;
  EXPECT_TRUE(Contains(r.output, "could not be saved to any directory")) << r.output;
}

// Requirement: a target that calls chdir() does not break relative corpus and artifact paths:
// the engine's files and the crasher land where the user named them from where it started.
TEST(FaultsTest, TargetThatChangesDirectory) {
  FaultRun run;
  run.options.cwd = run.dir.path();
  RunResult r = RunProcessWith(
      {BinaryPath("crash_kinds"), "-parallel=2", "-fuzztime=2000000x",
       "-artifact_prefix=artifacts/", "corpus"},
      {"HIVEFUZZ_TEST_FAILURE=chdir_segv", "XDG_CACHE_HOME=" + run.dir.path() + "/xdg"},
      run.options);
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_FALSE(Contains(r.output, "error")) << r.output;
  ASSERT_EQ(run.Crashes().size(), 1u) << r.output;
  EXPECT_TRUE(Contains(r.output, "Test unit written to artifacts/crash-")) << r.output;
  EXPECT_TRUE(IsRegularFile(run.artifacts + "fuzz-stats.csv")) << "the engine's own file";
}

// A pid that belonged to a process that has ended.
pid_t DeadPid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

// Requirement: what a killed run left (its temporaries, its minimization work file, its
// inputs in flight) is reported by the next run in the same directory; temporaries are
// removed, inputs in flight kept.
TEST(FaultsTest, LeftoversOfAKilledRunAreReported) {
  FaultRun run;
  std::string dead = std::to_string(DeadPid());
  WriteText(run.artifacts, ".tmp-crash-0123-" + dead + "-AbCdEf", "partial");
  WriteText(run.artifacts, ".hivefuzz-minimize-" + dead, "F");
  WriteText(run.artifacts, "inflight-0123456789abcdef", "F?");
  RunResult r = run.Run("none", {"-fuzztime=1000x"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Contains(r.output, "removed 2 temporary file(s) that a killed run left")) << r.output;
  EXPECT_TRUE(Contains(r.output, "holds 1 inflight-* file(s)")) << r.output;
  EXPECT_FALSE(IsRegularFile(run.artifacts + ".hivefuzz-minimize-" + dead));
  EXPECT_TRUE(IsRegularFile(run.artifacts + "inflight-0123456789abcdef"));
}

}  // namespace
}  // namespace hivefuzz::e2e
