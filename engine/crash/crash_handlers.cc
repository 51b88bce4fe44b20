#include "crash/crash_handlers.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "base/exit_codes.h"
#include "coverage/runtime.h"

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
// Threads inside the handler that are still marking their slots.
std::atomic<int> g_marking{0};
// Threads bound to a slot now.
std::atomic<int> g_bound_threads{0};
EngineFacts* g_facts = nullptr;

// Whether the signal is aimed at the thread that receives it: a fault the kernel raised on
// it, or raise()/abort() on it. A signal sent to the whole process (kill) lands on any thread.
bool AimedAtThisThread(const siginfo_t* info) {
  return info == nullptr || info->si_code > 0 || info->si_code == SI_TKILL;
}

bool SentByAnotherProcess(const siginfo_t* info) {
  return info != nullptr && info->si_code <= 0 && info->si_pid != getpid();
}

// Records a signal that is the target's doing on the current thread: the thread's slot when
// the signal was aimed at it and it is running an input, else the engine's facts, so that
// every input in flight is a suspect.
void MarkCrashed(CrashKind kind, int sig, const char* message, uintptr_t fault_pc);

void RecordTargetSignal(int sig, const siginfo_t* info, uintptr_t fault_pc) {
  Slot* slot = tls_slot;
  bool attributable = AimedAtThisThread(info) && slot != nullptr &&
                      slot->state.load(std::memory_order_relaxed) == SlotState::kRunning;
  if (attributable) {
    MarkCrashed(CrashKind::kSignal, sig, nullptr, fault_pc);
  } else if (g_facts != nullptr) {
    int32_t none = 0;
    g_facts->stray_signal.compare_exchange_strong(none, sig);
  }
}

[[noreturn]] void DieBy(int sig) {
  signal(sig, SIG_DFL);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, sig);
  pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
  raise(sig);
  _exit(128 + sig);  // only if the signal could not kill us
}

// The address of the instruction that faulted (or that was interrupted by the signal), from
// the signal's saved registers; 0 where this platform's layout is unknown.
uintptr_t FaultPc(void* context) {
  if (context == nullptr) return 0;
  [[maybe_unused]] auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
  return uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return uintptr_t(uc->uc_mcontext.pc);
#else
  return 0;
#endif
}

void CrashSignalHandler(int sig, siginfo_t* info, void* context) {
  if (SentByAnotherProcess(info)) {
    // kill -SEGV from outside is no crash of the target: say who sent it, record no input.
    if (g_facts != nullptr) {
      g_facts->external_sender.store(info->si_pid, std::memory_order_relaxed);
      g_facts->external_signal.store(sig, std::memory_order_release);
    }
    DieBy(sig);
  }
  // Every crashing thread marks its own slot first: two inputs failing at the same instant
  // are both kept. Then one thread reports, after giving the others a moment to mark theirs;
  // another waits for the process to die. A crash inside this handler (the same thread
  // again) goes straight to the default action.
  auto self = pid_t(syscall(SYS_gettid));
  if (g_reporting_thread.load() != self) {
    g_marking.fetch_add(1);
    RecordTargetSignal(sig, info, FaultPc(context));
    g_marking.fetch_sub(1);
  }
  pid_t none = 0;
  if (!g_reporting_thread.compare_exchange_strong(none, self)) {
    if (none != self) {
      for (;;) pause();
    }
    DieBy(sig);
  }
  if (g_bound_threads.load() > 1) {
    // 1 ms for a thread that faulted a moment later to enter the handler, then at most
    // 100 ms for those marking their slots. (A single-slot engine, as in replay and
    // minimization, has no one to wait for.)
    timespec tick{0, 1'000'000};
    nanosleep(&tick, nullptr);
    for (int i = 0; i < 100 && g_marking.load() > 0; i++) nanosleep(&tick, nullptr);
  }
  const struct sigaction& prev = g_previous[sig];
  if ((prev.sa_flags & SA_SIGINFO) && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, context);  // a sanitizer's handler: it reports, then dies
  } else if (!(prev.sa_flags & SA_SIGINFO) && prev.sa_handler != SIG_DFL &&
             prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
  }
  // Die by the same signal, so the supervisor sees how the engine ended.
  DieBy(sig);
}

