#include "supervisor/supervisor.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "stats/progress.h"
#include "supervisor/engine_process.h"
#include "supervisor/failure.h"
#include "supervisor/merge.h"

namespace hivefuzz {
namespace {

bool IsFailure(EngineEnd end) {
  return end == EngineEnd::kCrash || end == EngineEnd::kTimeout || end == EngineEnd::kOom;
}

// The exit code of a run that ended without a target failure.
int ExitCodeOf(const Verdict& verdict) {
  switch (verdict.end) {
    case EngineEnd::kFinished:
      return kExitOk;
    case EngineEnd::kInterrupted:
      return kExitInterrupted;
    case EngineEnd::kKilled:
      std::fprintf(stderr, "hivefuzz: %s\n", verdict.what.c_str());
      return kExitError;
    case EngineEnd::kError:
      // The engine said why, unless the target ended it (then the verdict says how).
      if (!verdict.what.empty())
        std::fprintf(stderr, "hivefuzz: error: %s\n", verdict.what.c_str());
      return kExitError;
    case EngineEnd::kEngineBug:
      std::fprintf(stderr,
                   "hivefuzz: %s. If it happened at start-up, a global constructor or "
                   "LLVMFuzzerInitialize of the target may have failed; otherwise this is a "
                   "hivefuzz bug: please report it with the output above.\n",
                   verdict.what.c_str());
      return kExitError;
    default:
      return kExitError;
  }
}

// What a run that was killed (SIGKILL, a power cut) left in the directories this run writes:
// its temporaries (removed: the files they were to become are either complete or the input is
// elsewhere) and its inputs in flight (kept: one of them may be the crasher it never isolated).
void ReportLeftovers(const Options& options) {
  std::vector<std::string> dirs = {ArtifactDirectory(options.artifact_prefix)};
  if (!options.inputs.empty() && IsDirectory(options.inputs[0])) dirs.push_back(options.inputs[0]);
  for (const std::string& dir : dirs) {
    auto removed = RemoveStaleTemporaries(dir);
    if (removed.ok() && !removed->empty()) {
      std::fprintf(stderr,
                   "hivefuzz: removed %zu temporary file(s) that a killed run left in %s (first: "
                   "%s)\n",
                   removed->size(), dir.c_str(), (*removed)[0].c_str());
    }
  }
  std::vector<std::string> inflight = ListFilesWithPrefix(dirs[0], "inflight-");
  if (!inflight.empty()) {
    std::string command = options.program;
    for (const std::string& f : inflight) command += " " + f;
    std::fprintf(stderr,
                 "hivefuzz: %s holds %zu inflight-* file(s): inputs that were running when an "
                 "earlier run failed, left because that run was killed before it isolated its "
                 "failure. They are kept; to see which fails, replay them:\n  %s\n",
                 dirs[0].c_str(), inflight.size(), command.c_str());
  }
}

struct DistinctFailure {
  FailureSignature signature;
  std::vector<std::string> files;
  bool ignored = false;  // -ignore_crashes/-ignore_timeouts/-ignore_ooms
};

// libFuzzer's -error_exitcode and -timeout_exitcode in place of hivefuzz's codes for them.
int LibFuzzerExitCode(const Options& options, int code) {
  if (code == kExitCrash) return options.error_exitcode;
  if (code == kExitTimeout) return options.timeout_exitcode;
  return code;
}

}  // namespace

int RunSupervisor(const Options& options, RunMode mode, char** argv) {
  if (mode == RunMode::kMerge) return RunMerge(options, argv);
  if (mode == RunMode::kFuzz || mode == RunMode::kBench) {
    // An artifact that cannot be written would lose a crash: check before fuzzing.
    if (Status s = EnsureWritableDirectory(ArtifactDirectory(options.artifact_prefix)); !s.ok()) {
      std::fprintf(stderr, "hivefuzz: error: -artifact_prefix=%s: %s\n",
                   options.artifact_prefix.c_str(), s.message().c_str());
      return kExitError;
    }
  }
  InstallSignalHandling();
  if (mode == RunMode::kFuzz) ReportLeftovers(options);
  std::vector<std::string> args;
  for (char** a = argv; *a != nullptr; a++) args.push_back(*a);

  const uint64_t start = MonotonicNanos();
  uint64_t execs_done = 0;
  std::vector<uint64_t> worker_execs;  // all engines so far, for the stats rows of the next
  std::vector<DistinctFailure> distinct;
  size_t unsaved = 0;    // failures whose input could only be printed
  std::optional<int> failure_code;  // of the first failure recorded (not ignored)
  size_t ignored_distinct = 0;      // of `distinct`, failures the -ignore_* flags ignored
  std::string restart_reason = "-keep_going";  // or the -ignore_* flag that ignored the failure
  int exit_code = kExitOk;
  // For libFuzzer's closing lines, over every engine of the run.
  uint64_t new_units = 0, peak_rss_mb = 0, slowest_ns = 0;
  bool limit_reached = false;
  for (int restart = 0;; restart++) {
    std::vector<std::string> env;
    if (restart > 0) {
      // Keep the user's limits across restarts: what is left of them.
      uint64_t elapsed = MonotonicNanos() - start;
      if (options.time_limit_ns != 0 && elapsed >= options.time_limit_ns) break;
      if (options.exec_limit != 0 && execs_done >= options.exec_limit) break;
      uint64_t time_left = options.time_limit_ns ? options.time_limit_ns - elapsed : 0;
      uint64_t execs_left = options.exec_limit ? options.exec_limit - execs_done : 0;
      env.push_back(std::string(kRemainingVariable) + "=" +
                    FormatRemaining(RemainingLimits{time_left, execs_left}));
      StatsBase base{elapsed, distinct.size(), worker_execs};
      env.push_back(std::string(kStatsBaseVariable) + "=" + FormatStatsBase(base));
      std::fprintf(stderr, "hivefuzz: restarting the engine on the saved corpus (%s)\n",
                   restart_reason.c_str());
    }
    ChildRun run = RunEngineChild(options, args, env, /*quiet=*/false);
    if (!run.started) return kExitError;
    if (worker_execs.size() < run.slots.size()) worker_execs.resize(run.slots.size());
    for (const SlotSnapshot& s : run.slots) {
      execs_done += s.seq;
      worker_execs[s.index] += s.seq;
    }
    new_units += run.engine.new_units;
    peak_rss_mb = std::max(peak_rss_mb, run.peak_rss_mb);
    slowest_ns = std::max(slowest_ns, run.longest_exec_ns);
    Verdict verdict = VerdictOf(run);
    if (!IsFailure(verdict.end)) {
      limit_reached = verdict.end == EngineEnd::kFinished;
      exit_code = ExitCodeOf(verdict);
      break;
    }
    if (verdict.culprits.empty()) {
      std::fprintf(stderr, "==hivefuzz== ERROR: %s, with no input running\n", verdict.what.c_str());
      exit_code = verdict.end == EngineEnd::kOom ? kExitOom : kExitError;
      break;
    }
    // A failure counts as recorded once its reproducer is on disk; one that could not be
    // saved is not, and its repeats are saved when they come.
    auto known = [&](const FailureSignature& signature) {
      for (const DistinctFailure& d : distinct) {
        if (d.signature == signature) return true;
      }
      return false;
    };
    // -ignore_crashes/-ignore_timeouts/-ignore_ooms: while fuzzing, such a failure is recorded
    // and the run goes on as with -keep_going=1; it does not set the exit code.
    const bool ignored = mode == RunMode::kFuzz && IgnoredByFlags(options, verdict.end);
    for (HandledFailure& handled : HandleFailure(options, verdict, run.slots, known)) {
      if (!ignored && !failure_code) failure_code = LibFuzzerExitCode(options, handled.exit_code);
      if (!handled.files.empty()) {
        distinct.push_back({handled.signature, handled.files, ignored});
        ignored_distinct += ignored;
      } else {
        unsaved++;
      }
    }
    if (mode == RunMode::kBench) {
      std::fprintf(stderr,
                   "hivefuzz: -bench=1: the target failed during the benchmark (reported "
                   "above); no figures. Fix the target, or benchmark it on a corpus that does "
                   "not reach the failure.\n");
      break;
    }
    if ((!options.keep_going && !ignored) || mode == RunMode::kReplay || Interrupted()) break;
    restart_reason = options.keep_going ? "-keep_going" : IgnoreFlagOf(verdict.end);
    if (options.max_crashes != 0 && distinct.size() - ignored_distinct >= options.max_crashes) {
      break;
    }
    InputOrigin origin = run.slots[verdict.culprits[0]].origin;
    if (origin == InputOrigin::kSeed || origin == InputOrigin::kCache) {
      // It would fail again at the next warmup.
      std::fprintf(stderr, "hivefuzz: a corpus file fails; fix or remove it to keep going\n");
      break;
    }
  }
  if ((options.keep_going || ignored_distinct > 0) && !distinct.empty()) {
    std::fprintf(stderr, "hivefuzz: %zu distinct failure(s):\n", distinct.size());
    for (const DistinctFailure& d : distinct) {
      for (const std::string& f : d.files) {
        std::fprintf(stderr, "  %s%s%s\n", f.c_str(), d.ignored ? " (ignored: " : "",
                     d.ignored ? (std::string(IgnoreFlagOf(d.signature.end)) + ")").c_str() : "");
      }
    }
  }
  if (unsaved > 0) {
    std::fprintf(stderr,
                 "hivefuzz: %zu failure(s) could not be saved to any directory; their inputs "
                 "are printed above\n",
                 unsaved);
  }
  if (mode == RunMode::kFuzz) {
    // libFuzzer's closing lines, for the tools that read them: "Done" when the run reached its
    // limit, the stat:: lines (-print_final_stats=1) however it ended. Whole-run figures: the
    // executions and new inputs of every engine a keep-going run started.
    uint64_t elapsed_ns = MonotonicNanos() - start;
    if (limit_reached) {
      std::fprintf(stderr, "%s\n",
                   FormatLibFuzzerDone(execs_done, elapsed_ns / 1'000'000'000).c_str());
    }
    if (options.print_final_stats) {
      FinalStats stats;
      stats.executed_units = execs_done;
      stats.average_exec_per_sec =
          elapsed_ns >= 1'000'000 ? uint64_t(double(execs_done) * 1e9 / double(elapsed_ns)) : 0;
      stats.new_units_added = new_units;
      stats.slowest_unit_time_sec = slowest_ns / 1'000'000'000;
      stats.peak_rss_mb = peak_rss_mb;
      std::fputs(FormatFinalStats(stats).c_str(), stderr);
    }
  }
  return failure_code ? *failure_code : exit_code;
}

}  // namespace hivefuzz
