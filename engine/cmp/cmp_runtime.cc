// Links nothing but libc: the trace-cmp callbacks and the sanitizer weak hooks run inside
// instrumented code and sanitizer interceptors, on any thread, before main.
#include "cmp/callbacks.h"
#include "cmp/cmp_table.h"

// No dynamic TLS initialization: each callback reads it with one %fs-relative load, and so do
// the pass plugin's inline tests before they call one (instrumentation/runtime_abi.h). Null on
// every thread that is not recording, so there is no shared area that threads would race on.
extern "C" constinit thread_local hivefuzz::cmp::CmpTable* __hivefuzz_tls_cmp_table = nullptr;
// The table the byte-string hooks record into while integer comparisons are not traced (a
// sample of a worker's other executions), for memcmp and its kin only.
static constinit thread_local hivefuzz::cmp::CmpTable* tls_bytes_table = nullptr;

namespace hivefuzz::cmp {
namespace {

inline void RecordInt(uintptr_t pc, uint64_t a, uint64_t b, unsigned size_bytes, uint8_t flags) {
  if (CmpTable* table = __hivefuzz_tls_cmp_table) table->RecordInt(pc, a, b, size_bytes, flags);
}

// The table a byte-string comparison goes to now, or null.
inline CmpTable* BytesTable() {
  CmpTable* table = __hivefuzz_tls_cmp_table;
  return table != nullptr ? table : tls_bytes_table;
}

inline void RecordBytes(void* pc, const void* a, size_t size_a, const void* b, size_t size_b,
                        uint8_t flags) {
  if (CmpTable* table = BytesTable()) {
    table->RecordBytes(reinterpret_cast<uintptr_t>(pc), a, size_a, b, size_b, flags);
  }
}

// strnlen without calling strnlen, which a sanitizer intercepts (and which would re-enter it).
// Reads only up to the terminator, as the comparison itself did.
__attribute__((no_sanitize("address", "thread", "memory"))) size_t BoundedLength(const char* s,
                                                                                 size_t limit) {
  size_t n = 0;
  while (n < limit && s[n] != '\0') n++;
  return n;
}

// One byte more than a table keeps, so that RecordBytes can tell a long operand was cut.
constexpr size_t kReadLimit = kMaxBytesOperand + 1;

// The smallest page size of the platforms we run on: bytes in the page of a byte known to be
// readable are readable too.
constexpr uintptr_t kMinPageSize = 4096;

// The length of the NUL-terminated string at `s` when it goes on past the `n` bytes a memcmp
// compared, else 0. Reads only within the page of s[n - 1], so it cannot fault, and at most
// kMaxBytesOperand bytes. Why: a std::string_view ordering memcmps min(len) bytes, so a keyword
// lookup with a short input word ("sys.x" against "sys.banner") shows only the keyword's first
// bytes; AFL++'s CmpLog reads 32 bytes of every routine operand for the same reason. strncmp's
// n is left alone: it usually bounds a deliberate prefix check. A string literal is
// NUL-terminated; input bytes seldom are within this window, and a wrong guess costs one
// failed mutation.
__attribute__((no_sanitize("address", "thread", "memory"))) size_t LongerTerminatedLength(
    const void* s, size_t n) {
  if (n == 0 || n >= kMaxBytesOperand) return 0;
  const auto* bytes = static_cast<const uint8_t*>(s);
  uintptr_t last_compared = reinterpret_cast<uintptr_t>(bytes) + n - 1;
  size_t left_in_page = size_t(kMinPageSize - 1 - last_compared % kMinPageSize);
  size_t end = n + (left_in_page < kMaxBytesOperand - n ? left_in_page : kMaxBytesOperand - n);
  for (size_t i = n; i < end; i++) {
    if (bytes[i] == '\0') return i > n ? i : 0;
  }
  return 0;
}

// Records, for each operand that is a longer C string than the `n` bytes compared, the other
// operand's compared bytes against that whole string: input-to-state then writes the whole
// keyword where the input had a short word, even when the compared prefixes were equal.
void RecordLongerStrings(void* pc, const void* s1, const void* s2, size_t n) {
  if (size_t longer = LongerTerminatedLength(s2, n)) RecordBytes(pc, s1, n, s2, longer, 0);
  if (size_t longer = LongerTerminatedLength(s1, n)) RecordBytes(pc, s1, longer, s2, n, 0);
}

unsigned SwitchWidthBytes(uint64_t bits) {
  return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
}

// Index of the first of `n` ascending values that is >= val.
size_t LowerBound(const uint64_t* values, size_t n, uint64_t val) {
  size_t lo = 0;
  while (n > 0) {
    size_t half = n / 2;
    if (values[lo + half] < val) {
      lo += half + 1;
      n -= half + 1;
    } else {
      n = half;
    }
  }
  return lo;
}

}  // namespace

void SetThreadTable(CmpTable* table) { __hivefuzz_tls_cmp_table = table; }

CmpTable* ThreadTable() { return __hivefuzz_tls_cmp_table; }

void SetThreadBytesTable(CmpTable* table) { tls_bytes_table = table; }

}  // namespace hivefuzz::cmp

