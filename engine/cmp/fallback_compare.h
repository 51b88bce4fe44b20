// Plain C++ versions of the comparison functions hf_cmp_interceptors replaces, for the calls
// that arrive while the C library's versions are still being looked up (dlsym compares strings).
#pragma once

#include <cstddef>

// Include this only in translation units built with -fno-builtin (as interceptors.cc is): a
// compiler free to recognize these loops could turn them back into calls to memcmp or strcmp.
namespace hivefuzz::cmp::fallback {

// Results agree with the C library's up to the sign of the comparisons (all that the C
// standard promises); case folding is ASCII only, as the C locale's.

inline int Memcmp(const void* s1, const void* s2, size_t n) {
  const auto* a = static_cast<const unsigned char*>(s1);
  const auto* b = static_cast<const unsigned char*>(s2);
  for (size_t i = 0; i < n; i++) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

inline unsigned char FoldCase(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
}

// strncmp, or strncasecmp when fold_case; n = SIZE_MAX gives strcmp and strcasecmp.
inline int Strncmp(const char* s1, const char* s2, size_t n, bool fold_case) {
  for (size_t i = 0; i < n; i++) {
    auto a = static_cast<unsigned char>(s1[i]);
    auto b = static_cast<unsigned char>(s2[i]);
    if (fold_case) {
      a = FoldCase(a);
      b = FoldCase(b);
    }
    if (a != b) return a < b ? -1 : 1;
    if (a == 0) return 0;
  }
  return 0;
}

// memmem; with fold_case, a case-insensitive memmem (for strcasestr).
inline void* Memmem(const void* haystack, size_t haystack_len, const void* needle,
                    size_t needle_len, bool fold_case) {
  const auto* h = static_cast<const unsigned char*>(haystack);
  const auto* n = static_cast<const unsigned char*>(needle);
  if (needle_len > haystack_len) return nullptr;
  for (size_t at = 0; at + needle_len <= haystack_len; at++) {
    size_t i = 0;
    while (i < needle_len &&
           (fold_case ? FoldCase(h[at + i]) == FoldCase(n[i]) : h[at + i] == n[i])) {
      i++;
    }
    if (i == needle_len) return const_cast<unsigned char*>(h + at);
  }
  return nullptr;
}

inline size_t Strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') n++;
  return n;
}

// strstr, or strcasestr when fold_case.
inline char* Strstr(const char* haystack, const char* needle, bool fold_case) {
  return static_cast<char*>(Memmem(haystack, Strlen(haystack), needle, Strlen(needle), fold_case));
}

}  // namespace hivefuzz::cmp::fallback
