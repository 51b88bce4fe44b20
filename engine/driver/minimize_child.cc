#include "driver/minimize_child.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "crash/crash_handlers.h"
#include "crash/leak_detection.h"
#include "crash/malloc_limit.h"
#include "driver/engine_handlers.h"
#include "encoding/typed_input.h"
#include "minimizer/typed_minimizer.h"
#include "stats/log.h"
#include "worker/slot_execution.h"

namespace hivefuzz {

int RunMinimizeChild(const Options& options, const MinimizeChildParams& params, TestOneInputFn fn,
                     int slots_fd, const TypedTarget* typed) {
  auto input = ReadFile(options.inputs.at(0));
  if (!input.ok()) {
    Log("hivefuzz: error: {}\n", input.status().message());
    return kExitError;
  }
  std::span<const GoType> shape;
  if (typed != nullptr) shape = typed->shape;
  // A typed input's candidates are in canonical form, which can be longer than a cut input.
  size_t largest = input->size();
  if (!shape.empty()) {
    std::vector<Bytes> fields;
    SplitTypedInput(shape, *input, &fields);
    largest = std::max(largest, JoinedSize(shape, fields));
  }
  auto slots = SlotTable::Create(slots_fd, 1, std::max<size_t>(1, largest));
  if (!slots.ok()) {
    Log("hivefuzz: error: {}\n", slots.status().message());
    return kExitError;
  }
  InstallEngineHandlers(&(*slots)->header().facts, nullptr);
  SetMallocLimit(size_t(options.malloc_limit_mb) << 20);
  if (options.detect_leaks) EnableLeakDetection();  // ASan builds only
  Slot& slot = (*slots)->slot(0);
  BindThreadToSlot(&slot);
  Target target = MakeSlotTarget(fn, **slots);
  uint64_t deadline = params.time_ms ? MonotonicNanos() + params.time_ms * 1'000'000 : 0;
  uint64_t considered = 0, runs = 0;
  std::string exception_text;
  auto should_stop = [&] {
    return (params.max_runs != 0 && runs >= params.max_runs) ||
           (deadline != 0 && MonotonicNanos() >= deadline);
  };
  auto try_candidate = [&](const Bytes& candidate) {
    slot.seq.store(++considered, std::memory_order_relaxed);
    if (considered <= params.decided) {
      return std::binary_search(params.accepted.begin(), params.accepted.end(), considered);
    }
    runs++;
    std::memcpy(slot.data(), candidate.data(), candidate.size());
    slot.size.store(candidate.size(), std::memory_order_relaxed);
    slot.state.store(SlotState::kRunning, std::memory_order_relaxed);
    RunTargetInSlot(target, slot, (*slots)->exec_data(0), candidate.size(), &exception_text);
    slot.state.store(SlotState::kIdle, std::memory_order_relaxed);
    return false;  // it passed: not a smaller crasher
  };
  MinimizeTypedInput(shape, std::move(*input), try_candidate, should_stop);
  SetEngineExiting();
  return kExitOk;
}

}  // namespace hivefuzz
