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

// The engine children running now (0: a free entry), for the signal handlers: a -fork=N run has
// up to 1024 process workers, and isolating children beside them.
constexpr size_t kMaxChildren = 1024 + 64;
std::atomic<pid_t> g_children[kMaxChildren];
std::atomic<int> g_interrupts{0};

void RegisterChild(pid_t child) {
  for (auto& entry : g_children) {
    pid_t expected = 0;
    if (entry.compare_exchange_strong(expected, child)) return;
  }
}

void UnregisterChild(pid_t child) {
  for (auto& entry : g_children) {
    pid_t expected = child;
    if (entry.compare_exchange_strong(expected, 0)) return;
  }
}

// A gap this long between two looks at the engine means the supervisor was not running
// (stopped, or the machine slept): times measured across it say nothing about the target.
constexpr uint64_t kSupervisorGapNs = 1'000'000'000;

// First Ctrl-C: ask the engine to stop gracefully (it prints its summary). Second: kill it.
void OnInterrupt(int) {
  int n = g_interrupts.fetch_add(1) + 1;
  for (auto& entry : g_children) {
    pid_t child = entry.load();
    if (child > 0) kill(child, n == 1 ? SIGINT : SIGKILL);
  }
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
  for (auto& entry : g_children) {
    pid_t child = entry.load();
    if (child > 0 && kill(-child, SIGSTOP) != 0) kill(child, SIGSTOP);
  }
  signal(SIGTSTP, SIG_DFL);
  sigset_t tstp;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &tstp, nullptr);
  raise(SIGTSTP);  // stopped here until SIGCONT
  InstallTerminalStop();
  for (auto& entry : g_children) {
    pid_t child = entry.load();
    if (child > 0 && kill(-child, SIGCONT) != 0) kill(child, SIGCONT);
  }
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

std::unique_ptr<EngineChild> EngineChild::Start(const Options& options,
                                                const std::vector<std::string>& argv,
                                                const std::vector<std::string>& extra_env,
                                                bool quiet) {
  int fd = memfd_create("hivefuzz-slots", 0);  // inherited by the child on purpose
  if (fd < 0) {
    std::fprintf(stderr, "hivefuzz: error: cannot create shared memory: %s\n",
                 std::strerror(errno));
    return nullptr;
  }
  // Ctrl-Z is held back until the child is known, so the handler can stop it too.
  sigset_t tstp, previous;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  sigprocmask(SIG_BLOCK, &tstp, &previous);
  pid_t child = StartChild(fd, argv, extra_env, quiet);
  if (child > 0) RegisterChild(child);
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  if (child < 0) {
    std::fprintf(stderr, "hivefuzz: error: cannot start the engine: %s\n", std::strerror(errno));
    close(fd);
    return nullptr;
  }
  // A Ctrl-C that came before the child existed still asks it to stop.
  if (Interrupted()) kill(child, SIGINT);
  return std::unique_ptr<EngineChild>(new EngineChild(options, child, fd));
}

EngineChild::EngineChild(const Options& options, pid_t pid, int fd)
    : options_(options),
      pid_(pid),
      fd_(fd),
      pidfd_(int(syscall(SYS_pidfd_open, pid, 0))),
      last_look_ns_(MonotonicNanos()) {
  run_.started = true;
  run_.pid = pid;
}

EngineChild::~EngineChild() {
  if (!ended_) {
    kill(pid_, SIGKILL);
    run_.status = KillGroupAndReap(pid_, &run_.peak_rss_mb);
    UnregisterChild(pid_);
  }
  if (pidfd_ >= 0) close(pidfd_);
  close(fd_);
}

