// Go's mutators for the fixed-size arguments of a typed fuzz test (mutateInt, mutateUInt,
// mutateFloat, the bool flip), on a value's little-endian bytes; and a value the target compared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/rng.h"
#include "mutator/guided_mutations.h"

namespace hivefuzz {

enum class NumberKind : uint8_t { kBool, kSigned, kUnsigned, kFloat };

// Mutates the value in bytes[0, width) (width 1, 2, 4 or 8; 4 or 8 for kFloat) as Go's
// mutator does: an integer moves by 1..100 within [-max, max] (signed) or [0, max]; a float is
// moved by 1..100, or multiplied or divided by a small factor, never made NaN or infinite; a
// bool flips half the time (Go's no-op otherwise is kept: it still counts as a mutation).
void MutateNumber(NumberKind kind, uint8_t* bytes, size_t width, Rng& rng);

// Comparison guidance for an integer argument: when the target compared the value (an operand
// of the argument's width equal to it), it becomes the other operand, or one more or one less;
// otherwise a constant the target compared something with (of the argument's width or less,
// when it fits) is written. False if no comparison fits; the value is then unchanged.
bool SetToComparedOperand(NumberKind kind, uint8_t* bytes, size_t width,
                          std::span<const IntComparison> comparisons, Rng& rng);

}  // namespace hivefuzz
