// One corpus entry: immutable bytes plus where they came from. Built once, never changed, so
// any thread may read it once it is published.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "coverage/coverage_mask.h"
#include "encoding/content_hash.h"

namespace hivefuzz {

enum class InputSource : uint8_t {
  kSeed,       // a file from a corpus or -seed_corpus directory
  kCache,      // a file from -cache_dir, found by an earlier run
  kGenerated,  // found by this run: it won new coverage bits
  kEmpty,      // the empty input added when the corpus starts empty (Go does the same)
  kShared,     // found by another process worker of this run (-fork=N), read from its file
};

struct Input {
  Bytes data;
  Sha1Digest sha1{};
  InputSource source = InputSource::kGenerated;
  std::string path;         // the file it was read from or written to; "" if none yet
  uint32_t parent = 0;      // corpus index of the input it was mutated from, or of that
                            // input's nearest published ancestor (a worker's own finds)
  uint32_t generation = 0;  // 0 for files; parent's + 1 for generated inputs
  uint32_t new_bits = 0;    // coverage bits it was first to reach
  // Where those bits are (generated inputs): when the record is complete (not truncated), a
  // smaller input that reaches them all may replace this one (-reduce_inputs).
  WonBits won{};
  // A reduction (-reduce_inputs): 1 + the corpus index of the entry it replaces; 0 if none.
  uint32_t replaces = 0;
  // -favor_rare: every coverage bit it reaches (mask bit ids), listed by the worker that found
  // it; the coordinator moves them out before it publishes the input.
  std::vector<uint32_t> features;
};

}  // namespace hivefuzz
