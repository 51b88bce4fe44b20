// Placing other bytes into an input, in place like byte_mutator.h: a dictionary entry or an
// operand inserted or written over, and crossover with another corpus input (libFuzzer's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/rng.h"

namespace hivefuzz {

// The contract of guided_mutations.h holds: in place within max_size, pure, false and
// untouched when the mutation does not apply, no span overlapping data[0, max_size).

// Inserts all of `bytes` before a uniformly random position in [0, *size]. False if `bytes`
// is empty or does not fit in max_size.
bool InsertAtRandomPosition(uint8_t* data, size_t* size, size_t max_size,
                            std::span<const uint8_t> bytes, Rng& rng);

// Writes all of `bytes` over the input at a uniformly random position in
// [0, *size - bytes.size()]. False if `bytes` is empty or longer than the input.
bool OverwriteAtRandomPosition(uint8_t* data, size_t* size, size_t max_size,
                               std::span<const uint8_t> bytes, Rng& rng);

// Crossover with another input (libFuzzer's CrossOver mutator), one of these four chosen
// uniformly among those that apply:
//   insert:    a chunk of `other` (uniform length in [1, min(other.size(), room)]) inserted at a
//              random position; applies when *size < max_size;
//   overwrite: a random range of the input overwritten with a chunk of `other`; applies when
//              *size >= 1;
//   splice:    a prefix of the input followed by a non-empty suffix of `other`, the cut points
//              drawn so that the result fits in max_size;
//   concatenate: the whole input then the whole of `other`, or the other way round; applies
//              when the input is not empty and both fit. One of insert's outcomes, drawn as a
//              kind of its own because formats made of records (lines, commands, chunks)
//              need two whole inputs joined: a sequence of steps found separately.
// Every outcome contains at least one byte of `other`. False when `other` is empty or
// max_size == 0.
bool CrossOver(uint8_t* data, size_t* size, size_t max_size, std::span<const uint8_t> other,
               Rng& rng);

}  // namespace hivefuzz
