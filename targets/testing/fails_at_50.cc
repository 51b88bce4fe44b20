// For end-to-end tests of minimization (Go's test_fuzz_minimize): fails (abort) when the input
// is at least 50 bytes long and has a non-zero byte, so a failing input minimizes to exactly
// 50 bytes. With HIVEFUZZ_TEST_COUNT_FILE set, every call appends one byte to that file; with
// HIVEFUZZ_TEST_SLOW_MS set, every call first sleeps that many milliseconds.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace {

int CountFd() {
  static const int fd = [] {
    const char* path = std::getenv("HIVEFUZZ_TEST_COUNT_FILE");
    return path ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
  }();
  return fd;
}

int SlowMs() {
  static const int ms = [] {
    const char* v = std::getenv("HIVEFUZZ_TEST_SLOW_MS");
    return v ? std::atoi(v) : 0;
  }();
  return ms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (int fd = CountFd(); fd >= 0) {
    const char one = '.';
    if (write(fd, &one, 1) != 1) std::abort();
  }
  if (int ms = SlowMs(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  if (size < 50) return 0;
  for (size_t i = 0; i < size; i++) {
    if (data[i] != 0) {
      std::fprintf(stderr, "fails_at_50: %zu bytes with a non-zero byte at %zu\n", size, i);
      std::abort();
    }
  }
  return 0;
}
