// Benchmark mode (-bench=1) of the engine child: times the real fuzzing path (coordinator,
// workers, mutation, execution, coverage merge) on a frozen, deterministic corpus for each
// -bench_threads count, and prints the table (and writes Google Benchmark JSON).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/file_util.h"
#include "options/child_protocol.h"
#include "options/options.h"
#include "target/target.h"

namespace hivefuzz {

// The corpus a benchmark runs on when no corpus directory is given: `count` inputs of 1 to
// `max_size` random bytes, a pure function of `seed`.
std::vector<Bytes> GenerateBenchCorpus(uint64_t seed, size_t count, size_t max_size);

// `slots_fd`: the supervisor's memory file for the crash slots (one per thread of the largest
// count); -1 makes a private one. Returns the child's exit code. Nothing is written while a
// repetition is timed: the corpus directories are only read, and -bench_out is written at the
// end.
// `hive`: a process worker of `-bench=1 -fork=N`: the N processes start each repetition
// together, and process 0 reports the sums (the executions of all, from the first start to the
// last end); the others print nothing.
int RunBench(const Options& options, TestOneInputFn target, int slots_fd,
             const TypedTarget* typed = nullptr,
             const std::optional<HiveMembership>& hive = std::nullopt);

}  // namespace hivefuzz
