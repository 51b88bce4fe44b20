#include "base/file_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

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

// An empty file at `path`.
void Touch(const std::string& path) { std::fclose(std::fopen(path.c_str(), "w")); }

// The pid of a process that has exited and been reaped: no process has it now (until the
// kernel reuses it, which takes a full turn of the pid space).
pid_t DeadPid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status;
  waitpid(pid, &status, 0);
  return pid;
}

// Regression: a FIFO given where a file is read (-dict=FIFO) used to block forever in open();
// it is refused at once, saying what it is.
TEST(FileUtilTest, ReadFileRefusesAFifoWithoutBlocking) {
  TempDir dir;
  std::string fifo = JoinPath(dir.path(), "pipe");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  auto r = ReadFile(fifo);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(fifo + " is a FIFO (named pipe), not a regular file"),
            std::string::npos)
      << r.status().message();
  auto d = ReadFile(dir.path());
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("is a directory"), std::string::npos) << d.status().message();
}

// Requirement: DescribePath says what a path is, for messages.
TEST(FileUtilTest, DescribePath) {
  TempDir dir;
  std::string fifo = JoinPath(dir.path(), "pipe");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  Touch(JoinPath(dir.path(), "file"));
  EXPECT_EQ(DescribePath(fifo), "is a FIFO (named pipe)");
  EXPECT_EQ(DescribePath(dir.path()), "is a directory");
  EXPECT_EQ(DescribePath(JoinPath(dir.path(), "file")), "is a regular file");
  EXPECT_EQ(DescribePath(JoinPath(dir.path(), "missing")), "does not exist");
  EXPECT_EQ(DescribePath("/dev/null"), "is a character device");
}

// Requirement: RemoveStaleTemporaries deletes the temporaries and minimization work files of
// processes that are gone, keeps those of live ones (this one included) and every other file,
// and returns what it removed.
TEST(FileUtilTest, RemoveStaleTemporariesKeepsLiveOnes) {
  TempDir dir;
  const std::string dead = std::to_string(DeadPid());
  const std::string self = std::to_string(getpid());
  const std::vector<std::string> stale = {
      ".hivefuzz-minimize-" + dead,
      ".tmp-crash-12ab-" + dead + "-a1B2c3",
      ".tmp-" + std::string(40, '7') + "-" + dead + "-zzzzzz",
  };
  const std::vector<std::string> kept = {
      ".hivefuzz-minimize-" + self,
      ".tmp-crash-12ab-" + self + "-a1B2c3",
      ".tmp-" + std::string(40, '7') + "-XXXXXX",  // the old name, without a pid
      ".tmp-" + dead + "-abcdef",                  // no name part: not ours
      ".tmp-x-" + dead + "-abcde",                 // 5 random characters: not mkstemp's
      ".tmp-x-0-abcdef",
      ".hivefuzz-minimize-",
      ".hivefuzz-minimize-99999999999",
      "crash-" + dead,
      "inflight-abc",
  };
  for (const std::string& name : stale) Touch(JoinPath(dir.path(), name));
  for (const std::string& name : kept) Touch(JoinPath(dir.path(), name));
  ASSERT_EQ(mkdir(JoinPath(dir.path(), ".tmp-d-" + dead + "-abcdef").c_str(), 0755), 0);

  auto removed = RemoveStaleTemporaries(dir.path());
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  std::vector<std::string> expected;
  for (const std::string& name : stale) expected.push_back(JoinPath(dir.path(), name));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*removed, expected);
  for (const std::string& name : kept) {
    EXPECT_TRUE(IsRegularFile(JoinPath(dir.path(), name))) << name;
  }
  EXPECT_TRUE(IsDirectory(JoinPath(dir.path(), ".tmp-d-" + dead + "-abcdef")));
  EXPECT_TRUE(RemoveStaleTemporaries(dir.path())->empty());
  EXPECT_FALSE(RemoveStaleTemporaries(JoinPath(dir.path(), "missing")).ok());
}

