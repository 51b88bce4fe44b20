#include "mutator/splicing.h"

#include <algorithm>
#include <cstring>

#include "base/check.h"

namespace hivefuzz {
namespace {

void CheckSizes(size_t size, size_t max_size) {
  HF_CHECK(size <= max_size && max_size <= UINT32_MAX);
}

// True if the two ranges share a byte, by address (spans from different objects compare
// reliably through uintptr_t on the platforms hivefuzz supports).
bool Overlaps(const void* a, size_t a_size, const void* b, size_t b_size) {
  auto a0 = reinterpret_cast<uintptr_t>(a), b0 = reinterpret_cast<uintptr_t>(b);
  return a_size != 0 && b_size != 0 && a0 < b0 + b_size && b0 < a0 + a_size;
}

}  // namespace

bool InsertAtRandomPosition(uint8_t* data, size_t* size, size_t max_size,
                            std::span<const uint8_t> bytes, Rng& rng) {
  CheckSizes(*size, max_size);
  const size_t len = *size;
  if (bytes.empty() || bytes.size() > max_size - len) return false;
  const size_t pos = rng.BelowSize(len + 1);
  std::memmove(data + pos + bytes.size(), data + pos, len - pos);
  std::memcpy(data + pos, bytes.data(), bytes.size());
  *size = len + bytes.size();
  return true;
}

bool OverwriteAtRandomPosition(uint8_t* data, size_t* size, size_t max_size,
                               std::span<const uint8_t> bytes, Rng& rng) {
  CheckSizes(*size, max_size);
  if (bytes.empty() || bytes.size() > *size) return false;
  const size_t pos = rng.BelowSize(*size - bytes.size() + 1);
  std::memcpy(data + pos, bytes.data(), bytes.size());
  return true;
}

bool CrossOver(uint8_t* data, size_t* size, size_t max_size, std::span<const uint8_t> other,
               Rng& rng) {
  CheckSizes(*size, max_size);
  if (other.empty() || max_size == 0) return false;
  HF_CHECK(!Overlaps(data, max_size, other.data(), other.size()));
  enum class Kind { kInsert, kOverwrite, kSplice, kConcatenate };
  const size_t len = *size;
  Kind kinds[4];
  uint32_t num_kinds = 0;
  if (len < max_size) kinds[num_kinds++] = Kind::kInsert;
  if (len >= 1) kinds[num_kinds++] = Kind::kOverwrite;
  kinds[num_kinds++] = Kind::kSplice;
  if (len >= 1 && other.size() <= max_size - len) kinds[num_kinds++] = Kind::kConcatenate;
  switch (kinds[rng.Below(num_kinds)]) {
    case Kind::kConcatenate:
      if (rng.Bool()) {
        std::memcpy(data + len, other.data(), other.size());
      } else {
        std::memmove(data + other.size(), data, len);
        std::memcpy(data, other.data(), other.size());
      }
      *size = len + other.size();
      return true;
    case Kind::kInsert: {
      const size_t n = rng.BelowSize(std::min(max_size - len, other.size())) + 1;
      const size_t from = rng.BelowSize(other.size() - n + 1);
      const size_t to = rng.BelowSize(len + 1);
      std::memmove(data + to + n, data + to, len - to);
      std::memcpy(data + to, other.data() + from, n);
      *size = len + n;
      return true;
    }
    case Kind::kOverwrite: {
      const size_t to = rng.BelowSize(len);
      const size_t n = std::min(rng.BelowSize(len - to) + 1, other.size());
      const size_t from = rng.BelowSize(other.size() - n + 1);
      std::memcpy(data + to, other.data() + from, n);
      return true;
    }
    case Kind::kSplice: {
      // data[0, keep) then other[from, end): at least one byte of other, within max_size.
      const size_t keep = rng.BelowSize(std::min(len, max_size - 1) + 1);
      const size_t room = max_size - keep;
      const size_t min_from = other.size() > room ? other.size() - room : 0;
      const size_t from = min_from + rng.BelowSize(other.size() - min_from);
      std::memcpy(data + keep, other.data() + from, other.size() - from);
      *size = keep + other.size() - from;
      return true;
    }
  }
  HF_CHECK(false && "unknown crossover kind");
  return false;
}

}  // namespace hivefuzz
