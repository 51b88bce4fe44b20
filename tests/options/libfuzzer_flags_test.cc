// libFuzzer's whole flag surface: every flag of FuzzerFlags.def is accepted in -name=value form;
// the ones hivefuzz ignores say so once; the ones it implements parse into Options.
#include "options/libfuzzer_flags.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "mutator/to_ascii.h"
#include "options/options.h"
#include "test_util.h"

namespace hivefuzz {
namespace {

Result<ParsedCommandLine> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "./fuzzer");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  return ParseCommandLine(int(argv.size()), argv.data());
}

size_t CountNotesNaming(const Options& o, const std::string& flag) {
  return size_t(std::count_if(o.startup_notes.begin(), o.startup_notes.end(),
                              [&](const std::string& n) {
                                return n.find("-" + flag + "=") != std::string::npos;
                              }));
}

// A value each flag takes (files for the flags that read one).
std::string ValueFor(const std::string& name, const TempDir& dir) {
  if (name == "dict") return dir.path() + "/x.dict";
  if (name == "seed_inputs") return dir.path() + "/seed";
  if (name == "artifact_prefix") return dir.path() + "/";
  return "1";
}

// Requirement (issue 12 §1): every libFuzzer flag (clang 14's FuzzerFlags.def and later
// additions) is accepted in libFuzzer's -name=value form, alone and all together.
TEST(LibFuzzerFlagsTest, EveryFlagIsAccepted) {
  TempDir dir;
  std::string dict = "\"kw\"\n", seed = "s";
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "x.dict", reinterpret_cast<const uint8_t*>(dict.data()),
                              dict.size())
                  .ok());
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "seed", reinterpret_cast<const uint8_t*>(seed.data()),
                              seed.size())
                  .ok());
  std::vector<std::string> all;
  size_t checked = 0;
  for (const LibFuzzerFlag& flag : LibFuzzerFlags()) {
    // Registered by the merge, crash-minimization and final-stats work, not by this table.
    if (flag.kind == LibFuzzerFlagKind::kOtherWork) continue;
    std::string arg = "-" + std::string(flag.name) + "=" + ValueFor(flag.name, dir);
    auto p = Parse({arg});
    ASSERT_TRUE(p.ok()) << arg << ": " << p.status().message();
    if (std::string(flag.name) == "help") {
      EXPECT_FALSE(p->options.has_value());
      continue;
    }
    ASSERT_TRUE(p->options.has_value()) << arg;
    checked++;
    if (std::string(flag.name) != "ignore_remaining_args") all.push_back(arg);
  }
  EXPECT_GE(checked, 80u);
  auto together = Parse(all);
  ASSERT_TRUE(together.ok()) << together.status().message();
}

