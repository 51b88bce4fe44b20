// libFuzzer's ChangeASCIIInteger, which Go's byte mutations lack: a decimal number written in
// a text input (a JSON value, a repetition count, a character reference) is changed as a number.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/rng.h"

namespace hivefuzz {

// Finds the first run of ASCII digits at or after a random offset (wrapping around; the whole
// run, also where the offset falls inside it), reads its first 19 digits at most as a number and
// replaces the run with the decimal text of a new value: one more, one less, half, double, a random
// value below its square, or a boundary value (0, 1, 2^k - 1, 2^k for k in 7, 8, 15, 16, 31, 32).
// Unlike libFuzzer, which keeps the digit count (so 9 + 1 becomes 0), the number is written at its
// own length: the input grows or shrinks by the difference. Same contract as byte_mutator.h's
// mutations: false, data untouched, if the input has no digit or the new text does not fit in
// max_size.
//   REQUIRES: *size <= max_size <= UINT32_MAX; data points to max_size writable bytes.
bool ChangeDecimalNumber(uint8_t* data, size_t* size, size_t max_size, Rng& rng);

}  // namespace hivefuzz
