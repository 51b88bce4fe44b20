#include "supervisor/engine_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "supervisor/watchdog.h"

namespace hivefuzz {
namespace {

// How often the supervisor looks at the engine: memory, hangs, and whether it ended.
constexpr auto kWatchInterval = std::chrono::milliseconds(10);

std::atomic<pid_t> g_child{0};
std::atomic<int> g_interrupts{0};

// A gap this long between two looks at the engine means the supervisor was not running
// (stopped, or the machine slept): times measured across it say nothing about the target.
constexpr uint64_t kSupervisorGapNs = 1'000'000'000;

// First Ctrl-C: ask the engine to stop gracefully (it prints its summary). Second: kill it.
void OnInterrupt(int) {
  int n = g_interrupts.fetch_add(1) + 1;
  pid_t child = g_child.load();
  if (child > 0) kill(child, n == 1 ? SIGINT : SIGKILL);
}

void OnTerminalStop(int);

void InstallTerminalStop() {
  struct sigaction sa {};
  sa.sa_handler = OnTerminalStop;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTSTP, &sa, nullptr);
}

// Ctrl-Z reaches the supervisor's process group only; the engine has its own. Stop it too,
// stop here, and continue it when the shell continues the supervisor.
void OnTerminalStop(int) {
  int saved_errno = errno;
  pid_t child = g_child.load();
  if (child > 0 && kill(-child, SIGSTOP) != 0) kill(child, SIGSTOP);
  signal(SIGTSTP, SIG_DFL);
  sigset_t tstp;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &tstp, nullptr);
  raise(SIGTSTP);  // stopped here until SIGCONT
  InstallTerminalStop();
  if (child > 0 && kill(-child, SIGCONT) != 0) kill(child, SIGCONT);
  errno = saved_errno;
}

pid_t StartChild(int fd, const std::vector<std::string>& argv,
                 const std::vector<std::string>& extra_env, bool quiet) {
  std::vector<std::string> args = argv;
  std::vector<char*> c_args;
  for (auto& a : args) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  pid_t parent = getpid();
  pid_t child = fork();
  if (child > 0) {
    // Also here, not only in the child: a Ctrl-Z right after the fork must find the group.
    setpgid(child, child);
    return child;
  }
  if (child < 0) return child;
  // Ctrl-C reaches the supervisor only; it forwards one SIGINT. If the supervisor dies, the
  // engine must not outlive it.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(kExitError);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t tstp;  // blocked by the parent around the fork
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &tstp, nullptr);
  setenv(kSlotsFdVariable, std::to_string(fd).c_str(), 1);
  for (const std::string& e : extra_env) {
    size_t eq = e.find('=');
    setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
  }
  if (quiet) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
  }
  execv("/proc/self/exe", c_args.data());
  std::fprintf(stderr, "hivefuzz: error: cannot re-execute %s: %s\n", argv[0].c_str(),
               std::strerror(errno));
  _exit(kExitError);
}

// Sleeps until `child` ends or the watch interval passes. A pidfd wakes up at once when the
// child ends (a short-lived child costs no poll interval); without one, plain sleep.
void WaitForChildOrTick(int pidfd) {
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    poll(&p, 1, int(kWatchInterval.count()));
  } else {
    std::this_thread::sleep_for(kWatchInterval);
  }
}

