// The lines a user watches while fuzzing: Go's progress line every 3 s and the final summary.
// Pure formatting, so the exact text is tested.
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

}  // namespace hivefuzz
