// The process workers' shared memory: announcements and the coverage mask across real processes
// (fork), and the ring's behaviour when a reader falls behind.
#include "crash/shared_hive.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "coverage/coverage_mask.h"

namespace hivefuzz {
namespace {

HiveFind FindNumber(uint32_t n, uint32_t process) {
  HiveFind find;
  for (int i = 0; i < 20; i++) find.sha1[i] = uint8_t(n * 31 + i);
  find.process = process;
  find.size = n * 7;
  find.new_bits = n + 1;
  return find;
}

void ExpectSameFind(const HiveFind& a, const HiveFind& b) {
  EXPECT_EQ(std::memcmp(a.sha1, b.sha1, 20), 0);
  EXPECT_EQ(a.process, b.process);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.new_bits, b.new_bits);
}

// Runs `body` in a forked child that attaches to the hive by its descriptor, as an engine
// process does after exec; returns the child's exit code.
template <typename Body>
int InChildProcess(int fd, Body body) {
  pid_t pid = fork();
  if (pid == 0) {
    auto hive = SharedHive::Attach(fd);
    if (!hive.ok()) _exit(100);
    _exit(body(**hive));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Requirement: what one process announces, another reads, in order, exactly as written.
TEST(SharedHiveTest, AnnouncementsReachAnotherProcess) {
  auto hive = SharedHive::Create();
  ASSERT_TRUE(hive.ok()) << hive.status().message();
  int code = InChildProcess((*hive)->fd(), [](SharedHive& child) {
    for (uint32_t n = 0; n < 100; n++) child.Publish(FindNumber(n, 3));
    return 0;
  });
  ASSERT_EQ(code, 0);
  EXPECT_EQ((*hive)->published(), 100u);
  uint64_t cursor = 0;
  HiveFind find;
  for (uint32_t n = 0; n < 100; n++) {
    ASSERT_EQ((*hive)->Next(&cursor, &find), SharedHive::Read::kFind) << n;
    ExpectSameFind(find, FindNumber(n, 3));
  }
  EXPECT_EQ((*hive)->Next(&cursor, &find), SharedHive::Read::kNone);
  EXPECT_EQ(cursor, 100u);
}

// Requirement: a reader that fell more than the ring behind is told so and continues from the
// oldest announcement kept, never reading an overwritten entry as its own.
TEST(SharedHiveTest, AReaderFarBehindSkipsToTheOldestKept) {
  auto hive = SharedHive::Create();
  ASSERT_TRUE(hive.ok());
  const uint32_t total = uint32_t(SharedHive::kRingEntries) + 10;
  for (uint32_t n = 0; n < total; n++) (*hive)->Publish(FindNumber(n, 0));
  uint64_t cursor = 0;
  HiveFind find;
  EXPECT_EQ((*hive)->Next(&cursor, &find), SharedHive::Read::kLapped);
  EXPECT_EQ(cursor, 10u);
  uint32_t read = 0;
  for (uint32_t n = 10; n < total; n++, read++) {
    ASSERT_EQ((*hive)->Next(&cursor, &find), SharedHive::Read::kFind) << n;
    ExpectSameFind(find, FindNumber(n, 0));
  }
  EXPECT_EQ(read, SharedHive::kRingEntries);
  EXPECT_EQ((*hive)->Next(&cursor, &find), SharedHive::Read::kNone);
}

// Requirement: the mask in the hive credits each bit to exactly one merge across processes:
// two processes merging the same counters at once win disjoint bits that add up to the whole.
TEST(SharedHiveTest, MaskCreditsEachBitOnceAcrossProcesses) {
  auto hive = SharedHive::Create();
  ASSERT_TRUE(hive.ok());
  constexpr size_t kCounters = 1 << 16;
  // Every counter hit once, then a second pass with counts 2..255: 2 or more buckets each.
  auto merge_all = [](SharedHive& h) {
    CoverageMask mask(h.mask_words(), kCounters);
    std::vector<uint8_t> counters(kCounters);
    size_t won = 0;
    for (int round = 1; round <= 8; round++) {
      for (size_t i = 0; i < kCounters; i++) counters[i] = uint8_t(((i + round) % 255) + 1);
      won += mask.MergeAndReset(CounterView(counters.data(), kCounters));
    }
    return won;
  };
  // The child reports what it won through a shared page.
  auto* child_won = static_cast<size_t*>(
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(child_won, MAP_FAILED);
  pid_t pid = fork();
  if (pid == 0) {
    auto attached = SharedHive::Attach((*hive)->fd());
    if (!attached.ok()) _exit(1);
    *child_won = merge_all(**attached);
    _exit(0);
  }
  size_t parent_won = merge_all(**hive);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CoverageMask view((*hive)->mask_words(), kCounters);
  EXPECT_GT(view.CountBits(), kCounters);
  EXPECT_EQ(parent_won + *child_won, view.CountBits());
  munmap(child_won, 4096);
}

// Requirement: the supervisor counts coverage over the words the processes use, the largest any
// of them noted.
TEST(SharedHiveTest, MaskWordsUsedIsTheLargestNoted) {
  auto hive = SharedHive::Create();
  ASSERT_TRUE(hive.ok());
  EXPECT_EQ((*hive)->mask_words_used(), 0u);
  (*hive)->NoteMaskWords(40);
  (*hive)->NoteMaskWords(12);
  EXPECT_EQ((*hive)->mask_words_used(), 40u);
}

// Requirement: a descriptor that is not a hive is refused with a message, not mapped.
TEST(SharedHiveTest, AttachRefusesOtherMemory) {
  int fd = memfd_create("not-a-hive", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 4096), 0);
  auto attached = SharedHive::Attach(fd);
  ASSERT_FALSE(attached.ok());
  EXPECT_NE(attached.status().message().find("shared coverage mask"), std::string::npos);
  close(fd);
  EXPECT_FALSE(SharedHive::Attach(-1).ok());
}

}  // namespace
}  // namespace hivefuzz
