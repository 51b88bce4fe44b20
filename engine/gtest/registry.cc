#include "gtest/registry.h"

#include <cstdlib>

#include "hivefuzz/fuzz_test.h"

namespace hivefuzz {

namespace {

std::vector<RegisteredFuzzTest>& Registry() {
  static std::vector<RegisteredFuzzTest> tests;
  return tests;
}

// The public ArgType mirrors GoType, value for value.
static_assert(int(internal::ArgType::kBytes) == int(GoType::kBytes));
static_assert(int(internal::ArgType::kString) == int(GoType::kString));
static_assert(int(internal::ArgType::kBool) == int(GoType::kBool));
static_assert(int(internal::ArgType::kUint8) == int(GoType::kUint8));
static_assert(int(internal::ArgType::kInt32) == int(GoType::kInt32));
static_assert(int(internal::ArgType::kInt8) == int(GoType::kInt8));
static_assert(int(internal::ArgType::kInt16) == int(GoType::kInt16));
static_assert(int(internal::ArgType::kInt64) == int(GoType::kInt64));
static_assert(int(internal::ArgType::kInt) == int(GoType::kInt));
static_assert(int(internal::ArgType::kUint16) == int(GoType::kUint16));
static_assert(int(internal::ArgType::kUint32) == int(GoType::kUint32));
static_assert(int(internal::ArgType::kUint64) == int(GoType::kUint64));
static_assert(int(internal::ArgType::kUint) == int(GoType::kUint));
static_assert(int(internal::ArgType::kFloat32) == int(GoType::kFloat32));
static_assert(int(internal::ArgType::kFloat64) == int(GoType::kFloat64));

}  // namespace

namespace internal {

void AddToRegistry(const char* suite, const char* name, const char* file, int line,
                   std::vector<ArgType> shape) {
  RegisteredFuzzTest test;
  test.suite = suite;
  test.name = name;
  test.full_name = std::string(suite) + "." + name;
  test.file = file;
  test.line = line;
  for (ArgType type : shape) test.shape.push_back(GoType(type));
  Registry().push_back(std::move(test));
}

}  // namespace internal

const std::vector<RegisteredFuzzTest>& RegisteredFuzzTests() { return Registry(); }

const RegisteredFuzzTest* FindFuzzTest(const std::string& full_name) {
  for (const RegisteredFuzzTest& test : Registry()) {
    if (test.full_name == full_name) return &test;
  }
  return nullptr;
}

std::string TestdataDirectory(const RegisteredFuzzTest& test) {
  if (const char* root = std::getenv("HIVEFUZZ_TESTDATA"); root != nullptr && *root != '\0') {
    return std::string(root) + "/" + test.name;
  }
  size_t slash = test.file.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : test.file.substr(0, slash);
  return dir + "/testdata/fuzz/" + test.name;
}

}  // namespace hivefuzz
