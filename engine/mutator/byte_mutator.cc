// Go's byte-slice mutations, ported to an in-place, allocation-free form. Each mutation follows
// mutators_byteslice.go; where Go re-rolls a failed random draw, the draw is restricted up front
// so that every call does bounded work (see the comments on each mutation).
#include "mutator/byte_mutator.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <iterator>

#include "base/check.h"

namespace hivefuzz {
namespace {

using M = ByteMutation;

constexpr uint32_t Bit(M m) { return uint32_t{1} << static_cast<unsigned>(m); }

// Mutations that apply at a given size (capped at 8, past which nothing new applies) ...
constexpr uint32_t kFromSize1 = Bit(M::kBitFlip) | Bit(M::kXorByte) | Bit(M::kArithmeticUint8) |
                                Bit(M::kOverwriteInterestingUint8);
constexpr uint32_t kFromSize2 = kFromSize1 | Bit(M::kRemoveBytes) | Bit(M::kOverwriteBytes) |
                                Bit(M::kSwapByte) | Bit(M::kArithmeticUint16) |
                                Bit(M::kOverwriteInterestingUint16) |
                                Bit(M::kOverwriteConstantBytes);
constexpr uint32_t kFromSize3 = kFromSize2 | Bit(M::kShuffleBytes) | Bit(M::kSwapBytes);
constexpr uint32_t kFromSize4 =
    kFromSize3 | Bit(M::kArithmeticUint32) | Bit(M::kOverwriteInterestingUint32);
constexpr uint32_t kFromSize8 = kFromSize4 | Bit(M::kArithmeticUint64);
constexpr uint32_t kBySize[9] = {0,          kFromSize1, kFromSize2, kFromSize3, kFromSize4,
                                 kFromSize4, kFromSize4, kFromSize4, kFromSize8};
// ... plus those that grow the input, when there is room for at least one more byte.
constexpr uint32_t kGrowFromSize0 = Bit(M::kInsertRandomBytes);
constexpr uint32_t kGrowFromSize2 =
    kGrowFromSize0 | Bit(M::kDuplicateBytes) | Bit(M::kInsertConstantBytes);

uint32_t ApplicableMask(size_t size, size_t max_size) {
  uint32_t mask = kBySize[std::min<size_t>(size, 8)];
  if (size < max_size) mask |= size >= 2 ? kGrowFromSize2 : kGrowFromSize0;
  return mask;
}

// Go's interesting values, with its init() appends: interesting16 ends with interesting8 and
// interesting32 with interesting16, each sign-extended, then stored as unsigned.
// clang-format off
constexpr int8_t kInteresting8[] = {-128, -1, 0, 1, 16, 32, 64, 100, 127};
constexpr int16_t kInteresting16[] = {
    -32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767,
    -128,   -1,   0,   1,   16,  32,  64,   100,  127};
constexpr int32_t kInteresting32[] = {
    -2147483647 - 1, -100663046, -32769, 32768, 65535, 65536, 100663045, 2147483647,
    -32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767,
    -128,   -1,   0,   1,   16,  32,  64,   100,  127};
// clang-format on
static_assert(std::size(kInteresting16) == 19 && std::size(kInteresting32) == 27);

// Growing mutations never draw a chunk longer than these (Go's constants).
constexpr size_t kMaxInsertRandom = 1024;
constexpr size_t kMaxInsertConstant = 4096;

template <typename T>
T ByteSwap(T v) {
  if constexpr (sizeof(T) == 2) return __builtin_bswap16(v);
  if constexpr (sizeof(T) == 4) return __builtin_bswap32(v);
  if constexpr (sizeof(T) == 8) return __builtin_bswap64(v);
}

// Unaligned load/store of a T in the given byte order.
template <typename T>
T Load(const uint8_t* p, bool little_endian) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return little_endian == (std::endian::native == std::endian::little) ? v : ByteSwap(v);
}

template <typename T>
void Store(uint8_t* p, T v, bool little_endian) {
  if (little_endian != (std::endian::native == std::endian::little)) v = ByteSwap(v);
  std::memcpy(p, &v, sizeof(T));
}

// A position in [0, size) other than `other`, uniformly; Go loops until it draws one.
// REQUIRES: size >= 2.
size_t OtherPos(size_t size, size_t other, Rng& rng) {
  size_t pos = rng.BelowSize(size - 1);
  return pos >= other ? pos + 1 : pos;
}

void FillRandom(uint8_t* p, size_t n, Rng& rng) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t r = rng.Next32();
    std::memcpy(p + i, &r, 4);
  }
  if (i < n) {
    uint32_t r = rng.Next32();
    std::memcpy(p + i, &r, n - i);
  }
}

