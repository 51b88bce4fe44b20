// Self-fuzzing of the supervisor <-> engine child protocol: ParseMinimizeParams, ParseStatsBase,
// ParseRemaining and ArtifactDirectory on the input as an environment value. Traps when a parsed
// value breaks its documented constraints, does not survive format -> parse unchanged, or was
// accepted from a text that is not exactly what the formatter writes for it (signs, blanks,
// leading zeros, empty lists, overflow): the grammar child_protocol.h states.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "options/child_protocol.h"

namespace {

bool Same(const hivefuzz::MinimizeChildParams& a, const hivefuzz::MinimizeChildParams& b) {
  return a.decided == b.decided && a.accepted == b.accepted && a.max_runs == b.max_runs &&
         a.time_ms == b.time_ms;
}

bool Same(const hivefuzz::StatsBase& a, const hivefuzz::StatsBase& b) {
  return a.elapsed_ns == b.elapsed_ns && a.failures == b.failures &&
         a.worker_execs == b.worker_execs;
}

bool Same(const hivefuzz::RemainingLimits& a, const hivefuzz::RemainingLimits& b) {
  return a.time_ns == b.time_ns && a.execs == b.execs;
}

// What every parser of the protocol promises: a value it accepts survives format -> parse, and
// it accepts only the exact text its formatter writes. Returns the value, if accepted.
template <typename Value>
std::optional<Value> CheckRoundTrip(const std::string& text,
                                    hivefuzz::Result<Value> (*parse)(const std::string&),
                                    std::string (*format)(const Value&)) {
  auto value = parse(text);
  if (!value.ok()) return std::nullopt;
  std::string formatted = format(*value);
  auto again = parse(formatted);
  if (!again.ok() || !Same(*value, *again)) __builtin_trap();
  if (formatted != text) __builtin_trap();
  return *value;
}

void CheckMinimize(const std::string& text) {
  auto p = CheckRoundTrip(text, hivefuzz::ParseMinimizeParams, hivefuzz::FormatMinimizeParams);
  if (!p) return;
  // "1-based, ascending", and only candidates already decided can have been accepted.
  for (size_t i = 0; i < p->accepted.size(); i++) {
    if (p->accepted[i] == 0 || p->accepted[i] > p->decided) __builtin_trap();
    if (i > 0 && p->accepted[i - 1] >= p->accepted[i]) __builtin_trap();
  }
}

// "out/crash-" -> "out", "x-" -> ".", "/x" -> "/": the part before the last slash.
void CheckArtifactDirectory(const std::string& prefix) {
  std::string dir = hivefuzz::ArtifactDirectory(prefix);
  size_t slash = prefix.rfind('/');
  if (slash == std::string::npos) {
    if (dir != ".") __builtin_trap();
  } else if (dir != (slash == 0 ? "/" : prefix.substr(0, slash))) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // An environment value ends at its first NUL, as getenv returns it.
  std::string text(reinterpret_cast<const char*>(data), size);
  text = text.substr(0, text.find('\0'));
  CheckMinimize(text);
  CheckRoundTrip(text, hivefuzz::ParseStatsBase, hivefuzz::FormatStatsBase);
  CheckRoundTrip(text, hivefuzz::ParseRemaining, hivefuzz::FormatRemaining);
  CheckArtifactDirectory(text);
  return 0;
}
