#include "mutator/number_mutation.h"

#include <cstring>
#include <iterator>

#include "base/check.h"

namespace hivefuzz {
namespace {

constexpr size_t kMaxDigits = 19;  // every 19-digit number fits in a uint64_t

bool IsDigit(uint8_t c) { return c >= '0' && c <= '9'; }

uint64_t NewValue(uint64_t v, Rng& rng) {
  static constexpr uint64_t kBoundaries[] = {
      0,     1,     127,   128,        255,           256,           32767,
      32768, 65535, 65536, 2147483647, 2147483648ULL, 4294967295ULL, 4294967296ULL};
  switch (rng.Below(6)) {
    case 0:
      return v + 1;
    case 1:
      return v == 0 ? 1 : v - 1;
    case 2:
      return v / 2;
    case 3:
      return v > UINT64_MAX / 2 ? v : v * 2;
    case 4: {
      // Below the square, as libFuzzer, capped where the square would overflow.
      uint64_t bound = v < 0xffffffffULL ? v * v + 1 : UINT64_MAX;
      return rng.Next64() % bound;
    }
    default:
      return kBoundaries[rng.Below(uint32_t(std::size(kBoundaries)))];
  }
}

}  // namespace

bool ChangeDecimalNumber(uint8_t* data, size_t* size, size_t max_size, Rng& rng) {
  HF_CHECK(*size <= max_size && max_size <= UINT32_MAX);
  const size_t len = *size;
  if (len == 0) return false;
  const size_t start = rng.BelowSize(len);
  size_t begin = len;
  for (size_t i = 0; i < len; i++) {
    size_t pos = (start + i) % len;
    if (IsDigit(data[pos])) {
      begin = pos;
      break;
    }
  }
  if (begin == len) return false;
  while (begin > 0 && IsDigit(data[begin - 1])) begin--;  // the whole number, not its tail
  size_t end = begin;
  uint64_t value = 0;
  while (end < len && end - begin < kMaxDigits && IsDigit(data[end])) {
    value = value * 10 + (data[end] - '0');
    end++;
  }
  uint64_t changed = NewValue(value, rng);
  if (changed == value) changed = value + 1;
  char text[24];
  size_t digits = 0;
  do {
    text[digits++] = char('0' + changed % 10);
    changed /= 10;
  } while (changed != 0);
  const size_t old_digits = end - begin;
  if (len - old_digits + digits > max_size) return false;
  std::memmove(data + begin + digits, data + end, len - end);
  for (size_t i = 0; i < digits; i++) data[begin + i] = uint8_t(text[digits - 1 - i]);
  *size = len - old_digits + digits;
  return true;
}

}  // namespace hivefuzz
