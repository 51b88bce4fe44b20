// Invariant checks: a broken invariant is a hivefuzz bug, so it aborts with the location.
// Engine failures that a user can cause are Status values instead (status.h).
#pragma once

#include <cstdio>
#include <cstdlib>

#define HF_CHECK(cond)                                                                      \
  do {                                                                                      \
    if (__builtin_expect(!(cond), 0)) {                                                     \
      std::fprintf(stderr, "hivefuzz: internal error: %s:%d: check failed: %s\n", __FILE__, \
                   __LINE__, #cond);                                                        \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)
