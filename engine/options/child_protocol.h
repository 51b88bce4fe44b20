// How the supervisor tells a re-executed copy of the binary what to be: the environment
// variables of the supervisor <-> engine child protocol, shared by both sides.
#pragma once

#include <string>

namespace hivefuzz {

// Set: this process is an engine child; its value is the descriptor of the crash slots.
inline constexpr const char* kSlotsFdVariable = "HIVEFUZZ_SLOTS_FD";
// After a restart (-keep_going): "time_ns,execs" left of the user's limits (0 = none).
inline constexpr const char* kRemainingVariable = "HIVEFUZZ_REMAINING";
// A minimizing child: "skip,max_runs,time_ms" (see driver/minimize_child.h).
inline constexpr const char* kMinimizeVariable = "HIVEFUZZ_MINIMIZE";

// The directory part of an -artifact_prefix: "out/crash-" -> "out", "x-" -> ".".
inline std::string ArtifactDirectory(const std::string& prefix) {
  size_t slash = prefix.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return prefix.substr(0, slash);
}

}  // namespace hivefuzz
