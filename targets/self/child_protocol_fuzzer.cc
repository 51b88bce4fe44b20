// Self-fuzzing of the supervisor <-> engine child protocol: ParseMinimizeParams, ParseStatsBase
// and ArtifactDirectory on the input as an environment value. Traps when a parsed value breaks
// its documented constraints or does not survive format -> parse unchanged.
// HIVEFUZZ_SELF_STRICT=1 also traps when an accepted text is not what the formatter writes, up
// to leading zeros (signs, blanks, empty lists, overflow): the grammar child_protocol.h states.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "options/child_protocol.h"

namespace {

bool Strict() {
  static const bool strict = [] {
    const char* v = std::getenv("HIVEFUZZ_SELF_STRICT");
    return v != nullptr && std::string(v) == "1";
  }();
  return strict;
}

// `text` with the leading zeros of each number dropped ("007" -> "7", "0" stays): the formatter
// never writes them, and reading them is harmless, so strict mode lets them pass.
std::string WithoutLeadingZeros(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); i++) {
    bool digit_before = i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9';
    bool digit_after = i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9';
    if (text[i] == '0' && !digit_before && digit_after) {
      while (i + 1 < text.size() && text[i] == '0' && text[i + 1] >= '0' && text[i + 1] <= '9') i++;
    }
    out.push_back(text[i]);
  }
  return out;
}

bool SameParams(const hivefuzz::MinimizeChildParams& a, const hivefuzz::MinimizeChildParams& b) {
  return a.decided == b.decided && a.accepted == b.accepted && a.max_runs == b.max_runs &&
         a.time_ms == b.time_ms;
}

bool SameBase(const hivefuzz::StatsBase& a, const hivefuzz::StatsBase& b) {
  return a.elapsed_ns == b.elapsed_ns && a.failures == b.failures &&
         a.worker_execs == b.worker_execs;
}

void CheckMinimize(const std::string& text) {
  auto p = hivefuzz::ParseMinimizeParams(text);
  if (!p.ok()) return;
  // "1-based, ascending", and only candidates already decided can have been accepted.
  for (size_t i = 0; i < p->accepted.size(); i++) {
    if (p->accepted[i] == 0 || p->accepted[i] > p->decided) __builtin_trap();
    if (i > 0 && p->accepted[i - 1] >= p->accepted[i]) __builtin_trap();
  }
  std::string formatted = hivefuzz::FormatMinimizeParams(*p);
  auto again = hivefuzz::ParseMinimizeParams(formatted);
  if (!again.ok() || !SameParams(*p, *again)) __builtin_trap();
  if (Strict() && formatted != WithoutLeadingZeros(text)) __builtin_trap();
}

void CheckStatsBase(const std::string& text) {
  auto b = hivefuzz::ParseStatsBase(text);
  if (!b.ok()) return;
  std::string formatted = hivefuzz::FormatStatsBase(*b);
  auto again = hivefuzz::ParseStatsBase(formatted);
  if (!again.ok() || !SameBase(*b, *again)) __builtin_trap();
  if (Strict() && formatted != WithoutLeadingZeros(text)) __builtin_trap();
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
  CheckStatsBase(text);
  CheckArtifactDirectory(text);
  return 0;
}
