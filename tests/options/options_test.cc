#include "options/options.h"

#include <gtest/gtest.h>

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
    for (const char* flag : {"-fuzztime", "-parallel", "-seed", "-max_len", "-cache_dir",
                             "-artifact_prefix", "-seed_corpus", "-runs", "-max_total_time"}) {
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
