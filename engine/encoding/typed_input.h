// The flat byte form of a typed fuzz test's arguments, which the engine stores, mutates field by
// field and minimizes: fixed-size values little-endian, byte strings with a length prefix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/file_util.h"
#include "base/status.h"
#include "encoding/go_value.h"

namespace hivefuzz {

// The flat form of values of types `shape`, field after field:
//   []byte, string: a 4-byte little-endian length, then the bytes;
//   bool: one byte, 0 or 1;
//   the integer types: their width in bytes, little-endian two's complement;
//   float32, float64: the IEEE bits, little-endian.
// Any bytes decode (SplitTypedInput): the engine's mutants, cut corpus files and hand-made ones
// all mean some values, so nothing the engine makes is wasted on a parse error.
inline constexpr size_t kLengthPrefixSize = 4;

inline bool IsByteString(GoType type) { return type == GoType::kBytes || type == GoType::kString; }
inline bool IsSignedInteger(GoType type) {
  return type == GoType::kInt8 || type == GoType::kInt16 || type == GoType::kInt32 ||
         type == GoType::kInt64 || type == GoType::kInt;
}

// Bytes a value of `type` takes in the flat form; 0 for []byte and string.
size_t FixedFieldSize(GoType type);

// One byte field per type of `shape`, out of `input`, reusing the vectors' capacity. Lenient: a
// fixed-size field cut short is zero-filled, a length past the end takes the bytes there are,
// and bytes after the last field are ignored. A fixed-size field is exactly FixedFieldSize bytes.
void SplitTypedInput(std::span<const GoType> shape, std::span<const uint8_t> input,
                     std::vector<Bytes>* fields);

// The flat form of `fields` (as SplitTypedInput gives them) into *out, replacing its contents.
// REQUIRES: fields.size() == shape.size(), each fixed-size field FixedFieldSize bytes.
void JoinTypedInput(std::span<const GoType> shape, const std::vector<Bytes>& fields, Bytes* out);
size_t JoinedSize(std::span<const GoType> shape, const std::vector<Bytes>& fields);

// The values `input` means under `shape` (SplitTypedInput's reading), into *values (resized).
void DecodeTypedInput(std::span<const GoType> shape, std::span<const uint8_t> input,
                      std::vector<GoValue>* values);

// A fixed-size value as 64 bits: a signed integer sign-extended, an unsigned one as it is, a
// float's IEEE bits, a bool 0 or 1 (the public header's Value::bits, and the flat form's bytes).
// REQUIRES: not []byte or string.
uint64_t FixedValueBits(const GoValue& value);
// The value of `type` that such bits hold (only the type's width of them counts).
GoValue FixedValueFromBits(GoType type, uint64_t bits);

// The flat form of `values`, whose types are the shape. REQUIRES: every value Valid().
Bytes EncodeTypedInput(std::span<const GoValue> values);

// Go's type check of a corpus entry against the function's argument types, with Go's message
// ("mismatched types in corpus entry: [string int], want [[]uint8 int8]"). Go's int and uint
// read as the 64-bit types (a C++ fuzz test has neither), and are converted in *values.
Status CheckTypedValues(std::span<const GoType> shape, std::vector<GoValue>* values);

// The flat form of a file to replay for a typed test: a Go corpus file of the test's types
// is decoded; anything else (a reproducer the engine wrote) is the flat form already.
Bytes FlatFormOfFile(std::span<const GoType> shape, Bytes contents);

}  // namespace hivefuzz
