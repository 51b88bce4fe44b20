// End-to-end: the lines that tools driving a libFuzzer binary (ClusterFuzz, ClusterFuzzLite,
// OSS-Fuzz) read in its output, checked with those tools' own regular expressions
// (clusterfuzz: _internal/bot/fuzzers/libFuzzer/stats.py, libfuzzer.py, stacktraces/constants.py;
// Python's re.match anchors at the start of the line, as Matches() below does).
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>

#include "e2e/clusterfuzz_patterns.h"
#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

std::vector<std::string> Lines(const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first line that `pattern` matches from its start (Python's re.match), with its groups;
// empty if none.
// The match refers into `lines`, which must outlive it.
std::smatch FirstMatch(const std::vector<std::string>& lines, const std::string& pattern) {
  std::regex re(pattern);
  for (const std::string& line : lines) {
    std::smatch m;
    if (std::regex_search(line, m, re, std::regex_constants::match_continuous)) return m;
  }
  return {};
}

bool Matches(const std::string& output, const std::string& pattern) {
  return !FirstMatch(Lines(output), pattern).empty();
}

// Index of the first line matching `pattern`, or -1.
int LineOf(const std::string& output, const std::string& pattern) {
  std::regex re(pattern);
  auto lines = Lines(output);
  for (size_t i = 0; i < lines.size(); i++) {
    if (std::regex_search(lines[i], re, std::regex_constants::match_continuous)) return int(i);
  }
  return -1;
}

RunResult FuzzCrashKinds(const TempDir& dir, const std::string& kind,
                         std::vector<std::string> extra_args, std::vector<std::string> env = {}) {
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "f");
  std::vector<std::string> args = {"-parallel=2", "-fuzztime=2000000x", "-print_final_stats=1",
                                   "-artifact_prefix=" + dir.path() + "/artifacts/", corpus};
  args.insert(args.begin(), extra_args.begin(), extra_args.end());
  env.push_back("HIVEFUZZ_TEST_FAILURE=" + kind);
  return RunFuzzer(dir, "crash_kinds", args, env, 120);
}

// The stat:: lines, by name; every value must be an integer (ClusterFuzz rejects the rest).
std::map<std::string, long long> FinalStats(const std::string& output) {
  std::map<std::string, long long> stats;
  std::regex re(kStat);
  for (const std::string& line : Lines(output)) {
    std::smatch m;
    if (!std::regex_search(line, m, re, std::regex_constants::match_continuous)) continue;
    EXPECT_TRUE(std::regex_match(m[2].str(), std::regex(R"(\d+)"))) << line;
    stats[m[1].str()] = std::atoll(m[2].str().c_str());
  }
  return stats;
}

// Requirement: a fuzzing run prints libFuzzer's start lines (seed, modules with the edge
// count, seed corpus), "#N INITED" after warmup, "Done N runs" at its limit, and with
// -print_final_stats=1 the five stat:: lines with integer values over the whole run.
TEST(LibFuzzerOutputTest, StartDoneAndFinalStats) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "f");
  RunResult r = RunFuzzer(dir, "crash_kinds",
                          {"-parallel=2", "-runs=30000", "-print_final_stats=1",
                           "-artifact_prefix=" + dir.path() + "/", corpus},
                          {"HIVEFUZZ_TEST_FAILURE=none"}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto lines = Lines(r.output);
  EXPECT_FALSE(FirstMatch(lines, R"(INFO: Seed: \d+)").empty()) << r.output;
  std::smatch loaded = FirstMatch(lines, kLoaded);
  ASSERT_FALSE(loaded.empty()) << r.output;
  EXPECT_GT(std::atoll(loaded[2].str().c_str()), 0) << "edges_total";
  std::smatch seeds = FirstMatch(lines, kSeedCorpus);
  ASSERT_FALSE(seeds.empty()) << r.output;
  EXPECT_EQ(seeds[1].str(), "1");
  EXPECT_FALSE(FirstMatch(lines, kInited).empty()) << r.output;
  EXPECT_FALSE(FirstMatch(lines, kLogLine).empty()) << r.output;
  std::smatch done = FirstMatch(lines, kDone);
  ASSERT_FALSE(done.empty()) << r.output;
  EXPECT_TRUE(std::regex_match(done[0].str(), std::regex(R"(Done 30000 runs in \d+ second\(s\))")))
      << done[0].str();
  EXPECT_LT(LineOf(r.output, kInited), LineOf(r.output, kDone));
  auto stats = FinalStats(r.output);
  EXPECT_EQ(stats.size(), 5u) << r.output;
  EXPECT_EQ(stats["number_of_executed_units"], 30000);
  EXPECT_GT(stats["average_exec_per_sec"], 0);
  EXPECT_TRUE(stats.count("new_units_added"));
  EXPECT_EQ(stats["slowest_unit_time_sec"], 0);
  EXPECT_GT(stats["peak_rss_mb"], 0);
  // Go's progress and summary lines stay.
  EXPECT_NE(r.output.find("fuzz: elapsed: "), std::string::npos);
  EXPECT_NE(r.output.find("hivefuzz: done: "), std::string::npos);

  // Without the flag, no stat:: lines.
  RunResult quiet = RunFuzzer(dir, "crash_kinds", {"-parallel=1", "-runs=100", corpus},
                              {"HIVEFUZZ_TEST_FAILURE=none"}, 120);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_TRUE(FinalStats(quiet.output).empty()) << quiet.output;
  EXPECT_TRUE(Matches(quiet.output, kDone)) << quiet.output;
}

