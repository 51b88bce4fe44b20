// The program of every fuzzer binary, whichever way it is entered (main.cc, or
// LLVMFuzzerRunDriver from a program's own main): the process the user starts is the
// supervisor; it re-executes the same binary as the engine child, which this recognizes.
#include "main/fuzzer_program.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>

#include "base/exit_codes.h"
#include "driver/engine_main.h"
#include "driver/merge_child.h"
#include "driver/minimize_child.h"
#include "merge/merge_params.h"
#include "options/child_protocol.h"
#include "options/options.h"
#include "stats/log.h"
#include "supervisor/crash_tools.h"
#include "supervisor/supervisor.h"

extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" __attribute__((weak)) void __sanitizer_set_report_fd(void* fd);

namespace {

// libFuzzer's -close_fd_mask, as libFuzzer does it after its own setup: the target's stdout
// (mask 1) and stderr (mask 2) go to /dev/null. The engine's log already writes to a private
// duplicate of stderr (KeepLogPrivate); a sanitizer's report goes to another one, so its stack
// is still seen.
void CloseFdMask(uint32_t mask) {
  if (mask == 0) return;
  if ((mask & 2) != 0 && __sanitizer_set_report_fd != nullptr) {
    int report = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (report >= 0) __sanitizer_set_report_fd(reinterpret_cast<void*>(intptr_t(report)));
  }
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (devnull < 0) return;
  std::fflush(stdout);
  if ((mask & 1) != 0) dup2(devnull, STDOUT_FILENO);
  if ((mask & 2) != 0) dup2(devnull, STDERR_FILENO);
  close(devnull);
}

}  // namespace

namespace hivefuzz {
namespace {

// The value of the child-protocol variable `name`, parsed, and the variable removed (processes
// the target starts never see it); nullopt if it is not set. A malformed value, which only a
// supervisor of another version writes, is reported and sets *bad.
template <typename Parse>
auto TakeProtocolVariable(const char* name, Parse parse, bool* bad)
    -> std::optional<std::remove_cvref_t<decltype(*parse(std::string()))>> {
  const char* text = std::getenv(name);
  if (text == nullptr) return std::nullopt;
  auto parsed = parse(std::string(text));
  unsetenv(name);
  if (!parsed.ok()) {
    std::fprintf(stderr, "hivefuzz: internal error: %s\n", parsed.status().message().c_str());
    *bad = true;
    return std::nullopt;
  }
  return std::move(*parsed);
}

}  // namespace

bool IsEngineChildProcess() { return std::getenv(kSlotsFdVariable) != nullptr; }

int RunFuzzerProgram(int argc, char** argv, TestOneInputFn test_one_input,
                     const TypedTarget* typed) {
  auto parsed = ParseCommandLine(argc, argv);
  if (!parsed.ok()) {
    std::fprintf(stderr, "hivefuzz: %s\n", parsed.status().message().c_str());
    return kExitUsage;
  }
  if (!parsed->options) {
    std::fputs(parsed->help.c_str(), stdout);
    return kExitOk;
  }
  Options& options = *parsed->options;
  if (typed != nullptr && !typed->program.empty()) options.program = typed->program;
  auto mode = DetermineRunMode(options);
  if (!mode.ok()) {
    std::fprintf(stderr, "hivefuzz: %s\n", mode.status().message().c_str());
    return kExitUsage;
  }
  if (const char* fd = std::getenv(kSlotsFdVariable)) {
    unsetenv(kSlotsFdVariable);  // not for processes the target may start
    // A restart (-keep_going) or a process worker: only what is left of the user's limits, the
    // stats base, and the hive of a -fork=N run.
    bool bad_protocol = false;
    std::optional<StatsBase> restarted =
        TakeProtocolVariable(kStatsBaseVariable, ParseStatsBase, &bad_protocol);
    std::optional<RemainingLimits> left =
        TakeProtocolVariable(kRemainingVariable, ParseRemaining, &bad_protocol);
    std::optional<HiveMembership> hive =
        TakeProtocolVariable(kHiveVariable, ParseHiveMembership, &bad_protocol);
    if (bad_protocol) return kExitError;
    if (left && left->time_ns != 0) options.time_limit_ns = left->time_ns;
    if (left && left->execs != 0) options.exec_limit = left->execs;
    KeepLogPrivate();  // before any target code runs
    // The target may chdir(): the engine's files are where the user named them at the start.
    // (The supervisor never changes directory, so its messages keep the user's own paths.)
    MakePathsAbsolute(options);
    if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
    CloseFdMask(options.close_fd_mask);  // after the target's setup, as libFuzzer does
    if (const char* minimize = std::getenv(kMinimizeVariable)) {
      auto params = ParseMinimizeParams(minimize);
      unsetenv(kMinimizeVariable);
      if (!params.ok() || *mode != RunMode::kReplay) {
        std::fprintf(stderr, "hivefuzz: internal error: bad minimization request\n");
        return kExitError;
      }
      return RunMinimizeChild(options, *params, test_one_input, std::atoi(fd), typed);
    }
    if (const char* merge = std::getenv(merge::kMergeVariable)) {
      auto params = merge::ParseMergeParams(merge);
      unsetenv(merge::kMergeVariable);
      if (!params.ok() || *mode != RunMode::kMerge) {
        std::fprintf(stderr, "hivefuzz: internal error: bad merge request\n");
        return kExitError;
      }
      return RunMergeChild(options, *params, test_one_input, std::atoi(fd));
    }
    return RunEngine(options, *mode, test_one_input, std::atoi(fd), restarted, typed, hive);
  }
  // libFuzzer's flags: one INFO line per flag accepted and ignored, or mapped.
  for (const std::string& note : options.startup_notes) std::fprintf(stderr, "%s\n", note.c_str());
  // -minimize_crash, -cleanse_crash (and the check of -exact_artifact_path).
  if (std::optional<int> code = RunCrashTools(options, *mode)) return *code;
  return RunSupervisor(options, *mode, argv);
}

}  // namespace hivefuzz

// libFuzzer's entry for programs with a main() of their own: the same program, with the
// callback in place of LLVMFuzzerTestOneInput. The supervisor re-executes the program, whose
// main() calls this again; the engine child is recognized here as in main().
extern "C" int LLVMFuzzerRunDriver(int* argc, char*** argv,
                                   int (*user_callback)(const uint8_t* data, size_t size)) {
  return hivefuzz::RunFuzzerProgram(*argc, *argv, user_callback);
}