bool EngineChild::Poll(uint64_t watch_interval_ns) {
  if (ended_) return true;
  siginfo_t ended{};
  if (waitid(P_PID, id_t(pid_), &ended, WEXITED | WNOHANG | WNOWAIT) == 0 && ended.si_pid == pid_) {
    End();
    return true;
  }
  if (MonotonicNanos() - last_watch_ns_ < watch_interval_ns) return false;
  last_watch_ns_ = MonotonicNanos();
  if (table_ == nullptr) {
    // The engine lays out its slots once it has loaded the corpus.
    if (auto attached = SlotTable::Attach(fd_); attached.ok()) {
      table_ = std::move(*attached);
      hangs_ = std::make_unique<HangDetector>(table_->num_slots(), options_.timeout_ns);
    }
  }
  Verdict& watchdog = run_.watchdog;
  uint64_t now = MonotonicNanos();
  ProcessStatus status = ReadProcessStatus(pid_);
  if (hangs_ != nullptr && (status.stopped || now - last_look_ns_ > kSupervisorGapNs)) {
    // A stopped engine runs no input: SIGSTOP for longer than -timeout is no hang.
    hangs_->Pause(now);
  }
  last_look_ns_ = now;
  for (uint32_t i = 0; table_ != nullptr && !status.stopped && i < table_->num_slots(); i++) {
    Slot& slot = table_->slot(i);
    bool running = slot.state.load(std::memory_order_relaxed) == SlotState::kRunning;
    if (hangs_->Observe(i, running, slot.seq.load(std::memory_order_relaxed), now)) {
      watchdog.end = EngineEnd::kTimeout;
      watchdog.what = "worker " + std::to_string(i) + " ran one input for more than " +
                      std::to_string(options_.timeout_ns / 1'000'000'000) + "s (-timeout)";
      watchdog.culprits = {i};
      break;
    }
  }
  if (watchdog.end == EngineEnd::kFinished && options_.rss_limit_mb != 0 &&
      status.peak_rss_mb > options_.rss_limit_mb) {
    watchdog.end = EngineEnd::kOom;
    watchdog.peak_rss_mb = status.peak_rss_mb;
    watchdog.what = "the engine's peak resident memory reached " +
                    std::to_string(status.peak_rss_mb) +
                    " MB, over -rss_limit_mb=" + std::to_string(options_.rss_limit_mb);
    for (uint32_t i = 0; table_ != nullptr && i < table_->num_slots(); i++) {
      if (table_->slot(i).state.load() == SlotState::kRunning) watchdog.culprits.push_back(i);
    }
  }
  if (watchdog.end != EngineEnd::kFinished) {
    // Stop everything at once: the slots then hold exactly what was running.
    kill(pid_, SIGKILL);
    End();
    return true;
  }
  return false;
}

void EngineChild::End() {
  run_.status = KillGroupAndReap(pid_, &run_.peak_rss_mb);
  UnregisterChild(pid_);
  ended_ = true;
  if (hangs_ != nullptr) run_.longest_exec_ns = hangs_->longest_ns();
  if (table_ == nullptr) {
    if (auto attached = SlotTable::Attach(fd_); attached.ok()) table_ = std::move(*attached);
  }
  if (table_ != nullptr) {
    run_.engine = SnapshotEngine(*table_);
    run_.slots = SnapshotSlots(*table_);
  }
}

uint64_t EngineChild::Executions() const {
  uint64_t execs = 0;
  if (table_ == nullptr) return 0;
  for (uint32_t i = 0; i < table_->num_slots(); i++) {
    execs += table_->slot(i).seq.load(std::memory_order_relaxed);
  }
  return execs;
}

void EngineChild::Wait() {
  if (pidfd_ >= 0) {
    pollfd p{pidfd_, POLLIN, 0};
    poll(&p, 1, int(kWatchInterval.count()));
  } else {
    std::this_thread::sleep_for(kWatchInterval);
  }
}

ChildRun RunEngineChild(const Options& options, const std::vector<std::string>& argv,
                        const std::vector<std::string>& extra_env, bool quiet) {
  std::unique_ptr<EngineChild> child = EngineChild::Start(options, argv, extra_env, quiet);
  if (child == nullptr) return ChildRun{};
  while (!child->Poll()) child->Wait();
  return child->run();
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
