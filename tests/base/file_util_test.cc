#include "base/file_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

namespace hivefuzz {
namespace {

// Requirement: an atomic write leaves the whole file and no temporary behind.
TEST(FileUtilTest, AtomicWriteLeavesOnlyTheFile) {
  TempDir dir;
  const uint8_t data[] = {1, 2, 3};
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "f", data, 3).ok());
  auto files = ListRegularFiles(dir.path());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  auto read = ReadFile(JoinPath(dir.path(), "f"));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, Bytes({1, 2, 3}));
  EXPECT_EQ(CountDirEntries(dir.path()), 1);
}

// Error guessing: a directory without write permission gives an error that names it, and
// leaves nothing behind.
TEST(FileUtilTest, UnwritableDirectoryIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0555), 0);
  const uint8_t data[] = {1};
  Status s = WriteFileAtomic(dir.path(), "f", data, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(dir.path()), std::string::npos);
  chmod(dir.path().c_str(), 0755);
}

// Error guessing: a path through a regular file cannot become a directory.
TEST(FileUtilTest, EnsureWritableDirectoryRejectsFileInPath) {
  TempDir dir;
  const uint8_t data[] = {1};
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "file", data, 1).ok());
  Status s = EnsureWritableDirectory(JoinPath(dir.path(), "file/sub"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("file"), std::string::npos);
  EXPECT_TRUE(EnsureWritableDirectory(JoinPath(dir.path(), "a/b/c")).ok());
  EXPECT_TRUE(IsDirectory(JoinPath(dir.path(), "a/b/c")));
}

// Requirement: an input larger than the limit is refused with a message naming the file.
TEST(FileUtilTest, ReadFileEnforcesLimit) {
  TempDir dir;
  const uint8_t data[] = {1, 2, 3, 4};
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "big", data, 4).ok());
  auto r = ReadFile(JoinPath(dir.path(), "big"), 3);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("big"), std::string::npos);
  EXPECT_NE(r.status().message().find("-max_len"), std::string::npos);
}

// Requirement: listing skips dotfiles (temporaries) and subdirectories, sorted by name.
TEST(FileUtilTest, ListSkipsDotfilesAndDirectories) {
  TempDir dir;
  const uint8_t data[] = {1};
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "b", data, 1).ok());
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "a", data, 1).ok());
  ASSERT_TRUE(WriteFileAtomic(dir.path(), ".hidden", data, 1).ok());
  ASSERT_EQ(mkdir(JoinPath(dir.path(), "sub").c_str(), 0755), 0);
  auto files = ListRegularFiles(dir.path());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0], JoinPath(dir.path(), "a"));
  EXPECT_EQ((*files)[1], JoinPath(dir.path(), "b"));
}

}  // namespace
}  // namespace hivefuzz
