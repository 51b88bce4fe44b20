#include "options/options.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <thread>

#include "base/file_util.h"
#include "options/decimal.h"
#include "options/libfuzzer_flags.h"

namespace hivefuzz {
namespace {

// Prints flags the way users type them: "-max_len=N", not CLI11's "--max_len UINT".
class SingleDashFormatter : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* opt, bool positional) const override {
    if (positional) return opt->get_name(true, false);
    std::string name = opt->get_name(false, true);
    return name.rfind("--", 0) == 0 ? name.substr(1) : name;
  }
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_type_size() == 0) return "";
    std::string type = opt->get_type_name();
    return "=" + (type.empty() ? std::string("VALUE") : type);
  }
};

// An argument after "--" that looks like a flag: never silently a directory named like one.
Status FlagAfterDoubleDash(const std::string& arg) {
  return Status::Error("'" + arg +
                       "' comes after '--', which makes every later argument a corpus "
                       "directory or a file to replay, not a flag. To use it as a flag, put it "
                       "before the '--' (or drop the '--'); for a path that starts with '-', "
                       "write ./" +
                       arg);
}

// Rewrites libFuzzer's single-dash long flags for CLI11: "-max_len=9" -> "--max_len=9",
// "-help=1" -> "--help". A lone "-" passes through. After a lone "--" every argument is a path,
// kept as written; one that starts with '-' is refused, because it is far more often a flag put
// after the "--" by mistake than a path (which ./-name spells unambiguously).
Result<std::vector<std::string>> NormalizeArgs(int argc, const char* const* argv) {
  std::vector<std::string> out;
  bool positional_only = false;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (positional_only) {
      if (a.starts_with("-")) return FlagAfterDoubleDash(a);
      out.push_back(std::move(a));
      continue;
    }
    // ---- libFuzzer's -ignore_remaining_args=1: what follows is the target's, not ours ----
    if (a == "-ignore_remaining_args=1" || a == "--ignore_remaining_args=1") {
      out.push_back("--ignore_remaining_args=1");
      break;
    }
    // ---- end -ignore_remaining_args ----
    if (a == "--") {
      positional_only = true;
      out.push_back(std::move(a));
      continue;
    }
    if (a.size() > 1 && a[0] == '-' && a[1] != '-' &&
        !std::isdigit(static_cast<unsigned char>(a[1]))) {
      a = "-" + a;
    }
    if (a == "--help=1" || a == "--h") a = "--help";
    // CLI11 reads "--name=" as a flag without its value and would take the next argument;
    // an explicit empty argument keeps the value empty.
    if (a.size() > 3 && a.starts_with("--") && a.back() == '=') {
      a.pop_back();
      out.push_back(std::move(a));
      out.emplace_back();
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

// CLI11's "--name" as the user wrote it, "-name"; a "--" inside a word (a path) is kept.
std::string SingleDash(std::string message) {
  for (size_t pos = 0; (pos = message.find("--", pos)) != std::string::npos;) {
    if (pos == 0 || message[pos - 1] == ' ') {
      message.erase(pos, 1);
      pos += 1;
    } else {
      pos += 2;
    }
  }
  return message;
}

// The largest -max_len: inputs are held in memory, a few copies per worker.
constexpr uint64_t kMaxLenLimit = uint64_t{1} << 30;
// The largest memory limit in MB (1 PiB): the engine shifts it to bytes (<< 20) in a size_t.
constexpr uint64_t kMaxMegabytes = uint64_t{1} << 30;

}  // namespace

namespace {

// A libFuzzer-style switch, -name=0 or -name=1, bound to `value`; its current value is the
// documented default.
CLI::Option* AddZeroOneFlag(CLI::App& app, const std::string& name, int& value,
                            const std::string& help) {
  return app.add_option(name, value, help)
      ->type_name("0|1")
      ->check(CLI::Range(0, 1))
      ->default_str(std::to_string(value));
}

// A whole-number flag: its text as given (or its default), and the numbers it takes. CLI11 is
// given only the text, because its own conversion wraps "-1" around, saturates on overflow and
// reads "010" as octal.
struct NumberFlag {
  const char* name;  // without the dash
  std::string text;
  uint64_t min, max;
  std::string unit;    // "whole seconds", "megabytes": what the numbers are
  std::string note;    // what a special value means, "0 = never"; may be empty
  uint64_t value = 0;  // set by Read

  // Sets `value`, or says what is wrong with the text: the flag, the text, and what is taken.
  Status Read() {
    auto parsed = Parse();
    if (!parsed.ok()) return parsed.status();
    value = *parsed;
    return Status::Ok();
  }

  Result<uint64_t> Parse() const {
    std::string problem;
    auto value = ParseDecimal(text);
    if (!text.empty() && text[0] == '-') {
      problem = "is negative";
    } else if (!value) {
      bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      problem = digits ? "is too large" : "is not a whole number";
    } else if (*value < min) {
      problem = "is too small";
    } else if (*value > max) {
      problem = "is too large";
    } else {
      return *value;
    }
    return Status::Error(fmt::format("-{}={} {}: want {} from {} to {}{}", name, text, problem,
                                     unit, min, max, note.empty() ? "" : "; " + note));
  }
};

// Accepts a regular file only: a FIFO would block the engine's read and a directory is a
// mistake; the message says what the path is instead.
CLI::Validator RegularFileValidator() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        if (IsRegularFile(path)) return "";
        std::string what = DescribePath(path);
        if (what == "does not exist") return path + " does not exist; give a file";
        return path + " " + what + ", not a regular file; give a file";
      },
      "");  // no description: the help shows -dict=FILE, not FILE:FILE
}

