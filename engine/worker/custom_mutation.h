// libFuzzer's mutation ABI: a target's LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver
// (structure-aware harnesses) replace the engine's mutations; LLVMFuzzerMutate, which they call,
// runs the byte mutations with the calling worker's own generator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/rng.h"

namespace hivefuzz {

// True when the target defines LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver.
bool HasCustomMutator();
bool HasCustomCrossOver();

// Makes LLVMFuzzerMutate on this thread use `rng` (null: a generator of its own).
void SetThreadMutationRng(Rng* rng);

// One mutation by the target's custom mutator, as libFuzzer's Mutate_Custom: the target
// rewrites data[0, *size) within max_size; returns false if it produced nothing usable.
bool CustomMutate(uint8_t* data, size_t* size, size_t max_size, Rng& rng);

// libFuzzer's Mutate_CustomCrossOver: the target combines data[0, *size) with `other` into
// `scratch` (max_size bytes), which replaces the input; false if it produced nothing.
bool CustomCrossOver(uint8_t* data, size_t* size, size_t max_size, std::span<const uint8_t> other,
                     uint8_t* scratch, Rng& rng);

}  // namespace hivefuzz
