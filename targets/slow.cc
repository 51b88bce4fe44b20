// A throughput target with a fixed cost: about 20 microseconds of hashing per execution at -O2,
// whatever the input (calibrated on the development machine: 20 us with trace-pc-guard or
// libFuzzer's instrumentation, 50k execs/sec single-threaded under libFuzzer; 23 us
// uninstrumented). The first 64 input bytes seed the state, so the work cannot be hoisted out
// of the call, and the digest goes to a volatile sink, so -O2 cannot remove it. Each round is
// one serial chain of multiplies in one basic block, so the per-edge coverage callback is
// hidden behind its latency. No bug. bench/vs_libfuzzer.sh compares engines on it.
#include <cstddef>
#include <cstdint>

namespace {

constexpr int kRounds = 1800;  // 20 us at -O2 with coverage: 50k execs/s under libFuzzer.
constexpr size_t kStateWords = 8;

inline uint64_t RotateLeft(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t state[kStateWords];
  for (size_t i = 0; i < kStateWords; ++i) state[i] = 0x9E3779B97F4A7C15ull * (i + 1);
  for (size_t i = 0; i < size && i < kStateWords * 8; ++i) {
    state[i / 8] ^= static_cast<uint64_t>(data[i]) << (8 * (i % 8));
  }
  uint64_t h = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (size_t i = 0; i < kStateWords; ++i) {  // unrolled: one block per round
      h = RotateLeft((h ^ state[i]) * 0xFF51AFD7ED558CCDull, 31) + static_cast<uint64_t>(round);
      state[i] = h;
    }
  }
  uint64_t digest = 0;
  for (uint64_t word : state) digest ^= word;
  volatile uint64_t sink = digest;  // a local: no data race between worker threads
  (void)sink;
  return 0;
}
