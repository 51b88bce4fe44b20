// One call of the target on the input in a crash slot, with the failures that do not kill the
// process by themselves (an escaping exception, a write to the const input) made into crashes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "crash/slot_table.h"
#include "target/target.h"

namespace hivefuzz {

// The target as the engine calls it from the slots of `table`: an exact-size heap copy per call
// under a sanitizer (so it sees overflows), else the slot's own copy (exec_data), which then
// tells the supervisor whether a failing target wrote to its input.
Target MakeSlotTarget(TestOneInputFn fn, SlotTable& table);

// Runs `target` on the first `size` bytes of `slot`, through the copy at `exec_copy` (the
// slot table's exec_data). An exception that escapes the target, or a target that writes to
// its const input, is marked in the slot (the slot keeps the input as it was before the call)
// and ends the process like a crash. Returns false when the target rejected the input.
bool RunTargetInSlot(const Target& target, Slot& slot, uint8_t* exec_copy, size_t size,
                     std::string* exception_text);

}  // namespace hivefuzz
