// PCG XSH-RR 64/32, the generator Go's fuzzer uses (internal/fuzz/pcg.go): small, seedable,
// one per thread. Not thread-safe; never shared.
#pragma once

#include <cstdint>

#include "base/check.h"

namespace hivefuzz {

class Rng {
 public:
  // `stream` selects one of 2^63 independent sequences, so threads seeded with the same `seed`
  // and different streams never repeat each other.
  explicit Rng(uint64_t seed, uint64_t stream = 0) : inc_((stream << 1) | 1) {
    state_ = 0;
    Step();
    state_ += seed;
    Step();
  }

  uint32_t Next32() {
    uint64_t x = state_;
    Step();
    auto xorshifted = static_cast<uint32_t>(((x >> 18) ^ x) >> 27);
    auto rot = static_cast<uint32_t>(x >> 59);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
  }

  uint64_t Next64() { return (uint64_t{Next32()} << 32) | Next32(); }

  // Uniform in [0, n); 0 when n == 0 (as Go's rand(0)). Lemire's multiply-shift with rejection.
  uint32_t Below(uint32_t n) {
    if (n == 0) return 0;
    uint64_t prod = uint64_t{Next32()} * n;
    auto low = static_cast<uint32_t>(prod);
    if (low < n) {
      uint32_t threshold = -n % n;
      while (low < threshold) {
        prod = uint64_t{Next32()} * n;
        low = static_cast<uint32_t>(prod);
      }
    }
    return static_cast<uint32_t>(prod >> 32);
  }

  // Uniform in [0, n) for sizes; n must fit in 32 bits.
  size_t BelowSize(size_t n) {
    HF_CHECK(n <= UINT32_MAX);
    return Below(static_cast<uint32_t>(n));
  }

  bool Bool() { return (Next32() & 1) == 0; }

 private:
  void Step() { state_ = state_ * 6364136223846793005ULL + inc_; }

  uint64_t state_;
  uint64_t inc_;
};

}  // namespace hivefuzz
