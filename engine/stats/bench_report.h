// The results of benchmark mode (-bench=1): the table a user reads, and Google Benchmark's JSON
// format, so that compare.py (libbenchmark-tools) diffs two runs and flags a regression.
// Pure arithmetic and formatting: the driver measures, this module only reports.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hivefuzz {

// One timed repetition of one thread count.
struct BenchRepetition {
  uint64_t execs = 0;    // target executions of all threads
  uint64_t wall_ns = 0;  // from the first execution to the last thread's end
  uint64_t cpu_ns = 0;   // CPU time of the whole process over the same span
  uint64_t start_ns = 0;  // the monotonic clock at its start, to combine processes (-fork)

  double ExecsPerSec() const { return wall_ns == 0 ? 0 : double(execs) * 1e9 / double(wall_ns); }
};

struct BenchSeries {
  uint32_t threads = 1;
  std::vector<BenchRepetition> repetitions;
};

// One line of the table.
struct BenchRow {
  uint32_t threads = 1;
  double min_execs_per_sec = 0;
  double median_execs_per_sec = 0;
  double max_execs_per_sec = 0;
  // Scaling efficiency against the smallest thread count b of the run (normally 1):
  // median(N) / ((N / b) * median(b)); 1.0 is perfect scaling.
  double efficiency = 0;
};

// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double Median(std::vector<double> values);

// Rows in the order of `series`. Series without repetitions give rows of zeros.
std::vector<BenchRow> SummarizeBench(const std::vector<BenchSeries>& series);

// What was measured, for the table's heading.
struct BenchDescription {
  std::string target;
  std::string corpus;  // e.g. "3 files from corpus/" or "generated: 64 inputs, seed 1"
  uint64_t runs_per_thread = 0;
  uint32_t repetitions = 0;
};

// A heading line, then one row per thread count: execs/sec min, median and max over the
// repetitions, ns per execution (median), and the scaling efficiency.
std::string FormatBenchTable(const BenchDescription& description,
                             const std::vector<BenchSeries>& series);

// The "context" object of Google Benchmark's JSON output.
struct BenchJsonContext {
  std::string date;  // ISO 8601, e.g. 2026-11-24T15:08:06+00:00
  std::string host_name;
  std::string executable;
  uint32_t num_cpus = 0;
  double mhz_per_cpu = 0;
  bool cpu_scaling_enabled = false;
  std::vector<double> load_avg;
  std::string library_build_type;  // "release" or "debug"
  // More string fields, as Google Benchmark's --benchmark_context=key=value adds them.
  std::vector<std::pair<std::string, std::string>> extra;
};

// Google Benchmark's JSON (as version 1.7 writes it): per thread count, one "iteration" entry
// per repetition and, from 2 repetitions on, "mean", "median", "stddev" and "cv" aggregates.
// Names are "<family>/threads:N"; real_time and cpu_time are ns per execution (time_unit "ns");
// items_per_second is execs/sec; iterations is the executions of all threads.
std::string FormatBenchJson(const BenchJsonContext& context, const std::string& family,
                            const std::vector<BenchSeries>& series);

}  // namespace hivefuzz
