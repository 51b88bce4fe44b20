// The program entry of every fuzzer binary: the process the user starts is the supervisor;
// it re-executes the same binary as the engine child, which this entry recognizes.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "base/exit_codes.h"
#include "driver/engine_main.h"
#include "driver/minimize_child.h"
#include "options/child_protocol.h"
#include "options/options.h"
#include "stats/log.h"
#include "supervisor/supervisor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

// ---- libFuzzer's -close_fd_mask ----
extern "C" __attribute__((weak)) void __sanitizer_set_report_fd(void* fd);

namespace {

// As libFuzzer does after its own setup: the target's stdout (mask 1) and stderr (mask 2) go to
// /dev/null. The engine's log already writes to a private duplicate of stderr (KeepLogPrivate);
// a sanitizer's report goes to another one, so its stack is still seen.
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
// ---- end -close_fd_mask ----

int main(int argc, char** argv) {
  using namespace hivefuzz;
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
  auto mode = DetermineRunMode(options);
  if (!mode.ok()) {
    std::fprintf(stderr, "hivefuzz: %s\n", mode.status().message().c_str());
    return kExitUsage;
  }
  if (const char* fd = std::getenv(kSlotsFdVariable)) {
    unsetenv(kSlotsFdVariable);  // not for processes the target may start
    std::optional<StatsBase> restarted;
    if (const char* base = std::getenv(kStatsBaseVariable)) {
      auto parsed_base = ParseStatsBase(base);
      unsetenv(kStatsBaseVariable);
      if (!parsed_base.ok()) {
        std::fprintf(stderr, "hivefuzz: internal error: %s\n",
                     parsed_base.status().message().c_str());
        return kExitError;
      }
      restarted = std::move(*parsed_base);
    }
    if (const char* remaining = std::getenv(kRemainingVariable)) {
      // A restart (-keep_going): only what is left of the user's limits.
      unsigned long long time_ns = 0, execs = 0;
      if (std::sscanf(remaining, "%llu,%llu", &time_ns, &execs) == 2) {
        if (time_ns != 0) options.time_limit_ns = time_ns;
        if (execs != 0) options.exec_limit = execs;
      }
      unsetenv(kRemainingVariable);
    }
    KeepLogPrivate();  // before any target code runs
    // The target may chdir(): the engine's files are where the user named them at the start.
    // (The supervisor never changes directory, so its messages keep the user's own paths.)
    MakePathsAbsolute(options);
    if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
    CloseFdMask(options.close_fd_mask);  // libFuzzer's -close_fd_mask, after the target's setup
    if (const char* minimize = std::getenv(kMinimizeVariable)) {
      auto params = ParseMinimizeParams(minimize);
      unsetenv(kMinimizeVariable);
      if (!params.ok() || *mode != RunMode::kReplay) {
        std::fprintf(stderr, "hivefuzz: internal error: bad minimization request\n");
        return kExitError;
      }
      return RunMinimizeChild(options, *params, LLVMFuzzerTestOneInput, std::atoi(fd));
    }
    return RunEngine(options, *mode, LLVMFuzzerTestOneInput, std::atoi(fd), restarted);
  }
  // ---- libFuzzer's flags: one INFO line per flag accepted and ignored, or mapped ----
  for (const std::string& note : options.startup_notes) std::fprintf(stderr, "%s\n", note.c_str());
  // ---- end ----
  return RunSupervisor(options, *mode, argv);
}
