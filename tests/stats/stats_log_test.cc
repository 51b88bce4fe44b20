// The stats time series file: its exact CSV, one header per file, appending after a restart,
// and clear errors for paths that cannot be written.
#include "stats/stats_log.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace hivefuzz {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

StatsRow Row(uint64_t elapsed_ns, uint64_t execs0, uint64_t execs1) {
  StatsRow row;
  row.elapsed_ns = elapsed_ns;
  row.worker_execs = {execs0, execs1};
  row.execs = execs0 + execs1;
  row.execs_per_sec = 1234.56;
  row.corpus = 7;
  row.coverage_bits = 42;
  return row;
}

// Requirement: the columns of the issue, one per worker at the end, in a fixed format.
TEST(StatsLogTest, HeaderAndRowFormat) {
  EXPECT_EQ(StatsCsvHeader(2),
            "time_s,execs,execs_per_sec,corpus,coverage_bits,crashes,execs_worker0,"
            "execs_worker1\n");
  StatsRow row = Row(12'003'400'000, 100, 250);
  row.crashes = 3;
  EXPECT_EQ(FormatStatsCsvRow(row), "12.003,350,1234.6,7,42,3,100,250\n");
  EXPECT_EQ(FormatStatsCsvRow(Row(5'000'000, 0, 0)), "0.005,0,1234.6,7,42,0,0,0\n");
}

// Requirement: a new run starts the file afresh with one header; rows follow in order.
TEST(StatsLogTest, NewFileGetsOneHeaderAndTheRows) {
  TempDir dir;
  std::string path = dir.path() + "/fuzz-stats.csv";
  {
    std::ofstream(path) << "left over from an earlier run\n";
    auto log = StatsLog::Open(path, 2, /*append=*/false);
    ASSERT_TRUE(log.ok()) << log.status().message();
    (*log)->Append(Row(1'000'000'000, 10, 20));
    (*log)->Append(Row(2'000'000'000, 30, 40));
    // Flushed at once: a crash of the engine loses no row.
    EXPECT_EQ(ReadAll(path), StatsCsvHeader(2) + "1.000,30,1234.6,7,42,0,10,20\n" +
                                 "2.000,70,1234.6,7,42,0,30,40\n");
  }
}

// Requirement (-keep_going): a restarted engine appends without a second header, its rows
// continued by the offsets (time, crashes, and each worker's executions so far).
TEST(StatsLogTest, RestartAppendsWithOffsetsAndNoSecondHeader) {
  TempDir dir;
  std::string path = dir.path() + "/stats.csv";
  {
    auto first = StatsLog::Open(path, 2, false);
    ASSERT_TRUE(first.ok());
    (*first)->Append(Row(1'000'000'000, 10, 20));
  }
  {
    StatsOffsets offsets{1'500'000'000, 1, {11, 21}};
    auto second = StatsLog::Open(path, 2, /*append=*/true, offsets);
    ASSERT_TRUE(second.ok()) << second.status().message();
    (*second)->Append(Row(250'000'000, 5, 6));
  }
  EXPECT_EQ(ReadAll(path), StatsCsvHeader(2) + "1.000,30,1234.6,7,42,0,10,20\n" +
                               "1.750,43,1234.6,7,42,1,16,27\n");
}

// Requirement: appending to a missing or empty file still starts with the header.
TEST(StatsLogTest, AppendToEmptyFileWritesTheHeader) {
  TempDir dir;
  std::string path = dir.path() + "/stats.csv";
  auto log = StatsLog::Open(path, 1, true);
  ASSERT_TRUE(log.ok());
  (*log)->Append(StatsRow{2'000'000, 9, 4.5, 1, 2, 0, {9}});
  EXPECT_EQ(ReadAll(path), StatsCsvHeader(1) + "0.002,9,4.5,1,2,0,9\n");
}

// Requirement: a path that cannot be written is an error naming it and the flag, before any
// fuzzing; a full disk at the header is one too.
TEST(StatsLogTest, UnwritablePathsAreErrors) {
  TempDir dir;
  for (const std::string& path :
       {dir.path() + "/missing-dir/stats.csv", dir.path(), std::string("/dev/full")}) {
    auto log = StatsLog::Open(path, 2, false);
    ASSERT_FALSE(log.ok()) << path;
    EXPECT_NE(log.status().message().find(path), std::string::npos) << log.status().message();
    EXPECT_NE(log.status().message().find("-stats_file="), std::string::npos)
        << log.status().message();
  }
}

// Error-guessing: a write that fails later (a full disk, here a file size limit) prints one
// warning and stops the log without aborting: stats must never stop fuzzing.
TEST(StatsLogTest, LaterWriteFailureWarnsOnceAndStops) {
  TempDir dir;
  std::string path = dir.path() + "/stats.csv";
  auto log = StatsLog::Open(path, 1, false);
  ASSERT_TRUE(log.ok());
  const size_t header = StatsCsvHeader(1).size();
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = header + 30;  // room for one row
  auto old_handler = signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  // stderr into a pipe (gtest's capture goes through a file, which the limit would stop).
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  int saved_stderr = dup(STDERR_FILENO);
  dup2(pipe_fds[1], STDERR_FILENO);
  for (int i = 0; i < 5; i++) (*log)->Append(StatsRow{1'000'000'000, 1, 1, 1, 1, 0, {1}});
  dup2(saved_stderr, STDERR_FILENO);
  close(saved_stderr);
  close(pipe_fds[1]);
  std::string warnings;
  char buf[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) warnings.append(buf, size_t(n));
  close(pipe_fds[0]);
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, old_handler);
  (*log)->Append(StatsRow{1'000'000'000, 1, 1, 1, 1, 0, {1}});  // stays off once failed
  size_t warned = 0;
  for (size_t pos = 0;
       (pos = warnings.find("cannot write the stats file", pos)) != std::string::npos; pos++) {
    warned++;
  }
  EXPECT_EQ(warned, 1u) << warnings;
  EXPECT_NE(warnings.find(path), std::string::npos) << warnings;
  EXPECT_LE(ReadAll(path).size(), header + 30);
}

}  // namespace
}  // namespace hivefuzz
