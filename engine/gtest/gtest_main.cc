// main() of a fuzz test binary (hivefuzz_add_fuzz_test links it): GoogleTest as usual, or
// fuzzing one of the binary's fuzz tests with -fuzz=<regexp> (gtest/fuzz_mode.h).
#include "gtest/fuzz_mode.h"

int main(int argc, char** argv) { return hivefuzz::FuzzTestMain(argc, argv); }