// Go's byteSliceArithmeticUint{16,32,64}: +-(1..35) on a T at a random offset, random order.
template <typename T>
void AddToWord(uint8_t* data, size_t size, Rng& rng) {
  const uint32_t step = rng.Below(35) + 1;
  auto v = static_cast<T>(step);
  if (rng.Bool()) v = static_cast<T>(T{0} - v);
  size_t pos = rng.BelowSize(size - (sizeof(T) - 1));
  bool little_endian = rng.Bool();
  Store<T>(data + pos, static_cast<T>(Load<T>(data + pos, little_endian) + v), little_endian);
}

// Go's byteSliceOverwriteInteresting{16,32}.
template <typename T, typename Signed, size_t N>
void StoreInteresting(uint8_t* data, size_t size, const Signed (&values)[N], Rng& rng) {
  size_t pos = rng.BelowSize(size - (sizeof(T) - 1));
  auto v = static_cast<T>(values[rng.Below(N)]);
  Store<T>(data + pos, v, rng.Bool());
}

// Inserts a gap of `n` bytes at `pos` by moving the tail; the gap keeps stale bytes.
void OpenGap(uint8_t* data, size_t* size, size_t pos, size_t n) {
  std::memmove(data + pos + n, data + pos, *size - pos);
  *size += n;
}

// REQUIRES: `m` applies to (*size, max_size).
void ApplyApplicable(M m, uint8_t* data, size_t* size, size_t max_size, Rng& rng) {
  const size_t len = *size;
  const size_t room = max_size - len;
  switch (m) {
    case M::kRemoveBytes: {
      size_t pos = rng.BelowSize(len);
      size_t n = ChooseLen(len - pos, rng);
      std::memmove(data + pos, data + pos + n, len - pos - n);
      *size = len - n;
      return;
    }
    case M::kInsertRandomBytes: {
      // Go draws n = chooseLen(1024) and gives up when it does not fit; drawing from the room
      // instead is the same distribution whenever room >= 1024.
      size_t pos = rng.BelowSize(len + 1);
      size_t n = ChooseLen(std::min(kMaxInsertRandom, room), rng);
      OpenGap(data, size, pos, n);
      FillRandom(data + pos, n, rng);
      return;
    }
    case M::kDuplicateBytes: {
      // Go copies the chunk to scratch space past the end (needing 2n spare bytes); here the
      // chunk is copied from where the tail move left it, so n spare bytes are enough.
      size_t src = rng.BelowSize(len);
      size_t dst = OtherPos(len, src, rng);
      size_t n = ChooseLen(std::min(len - src, room), rng);
      OpenGap(data, size, dst, n);
      if (src + n <= dst) {  // chunk wholly before the gap: not moved
        std::memcpy(data + dst, data + src, n);
      } else if (src > dst) {  // chunk wholly after the gap: moved right by n
        std::memcpy(data + dst, data + src + n, n);
      } else {  // src < dst < src + n: the chunk's head stayed, its tail moved right by n
        size_t head = dst - src;
        std::memcpy(data + dst, data + src, head);
        std::memcpy(data + dst + head, data + dst + n, n - head);
      }
      return;
    }
    case M::kOverwriteBytes: {
      // As Go: the chunk length is chooseLen(len - src - 1), clipped at the end of the input.
      size_t src = rng.BelowSize(len);
      size_t dst = OtherPos(len, src, rng);
      size_t n = ChooseLen(len - src - 1, rng);
      std::memmove(data + dst, data + src, std::min(n, len - dst));
      return;
    }
    case M::kBitFlip: {
      size_t pos = rng.BelowSize(len);
      data[pos] ^= static_cast<uint8_t>(1u << rng.Below(8));
      return;
    }
    case M::kXorByte: {
      size_t pos = rng.BelowSize(len);
      data[pos] ^= static_cast<uint8_t>(1 + rng.Below(255));  // never 0: never a no-op
      return;
    }
    case M::kSwapByte: {
      size_t a = rng.BelowSize(len);
      size_t b = OtherPos(len, a, rng);
      std::swap(data[a], data[b]);
      return;
    }
    case M::kArithmeticUint8: {
      size_t pos = rng.BelowSize(len);
      auto v = static_cast<uint8_t>(rng.Below(35) + 1);
      data[pos] = static_cast<uint8_t>(rng.Bool() ? data[pos] + v : data[pos] - v);
      return;
    }
    case M::kArithmeticUint16:
      AddToWord<uint16_t>(data, len, rng);
      return;
    case M::kArithmeticUint32:
      AddToWord<uint32_t>(data, len, rng);
      return;
    case M::kArithmeticUint64:
      AddToWord<uint64_t>(data, len, rng);
      return;
    case M::kOverwriteInterestingUint8: {
      size_t pos = rng.BelowSize(len);
      data[pos] = static_cast<uint8_t>(kInteresting8[rng.Below(std::size(kInteresting8))]);
      return;
    }
    case M::kOverwriteInterestingUint16:
      StoreInteresting<uint16_t>(data, len, kInteresting16, rng);
      return;
    case M::kOverwriteInterestingUint32:
      StoreInteresting<uint32_t>(data, len, kInteresting32, rng);
      return;
    case M::kInsertConstantBytes: {
      // As Go, the chunk goes before an existing byte (dst < len), never at the very end.
      size_t dst = rng.BelowSize(len);
      size_t n = ChooseLen(std::min(kMaxInsertConstant, room), rng);
      OpenGap(data, size, dst, n);
      std::memset(data + dst, static_cast<int>(rng.Below(256)), n);
      return;
    }
    case M::kOverwriteConstantBytes: {
      size_t dst = rng.BelowSize(len);
      size_t n = ChooseLen(len - dst, rng);
      std::memset(data + dst, static_cast<int>(rng.Below(256)), n);
      return;
    }
    case M::kShuffleBytes: {
      // Go gives up when it draws n <= 2. Drawing dst so that 3 bytes remain and n from
      // 2 + chooseLen(rest - 2) always yields n in [3, len - dst], with no retry.
      size_t dst = rng.BelowSize(len - 2);
      size_t n = 2 + ChooseLen(len - dst - 2, rng);
      uint8_t* chunk = data + dst;
      for (size_t i = n - 1; i > 0; i--) std::swap(chunk[i], chunk[rng.BelowSize(i + 1)]);
      return;
    }
    case M::kSwapBytes: {
      // Go draws src != dst and n = chooseLen(len - max - 1), and gives up unless the chunks
      // are separated by at least one byte (lo + n < hi). Here the pair is drawn uniformly
      // among those at distance >= 2 (as a < b in [0, len - 1), lo = a, hi = b + 1) and n is
      // capped by the gap, so every draw succeeds. The chunks are disjoint, so they are swapped
      // in place: no scratch space, and it applies even when size == max_size.
      size_t a = rng.BelowSize(len - 1);
      size_t b = OtherPos(len - 1, a, rng);
      size_t lo = std::min(a, b);
      size_t hi = std::max(a, b) + 1;
      size_t n = ChooseLen(std::min(len - hi - 1, hi - lo - 1), rng);
      std::swap_ranges(data + lo, data + lo + n, data + hi);
      return;
    }
  }
  HF_CHECK(false && "unknown ByteMutation");
}

}  // namespace

