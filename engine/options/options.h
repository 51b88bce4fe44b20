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
  bool reduce_inputs = true;  // -reduce_inputs: smaller inputs with an entry's bits replace it
  // -favor_rare: whether workers weigh entries by the rarity of their bits; unset: every other
  // worker of the run does.
  std::optional<bool> favor_rare;
  bool any_size_workers = false;  // -any_size_workers: every other worker ignores entry size
  bool sweep_comparisons = false;  // -sweep_comparisons: a find's comparisons each tried once

  uint64_t timeout_ns = 10'000'000'000;  // -timeout: one execution longer than this hangs
  uint64_t rss_limit_mb = 2048;          // -rss_limit_mb: peak RSS of the engine; 0 = none
  // -malloc_limit_mb: largest single allocation; unset = rss_limit_mb; both 0 = none.
  uint64_t malloc_limit_mb = 2048;

  // Guidance beyond edges (issue 5).
  bool use_cmp = true;             // -use_cmp: comparison operands feed input-to-state mutations
  bool use_value_profile = false;  // -use_value_profile=1: comparison distance as coverage
  std::vector<std::string> dictionaries;  // -dict=FILE (repeatable): AFL/libFuzzer dictionaries

  uint32_t parallel = 1;               // -parallel: worker threads (default: hardware threads)
  // -fork=N (-jobs, -workers): N engine processes sharing one coverage mask, each with
  // `parallel` threads (1 unless -parallel is given). 0: one engine process.
  uint32_t processes = 0;
  uint64_t seed = 0;                   // -seed: 0 picks one from the clock, printed at start
  size_t max_len = 0;                  // -max_len: 0 = max(4096, largest corpus file)
  std::string cache_dir;               // -cache_dir: "" disables the cache
  std::string artifact_prefix = "./";  // -artifact_prefix: where crash-<sha1> goes
  std::vector<std::string> seed_corpus_dirs;  // -seed_corpus=DIR[,DIR...]: read-only seeds
  std::vector<std::string> inputs;            // positional: corpus directories, or files to replay

  // The stats time series (CSV, one row a second): "" = none. Default:
  // <artifact_prefix>fuzz-stats.csv; -stats_file= disables it.
  std::string stats_file;

  // -print_final_stats=1: libFuzzer's stat:: lines at the end of a fuzzing run (ClusterFuzz
  // passes it and reads them).
  bool print_final_stats = false;

  // Benchmark mode (-bench=1): the target on a frozen corpus, no corpus growth, no disk writes
  // while timing. Each thread count runs bench_runs executions per thread, repeated.
  bool bench = false;
  std::vector<uint32_t> bench_threads;  // ascending, distinct; default 1, 2 and all hw threads
  uint64_t bench_runs = 200'000;        // -bench_runs: executions per thread per repetition
  uint32_t bench_repetitions = 5;       // -bench_repetitions
  std::string bench_out;                // -bench_out: Google Benchmark JSON; "" = none

  std::string program;  // argv[0], for the re-run commands printed to the user

  // ---- libFuzzer's flags beyond the ones above (engine/options/libfuzzer_flags.cc) ----
  uint64_t replay_runs = 1;       // -runs=N with files: each file runs N times in one process
  bool warmup_only = false;       // -runs=0 with corpus dirs: run each corpus input once, no fuzzing
  int error_exitcode = 77;        // -error_exitcode: the exit code of a crash
  int timeout_exitcode = 70;      // -timeout_exitcode: the exit code of a timeout
  uint32_t close_fd_mask = 0;     // -close_fd_mask: 1 the engine's stdout, 2 its stderr to /dev/null
  bool only_ascii = false;        // -only_ascii=1: every mutant is printable ASCII or whitespace
  // -detect_leaks: inputs that leak memory are failures (leak-<sha1>). On by default, as in
  // libFuzzer; only an ASan build (LeakSanitizer) can act on it.
  bool detect_leaks = true;
  bool cross_over = true;         // -cross_over=0: no crossover mutations
  bool create_missing_dirs = false;  // -create_missing_dirs=1 (for -exact_artifact_path's dir)
  // -ignore_crashes/-ignore_timeouts/-ignore_ooms=1: such a failure (while fuzzing) is recorded
  // and fuzzing goes on; it does not set the exit code. -fork=N makes the last two default to 1.
  bool ignore_crashes = false;
  bool ignore_timeouts = false;
  bool ignore_ooms = false;
  std::vector<std::string> seed_inputs;  // -seed_inputs=FILE,FILE or @LIST: extra seed files
  std::string stop_file;                 // -stop_file: fuzzing stops once it exists
  // -reload=N: every N seconds the first corpus directory is listed again and files other
  // processes wrote there join the corpus; 0 never.
  uint32_t reload_interval_s = 1;
  // -len_control=N: mutants start small and may grow after N * log2(limit) executions without
  // a new input (libFuzzer's length control, and its default: measured on the real-world
  // coverage benchmark, docs/benchmarking.md). 0: mutants may reach -max_len at once.
  uint32_t len_control = 100;
  // INFO lines about accepted-and-ignored or mapped flags; the supervisor prints them once.
  std::vector<std::string> startup_notes;
  // ---- end of libFuzzer's flags ----
  // --- libFuzzer's crash tools (issue 12 section 4; supervisor/crash_tools.h) ---
  // -minimize_crash=1 FILE: shrink the crasher FILE within -max_total_time / -runs.
  bool minimize_crash = false;
  // -cleanse_crash=1 FILE: replace every byte that can be with ' ' or 0xff.
  bool cleanse_crash = false;
  // -exact_artifact_path=PATH: the crash file (or the tools' result) goes to exactly PATH,
  // not <artifact_prefix>crash-<sha1>. "" = not given.
  std::string exact_artifact_path;
  // --- end of the crash tools ---
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
// The longest duration a flag takes, in seconds (about 31 years): beyond any run, and small
// enough that a clock reading plus it in nanoseconds stays far from 64-bit overflow.
inline constexpr uint64_t kMaxFlagSeconds = 1'000'000'000;
inline constexpr uint64_t kNanosPerSecond = 1'000'000'000;

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
