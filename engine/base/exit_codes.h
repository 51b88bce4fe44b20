// The process exit codes users and tools see. Where libFuzzer has one, it is libFuzzer's, so
// drivers written for libFuzzer (ClusterFuzz, OSS-Fuzz scripts) read hivefuzz's the same way.
#pragma once

namespace hivefuzz {

inline constexpr int kExitOk = 0;            // ran to its limit, nothing failed
inline constexpr int kExitError = 1;         // could not fuzz: bad corpus file, I/O, engine error
inline constexpr int kExitUsage = 2;         // bad command line
inline constexpr int kExitTimeout = 70;      // libFuzzer's -timeout_exitcode
inline constexpr int kExitOom = 71;          // libFuzzer's out-of-memory code
inline constexpr int kExitInterrupted = 72;  // libFuzzer's code for SIGINT/SIGTERM
inline constexpr int kExitCrash = 77;        // libFuzzer's -error_exitcode: the target failed

}  // namespace hivefuzz
