// The fuzz tests of this binary, as HIVEFUZZ_FUZZ_TEST registered them before main(): names,
// argument types and where each one's testdata directory is.
#pragma once

#include <string>
#include <vector>

#include "encoding/go_value.h"

namespace hivefuzz {

struct RegisteredFuzzTest {
  std::string suite;
  std::string name;       // the test's own name: its testdata directory is named after it
  std::string full_name;  // "Suite.Name", as --gtest_filter names it
  std::string file;       // the source file that defines it
  int line = 0;
  std::vector<GoType> shape;
};

// Every registered fuzz test, in registration order.
const std::vector<RegisteredFuzzTest>& RegisteredFuzzTests();

// The test named `full_name`, or null.
const RegisteredFuzzTest* FindFuzzTest(const std::string& full_name);

// Where the test's corpus files are: $HIVEFUZZ_TESTDATA/<Name> when that is set, else
// testdata/fuzz/<Name> beside the source file that defines the test (Go's layout).
std::string TestdataDirectory(const RegisteredFuzzTest& test);

}  // namespace hivefuzz
