// Every command-line flag of a fuzzer binary: one Options struct, parsed in one place, with
// the help text generated from the same table. Flags follow Go's meaning; libFuzzer's are
// accepted where a tool that drives libFuzzer passes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace hivefuzz {

struct Options {
  // Limits; 0 means none. Both may be set; the first reached ends the run.
  uint64_t time_limit_ns = 0;  // -fuzztime=30s, -max_total_time=30
  uint64_t exec_limit = 0;     // -fuzztime=1000x, -runs=1000: exactly this many target calls

  bool keep_going = false;   // -keep_going=1: after a failure, restart and look for others
  uint64_t max_crashes = 0;  // -max_crashes: with -keep_going, stop after this many distinct

  // -fuzzminimizetime: budget to minimize each crasher (and, with -minimize_new_inputs=1, each
  // new interesting input); both 0 = minimization off.
  uint64_t minimize_time_ns = 60'000'000'000;
  uint64_t minimize_attempts = 0;    // =Nx: exactly N target calls
  bool minimize_new_inputs = false;  // -minimize_new_inputs=1: Go's keepCoverage minimization

  uint64_t timeout_ns = 10'000'000'000;  // -timeout: one execution longer than this hangs
  uint64_t rss_limit_mb = 2048;          // -rss_limit_mb: peak RSS of the engine; 0 = none
  // -malloc_limit_mb: largest single allocation; unset = rss_limit_mb; both 0 = none.
  uint64_t malloc_limit_mb = 2048;

  // Guidance beyond edges (issue 5).
  bool use_cmp = true;             // -use_cmp: comparison operands feed input-to-state mutations
  bool use_value_profile = false;  // -use_value_profile=1: comparison distance as coverage
  std::vector<std::string> dictionaries;  // -dict=FILE (repeatable): AFL/libFuzzer dictionaries

  uint32_t parallel = 1;               // -parallel: worker threads (default: hardware threads)
  uint64_t seed = 0;                   // -seed: 0 picks one from the clock, printed at start
  size_t max_len = 0;                  // -max_len: 0 = max(4096, largest corpus file)
  std::string cache_dir;               // -cache_dir: "" disables the cache
  std::string artifact_prefix = "./";  // -artifact_prefix: where crash-<sha1> goes
  std::vector<std::string> seed_corpus_dirs;  // -seed_corpus=DIR[,DIR...]: read-only seeds
  std::vector<std::string> inputs;            // positional: corpus directories, or files to replay

  // The stats time series (CSV, one row a second): "" = none. Default:
  // <artifact_prefix>fuzz-stats.csv; -stats_file= disables it.
  std::string stats_file;

  // Benchmark mode (-bench=1): the target on a frozen corpus, no corpus growth, no disk writes
  // while timing. Each thread count runs bench_runs executions per thread, repeated.
  bool bench = false;
  std::vector<uint32_t> bench_threads;  // ascending, distinct; default 1, 2 and all hw threads
  uint64_t bench_runs = 200'000;        // -bench_runs: executions per thread per repetition
  uint32_t bench_repetitions = 5;       // -bench_repetitions
  std::string bench_out;                // -bench_out: Google Benchmark JSON; "" = none

  std::string program;  // argv[0], for the re-run commands printed to the user

  // Corpus merge (-merge=1 OUT IN...): libFuzzer's, crash-resistant and resumable.
  bool merge = false;
  std::string merge_control_file;  // -merge_control_file: "" = a temporary one in $TMPDIR
};

// Parses argv. Flags may be written -name=value, -name value or --name=value. Returns nullopt
// with `help` filled when -help was asked for. Errors name the flag and say what is expected.
struct ParsedCommandLine {
  std::optional<Options> options;  // nullopt: print `help` and exit 0
  std::string help;
};
Result<ParsedCommandLine> ParseCommandLine(int argc, const char* const* argv);

// "1,2,8" -> {1, 2, 8}: thread counts from 1 to 1024, sorted, duplicates dropped.
Result<std::vector<uint32_t>> ParseThreadList(const std::string& text);

// The default -bench_threads: 1, 2 and `hardware_threads` (if larger).
std::vector<uint32_t> DefaultBenchThreads(uint32_t hardware_threads);

// "30s", "1m30s", "500ms", "2h" -> nanoseconds; or "1000x" -> a count. Go's -fuzztime grammar.
struct DurationOrCount {
  uint64_t nanos = 0;
  uint64_t count = 0;
};
Result<DurationOrCount> ParseDurationOrCount(const std::string& text);

// The default -cache_dir for a binary: $XDG_CACHE_HOME/hivefuzz/<name>, else
// $HOME/.cache/hivefuzz/<name>.
std::string DefaultCacheDir(const std::string& program);

}  // namespace hivefuzz

namespace hivefuzz {

enum class RunMode {
  kFuzz,    // no inputs, or corpus directories
  kReplay,  // every input is a file: run each once (libFuzzer's regression mode)
  kBench,   // -bench=1: time the target on the corpus directories, which are only read
  kMerge,   // -merge=1: merge the other corpus directories into the first
};

// Decides from the positional inputs: files mean replay, directories mean fuzzing. Mixing
// them, or naming a missing path other than the first (output) corpus directory, is a usage
// error. With -bench=1 every input must be an existing directory.
Result<RunMode> DetermineRunMode(const Options& options);

// Resolves against the current directory every path the engine reads or writes after
// LLVMFuzzerInitialize, which may chdir: the positional inputs, -seed_corpus, -dict,
// -cache_dir, -stats_file, -bench_out and the directory part of -artifact_prefix ("out/crash-"
// -> "/cwd/out/crash-", "" -> "/cwd/"). Empty values (a disabled cache or stats file) stay
// empty. Call it right after ParseCommandLine, in the supervisor and in the engine child alike.
void MakePathsAbsolute(Options& options);

}  // namespace hivefuzz