using hivefuzz::cmp::kFirstIsConstant;
using hivefuzz::cmp::kSecondIsConstant;

#define HF_CALLER_PC reinterpret_cast<uintptr_t>(__builtin_return_address(0))

extern "C" {

void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 1, 0);
}
void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 2, 0);
}
void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 4, 0);
}
void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 8, 0);
}
void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 1, kFirstIsConstant);
}
void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 2, kFirstIsConstant);
}
void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 4, kFirstIsConstant);
}
void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, a, b, 8, kFirstIsConstant);
}

// Each recorded case gets its own pseudo-site (pc + case index), so that the cases of one
// switch neither overwrite each other's slots nor share value-profile words. A large switch
// records kMaxSwitchCasesRecorded cases, so one call costs bounded work: half nearest to val
// (the ones a small change of the input reaches), half spread over all the cases from an offset
// that moves with each call. The nearest alone are not enough: libpng dispatches on a chunk's
// name with one switch, and while every chunk of an input has an ancillary name (lower case,
// numerically far above "IHDR"), the 16 nearest never included the IHDR a PNG must start with;
// the fuzzer stayed on 248 edges for minutes.
void __sanitizer_cov_trace_switch(uint64_t val, uint64_t* cases) {
  using namespace hivefuzz::cmp;
  CmpTable* table = __hivefuzz_tls_cmp_table;
  if (!table) return;
  uintptr_t pc = HF_CALLER_PC;
  size_t n = cases[0];
  unsigned width = SwitchWidthBytes(cases[1]);
  const uint64_t* values = cases + 2;
  const uint8_t flags = kSecondIsConstant | kFromSwitch;
  if (n <= kMaxSwitchCasesRecorded) {
    for (size_t i = 0; i < n; i++) table->RecordInt(pc + i, val, values[i], width, flags);
    return;
  }
  constexpr size_t kNearest = kMaxSwitchCasesRecorded / 2;
  size_t at = LowerBound(values, n, val);
  size_t first = at > kNearest / 2 ? at - kNearest / 2 : 0;
  if (first > n - kNearest) first = n - kNearest;
  for (size_t i = first; i < first + kNearest; i++) {
    table->RecordInt(pc + i, val, values[i], width, flags);
  }
  constexpr size_t kSpread = kMaxSwitchCasesRecorded - kNearest;
  // Rounded up, so that `stride` calls in a row visit every case.
  const size_t stride = (n + kSpread - 1) / kSpread;
  static thread_local size_t rotation = 0;
  const size_t offset = rotation++ % stride;
  for (size_t k = 0; k < kSpread; k++) {
    size_t i = offset + k * stride;
    if (i >= n) break;
    if (i < first || i >= first + kNearest) {
      table->RecordInt(pc + i, val, values[i], width, flags);
    }
  }
}