const char* ByteMutationName(ByteMutation m) {
  static constexpr const char* kNames[kNumByteMutations] = {
      "RemoveBytes",
      "InsertRandomBytes",
      "DuplicateBytes",
      "OverwriteBytes",
      "BitFlip",
      "XorByte",
      "SwapByte",
      "ArithmeticUint8",
      "ArithmeticUint16",
      "ArithmeticUint32",
      "ArithmeticUint64",
      "OverwriteInterestingUint8",
      "OverwriteInterestingUint16",
      "OverwriteInterestingUint32",
      "InsertConstantBytes",
      "OverwriteConstantBytes",
      "ShuffleBytes",
      "SwapBytes",
  };
  auto i = static_cast<size_t>(m);
  return i < std::size(kNames) ? kNames[i] : "?";
}

size_t ChooseLen(size_t n, Rng& rng) {
  uint32_t x = rng.Below(100);
  if (x < 90) return rng.BelowSize(std::min<size_t>(8, n)) + 1;
  if (x < 99) return rng.BelowSize(std::min<size_t>(32, n)) + 1;
  return rng.BelowSize(n) + 1;
}

bool ApplyByteMutation(ByteMutation m, uint8_t* data, size_t* size, size_t max_size, Rng& rng) {
  HF_CHECK(*size <= max_size && max_size <= UINT32_MAX);
  if ((ApplicableMask(*size, max_size) & Bit(m)) == 0) return false;
  ApplyApplicable(m, data, size, max_size, rng);
  return true;
}

std::optional<ByteMutation> MutateBytes(uint8_t* data, size_t* size, size_t max_size, Rng& rng) {
  HF_CHECK(*size <= max_size && max_size <= UINT32_MAX);
  uint32_t mask = ApplicableMask(*size, max_size);
  if (mask == 0) return std::nullopt;
  // Uniform among the applicable ones: drop the k lowest set bits, take the next.
  for (uint32_t k = rng.Below(static_cast<uint32_t>(std::popcount(mask))); k > 0; k--) {
    mask &= mask - 1;
  }
  auto m = static_cast<ByteMutation>(std::countr_zero(mask));
  ApplyApplicable(m, data, size, max_size, rng);
  return m;
}

}  // namespace hivefuzz
