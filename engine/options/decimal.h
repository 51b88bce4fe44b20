// Whole numbers as the engine writes them (std::to_string) and reads them back: the one strict
// decimal reader of the flags (options.cc) and the child protocol (child_protocol.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hivefuzz {

// `text` as a uint64_t: one or more ASCII digits and nothing else, read as decimal ("010" is
// 10). nullopt for anything else: empty, a sign, a blank, "0x", a suffix, or a number that does
// not fit in 64 bits (an error, never saturation or wrap-around).
inline std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(value, uint64_t{10}, &value) ||
        __builtin_add_overflow(value, uint64_t(c - '0'), &value)) {
      return std::nullopt;
    }
  }
  return value;
}

}  // namespace hivefuzz
