// How the supervisor tells a re-executed copy of the binary what to be: the environment
// variables of the supervisor <-> engine child protocol, shared by both sides.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace hivefuzz {

// Set: this process is an engine child; its value is the descriptor of the crash slots.
inline constexpr const char* kSlotsFdVariable = "HIVEFUZZ_SLOTS_FD";
// After a restart (-keep_going): what is left of the user's limits (RemainingLimits, below).
inline constexpr const char* kRemainingVariable = "HIVEFUZZ_REMAINING";
// After a restart (-keep_going): where the stats time series left off (StatsBase, below).
inline constexpr const char* kStatsBaseVariable = "HIVEFUZZ_STATS_BASE";
// A process worker of a -fork=N run: its HiveMembership (below).
inline constexpr const char* kHiveVariable = "HIVEFUZZ_HIVE";
// A minimizing child: its MinimizeChildParams (below).
inline constexpr const char* kMinimizeVariable = "HIVEFUZZ_MINIMIZE";

// What a minimizing child is to do. The minimization passes are a deterministic function of the
// answers they get, so a new child resumes where the last one died by replaying the answers up
// to there without running the target.
struct MinimizeChildParams {
  uint64_t decided = 0;            // the first `decided` candidates are answered, not run:
  std::vector<uint64_t> accepted;  // "yes" for these (1-based, ascending), "no" for the rest
  uint64_t max_runs = 0;           // target calls allowed; 0 = no limit
  uint64_t time_ms = 0;            // 0 = no limit
};

// "decided,max_runs,time_ms[:accepted,accepted,...]", and back. Every parser here takes exactly
// what its formatter writes: numbers in plain decimal as std::to_string writes them (no sign,
// blank, leading zero or "0x", within uint64_t), no empty field, list or trailing ','.
Result<MinimizeChildParams> ParseMinimizeParams(const std::string& text);
std::string FormatMinimizeParams(const MinimizeChildParams& params);

// What a restarted engine continues from, so that its stats rows (-stats_file) go on from the
// last rows of the engines before it instead of starting again at zero.
struct StatsBase {
  uint64_t elapsed_ns = 0;             // since the supervisor started the first engine
  uint64_t failures = 0;               // distinct failures the supervisor has recorded so far
  std::vector<uint64_t> worker_execs;  // executions of each worker, all earlier engines
};

// "elapsed_ns,failures[:execs,execs,...]", and back.
Result<StatsBase> ParseStatsBase(const std::string& text);
std::string FormatStatsBase(const StatsBase& base);

// Which process worker of a -fork=N run this engine is: the inherited descriptor of the memory
// the processes share (crash/shared_hive.h), its index, and how many processes there are.
struct HiveMembership {
  uint64_t fd = 0;
  uint64_t index = 0;
  uint64_t processes = 0;
};

// "fd,index,processes", and back (index < processes).
Result<HiveMembership> ParseHiveMembership(const std::string& text);
std::string FormatHiveMembership(const HiveMembership& membership);

// What a restarted engine (-keep_going) has left of the user's -fuzztime / -runs limits.
struct RemainingLimits {
  uint64_t time_ns = 0;  // 0 = no time limit
  uint64_t execs = 0;    // 0 = no execution limit
};

// "time_ns,execs", and back.
Result<RemainingLimits> ParseRemaining(const std::string& text);
std::string FormatRemaining(const RemainingLimits& remaining);

// The directory part of an -artifact_prefix: "out/crash-" -> "out", "x-" -> ".".
inline std::string ArtifactDirectory(const std::string& prefix) {
  size_t slash = prefix.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return prefix.substr(0, slash);
}

}  // namespace hivefuzz
