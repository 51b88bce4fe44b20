// Go's minimizeInput for a typed fuzz test: each []byte and string argument is shrunk in turn
// with minimizeBytes while the others keep their values; numbers and bools are left as they are.
#pragma once

#include <span>

#include "encoding/go_value.h"
#include "minimizer/minimizer.h"

namespace hivefuzz {

// Shrinks the flat input `input` (encoding/typed_input.h) of a test whose argument types are
// `shape`; candidates are flat inputs in canonical form. An empty shape is a plain byte target:
// MinimizeBytes itself. Same contract as MinimizeBytes otherwise (deterministic, should_stop
// before each try, the result never longer than the canonical form of `input`).
Bytes MinimizeTypedInput(std::span<const GoType> shape, Bytes input,
                         const TryCandidate& try_candidate, const ShouldStop& should_stop,
                         MinimizeStats* stats = nullptr);

}  // namespace hivefuzz
