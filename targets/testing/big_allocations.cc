// A model of an image decoder, for the allocator's settings: each input allocates buffers of about
// 256 KiB, 1 MiB, 4 MiB and 24 MiB (the image), writes them all, reads a little back, frees them.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

// Kept so that the compiler cannot drop the writes or the reads.
thread_local volatile uint64_t sink;

// HIVEFUZZ_TEST_WORK_MS=N: each input also spins for N ms with its buffers held, as a slow decoder
// does, so the allocator sees a pause between one input's frees and the next one's mallocs.
const long work_ms = [] {
  const char* value = std::getenv("HIVEFUZZ_TEST_WORK_MS");
  return value == nullptr ? 0L : std::strtol(value, nullptr, 10);
}();

// 24 MiB is above mimalloc 2.0's largest size class (16 MiB): such a block is a mapping of its
// own. The smaller three come from its ordinary segments.
constexpr size_t kBaseSizes[] = {256 << 10, 1 << 20, 4 << 20, 24 << 20};
constexpr size_t kBuffers = sizeof(kBaseSizes) / sizeof(kBaseSizes[0]);

// BufferSize is the base size plus up to 16 KiB taken from one input byte (a multiple of
// 64 bytes): inputs ask for slightly different sizes, as images of different sizes do.
size_t BufferSize(size_t index, const uint8_t* data, size_t size) {
  size_t extra = index < size ? data[index] : index * 17;
  return kBaseSizes[index] + (extra % 256) * 64;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint8_t* buffers[kBuffers];
  size_t sizes[kBuffers];
  for (size_t i = 0; i < kBuffers; ++i) {
    sizes[i] = BufferSize(i, data, size);
    buffers[i] = static_cast<uint8_t*>(std::malloc(sizes[i]));
    if (buffers[i] == nullptr) std::abort();
    // All of it is written, as a decoder writes every pixel of its image.
    std::memset(buffers[i], static_cast<int>(size), sizes[i]);
    if (size > 0) std::memcpy(buffers[i], data, size < sizes[i] ? size : sizes[i]);
  }
  // A little work: one byte of each 4 KiB page, then the input.
  uint64_t sum = 0;
  for (size_t i = 0; i < kBuffers; ++i) {
    for (size_t offset = 0; offset < sizes[i]; offset += 4096) sum += buffers[i][offset];
  }
  for (size_t i = 0; i < size; ++i) sum = sum * 31 + data[i];
  if (work_ms > 0) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(work_ms);
    while (std::chrono::steady_clock::now() < end) sum += 1;
  }
  sink = sum;
  for (uint8_t* buffer : buffers) std::free(buffer);
  return 0;
}
