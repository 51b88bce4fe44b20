// What the coordinator hands a worker: which corpus entry, what to do with it, how many
// executions it may spend. One queue pop per item;
// about a millisecond of executions (5 to 256) per item.
#pragma once

#include <oneapi/tbb/concurrent_queue.h>

#include <cstdint>
#include <memory>

#include "corpus/input.h"

namespace hivefuzz {

enum class WorkKind : uint8_t {
  kWarmup,  // run the entry once, unmutated, to build the baseline coverage
  kFuzz,    // mutate the entry and run the mutants
};

struct WorkItem {
  uint32_t input = 0;  // corpus index
  WorkKind kind = WorkKind::kFuzz;
  uint32_t budget = 0;  // executions; 0 for kFuzz means the current default budget
};

// Coordinator -> workers. Bounded, so the coordinator never queues far ahead of the workers;
// workers only try_pop and fall back to picking from the corpus themselves.
using WorkQueue = tbb::concurrent_bounded_queue<WorkItem, std::allocator<WorkItem>>;
// Coordinator -> workers, for inputs just added to the corpus; unbounded, rarely non-empty.
using FreshQueue = tbb::concurrent_queue<WorkItem, std::allocator<WorkItem>>;
// Workers -> coordinator: inputs that won new coverage, not yet in the corpus.
using ResultQueue =
    tbb::concurrent_queue<std::unique_ptr<Input>, std::allocator<std::unique_ptr<Input>>>;

}  // namespace hivefuzz
