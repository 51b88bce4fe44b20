// -detect_leaks (issue 12 §5): LeakSanitizer finds an input that leaks, with worker threads.
#include <gtest/gtest.h>

#include <string>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) n++;
  return n;
}

// Requirement: under ASan, leak detection is on by default: fuzzing with two workers finds the
// input that leaks, saves it as leak-<sha1> with "Test unit written to", prints LeakSanitizer's
// report and exits with -error_exitcode (77); replaying the file reports the leak again.
TEST(LeakE2eTest, FindsReportsAndReplaysALeak) {
  if (!UnderAsan()) GTEST_SKIP() << "leak detection needs an ASan build (LeakSanitizer)";
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "seed", "a");
  RunResult r = RunFuzzer(
      dir, "leaky", {"-parallel=2", "-fuzztime=2000000x", "-artifact_prefix=" + artifacts, corpus});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("ERROR: LeakSanitizer: detected memory leaks"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("INFO: to ignore leaks on libFuzzer side use -detect_leaks=0."),
            std::string::npos)
      << r.output;
  auto leaks = ArtifactsStartingWith(artifacts, "leak-");
  ASSERT_EQ(leaks.size(), 1u) << r.output;
  EXPECT_EQ(FilesIn(artifacts).size(), 1u) << r.output;  // nothing but the leak file
  EXPECT_NE(r.output.find("Test unit written to " + leaks[0]), std::string::npos) << r.output;
  std::string content = ReadText(leaks[0]);
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content[0], 'L') << "the file holds the leaking input";
  std::string name = leaks[0].substr(leaks[0].rfind('/') + 1);
  EXPECT_EQ(name, "leak-" + Sha1HexOf(content));

  RunResult replay = RunProcess({BinaryPath("leaky"), leaks[0]});
  EXPECT_EQ(replay.exit_code, 77) << replay.output;
  EXPECT_EQ(Count(replay.output, "ERROR: LeakSanitizer: detected memory leaks"), 1u)
      << replay.output;
  EXPECT_EQ(ArtifactsStartingWith(artifacts, "leak-").size(), 1u) << "a replay writes nothing";
}

// Requirement: a corpus file that leaks is found while the corpus runs at start-up, said so in
// libFuzzer's words, and reported by its own name (a seed is the user's file: nothing is
// written), with -error_exitcode.
TEST(LeakE2eTest, LeakInTheInitialCorpus) {
  if (!UnderAsan()) GTEST_SKIP() << "leak detection needs an ASan build (LeakSanitizer)";
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "leaks", "Leak");
  RunResult r = RunFuzzer(dir, "leaky",
                          {"-parallel=2", "-runs=1000", "-artifact_prefix=" + artifacts, corpus});
  ASSERT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("INFO: a leak has been found in the initial corpus."), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("ERROR: LeakSanitizer: detected memory leaks"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("failure while testing seed corpus entry: " + corpus + "/leaks"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(ArtifactsStartingWith(artifacts, "leak-").empty()) << r.output;
}

// Requirement: -detect_leaks=0 turns it off: the same run finds nothing and ends cleanly.
TEST(LeakE2eTest, DetectLeaksZeroFindsNothing) {
  if (!UnderAsan()) GTEST_SKIP() << "leak detection needs an ASan build (LeakSanitizer)";
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "seed", "a");
  RunResult r = RunFuzzer(dir, "leaky",
                          {"-parallel=2", "-detect_leaks=0", "-fuzztime=20000x",
                           "-artifact_prefix=" + artifacts, corpus},
                          {"ASAN_OPTIONS=detect_leaks=0"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("LeakSanitizer"), std::string::npos) << r.output;
  EXPECT_TRUE(ArtifactsStartingWith(artifacts, "leak-").empty()) << r.output;
}

// Requirement: suspects that are not leaks (a target that keeps its inputs in a global list
// allocates more than it frees on every execution) are dropped, and after 1000 of them leak
// detection turns itself off with libFuzzer's INFO text instead of slowing fuzzing for good.
TEST(LeakE2eTest, FalseSuspectsAreDroppedThenDetectionStops) {
  if (!UnderAsan()) GTEST_SKIP() << "leak detection needs an ASan build (LeakSanitizer)";
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "seed", "a");
  RunResult r = RunFuzzer(
      dir, "leaky", {"-parallel=2", "-fuzztime=5000x", "-artifact_prefix=" + artifacts, corpus},
      {"HIVEFUZZ_TEST_ACCUMULATE=1"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("ERROR: LeakSanitizer"), std::string::npos) << r.output;
  EXPECT_EQ(Count(r.output, "INFO: libFuzzer disabled leak detection after every mutation."), 1u)
      << r.output;
  EXPECT_TRUE(ArtifactsStartingWith(artifacts, "leak-").empty()) << r.output;
}

// Requirement: without ASan, -detect_leaks is accepted with one INFO line saying why it does
// nothing, and the run goes on.
TEST(LeakE2eTest, WithoutAsanOneInfoLine) {
  if (UnderAsan()) GTEST_SKIP() << "an ASan build detects leaks";
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "seed", "a");
  RunResult r =
      RunFuzzer(dir, "leaky",
                {"-detect_leaks=1", "-fuzztime=2000x", "-artifact_prefix=" + artifacts, corpus});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Count(r.output,
                  "INFO: -detect_leaks=1 is accepted and ignored: leak detection "
                  "needs an ASan build"),
            1u)
      << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
