#include "crash/slot_table.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include "crash/crash_handlers.h"

namespace hivefuzz {
namespace {

// Requirement: a table created in one mapping is read back through another (as the
// supervisor does after the engine died), with its layout checked.
TEST(SlotTableTest, AttachSeesWhatCreateWrote) {
  int fd = memfd_create("test", 0);
  ASSERT_GE(fd, 0);
  {
    auto table = SlotTable::Create(fd, 3, 100);
    ASSERT_TRUE(table.ok());
    Slot& s = (*table)->slot(2);
    std::memcpy(s.data(), "hello", 5);
    s.size.store(5);
    s.state.store(SlotState::kCrashed);
    SlotTable::SetOriginPath(s, InputOrigin::kSeed, "corpus/x");
  }
  auto table = SlotTable::Attach(fd);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ((*table)->num_slots(), 3u);
  EXPECT_EQ((*table)->capacity(), 100u);
  Slot& s = (*table)->slot(2);
  EXPECT_EQ(s.state.load(), SlotState::kCrashed);
  EXPECT_EQ(std::memcmp(s.data(), "hello", 5), 0);
  EXPECT_STREQ(s.origin_path, "corpus/x");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(&s) % 64, 0u);
  close(fd);
}

// Error guessing: a memory file without a table is refused, not misread.
TEST(SlotTableTest, AttachRejectsGarbage) {
  int fd = memfd_create("test", 0);
  ASSERT_EQ(ftruncate(fd, 4096), 0);
  EXPECT_FALSE(SlotTable::Attach(fd).ok());
  close(fd);
}

// Runs `fail` in a forked child whose only thread is bound to slot 0 of `table`, running an
// input, with the crash handlers installed; returns the child's wait status.
int FailInChild(SlotTable& table, void (*fail)()) {
  pid_t pid = fork();
  if (pid == 0) {
    InstallCrashHandlers(&table.header().facts);
    Slot& s = table.slot(0);
    BindThreadToSlot(&s);
    s.state.store(SlotState::kRunning);
    fail();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// Requirement: a deadly signal on a worker thread marks that thread's slot and the process
// dies by the same signal (or, under a sanitizer whose handler we chain to, by its exit).
TEST(SlotTableTest, SignalMarksTheRunningSlot) {
  auto table = SlotTable::Create(-1, 1, 16);
  ASSERT_TRUE(table.ok());
  int status = FailInChild(**table, [] { std::raise(SIGFPE); });
  if (WIFSIGNALED(status)) {
    EXPECT_EQ(WTERMSIG(status), SIGFPE);
  } else {
    EXPECT_NE(WEXITSTATUS(status), 0);
  }
  Slot& s = (*table)->slot(0);
  EXPECT_EQ(s.state.load(), SlotState::kCrashed);
  EXPECT_EQ(s.crash_kind.load(), CrashKind::kSignal);
  EXPECT_EQ(s.signal.load(), SIGFPE);
}

// Requirement: exit() called while an input runs is a crash of the target.
TEST(SlotTableTest, ExitWhileRunningIsACrash) {
  auto table = SlotTable::Create(-1, 1, 16);
  ASSERT_TRUE(table.ok());
  int status = FailInChild(**table, [] { std::exit(0); });
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 77);
  EXPECT_EQ((*table)->slot(0).crash_kind.load(), CrashKind::kExit);
}

}  // namespace
}  // namespace hivefuzz