void (*g_on_stop)() = nullptr;

void StopSignalHandler(int sig, siginfo_t* info, void*) {
  if (info != nullptr && info->si_code <= 0 && info->si_pid == getpid()) {
    RecordTargetSignal(sig, info, 0);
    DieBy(sig);
  }
  static std::atomic<int> count{0};
  if (count.fetch_add(1) > 0) _exit(kExitInterrupted);  // a second Ctrl-C: stop now
  if (g_on_stop == nullptr) _exit(kExitInterrupted);
  g_on_stop();
}

constexpr int kSignatureFrames = 3;

// What a signature hashes for the frame at `pc` (coverage::SignatureAddress). A return address
// can lie past its function (a noreturn call ends it), so its call at pc - 1 says which
// function the frame is in; a faulting instruction is at pc itself.
uintptr_t SignatureAddressOf(uintptr_t pc, bool is_return_address) {
  uintptr_t within = is_return_address ? pc - 1 : pc;
  uintptr_t canonical = coverage::SignatureAddress(within);
  return canonical == within ? pc : canonical;
}

uint64_t Mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL; }

// Where the failure happened, from the failing thread's stack (backtrace() is safe here once
// it has been called outside a handler, which InstallCrashHandlers does: that loads its
// unwinder). The stack reads: this handler's own frames (in the executable), then the kernel's
// signal trampoline or libc's exit (outside it), then maybe more libc (raise, abort), then the
// target, then the engine's call into it and the engine's frames.
//
// The hash: the first kSignatureFrames frames inside the executable's code after the crash
// machinery, as offsets from the executable's start (ASLR-proof), a function with a traced copy
// at the granularity of the function (coverage::SignatureAddress); frames outside the executable
// are never hashed, since they move between runs.
//
// The frames kept in the slot (for the supervisor's report): from the frame that failed (the
// saved PC of a signal, else the first frame after the handler's own) to the last one before
// the engine's call into the target, at most Slot::kMaxFrames.
uint64_t CaptureStack(Slot* slot, uintptr_t fault_pc) {
  void* frames[64];
  int n = backtrace(frames, 64);
  auto start = reinterpret_cast<uintptr_t>(&__executable_start);
  auto end = reinterpret_cast<uintptr_t>(&etext);
  auto inside = [&](int i) {
    auto pc = reinterpret_cast<uintptr_t>(frames[i]);
    return pc >= start && pc < end;
  };
  auto call_start = reinterpret_cast<uintptr_t>(&__start_hivefuzz_target_call);
  auto call_end = reinterpret_cast<uintptr_t>(&__stop_hivefuzz_target_call);
  auto in_target_call = [&](int i) {
    auto pc = reinterpret_cast<uintptr_t>(frames[i]);
    return pc >= call_start && pc < call_end;
  };
  int i = 0;
  while (i < n && inside(i)) i++;  // the handler's frames
  int first = i;                   // the trampoline or libc's exit
  if (fault_pc != 0) {
    for (int j = i; j < n; j++) {
      if (reinterpret_cast<uintptr_t>(frames[j]) == fault_pc) {
        first = j;
        break;
      }
    }
  }
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int used = 0; i < n && used < kSignatureFrames; i++) {
    if (!inside(i)) continue;
    if (in_target_call(i)) break;  // the engine's frames from here on
    auto pc = reinterpret_cast<uintptr_t>(frames[i]);
    h = Mix(h, SignatureAddressOf(pc, /*is_return_address=*/pc != fault_pc) - start);
    used++;
  }
  uint32_t kept = 0;
  for (int j = first; j < n && kept < Slot::kMaxFrames && !in_target_call(j); j++) {
    slot->frames[kept++] = reinterpret_cast<uintptr_t>(frames[j]);
  }
  slot->num_frames.store(kept, std::memory_order_relaxed);
  return h;
}

