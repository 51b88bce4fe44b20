// The quickstart target: Go's fuzzing tutorial (go.dev/doc/tutorial/fuzz, FuzzReverse) in C++.
// Bug: Reverse() reverses bytes, not characters, so it splits every multi-byte UTF-8 character.
// Must find: a valid UTF-8 input holding a multi-byte character (e.g. "\xc2\x80"), starting
// from the tutorial's seeds in targets/seeds/reverse_utf8/. Fails with abort() after printing
// `Reverse produced invalid UTF-8 string "..."`, as the tutorial's t.Errorf does.
// Calibration: libFuzzer, edge coverage only, from the seeds: 81..1066 execs over 5 seeds.
// hivefuzz, 2 threads, Go's mutators, edge coverage only: 140..3.0k (median 607) execs over 15 runs.
// Budget: 15000 execs with -parallel=2
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace {

// Reverse returns s with its bytes in reverse order (the tutorial's first, buggy version).
std::string Reverse(const std::string& s) {
  std::string b = s;
  for (size_t i = 0, j = b.size(); i + 1 < j; ++i, --j) std::swap(b[i], b[j - 1]);
  return b;
}

// ValidUtf8 reports whether s is well-formed UTF-8 (Unicode Table 3-7, as Go's
// utf8.ValidString): no overlong forms, no surrogates, nothing above U+10FFFF.
bool ValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates U+D800..U+DFFF
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return false;  // a continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (n - i < len) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

// Quote returns s as a double-quoted literal: printable ASCII as is, the rest escaped.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string orig(reinterpret_cast<const char*>(data), size);
  std::string rev = Reverse(orig);
  std::string double_rev = Reverse(rev);
  if (orig != double_rev) {
    std::fprintf(stderr, "Before: %s, after: %s\n", Quote(orig).c_str(), Quote(double_rev).c_str());
    std::abort();
  }
  if (ValidUtf8(orig) && !ValidUtf8(rev)) {
    std::fprintf(stderr, "Reverse produced invalid UTF-8 string %s\n", Quote(rev).c_str());
    std::abort();
  }
  return 0;
}
