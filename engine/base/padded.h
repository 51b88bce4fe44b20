// A value alone on its cache line, so per-thread counters never share a line (no false sharing).
#pragma once

#include <cstddef>

namespace hivefuzz {

inline constexpr size_t kCacheLine = 64;

template <typename T>
struct alignas(kCacheLine) Padded {
  T value{};
};

}  // namespace hivefuzz
