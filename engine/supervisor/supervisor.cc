#include "supervisor/supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "encoding/content_hash.h"
#include "supervisor/verdict.h"
#include "supervisor/watchdog.h"

namespace hivefuzz {
namespace {

// How often the supervisor looks at the engine: memory, hangs, and whether it ended.
constexpr auto kWatchInterval = std::chrono::milliseconds(10);

std::atomic<pid_t> g_child{0};
std::atomic<int> g_interrupts{0};

// First Ctrl-C: ask the engine to stop gracefully (it prints its summary). Second: kill it.
void OnInterrupt(int) {
  int n = g_interrupts.fetch_add(1) + 1;
  pid_t child = g_child.load();
  if (child > 0) kill(child, n == 1 ? SIGINT : SIGKILL);
}

void InstallInterruptForwarding() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// The directory part of an artifact prefix: "out/crash-" -> "out", "x-" -> ".".
std::string PrefixDirectory(const std::string& prefix) {
  size_t slash = prefix.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return prefix.substr(0, slash);
}

std::string Quote(const Bytes& data, size_t limit) {
  std::string out = "\"";
  for (size_t i = 0; i < data.size() && i < limit; i++) {
    uint8_t c = data[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  out += data.size() > limit ? "\"..." : "\"";
  return out;
}

struct FailureKind {
  const char* artifact;  // file name prefix, libFuzzer's
  const char* headline;
  int exit_code;
};

FailureKind KindOf(EngineEnd end) {
  switch (end) {
    case EngineEnd::kTimeout:
      return {"timeout-", "the target hung", kExitTimeout};
    case EngineEnd::kOom:
      return {"oom-", "out of memory", kExitOom};
    default:
      return {"crash-", "the target failed", kExitCrash};
  }
}

// Records, then reports, the failing inputs of `verdict`. Returns the exit code.
int ReportFailure(const Options& options, const Verdict& verdict,
                  const std::vector<SlotSnapshot>& slots) {
  FailureKind kind = KindOf(verdict.end);
  uint64_t execs = 0;
  for (const SlotSnapshot& s : slots) execs += s.seq;
  std::fprintf(stderr, "==hivefuzz== ERROR: %s: %s\n", kind.headline, verdict.what.c_str());
  // Record first: every suspect input reaches the disk before anything else is printed.
  std::vector<std::string> written;
  for (size_t i : verdict.culprits) {
    const SlotSnapshot& slot = slots[i];
    if (slot.origin == InputOrigin::kSeed || slot.origin == InputOrigin::kReplay) {
      written.push_back(slot.origin_path);  // the input is a file of the user's already
      continue;
    }
    std::string path =
        options.artifact_prefix + kind.artifact + Sha1Hex(slot.data.data(), slot.data.size());
    Status s = WriteFileAtomic(PrefixDirectory(path), path.substr(path.find_last_of('/') + 1),
                               slot.data.data(), slot.data.size());
    if (!s.ok()) {
      std::fprintf(stderr, "==hivefuzz== could not save the failing input: %s\n",
                   s.message().c_str());
      std::fprintf(stderr, "failing input (%zu bytes): %s\n", slot.data.size(),
                   Quote(slot.data, 4096).c_str());
      return kind.exit_code;
    }
    written.push_back(path);
  }
  for (size_t w = 0; w < verdict.culprits.size(); w++) {
    const SlotSnapshot& slot = slots[verdict.culprits[w]];
    std::fprintf(stderr, "worker %u, after %llu executions in all; input: %zu bytes: %s\n",
                 slot.index, (unsigned long long)execs, slot.data.size(),
                 Quote(slot.data, 64).c_str());
    if (slot.origin == InputOrigin::kSeed) {
      std::fprintf(stderr, "failure while testing seed corpus entry: %s\n",
                   slot.origin_path.c_str());
    } else if (slot.origin == InputOrigin::kReplay) {
      std::fprintf(stderr, "the input %s reproduces the failure\n", slot.origin_path.c_str());
    } else {
      if (slot.origin == InputOrigin::kCache) {
        std::fprintf(stderr, "the failing input came from the cache: %s\n",
                     slot.origin_path.c_str());
      }
      std::fprintf(stderr, "artifact_prefix='%s'; Test unit written to %s\n",
                   options.artifact_prefix.c_str(), written[w].c_str());
    }
    std::fprintf(stderr, "To re-run:\n  %s %s\n", options.program.c_str(), written[w].c_str());
  }
  if (verdict.culprits.size() > 1) {
    std::fprintf(stderr, "(%zu inputs were in flight; any of them may be the culprit)\n",
                 verdict.culprits.size());
  }
  return kind.exit_code;
}

pid_t StartEngine(int fd, char** argv) {
  pid_t parent = getpid();
  pid_t child = fork();
  if (child != 0) return child;
  // Ctrl-C reaches the supervisor only; it forwards one SIGINT. If the supervisor dies, the
  // engine must not outlive it.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(kExitError);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  setenv(kSlotsFdVariable, std::to_string(fd).c_str(), 1);
  execv("/proc/self/exe", argv);
  std::fprintf(stderr, "hivefuzz: error: cannot re-execute %s: %s\n", argv[0],
               std::strerror(errno));
  _exit(kExitError);
}

// Watches the engine until it ends, or until the watchdog ends it. Returns how it ended:
// `*watchdog` is kFinished unless the watchdog found a hang or memory over the limit.
int WatchEngine(const Options& options, pid_t child, int fd, Verdict* watchdog) {
  std::unique_ptr<SlotTable> table;
  std::unique_ptr<HangDetector> hangs;
  int status = 0;
  while (true) {
    pid_t r = waitpid(child, &status, WNOHANG);
    if (r == child) return status;
    if (r < 0 && errno != EINTR) {
      std::fprintf(stderr, "hivefuzz: error: lost the engine: %s\n", std::strerror(errno));
      return -1;
    }
    if (table == nullptr) {
      // The engine lays out its slots once it has loaded the corpus.
      if (auto attached = SlotTable::Attach(fd); attached.ok()) {
        table = std::move(*attached);
        hangs = std::make_unique<HangDetector>(table->num_slots(), options.timeout_ns);
      }
    }
    uint64_t now = MonotonicNanos();
    if (table != nullptr) {
      for (uint32_t i = 0; i < table->num_slots(); i++) {
        Slot& slot = table->slot(i);
        bool running = slot.state.load(std::memory_order_relaxed) == SlotState::kRunning;
        if (hangs->Observe(i, running, slot.seq.load(std::memory_order_relaxed), now)) {
          watchdog->end = EngineEnd::kTimeout;
          watchdog->what = "worker " + std::to_string(i) + " ran one input for more than " +
                           std::to_string(options.timeout_ns / 1'000'000'000) + "s (-timeout)";
          watchdog->culprits = {i};
        }
      }
    }
    if (watchdog->end == EngineEnd::kFinished && options.rss_limit_mb != 0) {
      uint64_t peak = PeakRssMb(child);
      if (peak > options.rss_limit_mb) {
        watchdog->end = EngineEnd::kOom;
        watchdog->what = "the engine's peak resident memory reached " + std::to_string(peak) +
                         " MB, over -rss_limit_mb=" + std::to_string(options.rss_limit_mb);
        if (table != nullptr) {
          for (uint32_t i = 0; i < table->num_slots(); i++) {
            if (table->slot(i).state.load() == SlotState::kRunning) watchdog->culprits.push_back(i);
          }
        }
      }
    }
    if (watchdog->end != EngineEnd::kFinished) {
      // Stop everything at once: the slots then hold exactly what was running.
      kill(child, SIGKILL);
      while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      return status;
    }
    std::this_thread::sleep_for(kWatchInterval);
  }
}

}  // namespace

int RunSupervisor(const Options& options, RunMode mode, char** argv) {
  if (mode == RunMode::kFuzz) {
    // An artifact that cannot be written would lose a crash: check before fuzzing.
    if (Status s = EnsureWritableDirectory(PrefixDirectory(options.artifact_prefix)); !s.ok()) {
      std::fprintf(stderr, "hivefuzz: error: -artifact_prefix=%s: %s\n",
                   options.artifact_prefix.c_str(), s.message().c_str());
      return kExitError;
    }
  }
  int fd = memfd_create("hivefuzz-slots", 0);  // inherited by the child on purpose
  if (fd < 0) {
    std::fprintf(stderr, "hivefuzz: error: cannot create shared memory: %s\n",
                 std::strerror(errno));
    return kExitError;
  }
  InstallInterruptForwarding();
  pid_t child = StartEngine(fd, argv);
  if (child < 0) {
    std::fprintf(stderr, "hivefuzz: error: cannot start the engine: %s\n", std::strerror(errno));
    return kExitError;
  }
  g_child.store(child);
  Verdict watchdog;
  int status = WatchEngine(options, child, fd, &watchdog);
  g_child.store(0);
  if (status == -1) return kExitError;

  std::vector<SlotSnapshot> slots;
  if (auto table = SlotTable::Attach(fd); table.ok()) slots = SnapshotSlots(**table);
  close(fd);
  Verdict verdict = watchdog.end != EngineEnd::kFinished
                        ? watchdog
                        : DecideVerdict(status, slots, g_interrupts.load() > 0);
  if (verdict.end == EngineEnd::kOom && verdict.culprits.empty()) {
    std::fprintf(stderr, "==hivefuzz== ERROR: out of memory: %s, with no input running\n",
                 verdict.what.c_str());
    return kExitOom;
  }
  switch (verdict.end) {
    case EngineEnd::kFinished:
      return kExitOk;
    case EngineEnd::kInterrupted:
      return kExitInterrupted;
    case EngineEnd::kError:
      return kExitError;
    case EngineEnd::kCrash:
    case EngineEnd::kTimeout:
    case EngineEnd::kOom:
      return ReportFailure(options, verdict, slots);
    case EngineEnd::kKilled:
      std::fprintf(stderr, "hivefuzz: %s\n", verdict.what.c_str());
      return kExitError;
    case EngineEnd::kEngineBug:
      std::fprintf(stderr,
                   "hivefuzz: %s. If it happened at start-up, a global constructor or "
                   "LLVMFuzzerInitialize of the target may have failed; otherwise this is a "
                   "hivefuzz bug: please report it with the output above.\n",
                   verdict.what.c_str());
      return kExitError;
  }
  return kExitError;
}

}  // namespace hivefuzz
