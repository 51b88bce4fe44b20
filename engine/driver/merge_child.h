// The merging engine child (-merge=1): runs the inputs of the control file that are not done
// yet on the worker threads, and appends each input's features and edges to the control file.
#pragma once

#include "merge/merge_params.h"
#include "options/options.h"
#include "target/target.h"

namespace hivefuzz {

// Returns the child's exit code: 0 when every input it was given has its record on disk.
// A failing input kills the process with its slot marked, as when fuzzing; the supervisor
// marks it failed in the control file and starts another child for the rest.
int RunMergeChild(const Options& options, const merge::MergeChildParams& params, TestOneInputFn fn,
                  int slots_fd);

}  // namespace hivefuzz
