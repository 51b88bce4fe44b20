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
#include "supervisor/process_workers.h"
#include "supervisor/run_ledger.h"

namespace hivefuzz {
namespace {

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

  if (options.processes > 1 && (mode == RunMode::kFuzz || mode == RunMode::kBench)) {
    return RunProcessWorkers(options, mode, args);
  }

  const uint64_t start = MonotonicNanos();
  RunLedger ledger(options, mode);
  int exit_code = kExitOk;
  bool limit_reached = false;
  for (int restart = 0;; restart++) {
    std::vector<std::string> env;
    if (restart > 0) {
      // Keep the user's limits across restarts: what is left of them.
      // A limit spent by the engine that just failed (its last execution the last allowed)
      // ends the run as reaching it does.
      uint64_t elapsed = MonotonicNanos() - start;
      limit_reached = (options.time_limit_ns != 0 && elapsed >= options.time_limit_ns) ||
                      (options.exec_limit != 0 && ledger.execs_done() >= options.exec_limit);
      if (limit_reached) break;
      uint64_t time_left = options.time_limit_ns ? options.time_limit_ns - elapsed : 0;
      uint64_t execs_left = options.exec_limit ? options.exec_limit - ledger.execs_done() : 0;
      env.push_back(std::string(kRemainingVariable) + "=" +
                    FormatRemaining(RemainingLimits{time_left, execs_left}));
      StatsBase base{elapsed, ledger.distinct_failures(), ledger.worker_execs()};
      env.push_back(std::string(kStatsBaseVariable) + "=" + FormatStatsBase(base));
      std::fprintf(stderr, "hivefuzz: restarting the engine on the saved corpus (%s)\n",
                   ledger.restart_reason().c_str());
    }
    ChildRun run = RunEngineChild(options, args, env, /*quiet=*/false);
    if (!run.started) return kExitError;
    ledger.CountEngine(run);
    Verdict verdict = VerdictOf(run);
    if (!IsTargetFailure(verdict.end)) {
      limit_reached = verdict.end == EngineEnd::kFinished;
      exit_code = ExitCodeOf(verdict);
      break;
    }
    if (!ledger.HandleEngineFailure(verdict, run)) break;
  }
  return ledger.Finish(exit_code, limit_reached);
}

}  // namespace hivefuzz
