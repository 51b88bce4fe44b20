#include "driver/engine_handlers.h"

#include "crash/crash_handlers.h"

namespace hivefuzz {

void InstallEngineHandlers(EngineFacts* facts, void (*on_stop)()) {
  InstallStopHandlers(on_stop);
  InstallCrashHandlers(facts);
}

}  // namespace hivefuzz