// Requirement: with -keep_going=1 the stat:: lines cover every engine of the run.
TEST(LibFuzzerOutputTest, FinalStatsCoverKeepGoingRestarts) {
  TempDir dir;
  // One bug: found, recorded, then the same bug again (engine after engine) until the limit.
  RunResult r = FuzzCrashKinds(dir, "segv", {"-keep_going=1", "-fuzzminimizetime=0", "-runs=5000"});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  ASSERT_NE(r.output.find("the same failure again"), std::string::npos) << r.output;
  auto stats = FinalStats(r.output);
  EXPECT_EQ(stats["number_of_executed_units"], 5000) << r.output;
  EXPECT_TRUE(Matches(r.output, R"(Done 5000 runs)")) << r.output;
}

struct FailureCase {
  const char* kind;
  std::vector<std::string> args;
  const char* headline;  // ClusterFuzz's pattern
  const char* artifact;  // the file's prefix
  int exit_code;
};

// Requirement: every failure prints libFuzzer's "==PID== ERROR: libFuzzer: ..." line (before
// hivefuzz's own), which ClusterFuzz's stack analyzer classifies, "Test unit written to" the
// final file, and the stat:: lines.
TEST(LibFuzzerOutputTest, FailureHeadlinesMatchClusterFuzz) {
  std::vector<FailureCase> cases = {
      {"segv", {}, kDeadlySignal, "crash-", 77},
      {"abort", {}, kDeadlySignal, "crash-", 77},
      {"throw", {}, kDeadlySignal, "crash-", 77},
      {"exit", {}, kTargetExited, "crash-", 77},
      {"_exit1", {}, kTargetExited, "crash-", 77},
      {"hang", {"-timeout=1"}, kTimeout, "timeout-", 70},
      {"malloc", {"-malloc_limit_mb=100"}, kOutOfMemory, "oom-", 71},
  };
  if (!UnderSanitizer()) {
    cases.push_back({"oom", {"-rss_limit_mb=500", "-malloc_limit_mb=0"}, kOutOfMemory, "oom-", 71});
  }
  for (const FailureCase& c : cases) {
    TempDir dir;
    RunResult r = FuzzCrashKinds(dir, c.kind, c.args);
    ASSERT_EQ(r.exit_code, c.exit_code) << c.kind << "\n" << r.output;
    if (UnderSanitizer() && std::string(c.kind) == "segv") {
      // The sanitizer reports the SEGV itself; libFuzzer adds no line of its own then.
      EXPECT_TRUE(Matches(r.output, R"(.*ERROR: (Address|Thread)Sanitizer: SEGV)")) << r.output;
      EXPECT_FALSE(Matches(r.output, kDeadlySignal)) << r.output;
    } else {
      int headline = LineOf(r.output, c.headline);
      ASSERT_GE(headline, 0) << c.kind << "\n" << r.output;
      EXPECT_TRUE(Matches(r.output, R"(==\d+== ERROR: libFuzzer: )")) << r.output;
      EXPECT_LT(headline, LineOf(r.output, "==hivefuzz== ERROR: ")) << c.kind << "\n" << r.output;
      EXPECT_TRUE(Matches(r.output, R"(SUMMARY: libFuzzer: )")) << r.output;
    }
    const std::vector<std::string> output_lines = Lines(r.output);  // the match points into it
    std::smatch unit = FirstMatch(output_lines, kTestUnit);
    ASSERT_FALSE(unit.empty()) << r.output;
    auto files = ArtifactsStartingWith(dir.path() + "/artifacts", c.artifact);
    ASSERT_FALSE(files.empty()) << r.output;
    EXPECT_NE(std::find(files.begin(), files.end(), unit[1].str()), files.end())
        << "the file named is on disk: " << unit[1].str() << "\n"
        << r.output;
    EXPECT_EQ(FinalStats(r.output).size(), 5u) << c.kind << "\n" << r.output;
  }
}

