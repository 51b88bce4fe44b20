#include "driver/engine_handlers.h"

#include "crash/crash_handlers.h"
#include "encoding/content_hash.h"

namespace hivefuzz {

void InstallEngineHandlers(EngineFacts* facts, void (*on_stop)()) {
  // OpenSSL registers its atexit cleanup at its first use. atexit handlers run last-registered
  // first, so using it now puts the cleanup behind the crash handlers' own: when a target calls
  // exit() during an input, the engine records it and ends with _exit before the cleanup can
  // free hashing state that another worker or the coordinator is still using.
  Sha1(nullptr, 0);
  InstallStopHandlers(on_stop);
  InstallCrashHandlers(facts);
}

}  // namespace hivefuzz
