#include "stats/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace hivefuzz {
namespace {

std::atomic<bool> g_log_broken{false};
std::atomic<int> g_log_fd{STDERR_FILENO};

}  // namespace

void KeepLogPrivate() {
  int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd >= 0) g_log_fd.store(fd);
}

void WriteLog(std::string_view text) {
  if (g_log_broken.load(std::memory_order_relaxed)) return;
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = write(g_log_fd.load(std::memory_order_relaxed), p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      g_log_broken.store(true, std::memory_order_relaxed);
      return;
    }
    p += n;
    left -= size_t(n);
  }
}

}  // namespace hivefuzz
