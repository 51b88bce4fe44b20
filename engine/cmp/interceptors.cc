// Plain-build definitions of memcmp, bcmp, strcmp, strncmp, strcasecmp, strncasecmp, strstr,
// strcasestr and memmem that call the C library's and report to the sanitizer weak hooks.
//
// Linked only into executables without a sanitizer runtime: ASan and TSan define these
// functions themselves and call the same hooks. Definitions in the executable take precedence
// over the C library's for the executable's own calls and for shared libraries' calls that
// resolve to it. Calls made while dlsym looks the C library's versions up (dlsym compares
// strings too) use fallback_compare.h. Compiled with -fno-builtin, so that the compiler turns
// no loop back into a call of these functions; <string.h> is not included because in C++ it
// declares strstr and strcasestr as const-overloaded pairs that these definitions would clash with.
#include <dlfcn.h>

#include <cstddef>
#include <cstdint>

#include "cmp/callbacks.h"
#include "cmp/fallback_compare.h"

namespace hivefuzz::cmp {
namespace {

using MemcmpFn = int (*)(const void*, const void*, size_t);
using StrcmpFn = int (*)(const char*, const char*);
using StrncmpFn = int (*)(const char*, const char*, size_t);
using StrstrFn = char* (*)(const char*, const char*);
using MemmemFn = void* (*)(const void*, size_t, const void*, size_t);

// The C library's functions, found with dlsym(RTLD_NEXT) on first use. Two threads may
// resolve at once; both store the same values, so relaxed atomics suffice for each pointer,
// and g_resolved's release/acquire publishes them.
struct RealFunctions {
  MemcmpFn memcmp;
  MemcmpFn bcmp;
  StrcmpFn strcmp;
  StrncmpFn strncmp;
  StrcmpFn strcasecmp;
  StrncmpFn strncasecmp;
  StrstrFn strstr;
  StrstrFn strcasestr;
  MemmemFn memmem;
};
RealFunctions g_real;
bool g_resolved = false;
// dlsym may itself compare strings, which lands here again before anything is resolved.
constinit thread_local bool tls_resolving = false;

template <class Fn>
void StoreReal(Fn* field, const char* name) {
  __atomic_store_n(field, reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name)), __ATOMIC_RELAXED);
}

// Resolves every function at once. Kept out of line: it runs once per process.
__attribute__((noinline)) void ResolveAll() {
  tls_resolving = true;
  StoreReal(&g_real.memcmp, "memcmp");
  StoreReal(&g_real.bcmp, "bcmp");
  StoreReal(&g_real.strcmp, "strcmp");
  StoreReal(&g_real.strncmp, "strncmp");
  StoreReal(&g_real.strcasecmp, "strcasecmp");
  StoreReal(&g_real.strncasecmp, "strncasecmp");
  StoreReal(&g_real.strstr, "strstr");
  StoreReal(&g_real.strcasestr, "strcasestr");
  StoreReal(&g_real.memmem, "memmem");
  __atomic_store_n(&g_resolved, true, __ATOMIC_RELEASE);
  tls_resolving = false;
}

// The C library's function `field` of g_real, or nullptr while it is being resolved on this
// thread or could not be found: the caller then uses its local fallback.
template <class Fn>
Fn Real(Fn RealFunctions::*field) {
  if (!__atomic_load_n(&g_resolved, __ATOMIC_ACQUIRE)) [[unlikely]] {
    if (tls_resolving) return nullptr;
    ResolveAll();
  }
  return __atomic_load_n(&(g_real.*field), __ATOMIC_RELAXED);
}

}  // namespace
}  // namespace hivefuzz::cmp

using hivefuzz::cmp::Real;
using hivefuzz::cmp::RealFunctions;
namespace fallback = hivefuzz::cmp::fallback;

// The call site of the intercepted function, which the hooks record as the comparison's site.
#define HF_CALLER_PC __builtin_return_address(0)
constexpr size_t kUnbounded = ~size_t{0};

extern "C" {

int memcmp(const void* s1, const void* s2, size_t n) {
  auto real = Real(&RealFunctions::memcmp);
  int result = real ? real(s1, s2, n) : fallback::Memcmp(s1, s2, n);
  __sanitizer_weak_hook_memcmp(HF_CALLER_PC, s1, s2, n, result);
  return result;
}

int bcmp(const void* s1, const void* s2, size_t n) {
  auto real = Real(&RealFunctions::bcmp);
  int result = real ? real(s1, s2, n) : fallback::Memcmp(s1, s2, n);
  __sanitizer_weak_hook_memcmp(HF_CALLER_PC, s1, s2, n, result);
  return result;
}

int strcmp(const char* s1, const char* s2) {
  auto real = Real(&RealFunctions::strcmp);
  int result = real ? real(s1, s2) : fallback::Strncmp(s1, s2, kUnbounded, false);
  __sanitizer_weak_hook_strcmp(HF_CALLER_PC, s1, s2, result);
  return result;
}

int strncmp(const char* s1, const char* s2, size_t n) {
  auto real = Real(&RealFunctions::strncmp);
  int result = real ? real(s1, s2, n) : fallback::Strncmp(s1, s2, n, false);
  __sanitizer_weak_hook_strncmp(HF_CALLER_PC, s1, s2, n, result);
  return result;
}

int strcasecmp(const char* s1, const char* s2) {
  auto real = Real(&RealFunctions::strcasecmp);
  int result = real ? real(s1, s2) : fallback::Strncmp(s1, s2, kUnbounded, true);
  __sanitizer_weak_hook_strcasecmp(HF_CALLER_PC, s1, s2, result);
  return result;
}

int strncasecmp(const char* s1, const char* s2, size_t n) {
  auto real = Real(&RealFunctions::strncasecmp);
  int result = real ? real(s1, s2, n) : fallback::Strncmp(s1, s2, n, true);
  __sanitizer_weak_hook_strncasecmp(HF_CALLER_PC, s1, s2, n, result);
  return result;
}

char* strstr(const char* haystack, const char* needle) {
  auto real = Real(&RealFunctions::strstr);
  char* result = real ? real(haystack, needle) : fallback::Strstr(haystack, needle, false);
  __sanitizer_weak_hook_strstr(HF_CALLER_PC, haystack, needle, result);
  return result;
}

char* strcasestr(const char* haystack, const char* needle) {
  auto real = Real(&RealFunctions::strcasestr);
  char* result = real ? real(haystack, needle) : fallback::Strstr(haystack, needle, true);
  __sanitizer_weak_hook_strcasestr(HF_CALLER_PC, haystack, needle, result);
  return result;
}

void* memmem(const void* haystack, size_t haystack_len, const void* needle, size_t needle_len) {
  auto real = Real(&RealFunctions::memmem);
  void* result = real ? real(haystack, haystack_len, needle, needle_len)
                      : fallback::Memmem(haystack, haystack_len, needle, needle_len, false);
  __sanitizer_weak_hook_memmem(HF_CALLER_PC, haystack, haystack_len, needle, needle_len, result);
  return result;
}

}  // extern "C"
