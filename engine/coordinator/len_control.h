// libFuzzer's -len_control, shared by the coordinator, which restarts the count when the corpus
// grows, and the workers, which take the growth steps as their items start.
#pragma once

#include <cstdint>

#include "coordinator/engine_context.h"

namespace hivefuzz {

// A new corpus entry (or the start of fuzzing) at `execs` executions: growth waits again.
void RestartLenControl(EngineContext& ctx, uint64_t execs);

// libFuzzer's rule (Fuzzer::Loop): after len_control * log2(limit) executions without a new
// corpus entry, the mutation length limit grows by log2(limit), up to max_len; the steps the
// executions allow are taken at once, each counted as libFuzzer counts it. Called by workers
// at each item and by the coordinator at each poll, so growth never waits for one thread to
// be scheduled (a short run on a loaded machine otherwise kept its 4-byte start). Cheap when
// nothing is due: two relaxed loads and the execution count.
void MaybeGrowMutationLen(EngineContext& ctx);

}  // namespace hivefuzz
