// End-to-end: every command line ClusterFuzz's libFuzzer driver builds (fuzz, reproduce,
// minimize_corpus with and without a control file, two-step merge-back, minimize_testcase,
// cleanse), run against a bundled fuzzer, and what the driver concludes from the output
// (the regular expressions and rules of ClusterFuzz's libFuzzer engine, in clusterfuzz_patterns.h).
#include <gtest/gtest.h>

#include <regex>

#include "e2e/clusterfuzz_patterns.h"
#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

const std::regex kCrashTestcase(kTestUnit);
const std::regex kStatLine(kStat);
const std::regex kMergeOuterLine(kMergeOuter);

// The first crash testcase path the driver parses from `output`, or "".
std::string ParsedTestcase(const std::string& output) {
  std::istringstream lines(output);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, m, kCrashTestcase)) return m[1];
  }
  return "";
}

// The stat:: values; each must be an integer for the driver.
std::map<std::string, std::string> ParsedStats(const std::string& output) {
  std::map<std::string, std::string> stats;
  for (std::sregex_iterator it(output.begin(), output.end(), kStatLine), end; it != end; ++it) {
    stats[(*it)[1]] = (*it)[2];
  }
  return stats;
}

// The first line of a failure that ClusterFuzz's stack analyzer classifies: libFuzzer's, or a
// sanitizer's own report (which replaces it).
bool HasFailureHeadline(const std::string& output) {
  return std::regex_search(output,
                           std::regex(R"(ERROR: (libFuzzer: deadly signal|\w+Sanitizer: ))"));
}

bool IsInteger(const std::string& text) {
  return !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
}

struct ClusterFuzzRun {
  TempDir dir;
  std::string fuzzer = BinaryPath("crash_kinds");
  std::string corpus = dir.path() + "/corpus";
  std::string reproducers = dir.path() + "/reproducers/";
  ClusterFuzzRun() {
    WriteText(corpus, "seed", "f");
    EXPECT_TRUE(EnsureWritableDirectory(reproducers).ok());
  }
  RunResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), fuzzer);
    env.push_back("XDG_CACHE_HOME=" + dir.path() + "/xdg");
    return RunProcess(args, env, 180);
  }
};

// fuzz: prepare()'s flags, then -artifact_prefix, -max_total_time, -print_final_stats=1 and the
// corpus directories (new units first, the main corpus after); the crash is parsed from
// `Test unit written to`, the stats are integers. Then reproduce: -runs=100 on the testcase.
TEST(ClusterFuzzTest, FuzzThenReproduce) {
  ClusterFuzzRun cf;
  std::string new_units = cf.dir.path() + "/new";
  ASSERT_TRUE(EnsureWritableDirectory(new_units).ok());
  RunResult fuzz =
      cf.Run({"-timeout=25", "-rss_limit_mb=2560", "-artifact_prefix=" + cf.reproducers,
              "-max_total_time=60", "-print_final_stats=1", new_units, cf.corpus},
             {"HIVEFUZZ_TEST_FAILURE=segv"});
  EXPECT_EQ(fuzz.exit_code, 77) << fuzz.output;
  std::string testcase = ParsedTestcase(fuzz.output);
  ASSERT_FALSE(testcase.empty()) << fuzz.output;
  EXPECT_TRUE(IsRegularFile(testcase)) << testcase;
  EXPECT_TRUE(HasFailureHeadline(fuzz.output)) << fuzz.output;
  auto stats = ParsedStats(fuzz.output);
  for (const char* name : {"number_of_executed_units", "average_exec_per_sec", "new_units_added",
                           "slowest_unit_time_sec", "peak_rss_mb"}) {
    ASSERT_TRUE(stats.count(name)) << name << "\n" << fuzz.output;
    EXPECT_TRUE(IsInteger(stats[name])) << name << "=" << stats[name];
  }
  for (const auto& [name, value] : stats) EXPECT_TRUE(IsInteger(value)) << name << "=" << value;

  RunResult reproduce = cf.Run({"-timeout=20", "-rss_limit_mb=2560", "-runs=100", testcase},
                               {"HIVEFUZZ_TEST_FAILURE=segv"});
  EXPECT_NE(reproduce.exit_code, 0) << reproduce.output;
  EXPECT_TRUE(HasFailureHeadline(reproduce.output)) << reproduce.output;
}

