// End-to-end: the corpus on disk: the cache, its reload, and bad files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// Requirement: new inputs go to the cache, are reloaded by the next run, and a second run that
// finds nothing new reports "new interesting: 0" (Go's test_fuzz_cache).
// (These runs fuzz without comparison guidance: with it, magic_bytes's bug falls within 20000
// executions now and then; without, edges alone take over 200000.)
TEST(CorpusE2eTest, CacheIsWrittenAndReloaded) {
  TempDir dir;
  std::string cache = dir.path() + "/cache";
  RunResult first = RunFuzzer(
      dir, "magic_bytes", {"-cache_dir=" + cache, "-fuzztime=20000x", "-parallel=2", "-use_cmp=0"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  size_t cached = FilesIn(cache).size();
  ASSERT_GT(cached, 0u) << first.output;
  for (const auto& f : FilesIn(cache)) {
    std::string content = ReadText(f);
    EXPECT_EQ(f.substr(f.rfind('/') + 1), Sha1HexOf(content)) << "named by content";
  }
  RunResult second = RunFuzzer(dir, "magic_bytes",
                               {"-cache_dir=" + cache, "-fuzztime=" + std::to_string(cached) + "x",
                                "-parallel=2", "-use_cmp=0"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("corpus: " + std::to_string(cached) + " files"), std::string::npos)
      << second.output;
  EXPECT_NE(second.output.find("new interesting: 0 (total: " + std::to_string(cached) + ")"),
            std::string::npos)
      << second.output;
  EXPECT_EQ(FilesIn(cache).size(), cached);
}

// Requirement: new inputs go to the first corpus directory (libFuzzer's convention), and not
// to the cache.
TEST(CorpusE2eTest, FirstCorpusDirReceivesNewInputs) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", seeds = dir.path() + "/seeds";
  WriteText(seeds, "s", "H");
  RunResult r = RunFuzzer(dir, "magic_bytes",
                          {"-fuzztime=20000x", "-parallel=2", "-use_cmp=0", corpus, seeds});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_GT(FilesIn(corpus).size(), 0u);
  EXPECT_EQ(FilesIn(seeds).size(), 1u) << "other corpus dirs are read-only";
  EXPECT_FALSE(IsDirectory(dir.path() + "/xdg-cache"));
}

// Requirement (-reduce_inputs, on by default as in libFuzzer): a smaller input that reaches
// every bit an entry was first to reach replaces it, the engine says REDUCE as libFuzzer does,
// and the replaced entry's file leaves the corpus directory, so the directory holds one file per
// input added; with -reduce_inputs=0 nothing is replaced.
TEST(CorpusE2eTest, SmallerInputsReplaceEntriesAndTheirFiles) {
  TempDir dir;
  const std::string corpus = dir.path() + "/corpus";
  RunResult r = RunFuzzer(dir, "mini_sql",
                          {"-fuzztime=3s", "-parallel=1", "-seed=1", "-print_final_stats=1",
                           "-artifact_prefix=" + dir.path() + "/", corpus});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 77) << r.output;
  EXPECT_NE(r.output.find("REDUCE cov: "), std::string::npos) << r.output;
  size_t added = r.output.find("stat::new_units_added:");
  ASSERT_NE(added, std::string::npos) << r.output;
  EXPECT_EQ(FilesIn(corpus).size(), std::stoul(r.output.substr(r.output.find(':', added + 6) + 1)));

  RunResult off = RunFuzzer(dir, "mini_sql",
                            {"-fuzztime=2s", "-parallel=1", "-seed=1", "-reduce_inputs=0",
                             "-artifact_prefix=" + dir.path() + "/", dir.path() + "/off"});
  EXPECT_EQ(off.output.find("REDUCE cov: "), std::string::npos) << off.output;
}

// Requirement: with an explicit -max_len, cache files larger than it are cut to -max_len (as
// libFuzzer loads a corpus), with one warning line that counts them. (Files that cannot be read
// are skipped with one warning line: tests/corpus/corpus_dirs_test.cc.)
TEST(CorpusE2eTest, LargeCacheFilesAreTruncatedWithOneWarning) {
  TempDir dir;
  std::string cache = dir.path() + "/cache";
  WriteText(cache, "good", "HI");
  WriteText(cache, "too-big-1", std::string(100, 'a'));
  WriteText(cache, "too-big-2", std::string(200, 'b'));
  RunResult r =
      RunFuzzer(dir, "magic_bytes", {"-cache_dir=" + cache, "-max_len=50", "-fuzztime=100x"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: truncated 2 corpus file(s) larger than -max_len=50"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("corpus: 3 files (0 duplicates)"), std::string::npos) << r.output;
}

// Requirement: an explicit -max_len smaller than a seed file cuts the file to -max_len, as
// libFuzzer does (ClusterFuzz passes random -max_len values with corpora of larger files);
// two files equal in their first -max_len bytes are then one corpus entry.
TEST(CorpusE2eTest, ExplicitMaxLenTruncatesSeeds) {
  TempDir dir;
  std::string seeds = dir.path() + "/seeds";
  WriteText(seeds, "huge", std::string(100, 'x'));
  WriteText(seeds, "huge2", std::string(50, 'x'));
  WriteText(seeds, "small", "ab");
  RunResult r = RunFuzzer(dir, "magic_bytes", {"-max_len=10", "-fuzztime=100x", seeds});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: truncated 2 corpus file(s) larger than -max_len=10 to their "
                          "first 10 bytes"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("corpus: 3 files (1 duplicates)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("max: 10b"), std::string::npos) << r.output;
  EXPECT_EQ(ReadText(seeds + "/huge"), std::string(100, 'x')) << "the file is left as it is";
}

// Requirement: the truncated file is what runs: a 60-byte seed that fails fails_at_50 (50 bytes
// or more) runs cut to -max_len=10 and passes, in a fuzzing run and replayed as a file (as
// libFuzzer's RunOneTest cuts it); without -max_len both fail.
TEST(CorpusE2eTest, TruncatedSeedRunsTruncated) {
  TempDir dir;
  std::string seeds = dir.path() + "/seeds";
  WriteText(seeds, "long", std::string(60, 'a'));
  std::string prefix = "-artifact_prefix=" + dir.path() + "/";
  RunResult cut = RunFuzzer(dir, "fails_at_50", {"-max_len=10", "-runs=2000", prefix, seeds});
  EXPECT_EQ(cut.exit_code, 0) << cut.output;
  RunResult replay_cut = RunFuzzer(dir, "fails_at_50", {"-max_len=10", seeds + "/long"});
  EXPECT_EQ(replay_cut.exit_code, 0) << replay_cut.output;
  RunResult whole = RunFuzzer(dir, "fails_at_50", {"-runs=2000", prefix, seeds});
  EXPECT_NE(whole.exit_code, 0) << whole.output;
  RunResult replay_whole = RunFuzzer(dir, "fails_at_50", {seeds + "/long"});
  EXPECT_NE(replay_whole.exit_code, 0) << replay_whole.output;
}

// Requirement: a seed file that cannot be read is a clear error before fuzzing starts, exit 1.
TEST(CorpusE2eTest, BadSeedFileIsAnError) {
  TempDir dir;
  std::string seeds = dir.path() + "/seeds";
  RunResult missing =
      RunFuzzer(dir, "magic_bytes", {"-fuzztime=100x", "-seed_corpus=" + dir.path() + "/none"});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find(dir.path() + "/none"), std::string::npos) << missing.output;
  EXPECT_EQ(missing.output.find("fuzz: elapsed"), std::string::npos) << missing.output;
  if (geteuid() != 0) {  // root reads any file
    WriteText(seeds, "huge", "x");
    chmod((seeds + "/huge").c_str(), 0);
    RunResult unreadable = RunFuzzer(dir, "magic_bytes", {"-fuzztime=100x", seeds});
    EXPECT_EQ(unreadable.exit_code, 1) << unreadable.output;
    EXPECT_NE(unreadable.output.find("huge"), std::string::npos) << unreadable.output;
  }
}

}  // namespace
}  // namespace hivefuzz::e2e
