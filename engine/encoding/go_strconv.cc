// Go's strconv parsing for corpus values, ported from strconv/atoi.go, atof.go and quote.go
// (see go_strconv.h for what it covers).
#include "encoding/go_strconv.h"

#include <locale.h>
#include <stdlib.h>

#include <bit>
#include <cmath>
#include <optional>

#include "base/check.h"
#include "encoding/go_quote.h"

namespace hivefuzz {
namespace {

char Lower(char c) { return static_cast<char>(('a' - 'A') | c); }
bool IsDecimal(char c) { return c >= '0' && c <= '9'; }
bool IsHexLetter(char c) { return Lower(c) >= 'a' && Lower(c) <= 'f'; }

// A hex digit's value; REQUIRES: IsDecimal(c) || IsHexLetter(c).
uint32_t HexValue(char c) { return IsDecimal(c) ? c - '0' : Lower(c) - 'a' + 10; }

Status NumError(std::string_view function, std::string_view text, std::string_view what) {
  return Status::Error("strconv." + std::string(function) + ": parsing " + GoQuote(text) + ": " +
                       std::string(what));
}

// strconv's underscoreOK: '_' only between digits, or between a base prefix and a digit.
bool UnderscoreOk(std::string_view s) {
  char saw = '^';  // ^ start, 0 digit or prefix, _ underscore, ! anything else
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); i++) {
    if (IsDecimal(s[i]) || (hex && IsHexLetter(s[i]))) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// strconv.ParseUint(s, 0, bits) with the function name to report (ParseInt borrows it).
Result<uint64_t> ParseUnsigned(std::string_view s, int bits, std::string_view function,
                               std::string_view reported) {
  if (s.empty()) return NumError(function, reported, "invalid syntax");
  const std::string_view s0 = s;
  uint64_t base = 10;
  if (s[0] == '0') {
    if (s.size() >= 3 && Lower(s[1]) == 'b') {
      base = 2, s.remove_prefix(2);
    } else if (s.size() >= 3 && Lower(s[1]) == 'o') {
      base = 8, s.remove_prefix(2);
    } else if (s.size() >= 3 && Lower(s[1]) == 'x') {
      base = 16, s.remove_prefix(2);
    } else {
      base = 8, s.remove_prefix(1);
    }
  }
  const uint64_t max_value = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  const uint64_t cutoff = UINT64_MAX / base + 1;  // the smallest n with n * base overflowing
  bool underscores = false;
  uint64_t n = 0;
  for (char c : s) {
    uint64_t d;
    if (c == '_') {
      underscores = true;
      continue;
    } else if (IsDecimal(c)) {
      d = c - '0';
    } else if (Lower(c) >= 'a' && Lower(c) <= 'z') {
      d = Lower(c) - 'a' + 10;
    } else {
      return NumError(function, reported, "invalid syntax");
    }
    if (d >= base) return NumError(function, reported, "invalid syntax");
    if (n >= cutoff) return NumError(function, reported, "value out of range");
    n *= base;
    const uint64_t n1 = n + d;
    if (n1 < n || n1 > max_value) return NumError(function, reported, "value out of range");
    n = n1;
  }
  if (underscores && !UnderscoreOk(s0)) return NumError(function, reported, "invalid syntax");
  return n;
}

// strconv's special(): [+-]inf, [+-]infinity or nan, any case, as the whole text.
std::optional<double> SpecialFloat(std::string_view s) {
  auto equals_ignoring_case = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
      if (Lower(a[i]) != b[i]) return false;
    }
    return true;
  };
  if (equals_ignoring_case(s, "nan")) return std::bit_cast<double>(kGoCanonicalNaN64);
  double sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (equals_ignoring_case(s, "inf") || equals_ignoring_case(s, "infinity")) {
    return sign * HUGE_VAL;
  }
  return std::nullopt;
}

// strconv's readFloat: [+-] digits [. digits] [e[+-]digits], or the same in hex after 0x
// with a required p exponent, '_' where underscoreOK allows it. For hex, the mantissa's first
// 16 significant digits and the binary exponent, as Go computes them for atofHex.
struct FloatText {
  bool ok = false;
  size_t length = 0;  // how much of the text was read
  bool hex = false;
  bool negative = false;
  uint64_t mantissa = 0;
  int exp = 0;
  bool truncated = false;  // a non-zero digit was dropped (beyond the 16th hex or 19th decimal)
};