uint64_t TextHash(const char* text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; text != nullptr && *text; text++) h = Mix(h, uint8_t(*text));
  return h;
}

void SanitizerDeathCallback() { MarkCrashed(CrashKind::kSanitizer, 0, nullptr, 0); }

// exit() or quick_exit() from the target: a failure of the running input, if any.
void RecordExitDuringInput() {
  if (g_engine_exiting.load()) return;
  Slot* slot = tls_slot;
  if (slot == nullptr || slot->state.load(std::memory_order_relaxed) != SlotState::kRunning) {
    // exit() on a thread with no input (one of the target's own): the supervisor sees the
    // engine end unfinished, with the inputs in flight as suspects.
    return;
  }
  MarkCrashed(CrashKind::kExit, 0,
              "fuzz target exited: the target called exit() while running an input", 0);
  WriteStderr("==hivefuzz== the fuzz target called exit() while running an input\n");
  _exit(kExitCrash);
}

void MarkCrashed(CrashKind kind, int sig, const char* message, uintptr_t fault_pc) {
  Slot* slot = tls_slot;
  if (slot == nullptr || slot->state.load(std::memory_order_relaxed) != SlotState::kRunning) {
    return;
  }
  slot->crash_kind.store(kind, std::memory_order_relaxed);
  slot->signal.store(sig, std::memory_order_relaxed);
  uint64_t hash;
  if (kind == CrashKind::kException) {
    hash = TextHash(message);  // the stack is unwound already; the text names the bug
  } else if (kind == CrashKind::kLeak) {
    // Found after the target returned: no stack of the target's to hash. One leak is one bug
    // (libFuzzer stops at the first), and the engine's call site differs between fuzzing,
    // replay and minimization, so the hash must not depend on it.
    hash = TextHash("LeakSanitizer");
    slot->num_frames.store(0, std::memory_order_relaxed);
    slot->sanitizer_reported.store(0, std::memory_order_relaxed);
  } else if (kind == CrashKind::kSanitizer && __asan_get_report_pc != nullptr) {
    // The report's pc is its check's return address.
    hash = Mix(0, SignatureAddressOf(__asan_get_report_pc(), /*is_return_address=*/true) -
                      reinterpret_cast<uintptr_t>(&__executable_start));
  } else {
    hash = CaptureStack(slot, fault_pc);
    bool sanitizer_reports = kind == CrashKind::kSignal &&
                             (g_previous[sig].sa_flags & SA_SIGINFO) != 0 &&
                             g_previous[sig].sa_sigaction != nullptr;
    // Frames worth a report: a signal's (unless a sanitizer's handler runs next and prints
    // its own report, stack included) and exit()'s. The others are called from the engine's
    // own code (the malloc limit's hook, the overwrite check), whose frames the capture
    // cannot tell from the target's.
    if (sanitizer_reports || (kind != CrashKind::kSignal && kind != CrashKind::kExit)) {
      slot->num_frames.store(0, std::memory_order_relaxed);
    }
    slot->sanitizer_reported.store(sanitizer_reports, std::memory_order_relaxed);
  }
  slot->stack_hash.store(hash, std::memory_order_relaxed);
  if (message != nullptr) {
    size_t n = std::min(std::strlen(message), sizeof(slot->message) - 1);
    std::memcpy(slot->message, message, n);
    slot->message[n] = '\0';
  }
  slot->state.store(SlotState::kCrashed, std::memory_order_release);
}

