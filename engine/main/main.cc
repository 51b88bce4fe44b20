// The program entry of every fuzzer binary: the process the user starts is the supervisor;
// it re-executes the same binary as the engine child, which this entry recognizes.
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "base/exit_codes.h"
#include "driver/engine_main.h"
#include "driver/merge_child.h"
#include "driver/minimize_child.h"
#include "merge/merge_params.h"
#include "options/child_protocol.h"
#include "options/options.h"
#include "stats/log.h"
#include "supervisor/supervisor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

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
    if (const char* minimize = std::getenv(kMinimizeVariable)) {
      auto params = ParseMinimizeParams(minimize);
      unsetenv(kMinimizeVariable);
      if (!params.ok() || *mode != RunMode::kReplay) {
        std::fprintf(stderr, "hivefuzz: internal error: bad minimization request\n");
        return kExitError;
      }
      return RunMinimizeChild(options, *params, LLVMFuzzerTestOneInput, std::atoi(fd));
    }
    if (const char* merge = std::getenv(merge::kMergeVariable)) {
      auto params = merge::ParseMergeParams(merge);
      unsetenv(merge::kMergeVariable);
      if (!params.ok() || *mode != RunMode::kMerge) {
        std::fprintf(stderr, "hivefuzz: internal error: bad merge request\n");
        return kExitError;
      }
      return RunMergeChild(options, *params, LLVMFuzzerTestOneInput, std::atoi(fd));
    }
    return RunEngine(options, *mode, LLVMFuzzerTestOneInput, std::atoi(fd), restarted);
  }
  return RunSupervisor(options, *mode, argv);
}