// Requirement: the table covers clang 14's FuzzerFlags.def by name, with no duplicates.
TEST(LibFuzzerFlagsTest, TableHasEveryClang14FlagOnce) {
  std::set<std::string> names;
  for (const LibFuzzerFlag& flag : LibFuzzerFlags()) {
    EXPECT_TRUE(names.insert(flag.name).second) << flag.name;
  }
  for (const char* name :
       {"verbosity", "seed", "runs", "max_len", "len_control", "seed_inputs", "keep_seed",
        "cross_over", "cross_over_uniform_dist", "mutate_depth", "reduce_depth", "shuffle",
        "prefer_small", "timeout", "error_exitcode", "timeout_exitcode", "max_total_time", "help",
        "fork", "ignore_timeouts", "ignore_ooms", "ignore_crashes", "merge", "stop_file",
        "merge_inner", "merge_control_file", "minimize_crash", "cleanse_crash",
        "minimize_crash_internal_step", "features_dir", "mutation_graph_file", "use_counters",
        "use_memmem", "use_value_profile", "use_cmp", "shrink", "reduce_inputs", "jobs", "workers",
        "reload", "report_slow_units", "only_ascii", "dict", "artifact_prefix",
        "exact_artifact_path", "print_pcs", "print_funcs", "print_final_stats",
        "print_corpus_stats", "print_coverage", "dump_coverage", "handle_segv", "handle_bus",
        "handle_abrt", "handle_ill", "handle_fpe", "handle_int", "handle_term", "handle_xfsz",
        "handle_usr1", "handle_usr2", "handle_winexcept", "close_fd_mask", "detect_leaks",
        "purge_allocator_interval", "trace_malloc", "rss_limit_mb", "malloc_limit_mb",
        "exit_on_src_pos", "exit_on_item", "ignore_remaining_args", "focus_function", "entropic",
        "entropic_feature_frequency_threshold", "entropic_number_of_rarest_features",
        "entropic_scale_per_exec_time", "analyze_dict", "use_clang_coverage", "data_flow_trace",
        "collect_data_flow", "create_missing_dirs", "handle_trap", "print_full_coverage",
        "set_cover_merge"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
}

// Requirement: a flag accepted without being implemented prints exactly one INFO line saying it
// is ignored and why; hivefuzz's own and implemented flags print none.
TEST(LibFuzzerFlagsTest, OneInfoLinePerIgnoredFlag) {
  for (const LibFuzzerFlag& flag : LibFuzzerFlags()) {
    if (flag.kind == LibFuzzerFlagKind::kOtherWork || std::string(flag.name) == "help" ||
        std::string(flag.name) == "dict" || std::string(flag.name) == "seed_inputs" ||
        std::string(flag.name) == "detect_leaks") {  // depends on the build: DetectLeaks
      continue;
    }
    std::string arg = "-" + std::string(flag.name) + "=1";
    auto p = Parse({arg});
    ASSERT_TRUE(p.ok() && p->options) << arg;
    const Options& o = *p->options;
    if (flag.kind == LibFuzzerFlagKind::kIgnored) {
      ASSERT_EQ(o.startup_notes.size(), 1u) << arg;
      EXPECT_EQ(CountNotesNaming(o, flag.name), 1u) << arg;
      EXPECT_TRUE(o.startup_notes[0].starts_with("INFO: ")) << o.startup_notes[0];
      EXPECT_NE(o.startup_notes[0].find("ignored: "), std::string::npos) << o.startup_notes[0];
    } else if (flag.kind == LibFuzzerFlagKind::kMapped) {
      EXPECT_EQ(o.processes, 1u) << arg;  // -fork=1, -jobs=1, -workers=1: one process
      EXPECT_EQ(o.startup_notes.size(), std::string(flag.name) == "fork" ? 1u : 0u) << arg;
    } else {
      EXPECT_TRUE(o.startup_notes.empty()) << arg << ": " << o.startup_notes[0];
    }
  }
  // Several ignored flags: one line each, in any order; a repeated flag still one line.
  auto p = Parse({"-mutate_depth=5", "-shrink=1", "-trace_malloc=1", "-trace_malloc=0"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->options->startup_notes.size(), 3u);
  EXPECT_EQ(CountNotesNaming(*p->options, "trace_malloc"), 1u);
  EXPECT_NE(p->options->startup_notes[0].find("-mutate_depth=5"), std::string::npos);
}

// Requirement: -detect_leaks is on by default and =0 turns it off; it works in ASan builds
// (LeakSanitizer), and elsewhere it is accepted with one INFO line saying it needs ASan.
TEST(LibFuzzerFlagsTest, DetectLeaks) {
  auto d = Parse({});
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_TRUE(d->options->detect_leaks);
  auto p = Parse({"-detect_leaks=1", "-detect_leaks=0"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_FALSE(p->options->detect_leaks);
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
  EXPECT_EQ(CountNotesNaming(*p->options, "detect_leaks"), 0u);
#else
  ASSERT_EQ(CountNotesNaming(*p->options, "detect_leaks"), 1u);
  EXPECT_NE(p->options->startup_notes[0].find("needs an ASan build"), std::string::npos);
#endif
  EXPECT_FALSE(Parse({"-detect_leaks=2"}).ok());
}

// Requirement: a flag neither hivefuzz nor libFuzzer knows is still a usage error naming it.
TEST(LibFuzzerFlagsTest, UnknownFlagsStillFail) {
  for (const char* bad : {"-no_such_flag=1", "-fork_me=2", "-onlyascii=1"}) {
    auto p = Parse({bad});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_NE(p.status().message().find(std::string(bad).substr(0, std::string(bad).find('='))),
              std::string::npos)
        << p.status().message();
  }
}

// Requirement: -runs as libFuzzer reads it: a limit when fuzzing (0: run the corpus once), and
// with files how many times each file runs.
TEST(LibFuzzerFlagsTest, Runs) {
  auto p = Parse({"-runs=100"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->options->exec_limit, 100u);
  EXPECT_EQ(p->options->replay_runs, 100u);
  EXPECT_FALSE(p->options->warmup_only);
  auto zero = Parse({"-runs=0"});
  ASSERT_TRUE(zero.ok()) << zero.status().message();
  EXPECT_TRUE(zero->options->warmup_only);
  EXPECT_EQ(zero->options->exec_limit, 0u);
  EXPECT_EQ(zero->options->replay_runs, 1u);
  auto none = Parse({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->options->replay_runs, 1u);
  EXPECT_FALSE(Parse({"-runs=-2"}).ok());
}

// Requirement: the implemented flags parse into Options; bad values are usage errors naming the
// flag.
TEST(LibFuzzerFlagsTest, ImplementedFlags) {
  auto p = Parse({"-error_exitcode=42", "-timeout_exitcode=43", "-close_fd_mask=3",
                  "-only_ascii=1", "-create_missing_dirs=1", "-ignore_crashes=1", "-cross_over=0",
                  "-stop_file=stop", "-reload=7", "-len_control=50"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  const Options& o = *p->options;
  EXPECT_EQ(o.error_exitcode, 42);
  EXPECT_EQ(o.timeout_exitcode, 43);
  EXPECT_EQ(o.close_fd_mask, 3u);
  EXPECT_TRUE(o.only_ascii);
  EXPECT_TRUE(o.create_missing_dirs);
  EXPECT_TRUE(o.ignore_crashes);
  EXPECT_FALSE(o.ignore_timeouts);
  EXPECT_FALSE(o.ignore_ooms);
  EXPECT_FALSE(o.cross_over);
  EXPECT_EQ(o.stop_file, "stop");
  EXPECT_EQ(o.reload_interval_s, 7u);
  EXPECT_EQ(o.len_control, 50u);
  EXPECT_TRUE(o.startup_notes.empty());
  auto d = Parse({});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->options->error_exitcode, 77);
  EXPECT_EQ(d->options->timeout_exitcode, 70);
  EXPECT_EQ(d->options->close_fd_mask, 0u);
  EXPECT_FALSE(d->options->only_ascii);
  EXPECT_TRUE(d->options->cross_over);
  EXPECT_EQ(d->options->reload_interval_s, 1u) << "libFuzzer's default";
  EXPECT_EQ(Parse({"-reload=0"})->options->reload_interval_s, 0u);
  EXPECT_EQ(d->options->len_control, 100u) << "libFuzzer's default";
  EXPECT_EQ(Parse({"-len_control=0"})->options->len_control, 0u);
  for (const char* bad :
       {"-reload=-1", "-reload=x", "-len_control=-5", "-len_control=big", "-error_exitcode=256",
        "-error_exitcode=-1", "-timeout_exitcode=x", "-close_fd_mask=4", "-only_ascii=2",
        "-ignore_ooms=yes", "-fork=-1", "-jobs=2000"}) {
    auto q = Parse({bad});
    ASSERT_FALSE(q.ok()) << bad;
    std::string flag = std::string(bad).substr(0, std::string(bad).find('='));
    EXPECT_NE(q.status().message().find(flag), std::string::npos) << q.status().message();
  }
}

// Requirement (issue 16): -fork, -jobs and -workers set the number of process workers, of one
// thread each unless -parallel says how many; -workers wins over -jobs and -fork over both;
// -fork brings libFuzzer's fork-mode defaults (timeouts and OOMs ignored); 0 asks for none.
TEST(LibFuzzerFlagsTest, ForkJobsWorkersAreProcesses) {
  auto f = Parse({"-fork=3"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->options->processes, 3u);
  EXPECT_EQ(f->options->parallel, 1u);
  EXPECT_TRUE(f->options->ignore_timeouts);
  EXPECT_TRUE(f->options->ignore_ooms);
  EXPECT_FALSE(f->options->ignore_crashes);
  ASSERT_EQ(f->options->startup_notes.size(), 1u);
  EXPECT_NE(f->options->startup_notes[0].find("fork mode"), std::string::npos)
      << f->options->startup_notes[0];
  auto g = Parse({"-fork=3", "-ignore_timeouts=0", "-ignore_crashes=1"});
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(g->options->ignore_timeouts);
  EXPECT_TRUE(g->options->ignore_ooms);
  EXPECT_TRUE(g->options->ignore_crashes);
  auto j = Parse({"-jobs=8", "-workers=2"});
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->options->processes, 2u);
  EXPECT_EQ(j->options->parallel, 1u);
  EXPECT_FALSE(j->options->ignore_timeouts);
  EXPECT_TRUE(j->options->startup_notes.empty());
  auto w = Parse({"-parallel=2", "-fork=5"});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->options->processes, 5u);
  EXPECT_EQ(w->options->parallel, 2u);
  auto none = Parse({"-parallel=3", "-fork=0"});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->options->processes, 0u);
  EXPECT_EQ(none->options->parallel, 3u);
  ASSERT_EQ(none->options->startup_notes.size(), 1u);
  EXPECT_NE(none->options->startup_notes[0].find("asks for no processes"), std::string::npos);
}

// Requirement: -ignore_remaining_args=1 leaves every later argument to the target.
TEST(LibFuzzerFlagsTest, IgnoreRemainingArgs) {
  auto p = Parse({"-runs=5", "-ignore_remaining_args=1", "-target_flag=1", "positional", "-x"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->options->exec_limit, 5u);
  EXPECT_TRUE(p->options->inputs.empty());
  EXPECT_TRUE(p->options->startup_notes.empty());
}

// Requirement: -seed_inputs takes FILE,FILE... or @LISTFILE; a missing file is an error.
TEST(LibFuzzerFlagsTest, SeedInputs) {
  TempDir dir;
  for (const char* name : {"a", "b"}) {
    ASSERT_TRUE(WriteFileAtomic(dir.path(), name, reinterpret_cast<const uint8_t*>("x"), 1).ok());
  }
  std::string a = dir.path() + "/a", b = dir.path() + "/b";
  auto p = Parse({"-seed_inputs=" + a + "," + b});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->options->seed_inputs, (std::vector<std::string>{a, b}));
  std::string list = a + "," + b + "\n";
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "list", reinterpret_cast<const uint8_t*>(list.data()),
                              list.size())
                  .ok());
  auto q = Parse({"-seed_inputs=@" + dir.path() + "/list"});
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->options->seed_inputs, (std::vector<std::string>{a, b}));
  auto bad = Parse({"-seed_inputs=" + a + "," + dir.path() + "/missing"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("missing does not exist"), std::string::npos)
      << bad.status().message();
}

// Requirement: -only_ascii's conversion is libFuzzer's ToASCII: high bit cleared, what is
// neither isprint nor isspace becomes ' '.
TEST(LibFuzzerFlagsTest, ToAsciiIsLibFuzzers) {
  for (int b = 0; b < 256; b++) {
    uint8_t c = uint8_t(b);
    ToAscii(&c, 1);
    int low = b & 0x7f;
    int want = (std::isprint(low) || std::isspace(low)) ? low : ' ';
    EXPECT_EQ(int(c), want) << b;
  }
}

}  // namespace
}  // namespace hivefuzz

namespace hivefuzz {
namespace {

// Requirement: a flag given twice takes its last value, as libFuzzer does (drivers append their
// flags to the user's); -dict, -seed_corpus and the inputs still add up.
TEST(LibFuzzerFlagsTest, RepeatedFlagTakesTheLastValue) {
  TempDir dir;
  for (const char* name : {"a.dict", "b.dict"}) {
    ASSERT_TRUE(
        WriteFileAtomic(dir.path(), name, reinterpret_cast<const uint8_t*>("\"x\"\n"), 4).ok());
  }
  auto p = Parse({"-timeout=5", "-max_total_time=10", "-timeout=25", "-max_total_time=3",
                  "-dict=" + dir.path() + "/a.dict", "-dict=" + dir.path() + "/b.dict",
                  "-seed_corpus=s1", "-seed_corpus=s2,s3", "-only_ascii=1", "-only_ascii=0",
                  "c1", "c2"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  const Options& o = *p->options;
  EXPECT_EQ(o.timeout_ns, 25'000'000'000ULL);
  EXPECT_EQ(o.time_limit_ns, 3'000'000'000ULL);
  EXPECT_EQ(o.dictionaries.size(), 2u);
  EXPECT_EQ(o.seed_corpus_dirs, (std::vector<std::string>{"s1", "s2", "s3"}));
  EXPECT_FALSE(o.only_ascii);
  EXPECT_EQ(o.inputs, (std::vector<std::string>{"c1", "c2"}));
}

}  // namespace
}  // namespace hivefuzz
