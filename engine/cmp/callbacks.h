// The C entry points of comparison tracing: the callbacks clang's -fsanitize-coverage=trace-cmp
// emits, and the weak hooks the sanitizer runtimes' memcmp/strcmp interceptors call.
#pragma once

#include <cstddef>
#include <cstdint>

// All of these record into the calling thread's CmpTable (cmp::SetThreadTable), or do nothing
// on a thread without one; the byte-string hooks also record into the table set with
// cmp::SetThreadBytesTable when there is no other. They may run on any thread, before main, and
// inside a sanitizer's interceptor; they never call a function that a sanitizer or
// hf_cmp_interceptors intercepts.
extern "C" {

// Integer comparisons; the const_ variants' first operand is a compile-time constant.
void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b);
void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b);
void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b);
void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b);
void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b);
void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b);
void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b);
void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b);
// cases[0]: number of cases, cases[1]: width of val in bits, cases[2...]: the case values,
// zero-extended and sorted ascending by the compiler.
void __sanitizer_cov_trace_switch(uint64_t val, uint64_t* cases);
void __sanitizer_cov_trace_div4(uint32_t divisor);
void __sanitizer_cov_trace_div8(uint64_t divisor);
void __sanitizer_cov_trace_gep(uintptr_t index);

// Called after the comparison with its result; called_pc is the comparison's call site.
// Equal compares and successful searches are not recorded.
void __sanitizer_weak_hook_memcmp(void* called_pc, const void* s1, const void* s2, size_t n,
                                  int result);
void __sanitizer_weak_hook_strncmp(void* called_pc, const char* s1, const char* s2, size_t n,
                                   int result);
void __sanitizer_weak_hook_strcmp(void* called_pc, const char* s1, const char* s2, int result);
void __sanitizer_weak_hook_strncasecmp(void* called_pc, const char* s1, const char* s2, size_t n,
                                       int result);
void __sanitizer_weak_hook_strcasecmp(void* called_pc, const char* s1, const char* s2, int result);
void __sanitizer_weak_hook_strstr(void* called_pc, const char* haystack, const char* needle,
                                  char* result);
void __sanitizer_weak_hook_strcasestr(void* called_pc, const char* haystack, const char* needle,
                                      char* result);
void __sanitizer_weak_hook_memmem(void* called_pc, const void* haystack, size_t haystack_len,
                                  const void* needle, size_t needle_len, void* result);

}  // extern "C"