// Requirement: "Test unit written to" names the final, minimized file, the only one left.
TEST(LibFuzzerOutputTest, TestUnitNamesTheMinimizedFile) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "seed", "fffffffffffffffffffffffff");
  RunResult r = RunFuzzer(dir, "crash_kinds",
                          {"-parallel=2", "-fuzztime=2000000x",
                           "-artifact_prefix=" + dir.path() + "/artifacts/", corpus},
                          {"HIVEFUZZ_TEST_FAILURE=segv"}, 120);
  ASSERT_EQ(r.exit_code, 77) << r.output;
  auto crashes = CrashFilesIn(dir.path() + "/artifacts");
  ASSERT_EQ(crashes.size(), 1u) << r.output;
  EXPECT_EQ(ReadText(crashes[0]), "F") << "minimized";
  const std::vector<std::string> output_lines = Lines(r.output);  // the match points into it
  std::smatch unit = FirstMatch(output_lines, kTestUnit);
  ASSERT_FALSE(unit.empty()) << r.output;
  EXPECT_EQ(unit[1].str(), crashes[0]);
}

// Requirement: in a plain build the failing thread's stack is printed in the sanitizers'
// format, symbolized ("#0 0x... in Func file:line"), naming the crashing function; without a
// symbolizer as raw frames "(binary+0xOFFSET)".
TEST(LibFuzzerOutputTest, PlainBuildPrintsTheCrashingStack) {
  if (UnderSanitizer()) GTEST_SKIP() << "the sanitizer prints its own stack";
  {
    TempDir dir;
    RunResult r = FuzzCrashKinds(dir, "segv", {"-fuzzminimizetime=0"});
    ASSERT_EQ(r.exit_code, 77) << r.output;
    int headline = LineOf(r.output, kDeadlySignal);
    ASSERT_GE(headline, 0) << r.output;
    auto lines = Lines(r.output);
    ASSERT_GT(lines.size(), size_t(headline + 1));
    std::smatch first;
    bool symbolized = std::regex_search(lines[headline + 1], first, std::regex(kFrameWithFunction),
                                        std::regex_constants::match_continuous);
    if (symbolized) {
      EXPECT_EQ(first[1].str(), "0") << lines[headline + 1];
      EXPECT_NE(first[3].str().find("Segv"), std::string::npos) << r.output;
      EXPECT_NE(first[4].str().find("crash_kinds.cc"), std::string::npos) << r.output;
      EXPECT_NE(r.output.find(" in LLVMFuzzerTestOneInput "), std::string::npos) << r.output;
    } else {
      ADD_FAILURE() << "no symbolized frame after the headline (is llvm-symbolizer installed?)\n"
                    << r.output;
    }
  }
  {
    TempDir dir;
    RunResult r = FuzzCrashKinds(dir, "segv", {"-fuzzminimizetime=0"},
                                 {"ASAN_SYMBOLIZER_PATH=/nonexistent/llvm-symbolizer"});
    ASSERT_EQ(r.exit_code, 77) << r.output;
    int headline = LineOf(r.output, kDeadlySignal);
    ASSERT_GE(headline, 0) << r.output;
    auto lines = Lines(r.output);
    std::smatch first;
    ASSERT_TRUE(std::regex_search(lines[headline + 1], first, std::regex(kFrameWithModule),
                                  std::regex_constants::match_continuous))
        << r.output;
    EXPECT_EQ(first[1].str(), "0");
    EXPECT_NE(first[3].str().find("crash_kinds"), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace hivefuzz::e2e