FloatText ReadFloat(std::string_view s) {
  FloatText out;
  size_t i = 0;
  bool underscores = false;
  if (i >= s.size()) return out;
  if (s[i] == '+' || s[i] == '-') out.negative = s[i++] == '-';
  uint64_t base = 10;
  int max_mantissa_digits = 19;
  char exp_char = 'e';
  if (i + 2 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x') {
    base = 16;
    max_mantissa_digits = 16;
    i += 2;
    exp_char = 'p';
    out.hex = true;
  }
  bool saw_dot = false, saw_digits = false;
  int nd = 0, nd_mantissa = 0, dp = 0;
  for (; i < s.size(); i++) {
    const char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
      dp = nd;
    } else if (IsDecimal(c) || (base == 16 && IsHexLetter(c))) {
      saw_digits = true;
      if (c == '0' && nd == 0) {  // leading zeros
        dp--;
        continue;
      }
      nd++;
      if (nd_mantissa < max_mantissa_digits) {
        out.mantissa = out.mantissa * base + HexValue(c);
        nd_mantissa++;
      } else if (c != '0') {
        out.truncated = true;
      }
    } else {
      break;
    }
  }
  if (!saw_digits) return out;
  if (!saw_dot) dp = nd;
  if (base == 16) {
    dp *= 4;
    nd_mantissa *= 4;
  }
  if (i < s.size() && Lower(s[i]) == exp_char) {
    i++;
    if (i >= s.size()) return out;
    int sign = 1;
    if (s[i] == '+' || s[i] == '-') sign = s[i++] == '-' ? -1 : 1;
    if (i >= s.size() || !IsDecimal(s[i])) return out;
    int e = 0;
    for (; i < s.size() && (IsDecimal(s[i]) || s[i] == '_'); i++) {
      if (s[i] == '_') {
        underscores = true;
      } else if (e < 10000) {
        e = e * 10 + (s[i] - '0');
      }
    }
    dp += e * sign;
  } else if (base == 16) {
    return out;  // a hex mantissa needs its exponent
  }
  if (out.mantissa != 0) out.exp = dp - nd_mantissa;
  if (underscores && !UnderscoreOk(s.substr(0, i))) return out;
  out.ok = true;
  out.length = i;
  return out;
}

// strconv's atofHex: rounds mantissa * 2^exp to a float of `mantissa_bits` (23 or 52) and
// `exp_bits` (8 or 11) to nearest even, through two guard bits and a sticky bit. Returns the
// bits, or nullopt when the value rounds to infinity. Ported rather than left to glibc's
// strtof, which (2.36) misrounds some hex floats: 0x1.000001p-150 to 0. Decimal floats do go to
// glibc's strtod/strtof (C locale), which round correctly, as Go's ParseFloat does.
std::optional<uint64_t> AtofHex(const FloatText& t, int mantissa_bits, int exp_bits) {
  const int bias = -(1 << (exp_bits - 1)) + 1;
  const int max_exp = (1 << exp_bits) + bias - 2;
  const int min_exp = bias + 1;
  uint64_t mantissa = t.mantissa;
  int exp = t.exp + mantissa_bits;
  while (mantissa != 0 && (mantissa >> (mantissa_bits + 2)) == 0) {
    mantissa <<= 1;
    exp--;
  }
  if (t.truncated) mantissa |= 1;
  while ((mantissa >> (1 + mantissa_bits + 2)) != 0) {
    mantissa = (mantissa >> 1) | (mantissa & 1);
    exp++;
  }
  while (mantissa > 1 && exp < min_exp - 2) {  // denormalize
    mantissa = (mantissa >> 1) | (mantissa & 1);
    exp++;
  }
  uint64_t round = mantissa & 3;
  mantissa >>= 2;
  round |= mantissa & 1;  // round half to even
  exp += 2;
  if (round == 3) {
    mantissa++;
    if (mantissa == uint64_t{1} << (1 + mantissa_bits)) {
      mantissa >>= 1;
      exp++;
    }
  }
  if ((mantissa >> mantissa_bits) == 0) exp = bias;  // denormal or zero
  if (exp > max_exp) return std::nullopt;
  uint64_t bits = mantissa & ((uint64_t{1} << mantissa_bits) - 1);
  bits |= static_cast<uint64_t>((exp - bias) & ((1 << exp_bits) - 1)) << mantissa_bits;
  if (t.negative) bits |= uint64_t{1} << (mantissa_bits + exp_bits);
  return bits;
}

locale_t CLocale() {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  HF_CHECK(c_locale != locale_t{});
  return c_locale;
}

std::string WithoutUnderscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

