#include "stats/progress.h"

#include <gtest/gtest.h>

#include "stats/worker_stats.h"

namespace hivefuzz {
namespace {

// Requirement: Go's progress line, exactly.
TEST(ProgressTest, GoProgressLine) {
  ProgressSnapshot s;
  s.elapsed_ns = 3'000'000'000;
  s.execs = 123456;
  s.execs_per_sec = 41152.2;
  s.new_interesting = 12;
  s.corpus_total = 15;
  EXPECT_EQ(FormatProgressLine(s),
            "fuzz: elapsed: 3s, execs: 123456 (41152/sec), new interesting: 12 (total: 15)");
  s.coverage = false;
  EXPECT_EQ(FormatProgressLine(s), "fuzz: elapsed: 3s, execs: 123456 (41152/sec)");
}

// Requirement: Go's warmup lines.
TEST(ProgressTest, GoWarmupLines) {
  EXPECT_EQ(FormatWarmupLine(0, 3, 3, true, 2, true),
            "fuzz: elapsed: 0s, gathering baseline coverage: 3/3 completed, now fuzzing with 2 "
            "workers");
  EXPECT_EQ(FormatWarmupLine(61'000'000'000, 1, 4, false, 2, false),
            "fuzz: elapsed: 1m1s, testing seed corpus: 1/4 completed");
}

// Requirement: the final summary names the numbers and why the run stopped.
TEST(ProgressTest, FinalSummary) {
  FinalSummary f;
  f.elapsed_ns = 10'000'000'000;
  f.execs = 1000;
  f.new_interesting = 2;
  f.corpus_total = 5;
  f.coverage_edges = 7;
  f.coverage_bits = 9;
  f.stop_reason = "time limit reached";
  EXPECT_EQ(FormatFinalSummary(f),
            "hivefuzz: done: 10s, 1000 execs (100/sec), new interesting: 2 (total: 5), coverage: "
            "7 edges (9 bits); time limit reached");
}

// Requirement: per-thread counters sum across workers, each on its own cache line.
TEST(WorkerStatsTest, SumsAcrossWorkers) {
  WorkerStats stats(3);
  stats.of(0).AddExecs(5);
  stats.of(2).AddExecs(7);
  EXPECT_EQ(stats.TotalExecs(), 12u);
  EXPECT_NE(reinterpret_cast<uintptr_t>(&stats.of(0)) / 64,
            reinterpret_cast<uintptr_t>(&stats.of(1)) / 64);
}

}  // namespace
}  // namespace hivefuzz