// Writes the loaded modules into `facts` (the executable first, as dl_iterate_phdr reports it).
void RecordModules(EngineFacts* facts) {
  facts->num_modules.store(0, std::memory_order_relaxed);
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        auto* facts = static_cast<EngineFacts*>(out);
        uint32_t n = facts->num_modules.load(std::memory_order_relaxed);
        if (n >= EngineFacts::kMaxModules) return 1;
        uint64_t start = UINT64_MAX, end = 0;
        for (int i = 0; i < info->dlpi_phnum; i++) {
          const auto& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_LOAD) continue;
          start = std::min<uint64_t>(start, info->dlpi_addr + ph.p_vaddr);
          end = std::max<uint64_t>(end, info->dlpi_addr + ph.p_vaddr + ph.p_memsz);
        }
        if (start >= end) return 0;
        ModuleInfo& m = facts->modules[n];
        m.start = start;
        m.end = end;
        m.bias = info->dlpi_addr;
        const char* name = n == 0 || info->dlpi_name == nullptr ? "" : info->dlpi_name;
        size_t len = std::min(std::strlen(name), sizeof(m.path) - 1);
        std::memcpy(m.path, name, len);
        m.path[len] = '\0';
        facts->num_modules.store(n + 1, std::memory_order_release);
        return 0;
      },
      facts);
}

}  // namespace

void MarkThreadCrashed(CrashKind kind, int sig, const char* message) {
  MarkCrashed(kind, sig, message, 0);
}

void InstallCrashHandlers(EngineFacts* facts) {
  g_facts = facts;
  if (facts != nullptr) RecordModules(facts);
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
}

void BindThreadToSlot(Slot* slot) {
  if ((tls_slot == nullptr) != (slot == nullptr)) g_bound_threads.fetch_add(slot ? 1 : -1);
  tls_slot = slot;
  constexpr size_t kAltStackSize = 64 * 1024;
  if (slot == nullptr && tls_altstack != nullptr) {
    // The thread is done with target code (a worker's end): its signal stack goes with it.
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, nullptr);
    munmap(tls_altstack, kAltStackSize);
    tls_altstack = nullptr;
    return;
  }
  if (slot == nullptr || tls_altstack != nullptr) return;
  stack_t current{};
  if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
  // Lives until the thread is unbound. Mapped, not malloc'ed: a thread's first allocation gives it
  // a heap of its own in mimalloc (about 60 KB resident for its segment's metadata), which a
  // worker of a target that does not allocate would otherwise pay for this stack alone; the
  // mapping's pages are resident only once a signal is handled on them.
  void* stack = mmap(nullptr, kAltStackSize, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return;
  tls_altstack = stack;
  stack_t ss{};
  ss.ss_sp = tls_altstack;
  ss.ss_size = kAltStackSize;
  sigaltstack(&ss, nullptr);
}

void SetEngineExiting() {
  g_engine_exiting.store(true);
  if (g_facts != nullptr) g_facts->finished.store(1, std::memory_order_release);
}

void InstallStopHandlers(void (*on_stop)()) {
  g_on_stop = on_stop;
  struct sigaction sa {};
  sa.sa_sigaction = StopSignalHandler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace hivefuzz

// exit() and quick_exit() are interposed, not hooked with atexit(): exit handlers run newest
// first, so the ones registered after the engine's (a target's lazily built statics, OpenSSL's
// cleanup) would tear state down under the other workers before the failure is recorded; and
// when two threads call exit() at once, glibc hands each the next handler in turn.
namespace {
template <class ExitFunction>
[[noreturn]] void ContinueExit(const char* name, int status) {
  auto next = reinterpret_cast<ExitFunction>(dlsym(RTLD_NEXT, name));
  if (next != nullptr) next(status);
  _exit(status);
}
}  // namespace

extern "C" void exit(int status) noexcept {
  hivefuzz::RecordExitDuringInput();
  ContinueExit<void (*)(int)>("exit", status);
}

extern "C" void quick_exit(int status) noexcept {
  hivefuzz::RecordExitDuringInput();
  ContinueExit<void (*)(int)>("quick_exit", status);
}
