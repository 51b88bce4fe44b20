#include "options/options.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace hivefuzz {
namespace {

Result<ParsedCommandLine> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "./fuzzer");
  return ParseCommandLine(int(args.size()), args.data());
}

// Requirement: Go's -fuzztime grammar, durations and exact counts.
TEST(OptionsTest, FuzztimeDurationsAndCounts) {
  EXPECT_EQ(ParseDurationOrCount("30s")->nanos, 30'000'000'000ULL);
  EXPECT_EQ(ParseDurationOrCount("1m30s")->nanos, 90'000'000'000ULL);
  EXPECT_EQ(ParseDurationOrCount("500ms")->nanos, 500'000'000ULL);
  EXPECT_EQ(ParseDurationOrCount("2h")->nanos, 7200'000'000'000ULL);
  EXPECT_EQ(ParseDurationOrCount("1000x")->count, 1000u);
  for (const char* bad : {"", "0s", "0x", "-5s", "30", "x", "5y", "1.5s", "-1x"}) {
    EXPECT_FALSE(ParseDurationOrCount(bad).ok()) << bad;
  }
}

// Requirement: libFuzzer's -name=value, Go's -name value and --name=value all work.
TEST(OptionsTest, FlagSpellings) {
  auto p = Parse({"-fuzztime=1000x", "-parallel", "3", "--max_len=77", "-seed=5", "corpus"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  const Options& o = *p->options;
  EXPECT_EQ(o.exec_limit, 1000u);
  EXPECT_EQ(o.parallel, 3u);
  EXPECT_EQ(o.max_len, 77u);
  EXPECT_EQ(o.seed, 5u);
  ASSERT_EQ(o.inputs.size(), 1u);
  EXPECT_EQ(o.inputs[0], "corpus");
}

// Requirement: new interesting inputs are kept as found unless -minimize_new_inputs=1 asks
// for Go's minimization; crashers are minimized either way.
TEST(OptionsTest, NewInputMinimizationIsOptIn) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->options->minimize_new_inputs);
  EXPECT_EQ(p->options->minimize_time_ns, 60'000'000'000ULL);
  auto q = Parse({"-minimize_new_inputs=1", "-fuzzminimizetime=100x"});
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_TRUE(q->options->minimize_new_inputs);
  EXPECT_EQ(q->options->minimize_attempts, 100u);
  EXPECT_FALSE(Parse({"-minimize_new_inputs=2"}).ok());
}

// Expects the 0/1 flag `name` to be off unless given as 1, and any other value refused.
void ExpectOptInFlag(const std::string& name, bool Options::*member) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE((*p->options).*member) << name;
  const std::string on = "-" + name + "=1", bad = "-" + name + "=2";
  auto q = Parse({on.c_str()});
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_TRUE((*q->options).*member) << name;
  EXPECT_FALSE(Parse({bad.c_str()}).ok()) << name;
}

// Requirement: every worker prefers small entries unless -any_size_workers=1 asks for every
// other one to pick regardless of size.
TEST(OptionsTest, AnySizeWorkersIsOptIn) {
  ExpectOptInFlag("any_size_workers", &Options::any_size_workers);
}

// Requirement: the comparison sweep of new inputs is opt-in (-sweep_comparisons=1); its value
// is 0 or 1.
TEST(OptionsTest, SweepComparisonsIsOptIn) {
  ExpectOptInFlag("sweep_comparisons", &Options::sweep_comparisons);
}

// Requirement: -favor_rare is unset by default (every other worker favors rare entries), and
// 0 or 1 set it for every worker.
TEST(OptionsTest, FavorRareIsUnsetUnlessGiven) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->options->favor_rare.has_value());
  auto off = Parse({"-favor_rare=0"});
  ASSERT_TRUE(off.ok()) << off.status().message();
  EXPECT_EQ(off->options->favor_rare, std::optional<bool>(false));
  auto on = Parse({"-favor_rare=1"});
  ASSERT_TRUE(on.ok()) << on.status().message();
  EXPECT_EQ(on->options->favor_rare, std::optional<bool>(true));
  EXPECT_FALSE(Parse({"-favor_rare=2"}).ok());
}

// Requirement: libFuzzer's -runs and -max_total_time map onto the same limits.
TEST(OptionsTest, LibFuzzerLimits) {
  auto p = Parse({"-runs=50", "-max_total_time=7"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->options->exec_limit, 50u);
  EXPECT_EQ(p->options->time_limit_ns, 7'000'000'000ULL);
  auto q = Parse({"-runs=-1"});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->options->exec_limit, 0u);
}

// Requirement: bad values give a message naming the flag in the user's spelling.
TEST(OptionsTest, BadValuesNameTheFlag) {
  struct Case {
    const char* arg;
    const char* flag;
  } cases[] = {
      {"-parallel=0", "-parallel"},    {"-parallel=abc", "-parallel"},
      {"-fuzztime=soon", "-fuzztime"}, {"-max_len=-3", "-max_len"},
      {"-runs=-7", "-runs"},           {"-nosuchflag=1", "-nosuchflag"},
  };
  for (const Case& c : cases) {
    auto p = Parse({c.arg});
    ASSERT_FALSE(p.ok()) << c.arg;
    EXPECT_NE(p.status().message().find(c.flag), std::string::npos)
        << c.arg << " -> " << p.status().message();
    EXPECT_EQ(p.status().message().find("--"), std::string::npos) << p.status().message();
  }
}

// Requirement: "-name=" gives the flag an empty value (-cache_dir= disables the cache) and
// never takes the next argument as its value.
TEST(OptionsTest, EmptyValueDoesNotTakeTheNextArgument) {
  auto p = Parse({"-cache_dir=", "-artifact_prefix=out/", "corpus"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->options->cache_dir, "");
  EXPECT_EQ(p->options->artifact_prefix, "out/");
  ASSERT_EQ(p->options->inputs.size(), 1u);
  EXPECT_EQ(p->options->inputs[0], "corpus");
  auto last = Parse({"corpus", "-cache_dir="});
  ASSERT_TRUE(last.ok()) << last.status().message();
  EXPECT_EQ(last->options->cache_dir, "");
}

// Requirement (libFuzzer's rule): -malloc_limit_mb defaults to -rss_limit_mb.
TEST(OptionsTest, MallocLimitDefaultsToRssLimit) {
  EXPECT_EQ(Parse({})->options->malloc_limit_mb, 2048u);
  EXPECT_EQ(Parse({"-rss_limit_mb=300"})->options->malloc_limit_mb, 300u);
  EXPECT_EQ(Parse({"-rss_limit_mb=300", "-malloc_limit_mb=50"})->options->malloc_limit_mb, 50u);
  EXPECT_EQ(Parse({"-malloc_limit_mb=0"})->options->malloc_limit_mb, 0u);
}

// Requirement: -help=1 (libFuzzer) and --help print every flag in single-dash form.
TEST(OptionsTest, HelpListsFlags) {
  for (const char* h : {"-help=1", "--help", "-help"}) {
    auto p = Parse({h});
    ASSERT_TRUE(p.ok()) << h;
    EXPECT_FALSE(p->options.has_value());
    for (const char* flag :
         {"-fuzztime", "-parallel", "-seed", "-max_len", "-cache_dir", "-artifact_prefix",
          "-seed_corpus", "-runs", "-max_total_time", "-stats_file", "-bench", "-bench_threads",
          "-bench_runs", "-bench_repetitions", "-bench_out"}) {
      EXPECT_NE(p->help.find(flag), std::string::npos) << flag;
    }
  }
}

// Requirement: files mean replay, directories mean fuzzing, a mix is refused.
TEST(OptionsTest, RunModeFromInputs) {
  TempDir dir;
  std::string file = dir.path() + "/f";
  FILE* f = std::fopen(file.c_str(), "w");
  std::fclose(f);
  Options o;
  EXPECT_EQ(*DetermineRunMode(o), RunMode::kFuzz);
  o.inputs = {file};
  EXPECT_EQ(*DetermineRunMode(o), RunMode::kReplay);
  o.inputs = {dir.path()};
  EXPECT_EQ(*DetermineRunMode(o), RunMode::kFuzz);
  o.inputs = {dir.path() + "/new_output_dir"};
  EXPECT_EQ(*DetermineRunMode(o), RunMode::kFuzz);
  o.inputs = {dir.path(), file};
  EXPECT_FALSE(DetermineRunMode(o).ok());
  o.inputs = {dir.path(), dir.path() + "/missing"};
  EXPECT_FALSE(DetermineRunMode(o).ok());
}

// Requirement: the benchmark flags; thread counts sorted with duplicates dropped.
TEST(OptionsTest, BenchFlags) {
  auto p = Parse({"-bench=1", "-bench_threads=4,1,2,2", "-bench_runs=1000", "-bench_repetitions=3",
                  "-bench_out=out/x.json", "corpus"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  const Options& o = *p->options;
  EXPECT_TRUE(o.bench);
  EXPECT_EQ(o.bench_threads, (std::vector<uint32_t>{1, 2, 4}));
  EXPECT_EQ(o.bench_runs, 1000u);
  EXPECT_EQ(o.bench_repetitions, 3u);
  EXPECT_EQ(o.bench_out, "out/x.json");
  auto d = Parse({});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->options->bench);
  EXPECT_EQ(d->options->bench_threads,
            DefaultBenchThreads(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_EQ(d->options->bench_runs, 200000u);
  EXPECT_EQ(d->options->bench_repetitions, 5u);
  EXPECT_EQ(d->options->bench_out, "");
}

// Requirement: the default thread counts are 1, 2 and the hardware threads, each once.
TEST(OptionsTest, DefaultBenchThreads) {
  EXPECT_EQ(DefaultBenchThreads(1), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(DefaultBenchThreads(2), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(DefaultBenchThreads(16), (std::vector<uint32_t>{1, 2, 16}));
  EXPECT_EQ(DefaultBenchThreads(5000), (std::vector<uint32_t>{1, 2, 1024}));
}

// Requirement: bad benchmark values are refused with a message naming the flag.
TEST(OptionsTest, BadBenchValuesNameTheFlag) {
  struct Case {
    const char* arg;
    const char* flag;
  } cases[] = {
      {"-bench=2", "-bench"},
      {"-bench_threads=0", "-bench_threads"},
      {"-bench_threads=1,,2", "-bench_threads"},
      {"-bench_threads=abc", "-bench_threads"},
      {"-bench_threads=2000", "-bench_threads"},
      {"-bench_threads=-1", "-bench_threads"},
      {"-bench_threads=", "-bench_threads"},
      {"-bench_threads=1,2,", "-bench_threads"},
      {"-bench_runs=0", "-bench_runs"},
      {"-bench_runs=-5", "-bench_runs"},
      {"-bench_runs=1e6", "-bench_runs"},
      {"-bench_runs=2000000000000", "-bench_runs"},
      {"-bench_repetitions=0", "-bench_repetitions"},
      {"-bench_repetitions=x", "-bench_repetitions"},
  };
  for (const Case& c : cases) {
    auto p = Parse({c.arg});
    ASSERT_FALSE(p.ok()) << c.arg;
    EXPECT_NE(p.status().message().find(c.flag), std::string::npos)
        << c.arg << " -> " << p.status().message();
  }
  EXPECT_FALSE(ParseThreadList("1 2").ok());
  EXPECT_EQ(*ParseThreadList("8"), (std::vector<uint32_t>{8}));
}

// Requirement: the stats file defaults to <artifact_prefix>fuzz-stats.csv; -stats_file=
// (empty) turns it off.
TEST(OptionsTest, StatsFileDefaultAndOverride) {
  EXPECT_EQ(Parse({})->options->stats_file, "./fuzz-stats.csv");
  EXPECT_EQ(Parse({"-artifact_prefix=out/"})->options->stats_file, "out/fuzz-stats.csv");
  EXPECT_EQ(Parse({"-stats_file=s.csv", "-artifact_prefix=out/"})->options->stats_file, "s.csv");
  auto off = Parse({"-stats_file=", "corpus"});
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->options->stats_file, "");
  ASSERT_EQ(off->options->inputs.size(), 1u);
}

// Requirement: -bench=1 reads existing corpus directories only; files and missing paths (even
// the first, which fuzzing would create) are refused.
TEST(OptionsTest, BenchRunModeNeedsExistingDirectories) {
  TempDir dir;
  std::string file = dir.path() + "/f";
  std::fclose(std::fopen(file.c_str(), "w"));
  Options o;
  o.bench = true;
  EXPECT_EQ(*DetermineRunMode(o), RunMode::kBench);
  o.inputs = {dir.path()};
  EXPECT_EQ(*DetermineRunMode(o), RunMode::kBench);
  o.inputs = {dir.path() + "/missing"};
  ASSERT_FALSE(DetermineRunMode(o).ok());
  EXPECT_NE(DetermineRunMode(o).status().message().find("does not exist"), std::string::npos);
  o.inputs = {file};
  ASSERT_FALSE(DetermineRunMode(o).ok());
  EXPECT_NE(DetermineRunMode(o).status().message().find("is a file"), std::string::npos);
}

// Regression: a list flag takes its own value only; the corpus directory after it is still
// the positional input (-seed_corpus=DIR corpus used to read "corpus" as a second seed dir).
TEST(OptionsTest, ListFlagsDoNotSwallowPositionalInputs) {
  auto p = Parse({"-seed_corpus=a,b", "corpus", "-seed_corpus=c"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->options->seed_corpus_dirs, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(p->options->inputs, (std::vector<std::string>{"corpus"}));
  TempDir dir;
  std::string dict = dir.path() + "/x.dict";
  std::fclose(std::fopen(dict.c_str(), "w"));
  std::string flag = "-dict=" + dict;
  auto q = Parse({flag.c_str(), "corpus"});
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->options->dictionaries, (std::vector<std::string>{dict}));
  EXPECT_EQ(q->options->inputs, (std::vector<std::string>{"corpus"}));
}

// Requirement: the default cache directory follows XDG.
TEST(OptionsTest, DefaultCacheDir) {
  setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ(DefaultCacheDir("/a/b/my_fuzzer"), "/xdg/hivefuzz/my_fuzzer");
  unsetenv("XDG_CACHE_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(DefaultCacheDir("my_fuzzer"), "/home/u/.cache/hivefuzz/my_fuzzer");
}

// Regression: numeric flags used to wrap or saturate: -timeout=-1 disabled hang detection,
// -timeout=36028797018963969 overflowed to about a second, "-1" was taken as a huge limit and
// "010" as octal 8. Each is refused with the flag, the text and the range taken.
TEST(OptionsTest, NumericFlagsRejectNegativeNonNumericAndOverflow) {
  struct Case {
    const char* arg;
    const char* message;
  } cases[] = {
      {"-timeout=-1", "-timeout=-1 is negative: want whole seconds from 0 to 1000000000"},
      {"-timeout=36028797018963969", "-timeout=36028797018963969 is too large"},
      {"-timeout=99999999999999999999", "-timeout=99999999999999999999 is too large"},
      {"-timeout=1.5", "-timeout=1.5 is not a whole number"},
      {"-timeout=0x10", "-timeout=0x10 is not a whole number"},
      {"-timeout=+5", "-timeout=+5 is not a whole number"},
      {"-timeout= 5", "-timeout= 5 is not a whole number"},
      {"-rss_limit_mb=-1", "-rss_limit_mb=-1 is negative"},
      {"-rss_limit_mb=1073741825", "-rss_limit_mb=1073741825 is too large"},
      {"-malloc_limit_mb=-1", "-malloc_limit_mb=-1 is negative"},
      {"-malloc_limit_mb=17592186044416", "-malloc_limit_mb=17592186044416 is too large"},
      {"-malloc_limit_mb=", "-malloc_limit_mb= is not a whole number"},
      {"-max_total_time=-1", "-max_total_time=-1 is negative"},
      {"-max_total_time=18446744073709551", "-max_total_time=18446744073709551 is too large"},
      {"-max_crashes=-1", "-max_crashes=-1 is negative"},
      {"-max_crashes=18446744073709551616", "-max_crashes=18446744073709551616 is too large"},
      {"-seed=-1", "-seed=-1 is negative"},
      {"-parallel=-1", "-parallel=-1 is negative"},
      {"-parallel=1025", "-parallel=1025 is too large: want worker threads from 1 to 1024"},
      {"-max_len=1073741825", "-max_len=1073741825 is too large"},
      {"-bench_repetitions=-1", "-bench_repetitions=-1 is negative"},
      {"-runs=-2", "-runs=-2 is negative"},
      {"-runs=18446744073709551616", "-runs=18446744073709551616 is too large"},
      {"-runs=1e6", "-runs=1e6 is not a whole number"},
  };
  for (const Case& c : cases) {
    auto p = Parse({c.arg});
    ASSERT_FALSE(p.ok()) << c.arg;
    EXPECT_EQ(p.status().message().find(c.message), 0u) << c.arg << " -> " << p.status().message();
  }
  // A space before the value is the same flag (Go's spelling).
  auto spaced = Parse({"-timeout", "-1"});
  ASSERT_FALSE(spaced.ok());
  EXPECT_NE(spaced.status().message().find("-timeout=-1 is negative"), std::string::npos)
      << spaced.status().message();
}

// Requirement: the limits of each numeric flag are taken, decimal only, with libFuzzer's
// -runs=-1 (no limit) kept.
TEST(OptionsTest, NumericFlagLimitsAreAccepted) {
  auto p = Parse({"-timeout=1000000000", "-max_total_time=1000000000", "-rss_limit_mb=0",
                  "-malloc_limit_mb=1073741824", "-max_crashes=18446744073709551615",
                  "-seed=18446744073709551615", "-max_len=010", "-parallel=1024", "-runs=-1"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  const Options& o = *p->options;
  EXPECT_EQ(o.timeout_ns, 1'000'000'000'000'000'000ULL);
  EXPECT_EQ(o.time_limit_ns, 1'000'000'000'000'000'000ULL);
  EXPECT_EQ(o.rss_limit_mb, 0u);
  EXPECT_EQ(o.malloc_limit_mb, uint64_t{1} << 30);
  EXPECT_EQ(o.max_crashes, UINT64_MAX);
  EXPECT_EQ(o.seed, UINT64_MAX);
  EXPECT_EQ(o.max_len, 10u) << "decimal, as libFuzzer reads it, not octal";
  EXPECT_EQ(o.parallel, 1024u);
  EXPECT_EQ(o.exec_limit, 0u);
  auto zero = Parse({"-timeout=0", "-runs=18446744073709551615"});
  ASSERT_TRUE(zero.ok()) << zero.status().message();
  EXPECT_EQ(zero->options->timeout_ns, 0u);
  EXPECT_EQ(zero->options->exec_limit, UINT64_MAX);
}

// Regression: a duration's value times its unit, and the sum of its parts, used to wrap around
// (-fuzztime=5124095576030431h was about 20 minutes). Durations beyond about 31 years are
// refused.
TEST(OptionsTest, DurationsDoNotOverflow) {
  for (const char* bad :
       {"5124095576030431h", "18446744073709551616ns", "18446744073709551615ns",
        "600000000s600000000s", "1000000001s", "277778h", "99999999999999999999999m"}) {
    auto d = ParseDurationOrCount(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(d.status().message().find("is too long: the most is 1000000000s"), std::string::npos)
        << d.status().message();
  }
  EXPECT_EQ(ParseDurationOrCount("1000000000s")->nanos, 1'000'000'000'000'000'000ULL);
  EXPECT_EQ(ParseDurationOrCount("277777h46m40s")->nanos, 1'000'000'000'000'000'000ULL);
  EXPECT_FALSE(ParseDurationOrCount("18446744073709551616x").ok());
  EXPECT_EQ(ParseDurationOrCount("18446744073709551615x")->count, UINT64_MAX);
  auto flag = Parse({"-fuzztime=5124095576030431h"});
  ASSERT_FALSE(flag.ok());
  EXPECT_EQ(flag.status().message().find("-fuzztime: duration"), 0u) << flag.status().message();
  EXPECT_FALSE(Parse({"-fuzzminimizetime=5124095576030431h"}).ok());
}

// Regressions (self-fuzzing, targets/self/seeds/self_options/regress_fuzztime_overflow*): a
// duration's value times its unit wrapped around, -fuzztime=5124096h to 25 minutes and
// -fuzztime=20000000000s to 49 years. Both are refused as too long, as flags and as values.
TEST(OptionsTest, FuzztimeOverflowFindingsAreRefused) {
  for (const char* bad : {"5124096h", "20000000000s"}) {
    auto d = ParseDurationOrCount(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(d.status().message().find("is too long"), std::string::npos) << d.status().message();
  }
  EXPECT_FALSE(Parse({"-fuzztime=5124096h"}).ok());
  EXPECT_FALSE(Parse({"-fuzztime=20000000000s"}).ok());
  EXPECT_FALSE(Parse({"-fuzzminimizetime=20000000000s"}).ok());
}

// Regression: the micro units could never match (std::isalpha is false for the UTF-8 bytes of
// U+00B5). Go takes "us", "µs" (U+00B5 MICRO SIGN) and "μs" (U+03BC GREEK SMALL LETTER MU).
TEST(OptionsTest, FuzztimeMicrosecondsInEverySpelling) {
  for (const char* ok : {"10us", "10\xC2\xB5s", "10\xCE\xBCs"}) {
    auto d = ParseDurationOrCount(ok);
    ASSERT_TRUE(d.ok()) << ok << ": " << d.status().message();
    EXPECT_EQ(d->nanos, 10'000u) << ok;
  }
  EXPECT_EQ(ParseDurationOrCount("1s10\xC2\xB5s5ns")->nanos, 1'000'010'005u);
  auto flag = Parse({"-fuzztime=10\xC2\xB5s"});
  ASSERT_TRUE(flag.ok()) << flag.status().message();
  EXPECT_EQ(flag->options->time_limit_ns, 10'000u);
  // Half a micro sign, a micro sign alone or twice, and other non-ASCII units are refused.
  for (const char* bad : {"10\xC2s", "10\xB5s", "10\xC2\xB5", "10\xC2\xB5\xC2\xB5s", "10\xCE\xBC",
                          "10\xC3\x9Fs", "10 us", "10u s"}) {
    EXPECT_FALSE(ParseDurationOrCount(bad).ok()) << bad;
  }
}

// Regression: "./fuzzer -- -fuzztime=1000x" made a corpus directory named "--fuzztime=1000x".
// After "--" the arguments are paths kept as written, and one that starts with '-' is refused
// with both ways out.
TEST(OptionsTest, DoubleDashEndsTheFlags) {
  auto p = Parse({"-fuzztime=10x", "--", "corpus", "dir=", "-x"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message().find("'-x' comes after '--'"), 0u) << p.status().message();
  EXPECT_NE(p.status().message().find("./-x"), std::string::npos) << p.status().message();
  auto flag = Parse({"--", "-fuzztime=1000x"});
  ASSERT_FALSE(flag.ok());
  EXPECT_NE(flag.status().message().find("'-fuzztime=1000x'"), std::string::npos)
      << flag.status().message();
  EXPECT_EQ(flag.status().message().find("--fuzztime"), std::string::npos)
      << flag.status().message();
  EXPECT_FALSE(Parse({"--", "-"}).ok());
  auto ok = Parse({"-fuzztime=10x", "--", "corpus", "dir=", "./-x"});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->options->exec_limit, 10u);
  EXPECT_EQ(ok->options->inputs, (std::vector<std::string>{"corpus", "dir=", "./-x"}));
  auto empty = Parse({"--"});
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_TRUE(empty->options->inputs.empty());
}

// Regression: -dict=FIFO passed the "file exists" check and then blocked the engine forever;
// the flag now takes regular files only and says what the path is.
TEST(OptionsTest, DictMustBeARegularFile) {
  TempDir dir;
  std::string fifo = dir.path() + "/pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  std::string flag = "-dict=" + fifo;
  auto p = Parse({flag.c_str()});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message().find("-dict: " + fifo +
                                      " is a FIFO (named pipe), not a regular file; give a file"),
            0u)
      << p.status().message();
  std::string dir_flag = "-dict=" + dir.path();
  EXPECT_NE(Parse({dir_flag.c_str()}).status().message().find("is a directory"), std::string::npos);
  // A "--" inside a path is the user's, not CLI11's spelling of a flag.
  std::string missing = "-dict=" + dir.path() + "/a--b";
  auto m = Parse({missing.c_str()});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find(dir.path() + "/a--b does not exist; give a file"),
            std::string::npos)
      << m.status().message();
}

// Regression: a FIFO given as an input was reported as missing (or, first, as the corpus
// directory to create); it is named for what it is.
TEST(OptionsTest, RunModeNamesAFifo) {
  TempDir dir;
  std::string fifo = dir.path() + "/pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  Options o;
  for (auto inputs : {std::vector<std::string>{fifo}, std::vector<std::string>{dir.path(), fifo}}) {
    o.inputs = inputs;
    auto mode = DetermineRunMode(o);
    ASSERT_FALSE(mode.ok());
    EXPECT_EQ(mode.status().message(),
              fifo +
                  " is a FIFO (named pipe): give corpus directories (to fuzz) or regular "
                  "files (to replay)");
  }
  o.bench = true;
  o.inputs = {fifo};
  ASSERT_FALSE(DetermineRunMode(o).ok());
  EXPECT_NE(DetermineRunMode(o).status().message().find("is a FIFO"), std::string::npos);
}

// Requirement: MakePathsAbsolute resolves every path the engine uses later against the current
// directory (a target's LLVMFuzzerInitialize may chdir), keeps absolute and empty ones, and
// keeps the file-name part of -artifact_prefix.
TEST(OptionsTest, MakePathsAbsolute) {
  char buffer[PATH_MAX];
  ASSERT_NE(getcwd(buffer, sizeof(buffer)), nullptr);
  const std::string cwd = buffer;
  TempDir dir;
  const std::string dict = dir.path() + "/abs.dict";
  std::fclose(std::fopen(dict.c_str(), "w"));
  const std::string dict_flag = "-dict=" + dict;
  auto p = Parse({"-seed_corpus=seeds,/abs/seeds", dict_flag.c_str(), "-cache_dir=cache",
                  "-stats_file=./s.csv", "-artifact_prefix=out/crash-", "-bench_out=b.json",
                  "corpus", "/abs/corpus", "./x/../y"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  Options o = std::move(*p->options);
  o.dictionaries.push_back("words.dict");
  MakePathsAbsolute(o);
  EXPECT_EQ(o.inputs, (std::vector<std::string>{cwd + "/corpus", "/abs/corpus", cwd + "/x/../y"}));
  EXPECT_EQ(o.seed_corpus_dirs, (std::vector<std::string>{cwd + "/seeds", "/abs/seeds"}));
  EXPECT_EQ(o.dictionaries, (std::vector<std::string>{dict, cwd + "/words.dict"}));
  EXPECT_EQ(o.cache_dir, cwd + "/cache");
  EXPECT_EQ(o.stats_file, cwd + "/s.csv");
  EXPECT_EQ(o.artifact_prefix, cwd + "/out/crash-");
  EXPECT_EQ(o.bench_out, cwd + "/b.json");

  struct Prefix {
    const char* given;
    std::string absolute;
  } prefixes[] = {{"", cwd + "/"},
                  {"./", cwd + "/"},
                  {"crash-", cwd + "/crash-"},
                  {"out/", cwd + "/out/"},
                  {"/tmp/o/", "/tmp/o/"},
                  {".", cwd + "/."},
                  {"./out/x-", cwd + "/out/x-"}};
  for (const Prefix& prefix : prefixes) {
    Options q;
    q.artifact_prefix = prefix.given;
    q.cache_dir = "";
    q.stats_file = "";
    MakePathsAbsolute(q);
    EXPECT_EQ(q.artifact_prefix, prefix.absolute) << prefix.given;
    EXPECT_EQ(q.cache_dir, "") << "an empty path means 'none' and stays empty";
    EXPECT_EQ(q.stats_file, "");
  }
}

// Requirement: libFuzzer's crash-tool flags as ClusterFuzz writes them (issue 12 section 4);
// off and empty by default.
TEST(OptionsTest, CrashToolFlags) {
  auto none = Parse({"crash"});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->options->minimize_crash);
  EXPECT_FALSE(none->options->cleanse_crash);
  EXPECT_EQ(none->options->exact_artifact_path, "");
  auto p = Parse({"-max_total_time=5", "-exact_artifact_path=/tmp/out", "-minimize_crash=1",
                  "-cleanse_crash=1", "-artifact_prefix=/tmp/w/", "crash"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->options->minimize_crash);
  EXPECT_TRUE(p->options->cleanse_crash);
  EXPECT_EQ(p->options->exact_artifact_path, "/tmp/out");
  EXPECT_EQ(p->options->inputs, std::vector<std::string>{"crash"});
  EXPECT_FALSE(Parse({"-minimize_crash=2", "crash"}).ok());
}

}  // namespace
}  // namespace hivefuzz
