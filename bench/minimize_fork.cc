// The minimization strategy hivefuzz did not choose, measured for comparison: a fork per
// attempt (each candidate runs in a forked copy; a crash kills only the copy). hivefuzz runs
// candidates in one minimizing child and restarts it after each accepted (crashing) candidate;
// bench/crash_cycle.sh times that on the same inputs through the real binary.
// Usage: minimize_fork SIZE [CRASH_AT]   builds a SIZE-byte zero input with 'x' at CRASH_AT
// (default 2/3 of SIZE) and minimizes it for targets/testing/fails_at_50.cc (linked in).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "coverage/runtime.h"
#include "minimizer/minimizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SIZE [CRASH_AT]\n", argv[0]);
    return 2;
  }
  size_t size = std::strtoul(argv[1], nullptr, 10);
  size_t crash_at = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : size * 2 / 3;
  if (size == 0 || crash_at >= size) {
    std::fprintf(stderr, "need 0 <= CRASH_AT < SIZE\n");
    return 2;
  }
  // Map what the engine maps per thread, so a fork copies comparable page tables.
  uint8_t* counters = hivefuzz::coverage::AllocateCounters();
  hivefuzz::coverage::SetThreadCounters(counters);
  hivefuzz::Bytes input(size, 0);
  input[crash_at] = 'x';

  uint64_t forks = 0;
  auto try_candidate = [&](const hivefuzz::Bytes& candidate) {
    forks++;
    pid_t pid = fork();
    if (pid == 0) {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, STDERR_FILENO);
      signal(SIGABRT, SIG_DFL);
      LLVMFuzzerTestOneInput(candidate.data(), candidate.size());
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  };
  auto never = [] { return false; };
  hivefuzz::MinimizeStats stats;
  auto start = std::chrono::steady_clock::now();
  hivefuzz::Bytes result = hivefuzz::MinimizeBytes(input, try_candidate, never, &stats);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // One line for bench/crash_cycle.sh: size result attempts accepted seconds us_per_attempt.
  std::printf("%zu %zu %llu %llu %.3f %.1f\n", size, result.size(),
              (unsigned long long)stats.attempts, (unsigned long long)stats.accepted, seconds,
              seconds * 1e6 / double(forks ? forks : 1));
  hivefuzz::coverage::FreeCounters(counters);
  return 0;
}
