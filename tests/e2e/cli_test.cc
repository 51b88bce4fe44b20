// End-to-end: the command line as a user meets it: flags, help, limits, Ctrl-C, warnings.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// Requirement: bad flag values give a clear message naming the flag, exit 2, and write nothing.
TEST(CliTest, BadFlagValuesExitTwoAndWriteNothing) {
  TempDir dir;
  std::string out = dir.path() + "/out";
  for (std::string bad :
       {"-parallel=0", "-fuzztime=soon", "-max_len=-1", "-bogus=1", "-fuzztime=0x", "-runs=-2",
        "-timeout=-1", "-timeout=36028797018963969", "-rss_limit_mb=-1", "-malloc_limit_mb=-1",
        "-max_total_time=-1", "-max_crashes=-1", "-fuzztime=5124096h"}) {
    std::string flag = bad.substr(0, bad.find('='));
    RunResult r = RunFuzzer(dir, "empty", {bad, "-artifact_prefix=" + out + "/", out + "/corpus"});
    EXPECT_EQ(r.exit_code, 2) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find(flag), std::string::npos) << bad << "\n" << r.output;
    EXPECT_FALSE(IsDirectory(out)) << bad;
    EXPECT_FALSE(IsDirectory(dir.path() + "/xdg-cache")) << bad;
  }
}

// Requirement: a FIFO given as -dict or as an input is refused at once (nothing blocks), and
// a flag after `--` is refused instead of becoming a directory named after it.
TEST(CliTest, FifosAndArgumentsAfterDoubleDash) {
  TempDir dir;
  std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  RunResult dict = RunFuzzer(dir, "empty", {"-dict=" + fifo, "-fuzztime=100x"}, {}, 30);
  EXPECT_FALSE(dict.timed_out);
  EXPECT_NE(dict.exit_code, 0) << dict.output;
  EXPECT_NE(dict.output.find("FIFO"), std::string::npos) << dict.output;
  RunResult input = RunFuzzer(dir, "empty", {fifo}, {}, 30);
  EXPECT_FALSE(input.timed_out);
  EXPECT_NE(input.exit_code, 0) << input.output;
  EXPECT_NE(input.output.find("FIFO"), std::string::npos) << input.output;
  RunResult dash = RunProcessWith({BinaryPath("empty"), "--", "-fuzztime=1000x"},
                                  {"XDG_CACHE_HOME=" + dir.path() + "/xdg"},
                                  RunOptions{.timeout_s = 30, .cwd = dir.path()});
  EXPECT_EQ(dash.exit_code, 2) << dash.output;
  EXPECT_FALSE(IsDirectory(dir.path() + "/--fuzztime=1000x"));
  EXPECT_FALSE(IsDirectory(dir.path() + "/-fuzztime=1000x"));
}

