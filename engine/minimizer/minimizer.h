// Go's minimizeBytes (internal/fuzz/minimize.go): shrinks a crasher or an interesting input to a
// smaller one that still fails the same way or keeps its coverage. Pure: execution is injected.
#pragma once

#include <cstdint>
#include <functional>

#include "base/file_util.h"

namespace hivefuzz {

// Runs the target on `candidate` and says whether it is still acceptable: it "fails the same
// way" (crash minimization) or keeps the required coverage (interesting-input minimization).
// `candidate` is only valid for the duration of the call; copy it to keep it.
using TryCandidate = std::function<bool(const Bytes& candidate)>;

// Says whether the budget (time or attempts) is spent. Called before every single try, so a
// caller that counts calls to it and answers true after N gets at most N tries
// (`-fuzzminimizetime=Nx`).
using ShouldStop = std::function<bool()>;

// What one MinimizeBytes call did.
struct MinimizeStats {
  uint64_t attempts = 0;  // calls to try_candidate
  uint64_t accepted = 0;  // of those, how many returned true
};

// MinimizeBytes shrinks `input` with Go's minimizeBytes passes, in Go's order:
//   1. cut the tail: for n = 1024, 512, ..., 1, cut n bytes off the end while that is accepted
//      (never down to length 0);
//   2. remove single bytes, front to back, retrying the same index after a success (the last
//      byte is left to pass 1, as in Go);
//   3. remove ranges of at least 2 bytes: for each start i, ends from the far end down (this
//      pass can reach the empty input);
//   4. replace each byte with the first of "012789ABCXYZabcxyz !\"#$%&'()*+,." that is accepted,
//      else keep it.
// Returns the last accepted candidate, i.e. the smallest accepted input, or `input` itself when
// nothing was accepted or should_stop() was true at once.
//
// For a target that answers the same for the same bytes, the result is exactly Go's, in fewer
// tries: unlike Go it never tries the current best value itself, nor a candidate identical to one
// rejected since the current best was accepted, nor the rest of a range-pass row after a success
// in it (each of those repeats a rejected candidate; see minimizer.cc). Go's range pass takes
// O(n^2) tries even on an input of one repeated byte. It also checks should_stop() before every
// try, where Go checks once per byte in pass 4 and so can overrun a count budget by 31 tries.
//
// REQUIRES: try_candidate and should_stop are not empty.
// ENSURES: both are called only on the calling thread, and should_stop() exactly once before
//   each try_candidate() call and at no other time (apart from a last call that answers true),
//   so a count budget may count either. try_candidate is never called with the current best
//   value (at first, `input`). The result is never longer than `input`. When `stats` is not
//   null, this call's counts are added to *stats.
// Thread safety: no shared state; any number of threads may call it at once.
Bytes MinimizeBytes(Bytes input, const TryCandidate& try_candidate, const ShouldStop& should_stop,
                    MinimizeStats* stats = nullptr);

}  // namespace hivefuzz