// A divisor and an array index are compared against 0: a division by zero and a negative or
// huge index are bugs worth steering towards (and value profile rewards getting closer).
void __sanitizer_cov_trace_div4(uint32_t divisor) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, divisor, 0, 4,
                           kSecondIsConstant | hivefuzz::cmp::kFromDivision);
}
void __sanitizer_cov_trace_div8(uint64_t divisor) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, divisor, 0, 8,
                           kSecondIsConstant | hivefuzz::cmp::kFromDivision);
}
void __sanitizer_cov_trace_gep(uintptr_t index) {
  hivefuzz::cmp::RecordInt(HF_CALLER_PC, index, 0, sizeof(uintptr_t),
                           kSecondIsConstant | hivefuzz::cmp::kFromArrayIndex);
}

// The weak hooks. Their signatures are the ones compiler-rt's common interceptors call
// (sanitizer_common_interceptors.inc); hf_cmp_interceptors calls them the same way.

void __sanitizer_weak_hook_memcmp(void* called_pc, const void* s1, const void* s2, size_t n,
                                  int result) {
  if (!hivefuzz::cmp::BytesTable()) return;
  if (result != 0) hivefuzz::cmp::RecordBytes(called_pc, s1, n, s2, n, 0);
  hivefuzz::cmp::RecordLongerStrings(called_pc, s1, s2, n);
}

void __sanitizer_weak_hook_strncmp(void* called_pc, const char* s1, const char* s2, size_t n,
                                   int result) {
  using namespace hivefuzz::cmp;
  if (result == 0 || !BytesTable()) return;
  size_t limit = n < kReadLimit ? n : kReadLimit;
  RecordBytes(called_pc, s1, BoundedLength(s1, limit), s2, BoundedLength(s2, limit), 0);
}

void __sanitizer_weak_hook_strcmp(void* called_pc, const char* s1, const char* s2, int result) {
  using namespace hivefuzz::cmp;
  if (result == 0 || !BytesTable()) return;
  RecordBytes(called_pc, s1, BoundedLength(s1, kReadLimit), s2, BoundedLength(s2, kReadLimit), 0);
}

void __sanitizer_weak_hook_strncasecmp(void* called_pc, const char* s1, const char* s2, size_t n,
                                       int result) {
  using namespace hivefuzz::cmp;
  if (result == 0 || !BytesTable()) return;
  size_t limit = n < kReadLimit ? n : kReadLimit;
  RecordBytes(called_pc, s1, BoundedLength(s1, limit), s2, BoundedLength(s2, limit),
              kCaseInsensitive);
}

void __sanitizer_weak_hook_strcasecmp(void* called_pc, const char* s1, const char* s2, int result) {
  using namespace hivefuzz::cmp;
  if (result == 0 || !BytesTable()) return;
  RecordBytes(called_pc, s1, BoundedLength(s1, kReadLimit), s2, BoundedLength(s2, kReadLimit),
              kCaseInsensitive);
}

void __sanitizer_weak_hook_strstr(void* called_pc, const char* haystack, const char* needle,
                                  char* result) {
  using namespace hivefuzz::cmp;
  if (result != nullptr || !BytesTable()) return;
  RecordBytes(called_pc, haystack, BoundedLength(haystack, kReadLimit), needle,
              BoundedLength(needle, kReadLimit), kSubstringSearch);
}

void __sanitizer_weak_hook_strcasestr(void* called_pc, const char* haystack, const char* needle,
                                      char* result) {
  using namespace hivefuzz::cmp;
  if (result != nullptr || !BytesTable()) return;
  RecordBytes(called_pc, haystack, BoundedLength(haystack, kReadLimit), needle,
              BoundedLength(needle, kReadLimit), kSubstringSearch | kCaseInsensitive);
}

void __sanitizer_weak_hook_memmem(void* called_pc, const void* haystack, size_t haystack_len,
                                  const void* needle, size_t needle_len, void* result) {
  if (result != nullptr) return;
  hivefuzz::cmp::RecordBytes(called_pc, haystack, haystack_len, needle, needle_len,
                             hivefuzz::cmp::kSubstringSearch);
}

}  // extern "C"
