// Calls the fuzz target: the libFuzzer entry point, an exact-size copy of the input when a
// sanitizer is there to catch overflows, and the exception boundary. Outcomes are values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "encoding/go_value.h"

namespace hivefuzz {

using TestOneInputFn = int (*)(const uint8_t* data, size_t size);

enum class ExecOutcome : uint8_t {
  kOk,         // returned 0
  kRejected,   // returned -1: libFuzzer's "do not add this input to the corpus"
  kException,  // an exception escaped; the engine reports it as a crash
  kOverwrote,  // the target wrote to its const input (libFuzzer reports that as a failure)
};

// Thread-safe if the target is: each worker calls Run on its own thread.
class Target {
 public:
  // `exact_copy`: give the target a heap copy of exactly `size` bytes, so that AddressSanitizer
  // sees reads past the end. Costs an allocation per call; only worth it under a sanitizer.
  Target(TestOneInputFn fn, bool exact_copy) : fn_(fn), exact_copy_(exact_copy) {}

  // Runs the target once on a copy of `data` in `scratch` (`size` bytes, owned by the caller;
  // null: the target gets `data` itself, and overwrites are not detected), so that `data`
  // stays the input as it was, and compares the two after the call. On kException,
  // `*exception_text` says what was thrown.
  ExecOutcome Run(const uint8_t* data, size_t size, uint8_t* scratch,
                  std::string* exception_text) const;

 private:
  TestOneInputFn fn_;
  bool exact_copy_;
};

// What a typed fuzz test (hivefuzz/fuzz_test.h) adds to its TestOneInput function: the types
// of its arguments, whose flat form (encoding/typed_input.h) the engine mutates and minimizes
// field by field, and its seeds (f.Add and the testdata files), flat, each with the name that
// reports give it ("seed#0", the file's path).
struct NamedSeed {
  std::string name;
  Bytes data;
};
struct TypedTarget {
  std::vector<GoType> shape;
  std::vector<NamedSeed> seeds;
  // How the user runs this test, for the commands printed to re-run a failure
  // ("svc_test -fuzz=Suite.Name"); "" = argv[0].
  std::string program;
};

// True when this process runs under AddressSanitizer, MemorySanitizer or HWASan.
bool SanitizerWantsExactCopies();

}  // namespace hivefuzz
