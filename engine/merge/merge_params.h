// What the supervisor tells a merging engine child (environment variable HIVEFUZZ_MERGE):
// the control file, and, after a failure that named several suspects, which inputs to run alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace hivefuzz::merge {

inline constexpr const char* kMergeVariable = "HIVEFUZZ_MERGE";

struct MergeChildParams {
  uint32_t threads = 0;        // 0: -parallel
  std::vector<uint64_t> only;  // ascending; empty: every input not yet done
  std::string control_file;
};

// "threads;only,only,...;path" (the path last: it may hold any character), and back.
Result<MergeChildParams> ParseMergeParams(const std::string& text);
std::string FormatMergeParams(const MergeChildParams& params);

}  // namespace hivefuzz::merge
