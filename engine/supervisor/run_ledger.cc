#include "supervisor/run_ledger.h"

#include <algorithm>
#include <cstdio>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "stats/progress.h"

namespace hivefuzz {
namespace {

// libFuzzer's -error_exitcode and -timeout_exitcode in place of hivefuzz's codes for them.
int LibFuzzerExitCode(const Options& options, int code) {
  if (code == kExitCrash) return options.error_exitcode;
  if (code == kExitTimeout) return options.timeout_exitcode;
  return code;
}

}  // namespace

bool IsTargetFailure(EngineEnd end) {
  return end == EngineEnd::kCrash || end == EngineEnd::kTimeout || end == EngineEnd::kOom;
}

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

RunLedger::RunLedger(const Options& options, RunMode mode)
    : options_(options), mode_(mode), start_ns_(MonotonicNanos()) {}

void RunLedger::CountEngine(const ChildRun& run, size_t worker_base) {
  for (const SlotSnapshot& s : run.slots) {
    size_t worker = worker_base + s.index;
    if (worker_execs_.size() <= worker) worker_execs_.resize(worker + 1);
    execs_done_ += s.seq;
    worker_execs_[worker] += s.seq;
  }
  new_units_ += run.engine.new_units;
  peak_rss_mb_ = std::max(peak_rss_mb_, run.peak_rss_mb);
  slowest_ns_ = std::max(slowest_ns_, run.longest_exec_ns);
}

bool RunLedger::HandleEngineFailure(const Verdict& verdict, const ChildRun& run) {
  if (verdict.culprits.empty()) {
    std::fprintf(stderr, "==hivefuzz== ERROR: %s, with no input running\n", verdict.what.c_str());
    if (!failure_code_) failure_code_ = verdict.end == EngineEnd::kOom ? kExitOom : kExitError;
    return false;
  }
  // A failure counts as recorded once its reproducer is on disk; one that could not be saved
  // is not, and its repeats are saved when they come.
  auto known = [&](const FailureSignature& signature) {
    for (const DistinctFailure& d : distinct_) {
      if (d.signature == signature) return true;
    }
    return false;
  };
  // -ignore_crashes/-ignore_timeouts/-ignore_ooms: while fuzzing, such a failure is recorded
  // and the run goes on as with -keep_going=1; it does not set the exit code.
  const bool ignored = mode_ == RunMode::kFuzz && IgnoredByFlags(options_, verdict.end);
  for (HandledFailure& handled : HandleFailure(options_, verdict, run.slots, known)) {
    if (!ignored && !failure_code_) failure_code_ = LibFuzzerExitCode(options_, handled.exit_code);
    if (!handled.files.empty()) {
      distinct_.push_back({handled.signature, handled.files, ignored});
      ignored_distinct_ += ignored;
    } else {
      unsaved_++;
    }
  }
  (verdict.end == EngineEnd::kCrash     ? crashes_
   : verdict.end == EngineEnd::kTimeout ? timeouts_
                                        : ooms_)++;
  if (mode_ == RunMode::kBench) {
    std::fprintf(stderr,
                 "hivefuzz: -bench=1: the target failed during the benchmark (reported "
                 "above); no figures. Fix the target, or benchmark it on a corpus that does "
                 "not reach the failure.\n");
    return false;
  }
  if ((!options_.keep_going && !ignored) || mode_ == RunMode::kReplay || Interrupted()) {
    return false;
  }
  restart_reason_ = options_.keep_going ? "-keep_going" : IgnoreFlagOf(verdict.end);
  if (options_.max_crashes != 0 && distinct_.size() - ignored_distinct_ >= options_.max_crashes) {
    return false;
  }
  InputOrigin origin = run.slots[verdict.culprits[0]].origin;
  if (origin == InputOrigin::kSeed || origin == InputOrigin::kCache) {
    // It would fail again at the next warmup.
    std::fprintf(stderr, "hivefuzz: a corpus file fails; fix or remove it to keep going\n");
    return false;
  }
  return true;
}

int RunLedger::Finish(int end_code, bool limit_reached) {
  if ((options_.keep_going || ignored_distinct_ > 0) && !distinct_.empty()) {
    std::fprintf(stderr, "hivefuzz: %zu distinct failure(s):\n", distinct_.size());
    for (const DistinctFailure& d : distinct_) {
      for (const std::string& f : d.files) {
        std::fprintf(stderr, "  %s%s%s\n", f.c_str(), d.ignored ? " (ignored: " : "",
                     d.ignored ? (std::string(IgnoreFlagOf(d.signature.end)) + ")").c_str() : "");
      }
    }
  }
  if (unsaved_ > 0) {
    std::fprintf(stderr,
                 "hivefuzz: %zu failure(s) could not be saved to any directory; their inputs "
                 "are printed above\n",
                 unsaved_);
  }
  if (mode_ == RunMode::kFuzz) {
    // libFuzzer's closing lines, for the tools that read them: "Done" when the run reached its
    // limit, the stat:: lines (-print_final_stats=1) however it ended. Whole-run figures: the
    // executions and new inputs of every engine the run started.
    uint64_t elapsed_ns = MonotonicNanos() - start_ns_;
    if (limit_reached) {
      std::fprintf(stderr, "%s\n",
                   FormatLibFuzzerDone(execs_done_, elapsed_ns / 1'000'000'000).c_str());
    }
    if (options_.print_final_stats) {
      FinalStats stats;
      stats.executed_units = execs_done_;
      stats.average_exec_per_sec =
          elapsed_ns >= 1'000'000 ? uint64_t(double(execs_done_) * 1e9 / double(elapsed_ns)) : 0;
      stats.new_units_added = new_units_;
      stats.slowest_unit_time_sec = slowest_ns_ / 1'000'000'000;
      stats.peak_rss_mb = peak_rss_mb_;
      std::fputs(FormatFinalStats(stats).c_str(), stderr);
    }
  }
  return failure_code_ ? *failure_code_ : end_code;
}

}  // namespace hivefuzz
