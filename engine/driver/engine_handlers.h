// Installs the engine child's stop and crash handlers: every mode (fuzz, replay, merge,
// minimize, bench) starts through here.
#pragma once

#include "crash/slot_table.h"

namespace hivefuzz {

// `on_stop` runs on SIGINT/SIGTERM (nullptr: stop at once).
void InstallEngineHandlers(EngineFacts* facts, void (*on_stop)());

}  // namespace hivefuzz