// Requirement: a temporary that WriteFileAtomic itself named is recognized once its writer is
// gone (the name format and the parser agree).
TEST(FileUtilTest, RemoveStaleTemporariesRecognizesRealTemporaries) {
  TempDir dir;
  pid_t pid = fork();
  if (pid == 0) {
    // A write cut short by the file size limit leaves the temporary behind only if the
    // process dies in it; die in it by making SIGXFSZ kill, as it does by default.
    struct rlimit limit = {1, 1};
    setrlimit(RLIMIT_FSIZE, &limit);
    signal(SIGXFSZ, SIG_DFL);
    const uint8_t data[16] = {};
    (void)WriteFileAtomic(dir.path(), "crash-1", data, sizeof(data));
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child should have died of SIGXFSZ";
  std::vector<std::string> left = ListFilesWithPrefix(dir.path(), ".tmp-crash-1-");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_NE(left[0].find("-" + std::to_string(pid) + "-"), std::string::npos) << left[0];
  auto removed = RemoveStaleTemporaries(dir.path());
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, left);
  EXPECT_EQ(CountDirEntries(dir.path()), 0);
}

// Requirement: ListFilesWithPrefix lists the regular files whose names start with the prefix,
// sorted; a missing directory has none.
TEST(FileUtilTest, ListFilesWithPrefix) {
  TempDir dir;
  for (const char* name : {"inflight-b", "inflight-a", "crash-1", ".inflight-c", "xinflight-"}) {
    Touch(JoinPath(dir.path(), name));
  }
  ASSERT_EQ(mkdir(JoinPath(dir.path(), "inflight-dir").c_str(), 0755), 0);
  EXPECT_EQ(ListFilesWithPrefix(dir.path(), "inflight-"),
            (std::vector<std::string>{JoinPath(dir.path(), "inflight-a"),
                                      JoinPath(dir.path(), "inflight-b")}));
  EXPECT_EQ(ListFilesWithPrefix(dir.path(), ".inflight-").size(), 1u);
  EXPECT_TRUE(ListFilesWithPrefix(JoinPath(dir.path(), "missing"), "inflight-").empty());
}

// Writes 4000 bytes into `dir` under a file size limit of 1000, prints the outcome to stderr
// and exits with the number of entries left in `dir`.
[[noreturn]] void WriteUnderFileSizeLimit(const std::string& dir) {
  struct rlimit limit = {1000, 1000};
  setrlimit(RLIMIT_FSIZE, &limit);
  signal(SIGXFSZ, SIG_IGN);  // write() then returns what fit, then fails with EFBIG
  Bytes data(4000, 7);
  Status s = WriteFileAtomic(dir, "f", data.data(), data.size());
  std::fprintf(stderr, "%s\n", s.ok() ? "ok" : s.message().c_str());
  _exit(CountDirEntries(dir));
}

// Requirement: a write cut short (here by the file size limit, as a full disk would) says how
// much was written and why it stopped, and leaves no temporary.
TEST(FileUtilTest, PartialWriteIsReported) {
  TempDir dir;
  EXPECT_EXIT(WriteUnderFileSizeLimit(dir.path()), testing::ExitedWithCode(0),
              "cannot write .*/f: File too large \\(1000 of 4000 bytes were written\\)");
}

// Requirement: a full device or quota is named as such, with the directory and what to do.
TEST(FileUtilTest, NoSpaceNamesTheDevice) {
  EXPECT_EQ(WriteErrorText(ENOSPC, "out"),
            "no space left on the device of out; free space there or write elsewhere");
  EXPECT_NE(WriteErrorText(EDQUOT, "").find("quota exceeded on the device of ."),
            std::string::npos);
  EXPECT_EQ(WriteErrorText(EACCES, "out"), std::strerror(EACCES));
}

}  // namespace
}  // namespace hivefuzz
