#include "crash/crash_handlers.h"

#include <execinfo.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "base/exit_codes.h"

extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)(void));
extern "C" __attribute__((weak)) uintptr_t __asan_get_report_pc();
// Bounds of the executable's code, from the linker's default script.
extern "C" char __executable_start;
extern "C" char etext;
// The engine's call into the target (target/target.cc puts it in this section): frames from
// there down are the engine's, the same for every failure.
// Weak: a program without the target module (a unit test) has no such section.
extern "C" __attribute__((weak)) char __start_hivefuzz_target_call;
extern "C" __attribute__((weak)) char __stop_hivefuzz_target_call;

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

// The thread that is reporting a crash; 0 while none is.
std::atomic<pid_t> g_reporting_thread{0};

void CrashSignalHandler(int sig, siginfo_t* info, void* context) {
  // One thread reports; another thread crashing at the same moment waits for the process to
  // die, so it cannot kill it before the first has marked its slot. A crash inside this
  // handler (the same thread again) goes straight to the default action.
  auto self = pid_t(syscall(SYS_gettid));
  pid_t none = 0;
  if (!g_reporting_thread.compare_exchange_strong(none, self)) {
    if (none != self) {
      for (;;) pause();
    }
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
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

constexpr int kSignatureFrames = 3;

uint64_t Mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL; }

// A hash of the frames where the failure happened: the first kSignatureFrames frames inside
// the executable's code that come after the crash machinery, as offsets from the executable's
// start (ASLR-proof). The stack reads: this handler's own frames (in the executable), then the
// kernel's signal trampoline or libc's exit (outside it), then maybe more libc (raise, abort),
// then the target. Frames outside the executable are never hashed: they move between runs.
// backtrace() is safe here once it has been called outside a handler (InstallCrashHandlers
// does), which loads its unwinder.
uint64_t StackHash() {
  void* frames[64];
  int n = backtrace(frames, 64);
  auto start = reinterpret_cast<uintptr_t>(&__executable_start);
  auto end = reinterpret_cast<uintptr_t>(&etext);
  auto inside = [&](int i) {
    auto pc = reinterpret_cast<uintptr_t>(frames[i]);
    return pc >= start && pc < end;
  };
  int i = 0;
  while (i < n && inside(i)) i++;  // the handler's frames
  auto call_start = reinterpret_cast<uintptr_t>(&__start_hivefuzz_target_call);
  auto call_end = reinterpret_cast<uintptr_t>(&__stop_hivefuzz_target_call);
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int used = 0; i < n && used < kSignatureFrames; i++) {
    if (!inside(i)) continue;
    auto pc = reinterpret_cast<uintptr_t>(frames[i]);
    if (pc >= call_start && pc < call_end) break;  // the engine's frames from here on
    h = Mix(h, reinterpret_cast<uintptr_t>(frames[i]) - start);
    used++;
  }
  return h;
}

uint64_t TextHash(const char* text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; text != nullptr && *text; text++) h = Mix(h, uint8_t(*text));
  return h;
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
  uint64_t hash;
  if (kind == CrashKind::kException) {
    hash = TextHash(message);  // the stack is unwound already; the text names the bug
  } else if (kind == CrashKind::kSanitizer && __asan_get_report_pc != nullptr) {
    hash = Mix(0, __asan_get_report_pc() - reinterpret_cast<uintptr_t>(&__executable_start));
  } else {
    hash = StackHash();
  }
  slot->stack_hash.store(hash, std::memory_order_relaxed);
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
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, &g_previous[sig]);
  }
  void* warm_up[1];
  backtrace(warm_up, 1);  // loads the unwinder now, not inside a signal handler
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
