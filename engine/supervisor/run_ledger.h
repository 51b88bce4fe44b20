// What one supervised run records over all its engines (keep-going restarts, process workers):
// the distinct failures and their reproducers, the exit code, and libFuzzer's closing figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "options/options.h"
#include "supervisor/engine_process.h"
#include "supervisor/failure.h"

namespace hivefuzz {

// A crash, a timeout or running out of memory: what HandleEngineFailure takes.
bool IsTargetFailure(EngineEnd end);

// The exit code of an engine that ended without a target failure (it prints why, if needed).
int ExitCodeOf(const Verdict& verdict);

// Thread-compatible: used by the supervisor's main thread only.
class RunLedger {
 public:
  RunLedger(const Options& options, RunMode mode);

  // Adds an engine that ended: its executions (per worker, for the stats rows of the next
  // engine), inputs added, peak memory and slowest input. `worker_base` numbers its workers
  // in the run's list (process workers: the process's first worker).
  void CountEngine(const ChildRun& run, size_t worker_base = 0);

  // Handles an engine that ended with a target failure (IsTargetFailure): records, isolates,
  // minimizes and reports each failing input (HandleFailure), a known failure only mentioned.
  // Returns whether fuzzing may go on: -keep_going or the -ignore_* flag for this kind, below
  // -max_crashes, not interrupted, and the input was not a corpus file (the next engine would
  // fail on it again at warmup).
  bool HandleEngineFailure(const Verdict& verdict, const ChildRun& run);
  // Why the next engine starts: "-keep_going", or the -ignore_* flag that ignored the failure.
  const std::string& restart_reason() const { return restart_reason_; }

  // Ends the run: lists the distinct failures (keep-going), the unsaved ones, libFuzzer's "Done"
  // line (when `limit_reached`) and final stats. Returns the exit code: the first failure's,
  // else `end_code` (ExitCodeOf the last engine).
  int Finish(int end_code, bool limit_reached);

  uint64_t execs_done() const { return execs_done_; }
  size_t distinct_failures() const { return distinct_.size(); }
  const std::vector<uint64_t>& worker_execs() const { return worker_execs_; }
  // Failures counted by kind, for the progress lines of process workers.
  uint64_t crashes() const { return crashes_; }
  uint64_t timeouts() const { return timeouts_; }
  uint64_t ooms() const { return ooms_; }

 private:
  struct DistinctFailure {
    FailureSignature signature;
    std::vector<std::string> files;
    bool ignored = false;  // -ignore_crashes/-ignore_timeouts/-ignore_ooms
  };

  const Options& options_;
  const RunMode mode_;
  const uint64_t start_ns_;
  uint64_t execs_done_ = 0;
  std::vector<uint64_t> worker_execs_;  // all engines so far
  std::vector<DistinctFailure> distinct_;
  size_t unsaved_ = 0;               // failures whose input could only be printed
  std::optional<int> failure_code_;  // of the first failure recorded (not ignored)
  size_t ignored_distinct_ = 0;      // of distinct_, failures the -ignore_* flags ignored
  std::string restart_reason_ = "-keep_going";
  uint64_t crashes_ = 0, timeouts_ = 0, ooms_ = 0;
  // For libFuzzer's closing lines, over every engine of the run.
  uint64_t new_units_ = 0, peak_rss_mb_ = 0, slowest_ns_ = 0;
};

}  // namespace hivefuzz
