#include "mutator/typed_value_mutation.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/little_endian.h"

namespace hivefuzz {

namespace {

uint64_t UnsignedMax(size_t width) {
  return width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1;
}
int64_t SignedMax(size_t width) { return int64_t(UnsignedMax(width) >> 1); }

// Go's mutateInt: add or subtract 1 + rand(100), kept within [-max, max].
int64_t MutateSigned(int64_t v, int64_t max, Rng& rng) {
  for (;;) {
    if (rng.Below(2) == 0) {
      if (v >= max) continue;
      uint64_t bound = 100;
      if (v > 0 && uint64_t(max - v) < bound) bound = uint64_t(max - v);
      return v + int64_t(1 + rng.Below(uint32_t(bound)));
    }
    if (v <= -max) continue;
    uint64_t bound = 100;
    if (v < 0 && uint64_t(max + v) < bound) bound = uint64_t(max + v);
    return v - int64_t(1 + rng.Below(uint32_t(bound)));
  }
}

// Go's mutateUInt: add 1 + rand(min(100, max - v)) or subtract 1 + rand(min(100, v)).
uint64_t MutateUnsigned(uint64_t v, uint64_t max, Rng& rng) {
  for (;;) {
    if (rng.Below(2) == 0) {
      if (v >= max) continue;
      return v + 1 + rng.Below(uint32_t(std::min<uint64_t>(100, max - v)));
    }
    if (v == 0) continue;
    return v - 1 - rng.Below(uint32_t(std::min<uint64_t>(100, v)));
  }
}

// Go's mutateFloat.
double MutateFloat(double v, double max, Rng& rng) {
  if (std::isnan(v) || std::isinf(v)) return v;  // only seeds bring these; Go leaves them too
  for (;;) {
    switch (rng.Below(4)) {
      case 0:
        if (v >= max) continue;
        return std::min(max, v + double(1 + rng.Below(100)));
      case 1:
        if (v <= -max) continue;
        return std::max(-max, v - double(1 + rng.Below(100)));
      case 2: {
        if (v == 0) continue;
        double factor_limit = std::min(10.0, max / std::fabs(v));
        if (factor_limit < 1) continue;
        return v * double(1 + rng.Below(uint32_t(factor_limit)));
      }
      default:
        if (v == 0) continue;
        return v / double(1 + rng.Below(10));
    }
  }
}

}  // namespace

void MutateNumber(NumberKind kind, uint8_t* bytes, size_t width, Rng& rng) {
  uint64_t bits = LoadLittleEndian(bytes, width);
  switch (kind) {
    case NumberKind::kBool:
      if (rng.Below(2) == 0) bytes[0] = (bytes[0] & 1) ^ 1;
      return;
    case NumberKind::kSigned:
      StoreLittleEndian(uint64_t(MutateSigned(SignExtend(bits, width), SignedMax(width), rng)),
                        bytes, width);
      return;
    case NumberKind::kUnsigned:
      StoreLittleEndian(MutateUnsigned(bits, UnsignedMax(width), rng), bytes, width);
      return;
    case NumberKind::kFloat:
      if (width == 4) {
        float v = std::bit_cast<float>(uint32_t(bits));
        float out = float(MutateFloat(v, std::numeric_limits<float>::max(), rng));
        StoreLittleEndian(std::bit_cast<uint32_t>(out), bytes, width);
      } else {
        double v = std::bit_cast<double>(bits);
        StoreLittleEndian(
            std::bit_cast<uint64_t>(MutateFloat(v, std::numeric_limits<double>::max(), rng)), bytes,
            width);
      }
      return;
  }
}

bool SetToComparedOperand(NumberKind kind, uint8_t* bytes, size_t width,
                          std::span<const IntComparison> comparisons, Rng& rng) {
  if (kind != NumberKind::kSigned && kind != NumberKind::kUnsigned) return false;
  if (comparisons.empty()) return false;
  const uint64_t mask = UnsignedMax(width);
  const uint64_t value = LoadLittleEndian(bytes, width);
  // An operand compared the value when its low bytes are the value (a 32-bit argument the
  // target widened to 64 bits is still found; a false match only costs one mutation).
  auto same = [&](uint64_t operand) { return (operand & mask) == value; };
  // Input-to-state first: a comparison that saw this very value, from a random start.
  size_t start = rng.Below(uint32_t(comparisons.size()));
  for (size_t k = 0; k < comparisons.size(); k++) {
    const IntComparison& c = comparisons[(start + k) % comparisons.size()];
    uint64_t other;
    if (same(c.a)) {
      other = c.b;
    } else if (same(c.b)) {
      other = c.a;
    } else {
      continue;
    }
    uint32_t nudge = rng.Below(4);  // mostly the operand itself; one more or one less
    if (nudge == 1) other += 1;
    if (nudge == 2) other -= 1;
    StoreLittleEndian(other & mask, bytes, width);
    return true;
  }
  // Otherwise a constant the target compared something with, that fits the argument.
  for (size_t k = 0; k < comparisons.size(); k++) {
    const IntComparison& c = comparisons[(start + k) % comparisons.size()];
    if (c.constant == IntComparison::Constant::kNeither || c.size > width) continue;
    StoreLittleEndian((c.constant == IntComparison::Constant::kA ? c.a : c.b) & mask, bytes, width);
    return true;
  }
  return false;
}

}  // namespace hivefuzz
