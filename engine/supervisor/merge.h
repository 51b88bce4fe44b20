// -merge=1 OUT IN...: the supervisor's side of libFuzzer's corpus merge. It lists the files,
// keeps the control file, runs merging engine children until every input is done or marked
// failed, then copies the chosen files into OUT and prints libFuzzer's MERGE-OUTER line.
#pragma once

#include "options/options.h"

namespace hivefuzz {

// Returns the exit code: 0 when the merge completed (inputs that crashed, hung or ran out of
// memory are skipped and reported), 1 when it could not run, 72 when interrupted.
int RunMerge(const Options& options, char** argv);

}  // namespace hivefuzz
