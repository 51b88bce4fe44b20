#include "options/options.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace hivefuzz
