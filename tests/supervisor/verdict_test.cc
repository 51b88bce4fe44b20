#include "supervisor/verdict.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "base/exit_codes.h"

namespace hivefuzz {
namespace {

int Exited(int code) { return code << 8; }
int Signaled(int sig) { return sig; }

// An engine that got past start-up and returned from its main path.
EngineState Finished() {
  EngineState e;
  e.set_up = true;
  e.finished = true;
  return e;
}
// One that got past start-up and was still running.
EngineState Unfinished() {
  EngineState e;
  e.set_up = true;
  return e;
}

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
  Verdict v = DecideVerdict(Signaled(SIGSEGV), Unfinished(), slots, false);
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
  Verdict v = DecideVerdict(Signaled(SIGABRT), Unfinished(), slots, false);
  EXPECT_EQ(v.end, EngineEnd::kOom);
  EXPECT_EQ(v.culprits, (std::vector<size_t>{1}));
  EXPECT_EQ(v.what, over.message);
}

// Requirement: normal end, interrupt and engine errors are not crashes.
TEST(VerdictTest, NonCrashEnds) {
  std::vector<SlotSnapshot> idle = {Slot(SlotState::kIdle)};
  EXPECT_EQ(DecideVerdict(Exited(0), Finished(), idle, false).end, EngineEnd::kFinished);
  EXPECT_EQ(DecideVerdict(Exited(0), Finished(), idle, true).end, EngineEnd::kInterrupted);
  EXPECT_EQ(DecideVerdict(Exited(kExitInterrupted), Finished(), idle, false).end,
            EngineEnd::kInterrupted);
  EXPECT_EQ(DecideVerdict(Exited(kExitError), Finished(), idle, false).end, EngineEnd::kError);
  EXPECT_EQ(DecideVerdict(Signaled(SIGKILL), Unfinished(), idle, true).end,
            EngineEnd::kInterrupted);
}

// Requirement (Go's rule): SIGKILL/SIGTERM from outside records no crasher, even with inputs
// in flight.
TEST(VerdictTest, KillFromOutsideRecordsNothing) {
  std::vector<SlotSnapshot> running = {Slot(SlotState::kRunning)};
  for (int sig : {SIGKILL, SIGTERM}) {
    Verdict v = DecideVerdict(Signaled(sig), Unfinished(), running, false);
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
  Verdict v = DecideVerdict(Exited(3), Unfinished(), slots, false);
  EXPECT_EQ(v.end, EngineEnd::kCrash);
  EXPECT_EQ(v.culprits, (std::vector<size_t>{0, 2}));
  EXPECT_NE(v.what.find("code 3"), std::string::npos);
  std::vector<SlotSnapshot> idle = {Slot(SlotState::kIdle)};
  EXPECT_EQ(DecideVerdict(Signaled(SIGSEGV), Unfinished(), idle, false).end, EngineEnd::kEngineBug);
}

// Requirement: an engine child that ends while an input runs has failed on that input,
// whatever its exit code (_exit(0), quick_exit(0), _exit(1), _exit(72) in the target); the
// code is trusted only once the engine has finished its main path.
TEST(VerdictTest, ExitWhileAnInputRunsIsAFailure) {
  std::vector<SlotSnapshot> slots = {Slot(SlotState::kIdle), Slot(SlotState::kRunning)};
  for (int code : {0, 1, kExitInterrupted, 77}) {
    Verdict v = DecideVerdict(Exited(code), Unfinished(), slots, false);
    EXPECT_EQ(v.end, EngineEnd::kCrash) << code;
    EXPECT_EQ(v.culprits, (std::vector<size_t>{1})) << code;
    EXPECT_NE(v.what.find("fuzz target exited (exit code " + std::to_string(code) + ")"),
              std::string::npos)
        << v.what;
  }
  // The user's Ctrl-C, forwarded: the engine's second-interrupt exit is no failure.
  EXPECT_EQ(DecideVerdict(Exited(kExitInterrupted), Unfinished(), slots, true).end,
            EngineEnd::kInterrupted);
}

// Requirement: exit(0) before fuzzing starts (LLVMFuzzerInitialize) or from a thread between
// inputs is not a successful run.
TEST(VerdictTest, UnfinishedExitWithNoInputIsAnError) {
  std::vector<SlotSnapshot> idle = {Slot(SlotState::kIdle)};
  Verdict startup = DecideVerdict(Exited(0), EngineState{}, {}, false);
  EXPECT_EQ(startup.end, EngineEnd::kError);
  EXPECT_NE(startup.what.find("LLVMFuzzerInitialize"), std::string::npos) << startup.what;
  Verdict later = DecideVerdict(Exited(0), Unfinished(), idle, false);
  EXPECT_EQ(later.end, EngineEnd::kError);
  EXPECT_NE(later.what.find("no input was running"), std::string::npos) << later.what;
}

// Requirement: a deadly signal from another process is no crash of the target; a crash on a
// thread the target started, or a SIGTERM it sends itself, makes every input in flight a
// suspect.
TEST(VerdictTest, WhoSentTheSignal) {
  std::vector<SlotSnapshot> running = {Slot(SlotState::kRunning)};
  EngineState external = Unfinished();
  external.external_signal = SIGSEGV;
  external.external_sender = 1234;
  Verdict v = DecideVerdict(Signaled(SIGSEGV), external, running, false);
  EXPECT_EQ(v.end, EngineEnd::kKilled);
  EXPECT_NE(v.what.find("by process 1234"), std::string::npos) << v.what;

  EngineState stray = Unfinished();
  stray.stray_signal = SIGSEGV;
  v = DecideVerdict(Exited(1), stray, running, false);  // a handler that exits 1 (UBSan's)
  EXPECT_EQ(v.end, EngineEnd::kCrash);
  EXPECT_EQ(v.culprits, (std::vector<size_t>{0}));
  EXPECT_NE(v.what.find("a thread the target started itself died by SIGSEGV"), std::string::npos);

  EngineState self_term = Unfinished();
  self_term.stray_signal = SIGTERM;
  v = DecideVerdict(Signaled(SIGTERM), self_term, running, false);
  EXPECT_EQ(v.end, EngineEnd::kCrash);
  EXPECT_NE(v.what.find("sent SIGTERM to its own process"), std::string::npos) << v.what;
}

// Requirement: every slot that marked itself as failed is a culprit (two crashes at once).
TEST(VerdictTest, EveryMarkedSlotIsACulprit) {
  std::vector<SlotSnapshot> slots = {Slot(SlotState::kCrashed, CrashKind::kSignal, SIGSEGV),
                                     Slot(SlotState::kRunning),
                                     Slot(SlotState::kCrashed, CrashKind::kException)};
  Verdict v = DecideVerdict(Signaled(SIGSEGV), Unfinished(), slots, false);
  EXPECT_EQ(v.end, EngineEnd::kCrash);
  EXPECT_EQ(v.culprits, (std::vector<size_t>{0, 2}));
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
