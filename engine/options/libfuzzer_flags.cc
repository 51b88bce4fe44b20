#include "options/libfuzzer_flags.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "base/file_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HIVEFUZZ_HAS_LSAN 1
#endif
#endif
#if !defined(HIVEFUZZ_HAS_LSAN) && defined(__SANITIZE_ADDRESS__)
#define HIVEFUZZ_HAS_LSAN 1
#endif

namespace hivefuzz {
namespace {

using K = LibFuzzerFlagKind;

// FuzzerFlags.def of clang 14, then the flags later versions added (print_full_coverage,
// set_cover_merge, fork_corpus_groups, exit_on_time) and one earlier versions had
// (lazy_counters).
constexpr LibFuzzerFlag kFlags[] = {
    {"verbosity", K::kIgnored, "hivefuzz's output has one level"},
    {"seed", K::kHivefuzz, "random seed; 0 picks one"},
    {"runs", K::kHivefuzz,
     "fuzzing: a limit on target calls (0: run the corpus once, no fuzzing); files: run each "
     "file N times"},
    {"max_len", K::kHivefuzz, "largest input"},
    {"len_control", K::kImplemented,
     "N: mutants start no larger than the largest corpus input and grow by log2 of the limit "
     "after N * log2(limit) executions without a new input (default 100, as libFuzzer); 0: up "
     "to -max_len at once"},
    {"seed_inputs", K::kImplemented, "extra seed files: FILE,FILE... or @LISTFILE"},
    {"keep_seed", K::kIgnored, "hivefuzz always keeps every seed in the corpus, as -keep_seed=1"},
    {"cross_over", K::kImplemented, "0: no crossover mutations"},
    {"cross_over_uniform_dist", K::kIgnored,
     "hivefuzz always draws crossover partners uniformly, as =1 does"},
    {"mutate_depth", K::kIgnored, "hivefuzz chains up to 5 mutations, as Go does"},
    {"reduce_depth", K::kIgnored,
     "an experimental libFuzzer mutation policy hivefuzz does not have"},
    {"shuffle", K::kIgnored, "hivefuzz's scheduler, not the corpus order, picks what to fuzz"},
    {"prefer_small", K::kIgnored, "hivefuzz's scheduler always favours small inputs"},
    {"timeout", K::kHivefuzz, "seconds one execution may take"},
    {"error_exitcode", K::kImplemented, "exit code of a crash (default 77)"},
    {"timeout_exitcode", K::kImplemented, "exit code of a timeout (default 70)"},
    {"max_total_time", K::kHivefuzz, "time limit in seconds"},
    {"exit_on_time", K::kIgnored, "not implemented (stop N s after the last new input)"},
    {"help", K::kHivefuzz, "print the flags"},
    {"fork", K::kMapped, "process workers"},
    {"fork_corpus_groups", K::kIgnored,
     "a corpus-subset strategy of libFuzzer's fork mode; hivefuzz's processes share the corpus"},
    {"ignore_timeouts", K::kImplemented,
     "1: record a timeout and go on fuzzing (default 1 with -fork, else 0)"},
    {"ignore_ooms", K::kImplemented,
     "1: record an out-of-memory input and go on fuzzing (default 1 with -fork, else 0)"},
    {"ignore_crashes", K::kImplemented, "1: record a crash and go on fuzzing"},
    {"merge", K::kHivefuzz, "corpus merge"},
    {"set_cover_merge", K::kIgnored, "the greedy set-cover merge is not implemented"},
    {"stop_file", K::kImplemented, "stop fuzzing once this file exists"},
    {"merge_inner", K::kIgnored, "an internal flag of libFuzzer's merge"},
    {"merge_control_file", K::kHivefuzz, "corpus merge"},
    {"minimize_crash", K::kHivefuzz, "crash minimization"},
    {"cleanse_crash", K::kHivefuzz, "crash cleansing"},
    {"minimize_crash_internal_step", K::kIgnored,
     "an internal flag of libFuzzer's -minimize_crash"},
    {"features_dir", K::kIgnored, "hivefuzz does not write feature sets"},
    {"mutation_graph_file", K::kIgnored, "hivefuzz does not record a mutation graph"},
    {"use_counters", K::kIgnored, "hivefuzz always counts hits in buckets"},
    {"use_memmem", K::kIgnored, "memmem and strstr operands are part of -use_cmp"},
    {"use_value_profile", K::kHivefuzz, "comparison distance as coverage"},
    {"use_cmp", K::kHivefuzz, "comparison-guided mutations"},
    {"shrink", K::kIgnored, "hivefuzz does not replace corpus entries by smaller ones"},
    {"reduce_inputs", K::kHivefuzz, "replace corpus entries by smaller ones"},
    {"jobs", K::kMapped, "process workers"},
    {"workers", K::kMapped, "process workers"},
    {"reload", K::kImplemented,
     "seconds between looks for files other processes wrote into the first corpus directory "
     "(default 1; 0: never)"},
    {"report_slow_units", K::kIgnored, "slow-unit reports are not implemented"},
    {"only_ascii", K::kImplemented, "1: every mutant is printable ASCII or whitespace"},
    {"dict", K::kHivefuzz, "a dictionary file"},
    {"artifact_prefix", K::kHivefuzz, "where failing inputs are written"},
    {"exact_artifact_path", K::kHivefuzz, "the artifact's exact path"},
    {"print_pcs", K::kIgnored, "hivefuzz does not symbolize coverage"},
    {"print_funcs", K::kIgnored, "hivefuzz does not symbolize coverage"},
    {"print_final_stats", K::kHivefuzz, "final stat:: lines"},
    {"print_corpus_stats", K::kIgnored, "per-entry corpus statistics are not implemented"},
    {"print_coverage", K::kIgnored, "hivefuzz does not symbolize coverage"},
    {"print_full_coverage", K::kIgnored, "hivefuzz does not symbolize coverage"},
    {"dump_coverage", K::kIgnored, "deprecated in libFuzzer too"},
    {"handle_segv", K::kIgnored, "hivefuzz's crash handlers are always installed"},
    {"handle_bus", K::kIgnored, "hivefuzz's crash handlers are always installed"},
    {"handle_abrt", K::kIgnored, "hivefuzz's crash handlers are always installed"},
    {"handle_ill", K::kIgnored, "hivefuzz's crash handlers are always installed"},
    {"handle_fpe", K::kIgnored, "hivefuzz's crash handlers are always installed"},
    {"handle_int", K::kIgnored, "hivefuzz's stop handlers are always installed"},
    {"handle_term", K::kIgnored, "hivefuzz's stop handlers are always installed"},
    {"handle_trap", K::kIgnored, "hivefuzz's crash handlers are always installed"},
    {"handle_xfsz", K::kIgnored, "hivefuzz does not handle SIGXFSZ"},
    {"handle_usr1", K::kIgnored, "hivefuzz does not handle SIGUSR1"},
    {"handle_usr2", K::kIgnored, "hivefuzz does not handle SIGUSR2"},
    {"handle_winexcept", K::kIgnored, "Windows only"},
    {"close_fd_mask", K::kImplemented,
     "1: the target's stdout to /dev/null, 2: its stderr, 3: both"},
    {"detect_leaks", K::kImplemented,
     "1 (default): an input that leaks memory is a failure, saved as leak-<sha1>; needs an "
     "ASan build (LeakSanitizer)"},
    {"purge_allocator_interval", K::kIgnored, "hivefuzz does not purge allocator caches"},
    {"trace_malloc", K::kIgnored, "malloc tracing is not implemented"},
    {"rss_limit_mb", K::kHivefuzz, "peak resident memory limit"},
    {"malloc_limit_mb", K::kHivefuzz, "single allocation limit"},
    {"exit_on_src_pos", K::kIgnored, "hivefuzz does not symbolize coverage"},
    {"exit_on_item", K::kIgnored, "not implemented"},
    {"ignore_remaining_args", K::kImplemented,
     "1: the arguments after it are the target's, not hivefuzz's"},
    {"focus_function", K::kIgnored, "data-flow-guided fuzzing is not implemented"},
    {"entropic", K::kIgnored,
     "hivefuzz's scheduler weights entries by their finds, size and age, not entropy"},
    {"entropic_feature_frequency_threshold", K::kIgnored,
     "hivefuzz's scheduler weights entries by their finds, size and age, not entropy"},
    {"entropic_number_of_rarest_features", K::kIgnored,
     "hivefuzz's scheduler weights entries by their finds, size and age, not entropy"},
    {"entropic_scale_per_exec_time", K::kIgnored,
     "hivefuzz's scheduler weights entries by their finds, size and age, not entropy"},
    {"analyze_dict", K::kIgnored, "dictionary analysis is not implemented"},
    {"use_clang_coverage", K::kIgnored, "deprecated in libFuzzer too"},
    {"data_flow_trace", K::kIgnored, "data-flow-guided fuzzing is not implemented"},
    {"collect_data_flow", K::kIgnored, "data-flow-guided fuzzing is not implemented"},
    {"create_missing_dirs", K::kImplemented,
     "hivefuzz always creates the output corpus and artifact directories, as =1 does"},
    {"lazy_counters", K::kIgnored, "removed from libFuzzer; hivefuzz's counters are per thread"},
};

// A whole decimal number from `min` to `max` (negative ones allowed when min < 0), or an error
// naming the flag.
Result<long long> ReadNumber(const std::string& name, const std::string& text, long long min,
                             long long max, const std::string& what) {
  bool ok = !text.empty();
  size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  if (start == text.size()) ok = false;
  for (size_t i = start; ok && i < text.size(); i++) {
    ok = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
  }
  long long value = 0;
  if (ok) {
    errno = 0;
    value = std::strtoll(text.c_str(), nullptr, 10);
    ok = errno == 0 && value >= min && value <= max;
  }
  if (!ok) {
    return Status::Error(
        fmt::format("-{}={} is not {} from {} to {}", name, text, what, min, max));
  }
  return value;
}

// libFuzzer's -seed_inputs: FILE,FILE... or @LISTFILE holding such a list.
Result<std::vector<std::string>> ReadSeedInputs(const std::string& text) {
  std::string list = text;
  if (text.starts_with("@")) {
    if (!IsRegularFile(text.substr(1))) {  // a FIFO or device would block or never end
      return Status::Error("-seed_inputs=" + text + ": " + text.substr(1) + " " +
                           DescribePath(text.substr(1)) + "; give a file listing FILE,FILE...");
    }
    auto bytes = ReadFile(text.substr(1));
    if (!bytes.ok()) return Status::Error("-seed_inputs=" + text + ": " + bytes.status().message());
    list.assign(bytes->begin(), bytes->end());
    while (!list.empty() && (list.back() == '\n' || list.back() == '\r')) list.pop_back();
  }
  if (list.empty()) {
    return Status::Error("-seed_inputs=" + text + ": no files (give FILE,FILE... or @LISTFILE)");
  }
  std::vector<std::string> files;
  for (size_t start = 0;;) {
    size_t comma = list.find(',', start);
    std::string file = list.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!file.empty()) files.push_back(file);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (const std::string& file : files) {
    if (!IsRegularFile(file)) {
      return Status::Error("-seed_inputs: " + file + " " +
                           (DescribePath(file) == "does not exist" ? "does not exist"
                                                                   : DescribePath(file) +
                                                                         ", not a regular file"));
    }
  }
  return files;
}

}  // namespace

std::span<const LibFuzzerFlag> LibFuzzerFlags() { return kFlags; }

void AddLibFuzzerFlags(CLI::App& app, LibFuzzerFlagValues& values) {
  for (const LibFuzzerFlag& flag : kFlags) {
    if (flag.kind == K::kHivefuzz || flag.kind == K::kOtherWork) continue;
    std::string name = std::string("--") + flag.name;
    if (app.get_option_no_throw(name) != nullptr) continue;  // registered by other work
    std::string help = flag.kind == K::kIgnored  ? std::string("ignored: ") + flag.what
                       : flag.kind == K::kMapped ? "-" + std::string(flag.name) +
                                                       "=N runs N process workers (docs/flags.md)"
                                                 : flag.what;
    values.option[flag.name] = app.add_option(name, values.text[flag.name], help)
                                   ->type_name("VALUE")
                                   ->group("libFuzzer flags")
                                   ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
                                   ->allow_extra_args(false);
  }
}

Status ApplyLibFuzzerFlags(const LibFuzzerFlagValues& values, bool parallel_given,
                           Options& o) {
  auto given = [&](const char* name) {
    auto it = values.option.find(name);
    return it != values.option.end() && it->second->count() > 0;
  };
  auto text = [&](const char* name) { return values.text.at(name); };
  auto number = [&](const char* name, long long min, long long max,
                    const std::string& what) -> Result<long long> {
    return ReadNumber(name, text(name), min, max, what);
  };
  auto zero_one = [&](const char* name, bool* out) -> Status {
    if (!given(name)) return Status::Ok();
    auto v = number(name, 0, 1, "0 or 1");
    if (!v.ok()) return v.status();
    *out = *v == 1;
    return Status::Ok();
  };

  for (const char* name : {"error_exitcode", "timeout_exitcode"}) {
    if (!given(name)) continue;
    auto v = number(name, 0, 255, "an exit code");
    if (!v.ok()) return v.status();
    (std::string(name) == "error_exitcode" ? o.error_exitcode : o.timeout_exitcode) = int(*v);
  }
  if (given("close_fd_mask")) {
    auto v = number("close_fd_mask", 0, 3, "a mask (1: stdout, 2: stderr, 3: both)");
    if (!v.ok()) return v.status();
    o.close_fd_mask = uint32_t(*v);
  }
  bool cross_over = true;
  for (auto [name, out] : {std::pair{"only_ascii", &o.only_ascii},
                           std::pair{"create_missing_dirs", &o.create_missing_dirs},
                           std::pair{"cross_over", &cross_over}}) {
    if (Status s = zero_one(name, out); !s.ok()) return s;
  }
  o.cross_over = cross_over;
  if (Status s = zero_one("detect_leaks", &o.detect_leaks); !s.ok()) return s;
#ifndef HIVEFUZZ_HAS_LSAN
  // The engine is built with the target's sanitizer: without ASan there is no LeakSanitizer.
  if (given("detect_leaks")) {
    o.startup_notes.push_back(
        fmt::format("INFO: -detect_leaks={} is accepted and ignored: leak detection needs an "
                    "ASan build (LeakSanitizer)",
                    text("detect_leaks")));
  }
#endif
  if (given("ignore_remaining_args")) {
    // What it does happens before parsing (options.cc stops reading flags after it).
    if (auto v = number("ignore_remaining_args", 0, 1, "0 or 1"); !v.ok()) return v.status();
  }
  if (given("seed_inputs")) {
    auto files = ReadSeedInputs(text("seed_inputs"));
    if (!files.ok()) return files.status();
    o.seed_inputs = std::move(*files);
  }
  if (given("stop_file")) o.stop_file = text("stop_file");
  if (given("len_control")) {
    auto v = number("len_control", 0, 1'000'000'000, "a number of executions");
    if (!v.ok()) return v.status();
    o.len_control = uint32_t(*v);
  }
  if (given("reload")) {
    auto v = number("reload", 0, 1'000'000'000, "a number of seconds");
    if (!v.ok()) return v.status();
    o.reload_interval_s = uint32_t(*v);
  }

  // -fork, -jobs, -workers: process workers (docs/flags.md). -workers wins over -jobs (libFuzzer
  // runs -jobs=N with -workers processes at a time), -fork over both. Each process runs one
  // worker thread, or -parallel's number when given (a target safe on a few threads).
  uint32_t processes = 0;
  std::string mapped;
  for (const char* name : {"jobs", "workers", "fork"}) {
    if (!given(name)) continue;
    auto v = number(name, 0, 1024, "a number of processes");
    if (!v.ok()) return v.status();
    mapped += fmt::format("{}-{}={}", mapped.empty() ? "" : " ", name, *v);
    if (*v != 0) processes = uint32_t(*v);
  }
  if (!mapped.empty()) {
    if (processes != 0) {
      o.processes = processes;
      if (!parallel_given) o.parallel = 1;
    } else {
      o.startup_notes.push_back(fmt::format(
          "INFO: {} asks for no processes: hivefuzz runs one process of {} worker threads", mapped,
          o.parallel));
    }
    if (given("fork") && text("fork") != "0") {
      o.startup_notes.push_back(
          "INFO: as in libFuzzer's fork mode, timeouts and out-of-memory inputs are recorded and "
          "fuzzing goes on unless -ignore_timeouts=0 / -ignore_ooms=0");
    }
  }
  bool fork_mode = given("fork") && text("fork") != "0";
  o.ignore_timeouts = fork_mode;
  o.ignore_ooms = fork_mode;
  for (auto [name, out] : {std::pair{"ignore_crashes", &o.ignore_crashes},
                           std::pair{"ignore_timeouts", &o.ignore_timeouts},
                           std::pair{"ignore_ooms", &o.ignore_ooms}}) {
    if (Status s = zero_one(name, out); !s.ok()) return s;
  }

  for (const LibFuzzerFlag& flag : kFlags) {
    if (flag.kind != K::kIgnored || !given(flag.name)) continue;
    o.startup_notes.push_back(fmt::format("INFO: -{}={} is accepted and ignored: {}", flag.name,
                                          text(flag.name), flag.what));
  }
  return Status::Ok();
}

}  // namespace hivefuzz