// A passing testcase reproduces nothing: exit 0 after its 100 runs.
TEST(ClusterFuzzTest, ReproduceOfAPassingInput) {
  ClusterFuzzRun cf;
  WriteText(cf.dir.path(), "ok", "fine");
  RunResult r = cf.Run({"-timeout=20", "-rss_limit_mb=2560", "-runs=100", cf.dir.path() + "/ok"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

// minimize_corpus: -merge=1 (with and without a control file), output directory first, with
// TMPDIR set; rc 0 and the MERGE-OUTER line; the crashing input is left out.
TEST(ClusterFuzzTest, MinimizeCorpus) {
  for (bool control_file : {false, true}) {
    ClusterFuzzRun cf;
    std::string in = cf.dir.path() + "/in", out = cf.dir.path() + "/out";
    std::string tmp = cf.dir.path() + "/merge-wd";
    ASSERT_TRUE(EnsureWritableDirectory(out).ok());
    ASSERT_TRUE(EnsureWritableDirectory(tmp).ok());
    for (const char* text : {"a", "ab", "abc", "f", "fine", "F-crash", "a"}) {
      WriteText(in, Sha1HexOf(text), text);
    }
    std::vector<std::string> args = {"-timeout=25", "-rss_limit_mb=2560", "-merge=1",
                                     "-artifact_prefix=" + cf.reproducers};
    if (control_file) {
      ASSERT_TRUE(EnsureWritableDirectory(cf.dir.path() + "/mcf_tmp_dir").ok());
      args.push_back("-merge_control_file=" + cf.dir.path() + "/mcf_tmp_dir/MCF");
    }
    args.push_back(out);
    args.push_back(in);
    RunResult r = cf.Run(args, {"TMPDIR=" + tmp, "HIVEFUZZ_TEST_FAILURE=segv"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.output, m, kMergeOuterLine)) << r.output;
    EXPECT_GT(std::stoi(m[1]), 0);
    for (const std::string& f : FilesIn(out)) EXPECT_NE(ReadText(f)[0], 'F') << f;
  }
}

// merge-back after fuzzing: two -merge=1 runs sharing one control file, step 1 the old corpus
// only, step 2 old + new; both rc 0, the second's MERGE-OUTER counts the new files.
TEST(ClusterFuzzTest, TwoStepMergeBack) {
  ClusterFuzzRun cf;
  std::string old_corpus = cf.dir.path() + "/old", new_units = cf.dir.path() + "/new";
  std::string out = cf.dir.path() + "/merged", mcf = cf.dir.path() + "/MCF";
  WriteText(old_corpus, "o1", "a");
  WriteText(new_units, "n1", "ab");
  WriteText(new_units, "n2", "abc");
  ASSERT_TRUE(EnsureWritableDirectory(out).ok());
  RunResult step1 = cf.Run({"-timeout=25", "-rss_limit_mb=2560", "-merge=1",
                            "-merge_control_file=" + mcf, out, old_corpus});
  EXPECT_EQ(step1.exit_code, 0) << step1.output;
  RunResult step2 = cf.Run({"-timeout=25", "-rss_limit_mb=2560", "-merge=1",
                            "-merge_control_file=" + mcf, out, old_corpus, new_units});
  EXPECT_EQ(step2.exit_code, 0) << step2.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(step2.output, m, kMergeOuterLine)) << step2.output;
}

// The two-step merge is used only if the binary holds libFuzzer's overwrite message.
TEST(ClusterFuzzTest, BinaryAnnouncesOverwriteDetection) {
  std::string binary = ReadText(BinaryPath("crash_kinds"));
  EXPECT_NE(binary.find("fuzz target overwrites its const input"), std::string::npos);
}

// minimize_testcase, then cleanse: the output file exists and crashes the same way.
TEST(ClusterFuzzTest, MinimizeTestcaseAndCleanse) {
  ClusterFuzzRun cf;
  std::string testcase = cf.dir.path() + "/testcase";
  WriteText(cf.dir.path(), "testcase", "F" + std::string(300, 'q'));
  std::string minimized = cf.dir.path() + "/minimized", cleansed = cf.dir.path() + "/cleansed";
  std::vector<std::string> env = {"HIVEFUZZ_TEST_FAILURE=segv",
                                  "ASAN_OPTIONS=dedup_token_length=3:exitcode=77"};
  RunResult minimize =
      cf.Run({"-timeout=25", "-rss_limit_mb=2560", "-max_total_time=20",
              "-exact_artifact_path=" + minimized, "-minimize_crash=1",
              "-artifact_prefix=" + cf.dir.path() + "/minimize-workdir/", testcase},
             env);
  ASSERT_TRUE(IsRegularFile(minimized)) << minimize.output;
  EXPECT_LT(ReadText(minimized).size(), 301u);
  EXPECT_EQ(ReadText(minimized)[0], 'F');
  RunResult cleanse = cf.Run(
      {"-timeout=25", "-rss_limit_mb=2560", "-cleanse_crash=1", "-exact_artifact_path=" + cleansed,
       "-artifact_prefix=" + cf.dir.path() + "/cleanse-workdir/", testcase},
      env);
  ASSERT_TRUE(IsRegularFile(cleansed)) << cleanse.output;
  std::string clean = ReadText(cleansed);
  EXPECT_EQ(clean.size(), 301u);
  EXPECT_EQ(clean[0], 'F');
  for (const std::string& file : {minimized, cleansed}) {
    RunResult replay = cf.Run({"-runs=100", file}, env);
    EXPECT_EQ(replay.exit_code, 77) << file << "\n" << replay.output;
  }
}

}  // namespace
}  // namespace hivefuzz::e2e
