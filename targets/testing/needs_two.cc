// For end-to-end tests of batch isolation: a bug that needs two inputs in one process. An input
// starting with 'S' arms a process-wide flag and then takes a second, so it is still in flight
// when another worker runs an input starting with 'T', which aborts once the flag is armed.
// Neither input fails alone; run in order, "S..." then "T...", they do. Only one 'S' at a time
// arms and waits (another returns at once), so some worker is free to run a 'T' meanwhile. A 'T'
// waits up to half a second for the flag, so a worker that took the 'S' but was descheduled
// before arming (a loaded machine, ThreadSanitizer) cannot let every 'T' pass unarmed.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace {
std::atomic<bool> g_armed{false};
std::atomic<int> g_arming{0};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] == 'S' && g_arming.fetch_add(1) == 0) {
    g_armed = true;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (data[0] == 'S') g_arming.fetch_sub(1);
  if (data[0] == 'T') {
    for (int waited_ms = 0; !g_armed && waited_ms < 500; waited_ms += 10)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (data[0] == 'T' && g_armed) {
    std::fprintf(stderr, "needs_two: 'T' after 'S'\n");
    std::abort();
  }
  return 0;
}