// Reaps `child` after killing whatever is left of its process group: processes the target
// forked would otherwise hold the shared memory and the output pipe (`fuzzer | tail` would
// never end). The child is still a zombie here, so its pid, the group's id, is not reused.
int KillGroupAndReap(pid_t child, uint64_t* peak_rss_mb) {
  kill(-child, SIGKILL);
  int status = 0;
  rusage usage{};
  while (wait4(child, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  *peak_rss_mb = uint64_t(usage.ru_maxrss) / 1024;  // KB on Linux
  return status;
}

// Watches the child until it ends, or until the watchdog ends it.
int Watch(const Options& options, pid_t child, int fd, ChildRun* run) {
  Verdict* watchdog = &run->watchdog;
  struct Longest {
    ChildRun* run;
    std::unique_ptr<HangDetector>* hangs;
    ~Longest() {
      if (*hangs != nullptr) run->longest_exec_ns = (*hangs)->longest_ns();
    }
  };
  std::unique_ptr<SlotTable> table;
  std::unique_ptr<HangDetector> hangs;
  Longest longest{run, &hangs};
  int pidfd = int(syscall(SYS_pidfd_open, child, 0));
  struct ClosePidfd {
    int fd;
    ~ClosePidfd() {
      if (fd >= 0) close(fd);
    }
  } close_pidfd{pidfd};
  uint64_t last_look = MonotonicNanos();
  while (true) {
    siginfo_t ended{};
    if (waitid(P_PID, id_t(child), &ended, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        ended.si_pid == child) {
      return KillGroupAndReap(child, &run->peak_rss_mb);
    }
    if (table == nullptr) {
      // The engine lays out its slots once it has loaded the corpus.
      if (auto attached = SlotTable::Attach(fd); attached.ok()) {
        table = std::move(*attached);
        hangs = std::make_unique<HangDetector>(table->num_slots(), options.timeout_ns);
      }
    }
    uint64_t now = MonotonicNanos();
    ProcessStatus status = ReadProcessStatus(child);
    if (hangs != nullptr && (status.stopped || now - last_look > kSupervisorGapNs)) {
      // A stopped engine runs no input: SIGSTOP for longer than -timeout is no hang.
      hangs->Pause(now);
    }
    last_look = now;
    for (uint32_t i = 0; table != nullptr && !status.stopped && i < table->num_slots(); i++) {
      Slot& slot = table->slot(i);
      bool running = slot.state.load(std::memory_order_relaxed) == SlotState::kRunning;
      if (hangs->Observe(i, running, slot.seq.load(std::memory_order_relaxed), now)) {
        watchdog->end = EngineEnd::kTimeout;
        watchdog->what = "worker " + std::to_string(i) + " ran one input for more than " +
                         std::to_string(options.timeout_ns / 1'000'000'000) + "s (-timeout)";
        watchdog->culprits = {i};
        break;
      }
    }
    if (watchdog->end == EngineEnd::kFinished && options.rss_limit_mb != 0 &&
        status.peak_rss_mb > options.rss_limit_mb) {
      watchdog->end = EngineEnd::kOom;
      watchdog->peak_rss_mb = status.peak_rss_mb;
      watchdog->what = "the engine's peak resident memory reached " +
                       std::to_string(status.peak_rss_mb) +
                       " MB, over -rss_limit_mb=" + std::to_string(options.rss_limit_mb);
      for (uint32_t i = 0; table != nullptr && i < table->num_slots(); i++) {
        if (table->slot(i).state.load() == SlotState::kRunning) watchdog->culprits.push_back(i);
      }
    }
    if (watchdog->end != EngineEnd::kFinished) {
      // Stop everything at once: the slots then hold exactly what was running.
      kill(child, SIGKILL);
      return KillGroupAndReap(child, &run->peak_rss_mb);
    }
    WaitForChildOrTick(pidfd);
  }
}

}  // namespace

void InstallSignalHandling() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // Ignored, it stays ignored in the engine too (across exec): a write to a closed pipe fails
  // with EPIPE, which the engine's log treats as "stop logging".
  signal(SIGPIPE, SIG_IGN);
  InstallTerminalStop();
}

bool Interrupted() { return g_interrupts.load() > 0; }

ChildRun RunEngineChild(const Options& options, const std::vector<std::string>& argv,
                        const std::vector<std::string>& extra_env, bool quiet) {
  ChildRun run;
  int fd = memfd_create("hivefuzz-slots", 0);  // inherited by the child on purpose
  if (fd < 0) {
    std::fprintf(stderr, "hivefuzz: error: cannot create shared memory: %s\n",
                 std::strerror(errno));
    return run;
  }
  // Ctrl-Z is held back until the child is known, so the handler can stop it too.
  sigset_t tstp, previous;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  sigprocmask(SIG_BLOCK, &tstp, &previous);
  pid_t child = StartChild(fd, argv, extra_env, quiet);
  if (child > 0) g_child.store(child);
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  if (child < 0) {
    std::fprintf(stderr, "hivefuzz: error: cannot start the engine: %s\n", std::strerror(errno));
    close(fd);
    return run;
  }
  run.started = true;
  // A Ctrl-C that came before the child existed still asks it to stop.
  if (Interrupted()) kill(child, SIGINT);
  run.pid = child;
  run.status = Watch(options, child, fd, &run);
  g_child.store(0);
  if (auto table = SlotTable::Attach(fd); table.ok()) {
    run.engine = SnapshotEngine(**table);
    run.slots = SnapshotSlots(**table);
  }
  close(fd);
  return run;
}

Verdict VerdictOf(const ChildRun& run) {
  Verdict v = run.watchdog.end != EngineEnd::kFinished
                  ? run.watchdog
                  : DecideVerdict(run.status, run.engine, run.slots, Interrupted());
  v.pid = run.pid;
  v.modules = run.engine.modules;
  return v;
}

}  // namespace hivefuzz