// Reads one escape (after the backslash) of a scanner-checked literal and advances `s`:
// its value and whether it is a single byte (\x and octal in strings).
struct Escape {
  uint32_t value;
  bool is_byte;
};
Escape ReadEscape(std::string_view& s) {
  const char c = s[0];
  s.remove_prefix(1);
  switch (c) {
    case 'a':
      return {'\a', false};
    case 'b':
      return {'\b', false};
    case 'f':
      return {'\f', false};
    case 'n':
      return {'\n', false};
    case 'r':
      return {'\r', false};
    case 't':
      return {'\t', false};
    case 'v':
      return {'\v', false};
    case 'x':
    case 'u':
    case 'U': {
      const size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      uint32_t v = 0;
      for (size_t i = 0; i < digits; i++) v = v * 16 + HexValue(s[i]);
      s.remove_prefix(digits);
      return {v, c == 'x'};
    }
  }
  if (c >= '0' && c <= '7') {
    uint32_t v = c - '0';
    for (int i = 0; i < 2; i++) v = v * 8 + (s[i] - '0');
    s.remove_prefix(2);
    return {v, true};
  }
  return {static_cast<uint8_t>(c), false};  // \\ \" \'
}

}  // namespace

Result<int64_t> GoParseInt(std::string_view text, int bits) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  Result<uint64_t> magnitude = ParseUnsigned(s, bits, "ParseInt", text);
  const uint64_t cutoff = uint64_t{1} << (bits - 1);
  if (!magnitude.ok()) {
    if (magnitude.status().message().ends_with("value out of range")) {
      return NumError("ParseInt", text, "value out of range");
    }
    return magnitude.status();
  }
  if ((!negative && *magnitude >= cutoff) || (negative && *magnitude > cutoff)) {
    return NumError("ParseInt", text, "value out of range");
  }
  return negative ? static_cast<int64_t>(0 - *magnitude) : static_cast<int64_t>(*magnitude);
}

Result<uint64_t> GoParseUint(std::string_view text, int bits) {
  return ParseUnsigned(text, bits, "ParseUint", text);
}

Result<double> GoParseFloat64(std::string_view text) {
  if (std::optional<double> special = SpecialFloat(text)) return *special;
  const FloatText t = ReadFloat(text);
  if (!t.ok || t.length != text.size()) return NumError("ParseFloat", text, "invalid syntax");
  double v;
  if (t.hex) {
    std::optional<uint64_t> bits = AtofHex(t, 52, 11);
    v = bits ? std::bit_cast<double>(*bits) : HUGE_VAL;
  } else {
    const std::string digits = WithoutUnderscores(text);
    char* end = nullptr;
    v = strtod_l(digits.c_str(), &end, CLocale());
    HF_CHECK(end == digits.c_str() + digits.size());
  }
  if (std::isinf(v)) return NumError("ParseFloat", text, "value out of range");
  return v;
}

Result<float> GoParseFloat32(std::string_view text) {
  if (std::optional<double> special = SpecialFloat(text)) {
    if (std::isnan(*special)) return std::bit_cast<float>(kGoCanonicalNaN32);
    return static_cast<float>(*special);
  }
  const FloatText t = ReadFloat(text);
  if (!t.ok || t.length != text.size()) return NumError("ParseFloat", text, "invalid syntax");
  float v;
  if (t.hex) {
    std::optional<uint64_t> bits = AtofHex(t, 23, 8);
    v = bits ? std::bit_cast<float>(static_cast<uint32_t>(*bits)) : HUGE_VALF;
  } else {
    const std::string digits = WithoutUnderscores(text);
    char* end = nullptr;
    v = strtof_l(digits.c_str(), &end, CLocale());
    HF_CHECK(end == digits.c_str() + digits.size());
  }
  if (std::isinf(v)) return NumError("ParseFloat", text, "value out of range");
  return v;
}

std::string GoUnquoteString(std::string_view literal) {
  HF_CHECK(literal.size() >= 2);
  std::string_view s = literal.substr(1, literal.size() - 2);
  std::string out;
  out.reserve(s.size());
  if (literal[0] == '`') {
    for (char c : s) {
      if (c != '\r') out.push_back(c);
    }
    return out;
  }
  while (!s.empty()) {
    if (s[0] != '\\') {
      out.push_back(s[0]);
      s.remove_prefix(1);
      continue;
    }
    s.remove_prefix(1);
    Escape e = ReadEscape(s);
    if (e.is_byte) {
      out.push_back(static_cast<char>(e.value));
    } else {
      GoAppendRune(out, static_cast<int32_t>(e.value));
    }
  }
  return out;
}

int32_t GoUnquoteRune(std::string_view literal) {
  HF_CHECK(literal.size() >= 3);
  std::string_view s = literal.substr(1, literal.size() - 2);
  if (s[0] != '\\') return GoDecodeRune(s).rune;
  s.remove_prefix(1);
  return static_cast<int32_t>(ReadEscape(s).value);
}

}  // namespace hivefuzz
