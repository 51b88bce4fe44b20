#include "crash/crash_handlers.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "base/exit_codes.h"

extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)(void));

namespace hivefuzz {
namespace {

constinit thread_local Slot* tls_slot = nullptr;
constinit thread_local void* tls_altstack = nullptr;
std::atomic<bool> g_engine_exiting{false};

constexpr int kDeadlySignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
struct sigaction g_previous[32];

void WriteStderr(const char* s) {
  ssize_t ignored = write(STDERR_FILENO, s, std::strlen(s));
  (void)ignored;
}

void CrashSignalHandler(int sig, siginfo_t* info, void* context) {
  MarkThreadCrashed(CrashKind::kSignal, sig, nullptr);
  const struct sigaction& prev = g_previous[sig];
  if ((prev.sa_flags & SA_SIGINFO) && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, context);  // a sanitizer's handler: it reports, then dies
  } else if (!(prev.sa_flags & SA_SIGINFO) && prev.sa_handler != SIG_DFL &&
             prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
  }
  // Die by the same signal, so the supervisor sees how the engine ended.
  signal(sig, SIG_DFL);
  raise(sig);
}

void SanitizerDeathCallback() { MarkThreadCrashed(CrashKind::kSanitizer, 0, nullptr); }

void AtExit() {
  if (g_engine_exiting.load()) return;
  Slot* slot = tls_slot;
  if (slot == nullptr || slot->state.load(std::memory_order_relaxed) != SlotState::kRunning) {
    return;
  }
  MarkThreadCrashed(CrashKind::kExit, 0, "the target called exit()");
  WriteStderr("==hivefuzz== the fuzz target called exit() while running an input\n");
  _exit(kExitCrash);
}

}  // namespace

void MarkThreadCrashed(CrashKind kind, int sig, const char* message) {
  Slot* slot = tls_slot;
  if (slot == nullptr || slot->state.load(std::memory_order_relaxed) != SlotState::kRunning) {
    return;
  }
  slot->crash_kind.store(kind, std::memory_order_relaxed);
  slot->signal.store(sig, std::memory_order_relaxed);
  if (message != nullptr) {
    size_t n = std::min(std::strlen(message), sizeof(slot->message) - 1);
    std::memcpy(slot->message, message, n);
    slot->message[n] = '\0';
  }
  slot->state.store(SlotState::kCrashed, std::memory_order_release);
}

void InstallCrashHandlers() {
  for (int sig : kDeadlySignals) {
    struct sigaction sa {};
    sa.sa_sigaction = CrashSignalHandler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, &g_previous[sig]);
  }
  if (__sanitizer_set_death_callback != nullptr) {
    __sanitizer_set_death_callback(SanitizerDeathCallback);
  }
  std::atexit(AtExit);
}

void BindThreadToSlot(Slot* slot) {
  tls_slot = slot;
  if (slot == nullptr || tls_altstack != nullptr) return;
  stack_t current{};
  if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
  constexpr size_t kAltStackSize = 64 * 1024;
  tls_altstack = std::malloc(kAltStackSize);  // lives as long as the thread; tiny
  stack_t ss{};
  ss.ss_sp = tls_altstack;
  ss.ss_size = kAltStackSize;
  sigaltstack(&ss, nullptr);
}

void SetEngineExiting() { g_engine_exiting.store(true); }

}  // namespace hivefuzz
