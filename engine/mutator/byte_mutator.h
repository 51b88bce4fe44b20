// Go's 18 byte-slice mutations (internal/fuzz/mutators_byteslice.go), applied in place to a
// worker's max_len buffer. Part of the worker hot path: one call per target execution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/rng.h"

namespace hivefuzz {

// All 18 of Go's byte-slice mutations, in Go's table order.
enum class ByteMutation : uint8_t {
  kRemoveBytes,
  kInsertRandomBytes,
  kDuplicateBytes,
  kOverwriteBytes,
  kBitFlip,
  kXorByte,
  kSwapByte,
  kArithmeticUint8,
  kArithmeticUint16,
  kArithmeticUint32,
  kArithmeticUint64,
  kOverwriteInterestingUint8,
  kOverwriteInterestingUint16,
  kOverwriteInterestingUint32,
  kInsertConstantBytes,
  kOverwriteConstantBytes,
  kShuffleBytes,
  kSwapBytes,
};
inline constexpr int kNumByteMutations = 18;

// The mutation's name without the `k`, e.g. "RemoveBytes"; "?" for an out-of-range value.
// The pointer is to static storage.
const char* ByteMutationName(ByteMutation m);

// Everything below is a pure function of its arguments and `rng`: no globals, no allocation,
// so any number of threads may call it at once, each with its own buffer and Rng.
//
// Whether a mutation applies depends only on (*size, max_size), never on the random draws, so
// MutateBytes can pick among the applicable ones without retrying:
//   size >= 1:  BitFlip, XorByte, ArithmeticUint8, OverwriteInterestingUint8
//   size >= 2:  RemoveBytes, OverwriteBytes, SwapByte, ArithmeticUint16,
//               OverwriteInterestingUint16, OverwriteConstantBytes
//   size >= 3:  ShuffleBytes, SwapBytes (Go never succeeds at size 2 for these two)
//   size >= 4:  ArithmeticUint32, OverwriteInterestingUint32
//   size >= 8:  ArithmeticUint64
//   size < max_size:                InsertRandomBytes
//   size >= 2 and size < max_size:  DuplicateBytes, InsertConstantBytes
// A growing mutation draws its length from ChooseLen(min(Go's bound, max_size - size)), which is
// Go's distribution whenever the room exceeds Go's bound (1024 or 4096).

// Applies mutation `m` to data[0, *size) in place. The buffer holds `max_size` bytes; the
// result never exceeds max_size. Returns false (and leaves data/size untouched) when the
// mutation does not apply to this size.
// REQUIRES: *size <= max_size <= UINT32_MAX; data points to max_size writable bytes.
// ENSURES: only data[0, max_size) is written; on true, *size <= max_size.
bool ApplyByteMutation(ByteMutation m, uint8_t* data, size_t* size, size_t max_size, Rng& rng);

// One mutation chosen uniformly among those that apply, Go's mutateBytes. Returns the mutation
// applied, or std::nullopt when none can apply (size == 0 and max_size == 0, the only such
// case). Constant time apart from the mutation itself: there is no retry loop.
// REQUIRES/ENSURES: as ApplyByteMutation.
std::optional<ByteMutation> MutateBytes(uint8_t* data, size_t* size, size_t max_size, Rng& rng);

// Go's chooseLen: a chunk length in [1, max(n, 1)] that prefers short chunks: 90% uniform in
// [1, min(8, n)], 9% in [1, min(32, n)], 1% in [1, n]. ChooseLen(0) == 1, as in Go.
// REQUIRES: n <= UINT32_MAX.
size_t ChooseLen(size_t n, Rng& rng);

}  // namespace hivefuzz
