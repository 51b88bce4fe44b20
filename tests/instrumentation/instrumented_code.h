// Functions compiled by the coverage pass plugin (instrumented_code.cc in the test binary,
// instrumented_library.cc in a shared library), for coverage_pass_test.cc to call.
#pragma once

#include <cstdint>

extern "C" {
// Takes a different branch for each of 0, 1, 2 and anything else.
int hf_test_branches(int which);
// Runs a loop of `n` iterations.
void hf_test_loop(int n);
// The same loop with an empty inline assembly statement in it, which the pass takes for a
// call: its counts stay in memory.
void hf_test_loop_in_memory(int n);
// Compares `value` with 0x1234abcd (a comparison with a constant) and with `other`.
int hf_test_compare(uint32_t value, uint32_t other);
// Compares each of its `count` variable arguments (ints) with 77: a function that cannot have a
// traced copy, so each comparison tests whether the thread records.
int hf_test_compare_varargs(int count, ...);
// Compares nothing: it has no traced copy.
int hf_test_no_comparisons(int value);
// A switch over `value` with the cases 3, 70 and 9000.
int hf_test_switch(uint64_t value);
// `value` modulo 65521 for a value below twice that, by one conditional subtraction (adler32's
// reduction): an `if` that clang -O2 folds into a select unless told to keep the branch.
uint32_t hf_test_reduce(uint32_t value);
// Recurses `depth` calls deep.
int hf_test_recurse(int depth);
// In the shared library: a branch of its own.
int hf_test_library_branches(int which);
// In a shared library the test loads with dlopen(): the same branches.
int hf_test_loaded_branches(int which);
}
