#include "corpus/corpus_dirs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "test_util.h"

namespace hivefuzz {
namespace {

void Put(const std::string& dir, const std::string& name, const std::string& content) {
  ASSERT_TRUE(
      WriteFileAtomic(dir, name, reinterpret_cast<const uint8_t*>(content.data()), content.size())
          .ok());
}

// Requirement: seed directories load every regular file.
TEST(CorpusDirsTest, LoadsSeeds) {
  TempDir a, b;
  Put(a.path(), "x", "hello");
  Put(b.path(), "y", "");
  auto loaded = LoadSeedDirectories({a.path(), b.path()}, 100);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->inputs.size(), 2u);
  EXPECT_EQ(loaded->inputs[0]->source, InputSource::kSeed);
  EXPECT_EQ(loaded->inputs[0]->path, JoinPath(a.path(), "x"));
}

// Requirement: a seed larger than -max_len is an error naming the file; a missing seed
// directory is an error.
TEST(CorpusDirsTest, BadSeedIsAnError) {
  TempDir a;
  Put(a.path(), "big", "0123456789");
  auto loaded = LoadSeedDirectories({a.path()}, 5);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("big"), std::string::npos);
  auto missing = LoadSeedDirectories({a.path() + "/nope"}, 5);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope"), std::string::npos);
}

// Requirement: a listed seed file that another fuzzer deleted before it was read (a -fork
// sibling replacing its entry) is counted as vanished, not a bad seed; a file that is there but
// unusable still is an error.
TEST(CorpusDirsTest, SeedDeletedAfterTheListingIsNotAnError) {
  TempDir a;
  Put(a.path(), "kept", "abc");
  Put(a.path(), "big", "0123456789");
  const std::string kept = JoinPath(a.path(), "kept");
  const std::string gone = JoinPath(a.path(), "gone");
  auto loaded = LoadSeedFiles({gone, kept}, 5);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->vanished, 1u);
  ASSERT_EQ(loaded->inputs.size(), 1u);
  EXPECT_EQ(loaded->inputs[0]->path, kept);
  auto bad = LoadSeedFiles({gone, JoinPath(a.path(), "big")}, 5);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("big"), std::string::npos);
}

// Requirement: with `truncate` (an explicit -max_len), larger seed and cache files are cut to
// max_len and counted, not refused.
TEST(CorpusDirsTest, TruncatesToMaxLenWhenAsked) {
  TempDir a;
  Put(a.path(), "big", "0123456789");
  Put(a.path(), "small", "ab");
  auto seeds = LoadSeedDirectories({a.path()}, 5, /*truncate=*/true);
  ASSERT_TRUE(seeds.ok()) << seeds.status().message();
  ASSERT_EQ(seeds->inputs.size(), 2u);
  EXPECT_EQ(seeds->truncated, 1u);
  EXPECT_EQ(seeds->inputs[0]->data, Bytes({'0', '1', '2', '3', '4'}));
  auto cache = LoadCacheDirectory(a.path(), 5, /*truncate=*/true);
  ASSERT_TRUE(cache.ok());
  EXPECT_EQ(cache->inputs.size(), 2u);
  EXPECT_EQ(cache->skipped, 0u);
  EXPECT_EQ(cache->truncated, 1u);
}

// Requirement: unusable cache files are skipped and counted; a missing cache is empty.
TEST(CorpusDirsTest, CacheSkipsUnusableFiles) {
  TempDir a;
  Put(a.path(), "ok", "ab");
  Put(a.path(), "toolong", "0123456789");
  auto loaded = LoadCacheDirectory(a.path(), 5);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->inputs.size(), 1u);
  EXPECT_EQ(loaded->skipped, 1u);
  EXPECT_NE(loaded->first_skip_reason.find("toolong"), std::string::npos);
  auto missing = LoadCacheDirectory(a.path() + "/none", 5);
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->inputs.empty());
}

// Requirement: new inputs are written once, named by SHA-1, atomically.
TEST(CorpusDirsTest, WriterNamesBySha1) {
  TempDir a;
  CorpusWriter writer(a.path());
  Input in;
  in.data = {'a', 'b', 'c'};
  in.sha1 = Sha1(in.data.data(), in.data.size());
  ASSERT_TRUE(writer.Write(in).ok());
  EXPECT_EQ(in.path, JoinPath(a.path(), "a9993e364706816aba3e25717850c26c9cd0d89d"));
  ASSERT_TRUE(writer.Write(in).ok());
  EXPECT_EQ(CountDirEntries(a.path()), 1);
  EXPECT_EQ(LargestFileSize({a.path()}), 3u);
}

}  // namespace
}  // namespace hivefuzz
