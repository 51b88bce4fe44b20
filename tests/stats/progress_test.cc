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

// Requirement: libFuzzer's status line, word for word (ClusterFuzz counts lines that match
// ^#\d+[\s]*(READ|INITED|NEW|pulse|REDUCE|RELOAD|DONE|:)\s), with libFuzzer's size units.
TEST(ProgressTest, LibFuzzerStatusLine) {
  LibFuzzerStatus s;
  s.execs = 1234;
  s.edges = 31;
  s.features = 40;
  s.corpus = 8;
  s.corpus_bytes = 100;
  s.execs_per_sec = 617;
  s.rss_mb = 30;
  EXPECT_EQ(FormatLibFuzzerStatus("INITED", s),
            "#1234\tINITED cov: 31 ft: 40 corp: 8/100b exec/s: 617 rss: 30Mb");
  s.corpus_bytes = 20000;
  EXPECT_EQ(FormatLibFuzzerStatus("pulse", s),
            "#1234\tpulse  cov: 31 ft: 40 corp: 8/19Kb exec/s: 617 rss: 30Mb");
  s.corpus_bytes = 50u << 20;
  EXPECT_EQ(FormatLibFuzzerStatus("NEW", s),
            "#1234\tNEW    cov: 31 ft: 40 corp: 8/50Mb exec/s: 617 rss: 30Mb");
  EXPECT_EQ(FormatLibFuzzerDone(5000, 3), "Done 5000 runs in 3 second(s)");
}

// Requirement (process workers): libFuzzer's fork-mode line, word for word, over all processes
// (ClusterFuzz's pattern above takes its "#N:" form).
TEST(ProgressTest, LibFuzzerForkStatusLine) {
  LibFuzzerForkStatus f;
  f.counts.execs = 90000;
  f.counts.edges = 31;
  f.counts.features = 40;
  f.counts.corpus = 8;
  f.counts.execs_per_sec = 30000;
  f.ooms = 1;
  f.timeouts = 2;
  f.crashes = 3;
  f.seconds = 3;
  f.jobs = 4;
  EXPECT_EQ(FormatLibFuzzerForkStatus(f),
            "#90000: cov: 31 ft: 40 corp: 8 exec/s: 30000 oom/timeout/crash: 1/2/3 time: 3s "
            "job: 4 dft_time: 0");
}

// Requirement: the stat:: lines are libFuzzer's, integers only.
TEST(ProgressTest, FinalStatsLines) {
  FinalStats f{123456, 4115, 17, 0, 42};
  EXPECT_EQ(FormatFinalStats(f),
            "stat::number_of_executed_units: 123456\n"
            "stat::average_exec_per_sec:     4115\n"
            "stat::new_units_added:          17\n"
            "stat::slowest_unit_time_sec:    0\n"
            "stat::peak_rss_mb:              42\n");
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
