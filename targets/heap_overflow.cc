// A planted heap-buffer-overflow that only AddressSanitizer detects.
// Bug: the string-record handler of a small record parser copies the value into a heap buffer
// of exactly its length, then trims trailing spaces starting at buf[length] instead of
// buf[length - 1]: a one-byte read past the end of the allocation. Must find: the magic "TR",
// then a string record ('s', length >= 1, value) that fits the input.
// Fails only under -fsanitize=address (a real heap-buffer-overflow report). In a plain build
// the stray read lands in malloc's padding and nothing crashes: fuzz it with the asan preset.
// Calibration: libFuzzer + ASan, edge coverage only: 26.7k..244k execs over 5 seeds.
// hivefuzz + ASan, 2 threads, edge coverage only: 75.6k..607k (median 155k) execs over 10 runs.
// Budget: 3000000 execs with -parallel=2
//
// Format: the magic "TR", then records: type(1) length(1) value(length). Types: 'i' an
// integer of 1..8 bytes, 's' a string; anything else ends parsing.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace {

// ParseString returns the length of the value with trailing spaces trimmed.
size_t ParseString(const uint8_t* value, size_t length) {
  std::unique_ptr<char[]> buf(new char[length]);
  std::memcpy(buf.get(), value, length);
  size_t n = length;
  while (n > 0 && buf[n] == ' ') --n;  // BUG: reads buf[length] first; should be buf[n - 1].
  return n;
}

// ParseInteger returns the value of a little-endian integer of 1..8 bytes, or 0 otherwise.
uint64_t ParseInteger(const uint8_t* value, size_t length) {
  if (length < 1 || length > 8) return 0;
  uint64_t v = 0;
  for (size_t i = length; i > 0; --i) v = v << 8 | value[i - 1];
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || data[0] != 'T') return 0;
  if (data[1] != 'R') return 0;
  uint64_t checksum = 0;
  size_t pos = 2;
  while (size - pos >= 2) {
    uint8_t type = data[pos];
    size_t length = data[pos + 1];
    pos += 2;
    if (length > size - pos) break;
    if (type == 'i') {
      checksum += ParseInteger(data + pos, length);
    } else if (type == 's' && length > 0) {
      checksum += ParseString(data + pos, length);
    } else {
      break;
    }
    pos += length;
  }
  volatile uint64_t sink = checksum;
  (void)sink;
  return 0;
}
