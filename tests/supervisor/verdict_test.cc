#include "supervisor/verdict.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "base/exit_codes.h"

namespace hivefuzz {
namespace {

int Exited(int code) { return code << 8; }
int Signaled(int sig) { return sig; }

SlotSnapshot Slot(SlotState state, CrashKind kind = CrashKind::kNone, int sig = 0) {
  SlotSnapshot s;
  s.state = state;
  s.kind = kind;
  s.signal = sig;
  return s;
}

// Requirement: a marked slot is the crash, whatever the exit status says.
TEST(VerdictTest, MarkedSlotIsTheCrash) {
  std::vector<SlotSnapshot> slots = {Slot(SlotState::kRunning),
                                     Slot(SlotState::kCrashed, CrashKind::kSignal, SIGSEGV)};
  Verdict v = DecideVerdict(Signaled(SIGSEGV), slots, false);
  EXPECT_EQ(v.end, EngineEnd::kCrash);
  ASSERT_EQ(v.culprits.size(), 1u);
  EXPECT_EQ(v.culprits[0], 1u);
  EXPECT_EQ(v.what, "deadly signal SIGSEGV");
}

// Requirement: an allocation over -malloc_limit_mb is out of memory, and the slot that made it
// is the one culprit, not every input in flight.
TEST(VerdictTest, MallocLimitNamesTheAllocatingInput) {
  SlotSnapshot over = Slot(SlotState::kCrashed, CrashKind::kMallocLimit);
  over.message = "out-of-memory (malloc(3221225472))";
  std::vector<SlotSnapshot> slots = {Slot(SlotState::kRunning), over, Slot(SlotState::kRunning)};
  Verdict v = DecideVerdict(Signaled(SIGABRT), slots, false);
  EXPECT_EQ(v.end, EngineEnd::kOom);
  EXPECT_EQ(v.culprits, (std::vector<size_t>{1}));
  EXPECT_EQ(v.what, over.message);
}

// Requirement: normal end, interrupt and engine errors are not crashes.
TEST(VerdictTest, NonCrashEnds) {
  std::vector<SlotSnapshot> idle = {Slot(SlotState::kIdle)};
  EXPECT_EQ(DecideVerdict(Exited(0), idle, false).end, EngineEnd::kFinished);
  EXPECT_EQ(DecideVerdict(Exited(0), idle, true).end, EngineEnd::kInterrupted);
  EXPECT_EQ(DecideVerdict(Exited(kExitInterrupted), idle, false).end, EngineEnd::kInterrupted);
  EXPECT_EQ(DecideVerdict(Exited(kExitError), idle, false).end, EngineEnd::kError);
  EXPECT_EQ(DecideVerdict(Signaled(SIGKILL), idle, true).end, EngineEnd::kInterrupted);
}

// Requirement (Go's rule): SIGKILL/SIGTERM from outside records no crasher, even with inputs
// in flight.
TEST(VerdictTest, KillFromOutsideRecordsNothing) {
  std::vector<SlotSnapshot> running = {Slot(SlotState::kRunning)};
  for (int sig : {SIGKILL, SIGTERM}) {
    Verdict v = DecideVerdict(Signaled(sig), running, false);
    EXPECT_EQ(v.end, EngineEnd::kKilled);
    EXPECT_TRUE(v.culprits.empty());
    EXPECT_NE(v.what.find(SignalName(sig)), std::string::npos);
  }
}

// Requirement: an unexplained death keeps every input in flight as a suspect; with none in
// flight it is the engine's own bug.
TEST(VerdictTest, UnmarkedDeathKeepsInputsInFlight) {
  std::vector<SlotSnapshot> slots = {Slot(SlotState::kRunning), Slot(SlotState::kIdle),
                                     Slot(SlotState::kRunning)};
  Verdict v = DecideVerdict(Exited(3), slots, false);
  EXPECT_EQ(v.end, EngineEnd::kCrash);
  EXPECT_EQ(v.culprits, (std::vector<size_t>{0, 2}));
  EXPECT_NE(v.what.find("code 3"), std::string::npos);
  std::vector<SlotSnapshot> idle = {Slot(SlotState::kIdle)};
  EXPECT_EQ(DecideVerdict(Signaled(SIGSEGV), idle, false).end, EngineEnd::kEngineBug);
}

// Requirement: failures are described for the user.
TEST(VerdictTest, Descriptions) {
  SlotSnapshot s = Slot(SlotState::kCrashed, CrashKind::kException);
  s.message = "uncaught exception: boom";
  EXPECT_EQ(DescribeFailure(s), "uncaught exception: boom");
  EXPECT_EQ(SignalName(SIGABRT), "SIGABRT");
}

}  // namespace
}  // namespace hivefuzz
