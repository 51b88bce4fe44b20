// Go's strconv quoting (see go_quote.h), ported from strconv/quote.go and unicode/utf8 so
// that every byte matches: the escapes, their lower-case hex, and what IsPrint leaves raw.
#include "encoding/go_quote.h"

#include <algorithm>
#include <iterator>

#include "encoding/go_isprint_table.h"

namespace hivefuzz {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";

void AppendHex(std::string& out, uint32_t value, int digits) {
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
    out.push_back(kLowerHex[(value >> shift) & 0xF]);
  }
}

// strconv's appendEscapedRune with ASCIIonly and graphicOnly false.
void AppendEscapedRune(std::string& out, int32_t r, char quote) {
  if (r == quote || r == '\\') {  // always backslashed
    out.push_back('\\');
    out.push_back(static_cast<char>(r));
    return;
  }
  if (GoIsPrint(r)) {
    GoAppendRune(out, r);
    return;
  }
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
  }
  if ((r >= 0 && r < ' ') || r == 0x7f) {
    out += "\\x";
    AppendHex(out, static_cast<uint32_t>(r), 2);
    return;
  }
  if (!GoValidRune(r)) r = kGoRuneError;
  if (r < 0x10000) {
    out += "\\u";
    AppendHex(out, static_cast<uint32_t>(r), 4);
  } else {
    out += "\\U";
    AppendHex(out, static_cast<uint32_t>(r), 8);
  }
}

bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

}  // namespace

bool GoValidRune(int32_t r) { return (r >= 0 && r < 0xD800) || (r > 0xDFFF && r <= kGoMaxRune); }

bool GoIsPrint(int32_t r) {
  if (r < 0 || r > kGoMaxRune) return false;
  const uint32_t u = static_cast<uint32_t>(r);
  // The first range whose end is not below u; u is printable iff that range starts at or
  // before it.
  const GoRuneRange* it =
      std::lower_bound(std::begin(kGoPrintRanges), std::end(kGoPrintRanges), u,
                       [](const GoRuneRange& range, uint32_t v) { return range.last < v; });
  return it != std::end(kGoPrintRanges) && it->first <= u;
}

GoDecodedRune GoDecodeRune(std::string_view s) {
  if (s.empty()) return {kGoRuneError, 0};
  const auto b0 = static_cast<uint8_t>(s[0]);
  if (b0 < 0x80) return {b0, 1};
  // Go's first-byte table: the length, and the range the second byte must be in, which rules
  // out overlong forms (E0, F0), surrogates (ED) and runes above U+10FFFF (F4).
  size_t width;
  uint8_t lo = 0x80, hi = 0xBF;
  int32_t rune;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    width = 2;
    rune = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    width = 3;
    rune = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    width = 4;
    rune = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {kGoRuneError, 1};
  }
  if (s.size() < width) return {kGoRuneError, 1};
  const auto b1 = static_cast<uint8_t>(s[1]);
  if (b1 < lo || b1 > hi) return {kGoRuneError, 1};
  rune = (rune << 6) | (b1 & 0x3F);
  for (size_t i = 2; i < width; i++) {
    const auto b = static_cast<uint8_t>(s[i]);
    if (!IsContinuation(b)) return {kGoRuneError, 1};
    rune = (rune << 6) | (b & 0x3F);
  }
  return {rune, width};
}

void GoAppendRune(std::string& out, int32_t r) {
  if (!GoValidRune(r)) r = kGoRuneError;
  const auto u = static_cast<uint32_t>(r);
  if (u < 0x80) {
    out.push_back(static_cast<char>(u));
  } else if (u < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (u >> 6)));
    out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (u >> 12)));
    out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (u >> 18)));
    out.push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  }
}

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  while (!s.empty()) {
    GoDecodedRune d = GoDecodeRune(s);
    if (d.width == 1 && d.rune == kGoRuneError) {
      out += "\\x";
      AppendHex(out, static_cast<uint8_t>(s[0]), 2);
    } else {
      AppendEscapedRune(out, d.rune, '"');
    }
    s.remove_prefix(d.width);
  }
  out.push_back('"');
  return out;
}

std::string GoQuoteRune(int32_t r) {
  std::string out = "'";
  AppendEscapedRune(out, GoValidRune(r) ? r : kGoRuneError, '\'');
  out.push_back('\'');
  return out;
}

}  // namespace hivefuzz
