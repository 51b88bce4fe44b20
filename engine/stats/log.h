// The engine's messages to the user, on stderr. An output error (the reader of a pipe went
// away, the target closed stderr) ends the messages, never the engine: fuzzing goes on.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace hivefuzz {

// From now on the log goes to a private duplicate of stderr, so a target that closes (or
// reopens) descriptor 2 cannot take the engine's messages with it, nor make them land in a
// file the engine opens next under that number. Call once, before the target runs.
void KeepLogPrivate();

// Writes `text` to the log (stderr, or its private duplicate) with write(2), retrying short
// writes; after the first failure (EPIPE, EBADF, ...) every later call writes nothing.
void WriteLog(std::string_view text);

// fmt::print(stderr, ...) without its exception on a failed write.
template <typename... Args>
void Log(fmt::format_string<Args...> format, Args&&... args) {
  WriteLog(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace hivefuzz
