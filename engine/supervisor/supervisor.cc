#include "supervisor/supervisor.h"

#include <cstdio>

#include "base/exit_codes.h"
#include "base/file_util.h"
#include "supervisor/engine_process.h"
#include "supervisor/failure.h"

namespace hivefuzz {
namespace {

std::string PrefixDirectory(const std::string& prefix) {
  size_t slash = prefix.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return prefix.substr(0, slash);
}

}  // namespace

int RunSupervisor(const Options& options, RunMode mode, char** argv) {
  if (mode == RunMode::kFuzz) {
    // An artifact that cannot be written would lose a crash: check before fuzzing.
    if (Status s = EnsureWritableDirectory(PrefixDirectory(options.artifact_prefix)); !s.ok()) {
      std::fprintf(stderr, "hivefuzz: error: -artifact_prefix=%s: %s\n",
                   options.artifact_prefix.c_str(), s.message().c_str());
      return kExitError;
    }
  }
  InstallInterruptForwarding();
  std::vector<std::string> args;
  for (char** a = argv; *a != nullptr; a++) args.push_back(*a);
  ChildRun run = RunEngineChild(options, args, {}, /*quiet=*/false);
  if (!run.started) return kExitError;
  Verdict verdict = VerdictOf(run);
  if ((verdict.end == EngineEnd::kCrash || verdict.end == EngineEnd::kTimeout ||
       verdict.end == EngineEnd::kOom) &&
      verdict.culprits.empty()) {
    std::fprintf(stderr, "==hivefuzz== ERROR: %s, with no input running\n", verdict.what.c_str());
    return verdict.end == EngineEnd::kOom ? kExitOom : kExitError;
  }
  switch (verdict.end) {
    case EngineEnd::kFinished:
      return kExitOk;
    case EngineEnd::kInterrupted:
      return kExitInterrupted;
    case EngineEnd::kError:
      return kExitError;
    case EngineEnd::kCrash:
    case EngineEnd::kTimeout:
    case EngineEnd::kOom:
      return HandleFailure(options, verdict, run.slots);
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
  }
  return kExitError;
}

}  // namespace hivefuzz
