// A fuzz test's inputs as values: its testdata files (Go's "go test fuzz v1"), read, type-checked
// as Go checks them and written as Go writes them; and the conversions to the engine's flat form.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "base/status.h"
#include "encoding/go_value.h"
#include "gtest/registry.h"
#include "hivefuzz/fuzz_test.h"

namespace hivefuzz {

// One input of a fuzz test: a seed or a testdata file.
struct CorpusEntry {
  std::string name;  // "seed#0", or the file's name ("4f3a9c0d12ab34cd")
  std::string path;  // the file; "" for a seed
  std::vector<GoValue> values;
};

// The testdata files of `test`, in name order, each read and type-checked. A directory that is
// missing holds none. Each file that cannot be read, parsed or typed is an error in `*errors`
// ("<path>: line 2: malformed line ...", "<path>: mismatched types in corpus entry: [string],
// want [[]uint8]"); the others are returned. Nested directories are ignored, as Go does.
std::vector<CorpusEntry> ReadTestdata(const RegisteredFuzzTest& test,
                                      std::vector<std::string>* errors);

// Writes `values` as a Go corpus file named as Go names it into the test's testdata directory
// (created if missing); returns its path.
Result<std::string> WriteTestdataFile(const RegisteredFuzzTest& test,
                                      std::span<const GoValue> values);

// The values as the C++ seed line that adds them to the test: `f.Add("GET /", int64_t{80});`
// (byte strings as string literals or byte lists, floats exactly, as hex floats or bit patterns).
std::string FormatAsSeed(std::span<const GoValue> values);

// Between the public header's values and the engine's.
GoValue ToGoValue(const internal::Value& value);
internal::Value FromGoValue(const GoValue& value);
// FromGoValue into *out, whose string keeps its capacity (one per argument and worker).
void AssignFromGoValue(const GoValue& value, internal::Value* out);

}  // namespace hivefuzz
