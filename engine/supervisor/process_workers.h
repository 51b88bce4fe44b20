// Process workers (-fork=N): N engine children of -parallel threads each (1 by default), for
// targets that are not thread-safe. They share one coverage mask and announce their new inputs
// to each other through the supervisor's memory (crash/shared_hive.h); each is watched, and
// its failures handled, as a single engine is.
#pragma once

#include <string>
#include <vector>

#include "options/options.h"

namespace hivefuzz {

// Runs options.processes engine children with `argv` (argv[0] first) until the run's limits,
// Ctrl-C, or a failure that ends the run; returns the exit code for the user.
int RunProcessWorkers(const Options& options, RunMode mode, const std::vector<std::string>& argv);

}  // namespace hivefuzz