// Requirement (issue 5): -dict reads an AFL/libFuzzer dictionary; a malformed one is refused
// before fuzzing with the file and line named, exit 1, and nothing written.
TEST(CliTest, DictionaryFiles) {
  TempDir dir;
  std::string good = dir.path() + "/good.dict", bad = dir.path() + "/bad.dict";
  WriteText(dir.path(), "good.dict", "# keywords\nkw1=\"GET \"\n\"\\x00\\xffHTTP\"\n");
  WriteText(dir.path(), "bad.dict", "\"ok\"\n\nGET\n");
  RunResult r = RunFuzzer(dir, "empty",
                          {"-dict=" + good, "-fuzztime=1000x",
                           "-artifact_prefix=" + dir.path() + "/", dir.path() + "/corpus"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("dictionary " + good + ": 2 entries"), std::string::npos) << r.output;
  RunResult refused =
      RunFuzzer(dir, "empty", {"-dict=" + bad, "-fuzztime=1000x", dir.path() + "/corpus2"});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find(bad + ":3:"), std::string::npos) << refused.output;
  EXPECT_TRUE(FilesIn(dir.path() + "/corpus2").empty());
  RunResult missing = RunFuzzer(dir, "empty", {"-dict=" + dir.path() + "/none.dict"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("none.dict"), std::string::npos) << missing.output;
}

// Requirement (issue 5): the operands that led to new coverage are printed at the end as a
// recommended dictionary and saved beside the artifacts, in a format -dict reads back.
TEST(CliTest, RecommendedDictionaryIsSavedAndReadBack) {
  TempDir dir;
  std::string saved = dir.path() + "/out/recommended.dict";
  RunResult r = RunFuzzer(dir, "keyword_gate",
                          {"-parallel=2", "-seed=1", "-fuzztime=300000x",
                           "-artifact_prefix=" + dir.path() + "/out/", dir.path() + "/corpus"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("###### Recommended dictionary (saved to " + saved), std::string::npos)
      << r.output;
  std::string text = ReadText(saved);
  EXPECT_NE(text.find("\"KEYWORD!\""), std::string::npos) << text;
  RunResult again =
      RunFuzzer(dir, "keyword_gate", {"-dict=" + saved, "-fuzztime=1000x", dir.path() + "/corpus"});
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("dictionary " + saved + ": "), std::string::npos) << again.output;
}

// Requirement: -help=1 lists the flags and exits 0.
TEST(CliTest, Help) {
  TempDir dir;
  RunResult r = RunFuzzer(dir, "empty", {"-help=1"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("-fuzztime"), std::string::npos);
  EXPECT_NE(r.output.find("-parallel"), std::string::npos);
}

// Requirement: -fuzztime=1000x -parallel=2 makes exactly 1000 target calls, warmup included.
TEST(CliTest, ExecLimitIsExact) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus";
  WriteText(corpus, "a", "seed one");
  WriteText(corpus, "b", "seed two");
  std::string count_file = dir.path() + "/calls";
  RunResult r = RunFuzzer(dir, "count_calls", {"-fuzztime=1000x", "-parallel=2", corpus},
                          {"HIVEFUZZ_TEST_COUNT_FILE=" + count_file});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadText(count_file).size(), 1000u) << r.output;
  EXPECT_EQ(FinalExecs(r.output), 1000) << r.output;
  EXPECT_NE(r.output.find("execution limit reached"), std::string::npos) << r.output;
}

// Requirement: Go's progress format at start and a final summary at the end of a timed run.
TEST(CliTest, TimeLimitAndProgressLines) {
  TempDir dir;
  RunResult r = RunFuzzer(dir, "empty", {"-fuzztime=4s", "-parallel=2", dir.path() + "/c"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("gathering baseline coverage: 0/0 completed, now fuzzing with 2 workers"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("fuzz: elapsed: 3s, execs: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("time limit reached"), std::string::npos) << r.output;
  EXPECT_GT(FinalExecs(r.output), 0);
}

// Requirement: Ctrl-C stops gracefully with a final summary and libFuzzer's exit code 72.
TEST(CliTest, InterruptStopsGracefully) {
  TempDir dir;
  RunResult r = RunFuzzer(dir, "empty", {"-parallel=2", dir.path() + "/c"}, {}, 60, 1500);
  EXPECT_EQ(r.exit_code, 72) << r.output;
  EXPECT_NE(r.output.find("hivefuzz: done:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("interrupted"), std::string::npos) << r.output;
}

// Requirement: an uninstrumented binary gets Go's warning and still runs its seeds.
TEST(CliTest, UninstrumentedWarning) {
  TempDir dir;
  WriteText(dir.path() + "/c", "seed", "abc");
  RunResult r = RunFuzzer(dir, "uninstrumented", {"-fuzztime=200x", dir.path() + "/c"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("not built with coverage instrumentation"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("testing seed corpus: 1/1 completed"), std::string::npos) << r.output;
}

// Requirement: a directory that cannot be written is a clear error before fuzzing starts.
TEST(CliTest, UnwritableDirectoriesAreClearErrors) {
  TempDir dir;
  WriteText(dir.path(), "afile", "x");
  std::string under_file = dir.path() + "/afile/sub";
  RunResult corpus = RunFuzzer(dir, "empty", {"-fuzztime=10x", under_file});
  EXPECT_EQ(corpus.exit_code, 1) << corpus.output;
  EXPECT_NE(corpus.output.find(dir.path() + "/afile"), std::string::npos) << corpus.output;
  EXPECT_EQ(corpus.output.find("fuzz: elapsed"), std::string::npos) << corpus.output;

  RunResult artifacts = RunFuzzer(
      dir, "empty", {"-fuzztime=10x", "-artifact_prefix=" + under_file + "/", dir.path() + "/c"});
  EXPECT_EQ(artifacts.exit_code, 1) << artifacts.output;
  EXPECT_NE(artifacts.output.find("-artifact_prefix"), std::string::npos) << artifacts.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
