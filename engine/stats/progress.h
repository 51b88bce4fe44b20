// The lines a user watches while fuzzing: Go's progress line every 3 s and the final summary;
// and libFuzzer's few lines that tools driving a libFuzzer binary (ClusterFuzz, ClusterFuzzLite,
// OSS-Fuzz) parse: "#N INITED/pulse/NEW cov: ...", "Done N runs", the stat:: lines. Pure
// formatting, so the exact text is tested.
#pragma once

#include <cstdint>
#include <string>

namespace hivefuzz {

struct ProgressSnapshot {
  uint64_t elapsed_ns = 0;
  uint64_t execs = 0;
  double execs_per_sec = 0;  // since the previous line
  uint64_t new_interesting = 0;
  uint64_t corpus_total = 0;  // seeds and cache entries plus new_interesting
  bool coverage = true;       // false when the target is not instrumented
};

// "fuzz: elapsed: 3s, execs: 123456 (41152/sec), new interesting: 12 (total: 15)"
std::string FormatProgressLine(const ProgressSnapshot& s);

// "fuzz: elapsed: 0s, gathering baseline coverage: 3/3 completed, now fuzzing with 2 workers"
std::string FormatWarmupLine(uint64_t elapsed_ns, uint64_t done, uint64_t total, bool finished,
                             uint32_t workers, bool coverage);

struct FinalSummary {
  uint64_t elapsed_ns = 0;
  uint64_t execs = 0;
  uint64_t new_interesting = 0;
  uint64_t corpus_total = 0;
  uint64_t coverage_edges = 0;
  uint64_t coverage_bits = 0;
  std::string stop_reason;  // "time limit reached", "interrupted", ...
};

// "hivefuzz: done: 12s, 1234567 execs (102880/sec), new interesting: 12 (total: 15),
//  coverage: 120 edges (180 bits); time limit reached"
std::string FormatFinalSummary(const FinalSummary& s);

// libFuzzer's status line: "#N\t<event> cov: E ft: F corp: C/Sb exec/s: R rss: MMb".
struct LibFuzzerStatus {
  uint64_t execs = 0;
  uint64_t edges = 0;         // cov: edges reached
  uint64_t features = 0;      // ft: coverage bits (edge and hit-count bucket, value profile)
  uint64_t corpus = 0;        // corp: entries
  uint64_t corpus_bytes = 0;  // and their total size
  uint64_t execs_per_sec = 0;
  uint64_t rss_mb = 0;
};

// `event` is "INITED", "NEW", "pulse" (padded to libFuzzer's widths).
std::string FormatLibFuzzerStatus(const char* event, const LibFuzzerStatus& s);

// libFuzzer's fork-mode line, which its parent prints about every second from its children:
// "#N: cov: C ft: F corp: K exec/s: E oom/timeout/crash: a/b/c time: Ts job: J dft_time: 0".
struct LibFuzzerForkStatus {
  LibFuzzerStatus counts;  // of all processes; corpus_bytes and rss_mb are not in this line
  uint64_t ooms = 0, timeouts = 0, crashes = 0;
  uint64_t seconds = 0;
  uint64_t jobs = 0;  // engine processes started so far
};
std::string FormatLibFuzzerForkStatus(const LibFuzzerForkStatus& s);

// "Done 1234 runs in 10 second(s)"
std::string FormatLibFuzzerDone(uint64_t execs, uint64_t seconds);

struct FinalStats {
  uint64_t executed_units = 0;
  uint64_t average_exec_per_sec = 0;
  uint64_t new_units_added = 0;
  uint64_t slowest_unit_time_sec = 0;
  uint64_t peak_rss_mb = 0;
};

// libFuzzer's -print_final_stats=1 lines, integers only (ClusterFuzz rejects anything else):
// "stat::number_of_executed_units: 1234\n" and four more.
std::string FormatFinalStats(const FinalStats& s);

// The process's peak resident memory (VmHWM) in MB; 0 if unknown.
uint64_t PeakRssMb();

}  // namespace hivefuzz
