#include "supervisor/supervisor.h"

#include <cstdio>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "supervisor/engine_process.h"
#include "supervisor/failure.h"

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

struct DistinctFailure {
  FailureSignature signature;
  std::vector<std::string> files;
};

}  // namespace

int RunSupervisor(const Options& options, RunMode mode, char** argv) {
  if (mode == RunMode::kFuzz || mode == RunMode::kBench) {
    // An artifact that cannot be written would lose a crash: check before fuzzing.
    if (Status s = EnsureWritableDirectory(ArtifactDirectory(options.artifact_prefix)); !s.ok()) {
      std::fprintf(stderr, "hivefuzz: error: -artifact_prefix=%s: %s\n",
                   options.artifact_prefix.c_str(), s.message().c_str());
      return kExitError;
    }
  }
  InstallInterruptForwarding();
  std::vector<std::string> args;
  for (char** a = argv; *a != nullptr; a++) args.push_back(*a);

  const uint64_t start = MonotonicNanos();
  uint64_t execs_done = 0;
  std::vector<uint64_t> worker_execs;  // all engines so far, for the stats rows of the next
  std::vector<DistinctFailure> distinct;
  int failure_code = 0;  // of the first failure recorded
  int exit_code = kExitOk;
  for (int restart = 0;; restart++) {
    std::vector<std::string> env;
    if (restart > 0) {
      // Keep the user's limits across restarts: what is left of them.
      uint64_t elapsed = MonotonicNanos() - start;
      if (options.time_limit_ns != 0 && elapsed >= options.time_limit_ns) break;
      if (options.exec_limit != 0 && execs_done >= options.exec_limit) break;
      uint64_t time_left = options.time_limit_ns ? options.time_limit_ns - elapsed : 0;
      uint64_t execs_left = options.exec_limit ? options.exec_limit - execs_done : 0;
      env.push_back(std::string(kRemainingVariable) + "=" + std::to_string(time_left) + "," +
                    std::to_string(execs_left));
      StatsBase base{elapsed, distinct.size(), worker_execs};
      env.push_back(std::string(kStatsBaseVariable) + "=" + FormatStatsBase(base));
      std::fprintf(stderr, "hivefuzz: restarting the engine on the saved corpus (-keep_going)\n");
    }
    ChildRun run = RunEngineChild(options, args, env, /*quiet=*/false);
    if (!run.started) return kExitError;
    if (worker_execs.size() < run.slots.size()) worker_execs.resize(run.slots.size());
    for (const SlotSnapshot& s : run.slots) {
      execs_done += s.seq;
      worker_execs[s.index] += s.seq;
    }
    Verdict verdict = VerdictOf(run);
    if (!IsFailure(verdict.end)) {
      exit_code = ExitCodeOf(verdict);
      break;
    }
    if (verdict.culprits.empty()) {
      std::fprintf(stderr, "==hivefuzz== ERROR: %s, with no input running\n", verdict.what.c_str());
      exit_code = verdict.end == EngineEnd::kOom ? kExitOom : kExitError;
      break;
    }
    FailureSignature signature = SignatureOfFailure(verdict, run.slots);
    const DistinctFailure* same = nullptr;
    for (const DistinctFailure& d : distinct) {
      if (d.signature == signature) same = &d;
    }
    if (same != nullptr) {
      // A failure already recorded (same kind, same stack): its reproducer is on disk.
      std::fprintf(stderr, "==hivefuzz== the same failure again (%s), already in %s\n",
                   verdict.what.c_str(), same->files.empty() ? "?" : same->files[0].c_str());
    } else {
      HandledFailure handled = HandleFailure(options, verdict, run.slots);
      distinct.push_back({signature, handled.files});
      if (failure_code == 0) failure_code = handled.exit_code;
    }
    if (mode == RunMode::kBench) {
      std::fprintf(stderr,
                   "hivefuzz: -bench=1: the target failed during the benchmark (reported "
                   "above); no figures. Fix the target, or benchmark it on a corpus that does "
                   "not reach the failure.\n");
      break;
    }
    if (!options.keep_going || mode == RunMode::kReplay || Interrupted()) break;
    if (options.max_crashes != 0 && distinct.size() >= options.max_crashes) break;
    InputOrigin origin = run.slots[verdict.culprits[0]].origin;
    if (origin == InputOrigin::kSeed || origin == InputOrigin::kCache) {
      // It would fail again at the next warmup.
      std::fprintf(stderr, "hivefuzz: a corpus file fails; fix or remove it to keep going\n");
      break;
    }
  }
  if (options.keep_going && !distinct.empty()) {
    std::fprintf(stderr, "hivefuzz: %zu distinct failure(s):\n", distinct.size());
    for (const DistinctFailure& d : distinct) {
      for (const std::string& f : d.files) std::fprintf(stderr, "  %s\n", f.c_str());
    }
  }
  return failure_code != 0 ? failure_code : exit_code;
}

}  // namespace hivefuzz
