// For end-to-end tests: counts target calls. Each call appends one byte to the file named by
// HIVEFUZZ_TEST_COUNT_FILE (opened once, O_APPEND, so concurrent calls never lose a byte), so
// the file's size is the number of calls. Does nothing when the variable is unset; never fails.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

// CountFd returns the count file's descriptor, or -1. Opened by the first call; the
// initialization of a function-local static is thread-safe.
int CountFd() {
  static const int fd = [] {
    const char* path = std::getenv("HIVEFUZZ_TEST_COUNT_FILE");
    if (path == nullptr) return -1;
    return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }();
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)data;
  (void)size;
  int fd = CountFd();
  if (fd < 0) return 0;
  const char one = '.';
  while (write(fd, &one, 1) < 0 && errno == EINTR) {
  }
  return 0;
}