// Adds `flag` to `app` with its text as the value; the help shows `type` as the value's kind.
CLI::Option* AddNumberFlag(CLI::App& app, NumberFlag& flag, const std::string& type,
                           const std::string& help) {
  return app.add_option(std::string("--") + flag.name, flag.text, help)->type_name(type);
}

}  // namespace

std::string DefaultCacheDir(const std::string& program) {
  std::string name = program.substr(program.find_last_of('/') + 1);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/hivefuzz/" + name;
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.cache/hivefuzz/" + name;
}

Result<ParsedCommandLine> ParseCommandLine(int argc, const char* const* argv) {
  Options o;
  o.program = argc > 0 ? argv[0] : "fuzzer";
  o.parallel = std::max(1u, std::thread::hardware_concurrency());
  o.cache_dir = DefaultCacheDir(o.program);

  CLI::App app(
      "hivefuzz: coverage-guided fuzzing with worker threads.\n"
      "Usage: " +
          o.program +
          " [flags] [corpus_dir...]   fuzz, growing the first corpus dir\n"
          "       " +
          o.program + " [flags] file...          run each file once (replay)",
      o.program);
  app.formatter(std::make_shared<SingleDashFormatter>());
  app.get_formatter()->column_width(34);
  app.set_help_flag("--help", "Print this help and exit");
  app.allow_extras(false);
  // ---- libFuzzer reads a flag given twice as its last value (drivers append flags to the
  // user's: -max_total_time, -timeout); the repeatable ones (-dict, -seed_corpus, the inputs)
  // say TakeAll below ----
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

  // The flags table: one line per flag, in the order the help shows them.
  std::string fuzztime;
  app.add_option("--fuzztime", fuzztime,
                 "How long to fuzz: a duration (30s, 5m, 1h) or an exact number of target "
                 "calls, warmup included (1000x). Default: until a failure or Ctrl-C")
      ->type_name("D|Nx");
  std::string minimize_time = "60s";
  app.add_option("--fuzzminimizetime", minimize_time,
                 "Budget to minimize each crasher (and each new input with "
                 "-minimize_new_inputs=1): a duration or an exact number of target calls (Nx); "
                 "0 disables minimization")
      ->type_name("D|Nx")
      ->default_str("60s");
  NumberFlag max_total_time{"max_total_time", "0", 0, kMaxFlagSeconds, "whole seconds", "0 = none"};
  AddNumberFlag(app, max_total_time, "SECONDS",
                "libFuzzer's limit in seconds (same as -fuzztime=Ns); 0 = none");
  // -1 (none) is the one negative number a flag takes; the text is read after parsing.
  std::string runs = "-1";
  app.add_option("--runs", runs,
                 "libFuzzer's limit on target calls (same as -fuzztime=Nx); -1 = none")
      ->type_name("N");
  int keep_going = 0;
  AddZeroOneFlag(app, "--keep_going", keep_going,
                 "1: after recording a failure, restart the engine on the saved corpus and go "
                 "on; failures with the same kind and stack are reported once");
  NumberFlag max_crashes{"max_crashes", "0", 0, UINT64_MAX, "distinct failures", "0 = no limit"};
  AddNumberFlag(app, max_crashes, "N",
                "With -keep_going=1, stop after this many distinct failures; 0 = no limit");
  NumberFlag timeout{"timeout", "10", 0, kMaxFlagSeconds, "whole seconds", "0 = never"};
  AddNumberFlag(app, timeout, "SECONDS",
                "Seconds one execution may take before it is a hang (timeout-<sha1>, exit "
                "70); 0 = never")
      ->default_str("10");
  NumberFlag rss_limit_mb{"rss_limit_mb", "2048", 0, kMaxMegabytes, "megabytes", "0 = none"};
  AddNumberFlag(app, rss_limit_mb, "MB",
                "Peak resident memory of the engine in MB before the inputs in flight are an "
                "out-of-memory failure (oom-<sha1>, exit 71); 0 = none")
      ->default_str("2048");
  // Empty: not given, so it follows -rss_limit_mb.
  NumberFlag malloc_limit_mb{"malloc_limit_mb", "", 0, kMaxMegabytes, "megabytes", "0 = none"};
  CLI::Option* malloc_limit_option =
      AddNumberFlag(app, malloc_limit_mb, "MB",
                    "Largest single allocation in MB; a larger one is an out-of-memory failure "
                    "of exactly the input that made it (oom-<sha1>, exit 71); 0 = none")
          ->default_str("-rss_limit_mb");
  int use_cmp = 1;
  AddZeroOneFlag(app, "--use_cmp", use_cmp,
                 "1: mutate with the operands of the target's comparisons (trace-cmp, memcmp, "
                 "strcmp...); 0: off");
  int reduce_inputs = 1;
  AddZeroOneFlag(app, "--reduce_inputs", reduce_inputs,
                 "1: replace a corpus entry by a smaller input that reaches every coverage bit "
                 "the entry was first to reach, as libFuzzer does; 0: keep entries as found");
  int favor_rare = -1;
  AddZeroOneFlag(app, "--favor_rare", favor_rare,
                 "1: every worker picks corpus entries that reach coverage bits few other "
                 "entries reach more often (each find runs once more to list its bits); 0: no "
                 "worker does, entries weigh by new bits, size and age only")
      ->default_str("every other worker");
  int any_size_workers = 0;
  AddZeroOneFlag(app, "--any_size_workers", any_size_workers,
                 "1: every other worker picks corpus entries regardless of their size (the "
                 "others prefer small ones); 0: every worker prefers small ones");
  int sweep_comparisons = 0;
  AddZeroOneFlag(app, "--sweep_comparisons", sweep_comparisons,
                 "1: a new input's first executions replace, one comparison at a time, what "
                 "the input gave each of its comparisons by what the target compared it with; "
                 "0: comparisons feed random mutations only");
  int minimize_new_inputs = 0;
  AddZeroOneFlag(app, "--minimize_new_inputs", minimize_new_inputs,
                 "1: shrink each new interesting input while it keeps a bit it won, within "
                 "-fuzzminimizetime, before it is saved (as Go does; costs executions and "
                 "length that later mutations use); 0: save it as found, as libFuzzer does");
  int use_value_profile = 0;
  AddZeroOneFlag(app, "--use_value_profile", use_value_profile,
                 "1: also count how close each comparison came (equal bits of its operands) as "
                 "coverage, as libFuzzer does; 0: off");
  app.add_option("--dict", o.dictionaries,
                 "A dictionary file (AFL/libFuzzer format: one \"value\" or name=\"value\" per "
                 "line); may be given more than once")
      ->type_name("FILE")
      ->check(RegularFileValidator())
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);  // one file per -dict: the corpus dirs after it stay positional
  NumberFlag parallel{"parallel", std::to_string(o.parallel), 1, 1024, "worker threads"};
  AddNumberFlag(app, parallel, "N",
                "Worker threads. Default: hardware threads (" + std::to_string(o.parallel) + ")");
  NumberFlag seed{"seed", "0", 0, UINT64_MAX, "a seed", "0 = pick one"};
  AddNumberFlag(app, seed, "N",
                "Random seed of the mutators; 0 picks one. The start line "
                "prints the seed in use");
  NumberFlag max_len{"max_len", "0", 0, kMaxLenLimit, "bytes", "0 = from the corpus"};
  AddNumberFlag(app, max_len, "BYTES",
                "Largest input in bytes; 0 = max(4096, largest corpus file)");
  app.add_option("--cache_dir", o.cache_dir,
                 "Where new interesting inputs are kept when no corpus dir is given, and "
                 "reloaded from at start; empty disables it")
      ->type_name("DIR")
      ->default_str(o.cache_dir);
  app.add_option("--artifact_prefix", o.artifact_prefix,
                 "Prefix of crash files: <prefix>crash-<sha1>; a directory needs its trailing /")
      ->type_name("PATH")
      ->default_str("./");
  app.add_option("--seed_corpus", o.seed_corpus_dirs,
                 "Extra read-only seed directories (comma-separated); never written")
      ->type_name("DIR,...")
      ->delimiter(',')
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);  // the corpus dirs after it stay positional
  std::optional<std::string> stats_file;
  app.add_option("--stats_file", stats_file,
                 "Where the stats time series goes while fuzzing: a CSV row a second (time_s, "
                 "execs, execs_per_sec, corpus, coverage_bits, crashes, execs per thread); "
                 "empty disables it; tools/plot_stats.py plots it")
      ->type_name("PATH")
      ->default_str("<artifact_prefix>fuzz-stats.csv");
  // --- lf-output: -print_final_stats (begin) ---
  int print_final_stats = 0;
  AddZeroOneFlag(app, "--print_final_stats", print_final_stats,
                 "1: at the end of a fuzzing run, print libFuzzer's stat:: lines (executions, "
                 "executions per second, new inputs, slowest input, peak memory) over the "
                 "whole run");
  // --- lf-output: -print_final_stats (end) ---
  int bench = 0;
  AddZeroOneFlag(app, "--bench", bench,
                 "1: benchmark mode: time the target on the corpus dirs (read, never written; "
                 "none: a generated corpus), a fixed number of executions per thread, "
                 "repeated, for each -bench_threads count; no corpus growth, no disk writes");
  std::vector<uint32_t> default_threads = DefaultBenchThreads(o.parallel);
  std::string default_threads_text = fmt::format("{}", fmt::join(default_threads, ","));
  std::string bench_threads = default_threads_text;
  app.add_option("--bench_threads", bench_threads,
                 "With -bench=1: the thread counts to measure, comma-separated")
      ->type_name("N,...")
      ->default_str(default_threads_text);
  NumberFlag bench_runs{"bench_runs", std::to_string(o.bench_runs), 1, 1'000'000'000'000,
                        "executions per thread"};
  AddNumberFlag(app, bench_runs, "N",
                "With -bench=1: target executions per thread in each repetition")
      ->default_str(bench_runs.text);
  NumberFlag bench_repetitions{"bench_repetitions", std::to_string(o.bench_repetitions), 1, 1000,
                               "repetitions"};
  AddNumberFlag(app, bench_repetitions, "N",
                "With -bench=1: repetitions per thread count (min/median/max are over them)")
      ->default_str(bench_repetitions.text);
  app.add_option("--bench_out", o.bench_out,
                 "With -bench=1: also write the results as Google Benchmark JSON, for "
                 "compare.py (libbenchmark-tools)")
      ->type_name("FILE.json");
  // --- libFuzzer's crash tools (issue 12 section 4; supervisor/crash_tools.h) ---
  int minimize_crash = 0;
  AddZeroOneFlag(app, "--minimize_crash", minimize_crash,
                 "1: minimize the one crasher FILE given, within -max_total_time or -runs "
                 "(default 600 s), to -exact_artifact_path (else "
                 "<artifact_prefix>minimized-from-<sha1>)");
  int cleanse_crash = 0;
  AddZeroOneFlag(app, "--cleanse_crash", cleanse_crash,
                 "1: replace every byte of the one crasher FILE given that can be replaced "
                 "with ' ' or 0xff while it still fails the same way; needs "
                 "-exact_artifact_path");
  app.add_option("--exact_artifact_path", o.exact_artifact_path,
                 "Write the crash file (or the result of -minimize_crash / -cleanse_crash) to "
                 "exactly this path, replacing <artifact_prefix>crash-<sha1>")
      ->type_name("PATH");
  // --- end of the crash tools ---
  // ---- -merge=1 and -merge_control_file (issue 12 §3: corpus merge) ----
  app.add_option_function<int>(
         "--merge", [&o](const int& v) { o.merge = v == 1; },
         "1: merge the corpus dirs after the first into the first (libFuzzer's -merge=1): keep "
         "the smallest files that reach every feature, skipping inputs that crash or hang")
      ->type_name("0|1")
      ->check(CLI::Range(0, 1))
      ->default_str("0");
  app.add_option("--merge_control_file", o.merge_control_file,
                 "With -merge=1: the file that records the merge's progress, so that a killed "
                 "merge resumes (libFuzzer's format); default: a temporary one in $TMPDIR")
      ->type_name("FILE");
  // ---- end of -merge ----
  // ---- libFuzzer's other flags (libfuzzer_flags.cc): registered after hivefuzz's own ----
  LibFuzzerFlagValues libfuzzer_flags;
  AddLibFuzzerFlags(app, libfuzzer_flags);
  // ---- end libFuzzer's other flags ----
  app.add_option("inputs", o.inputs,
                 "Corpus directories (the first receives new inputs) or files to replay")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  auto normalized = NormalizeArgs(argc, argv);
  if (!normalized.ok()) return normalized.status();
  std::vector<std::string> args = std::move(*normalized);
  std::reverse(args.begin(), args.end());  // CLI11 consumes a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    ParsedCommandLine parsed;
    parsed.help = app.help();
    return parsed;
  } catch (const CLI::ParseError& e) {
    return Status::Error(SingleDash(e.what()) + "\nRun " + o.program + " -help=1 for the flags.");
  }

  for (NumberFlag* flag : {&max_total_time, &max_crashes, &timeout, &rss_limit_mb, &parallel, &seed,
                           &max_len, &bench_runs, &bench_repetitions}) {
    if (Status s = flag->Read(); !s.ok()) return s;
  }
  if (malloc_limit_option->count() > 0) {
    if (Status s = malloc_limit_mb.Read(); !s.ok()) return s;
  } else {
    malloc_limit_mb.value = rss_limit_mb.value;
  }
  o.timeout_ns = timeout.value * kNanosPerSecond;
  o.max_crashes = max_crashes.value;
  o.rss_limit_mb = rss_limit_mb.value;
  o.malloc_limit_mb = malloc_limit_mb.value;
  o.parallel = uint32_t(parallel.value);
  o.seed = seed.value;
  o.max_len = size_t(max_len.value);
  o.bench_runs = bench_runs.value;
  o.bench_repetitions = uint32_t(bench_repetitions.value);
  o.keep_going = keep_going == 1;
  if (minimize_time == "0" || minimize_time == "0s" || minimize_time == "0x") {
    o.minimize_time_ns = 0;
  } else {
    auto d = ParseDurationOrCount(minimize_time);
    if (!d.ok()) return Status::Error("-fuzzminimizetime: " + d.status().message());
    o.minimize_time_ns = d->nanos;
    o.minimize_attempts = d->count;
  }
  if (!fuzztime.empty()) {
    auto d = ParseDurationOrCount(fuzztime);
    if (!d.ok()) return Status::Error("-fuzztime: " + d.status().message());
    o.time_limit_ns = d->nanos;
    o.exec_limit = d->count;
  }
  auto tighter = [](uint64_t current, uint64_t limit) {
    return current == 0 ? limit : std::min(current, limit);
  };
  if (max_total_time.value > 0) {
    o.time_limit_ns = tighter(o.time_limit_ns, max_total_time.value * kNanosPerSecond);
  }
  // ---- -runs, as libFuzzer reads it: fuzzing, a limit on target calls (0: the corpus runs
  // once, nothing more); replaying files, how many times each file runs ----
  if (runs == "0") {
    o.warmup_only = true;
  } else if (runs != "-1") {
    NumberFlag count{"runs", runs, 1, UINT64_MAX, "target calls",
                     "-1 for no limit, 0 to run the corpus once"};
    if (Status s = count.Read(); !s.ok()) return s;
    o.exec_limit = tighter(o.exec_limit, count.value);
    o.replay_runs = count.value;
  }
  // ---- end -runs ----
  if (o.artifact_prefix.empty()) o.artifact_prefix = "./";
  o.use_cmp = use_cmp == 1;
  o.use_value_profile = use_value_profile == 1;
  o.minimize_new_inputs = minimize_new_inputs == 1;
  o.reduce_inputs = reduce_inputs == 1;
  if (favor_rare != -1) o.favor_rare = favor_rare == 1;
  o.any_size_workers = any_size_workers == 1;
  o.sweep_comparisons = sweep_comparisons == 1;
  o.stats_file = stats_file.value_or(o.artifact_prefix + "fuzz-stats.csv");
  o.bench = bench == 1;
  o.print_final_stats = print_final_stats == 1;  // lf-output: -print_final_stats
  auto threads = ParseThreadList(bench_threads);
  if (!threads.ok()) return Status::Error("-bench_threads: " + threads.status().message());
  o.bench_threads = std::move(*threads);
  // ---- libFuzzer's other flags ----
  bool parallel_given = app.get_option("--parallel")->count() > 0;
  if (Status s = ApplyLibFuzzerFlags(libfuzzer_flags, parallel_given, o); !s.ok()) return s;
  // ---- end libFuzzer's other flags ----
  o.minimize_crash = minimize_crash == 1;  // crash tools
  o.cleanse_crash = cleanse_crash == 1;    // crash tools
  ParsedCommandLine parsed;
  parsed.options = std::move(o);
  return parsed;
}

}  // namespace hivefuzz
