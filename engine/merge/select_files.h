// Which files a merge adds to the output corpus: libFuzzer's -merge=1 pass, in order of size,
// over the features each input was recorded with in the control file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "merge/control_file.h"

namespace hivefuzz::merge {

struct Selection {
  std::vector<size_t> chosen;  // indices into the files, in the order they were taken
  size_t new_features = 0;     // features the other corpora reach and the first does not
  size_t new_edges = 0;        // edges the other corpora reach and the first does not
};

// `files[0, num_in_first_corpus)` are the output corpus (kept, never chosen); the others are
// candidates. Candidates are visited smallest first (ties by name), and one is taken when it
// has a recorded feature that neither the output corpus nor a file taken before it has.
//
// A recorded feature list need not be complete: a worker records only the features new to
// the inputs it ran before in that engine (libFuzzer records those new to its process, which
// keeps the control file small). Each worker runs its inputs in the control file's order
// (smallest first), so the smallest input reaching a feature always records it, and the
// result is the same as with complete lists: the smallest input of each feature is taken.
// Failed and pending files have no features and are never taken.
Selection SelectNewFiles(const std::vector<ControlEntry>& files, size_t num_in_first_corpus);

}  // namespace hivefuzz::merge
