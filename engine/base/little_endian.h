// Integers of 1 to 8 bytes in little-endian byte order, as the typed fuzz tests' flat form holds
// numbers (encoding/typed_input.h) and Go's number mutators change them in place.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hivefuzz {

// The value of bytes[0, width), zero-extended. REQUIRES: width <= 8.
inline uint64_t LoadLittleEndian(const uint8_t* bytes, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; i++) v |= uint64_t{bytes[i]} << (8 * i);
  return v;
}

// Writes the low `width` bytes of `v` to bytes[0, width). REQUIRES: width <= 8.
inline void StoreLittleEndian(uint64_t v, uint8_t* bytes, size_t width) {
  for (size_t i = 0; i < width; i++) bytes[i] = uint8_t(v >> (8 * i));
}

// The low `width` bytes of `v` as a two's complement number. REQUIRES: 1 <= width <= 8.
inline int64_t SignExtend(uint64_t v, size_t width) {
  if (width == 8) return int64_t(v);
  unsigned shift = unsigned(64 - 8 * width);
  return int64_t(v << shift) >> shift;
}

}  // namespace hivefuzz
