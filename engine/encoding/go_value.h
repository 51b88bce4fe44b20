// GoValue: one argument of a Go fuzz target as Go's "go test fuzz v1" corpus files hold it, for
// reading and writing such files from C++ (go_corpus_file.h) and mapping C++ arguments to Go.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace hivefuzz {

// The Go types a fuzz argument can have (Go's testing.F supports exactly these). byte is uint8
// and rune is int32 in Go: the same types under two names, so they are one GoType each here.
// int and uint are 64 bits, as on the 64-bit platforms hivefuzz runs on.
enum class GoType : uint8_t {
  kBytes,  // []byte
  kString,
  kBool,
  kUint8,  // byte
  kInt32,  // rune
  kInt8,
  kInt16,
  kInt64,
  kInt,
  kUint16,
  kUint32,
  kUint64,
  kUint,
  kFloat32,
  kFloat64,
};
inline constexpr int kGoTypeCount = 15;

// The type's name as Go's reflect and %T print it: "[]uint8", "uint8", "int32", "float64"...,
// which is how Go names types in its corpus type-check messages.
std::string_view GoTypeName(GoType type);

// A value of one of those types. `value` holds, by type:
//   kBytes, kString: std::string (any bytes; a Go string need not be UTF-8 either)
//   kBool: bool
//   kInt8, kInt16, kInt32, kInt64, kInt: int64_t, within the type's range
//   kUint8, kUint16, kUint32, kUint64, kUint: uint64_t, within the type's range
//   kFloat32: float; kFloat64: double (NaN payloads are kept: files can name exact bits)
// The factories below keep that invariant; Valid() checks it for values built by hand.
// Thread safety: a plain value.
struct GoValue {
  GoType type = GoType::kBytes;
  std::variant<std::string, bool, int64_t, uint64_t, float, double> value;

  static GoValue Bytes(std::string_view bytes) { return {GoType::kBytes, std::string(bytes)}; }
  static GoValue String(std::string_view text) { return {GoType::kString, std::string(text)}; }
  static GoValue Bool(bool v) { return {GoType::kBool, v}; }
  static GoValue Uint8(uint8_t v) { return {GoType::kUint8, uint64_t{v}}; }
  static GoValue Int32(int32_t v) { return {GoType::kInt32, int64_t{v}}; }
  static GoValue Int8(int8_t v) { return {GoType::kInt8, int64_t{v}}; }
  static GoValue Int16(int16_t v) { return {GoType::kInt16, int64_t{v}}; }
  static GoValue Int64(int64_t v) { return {GoType::kInt64, v}; }
  static GoValue Int(int64_t v) { return {GoType::kInt, v}; }
  static GoValue Uint16(uint16_t v) { return {GoType::kUint16, uint64_t{v}}; }
  static GoValue Uint32(uint32_t v) { return {GoType::kUint32, uint64_t{v}}; }
  static GoValue Uint64(uint64_t v) { return {GoType::kUint64, v}; }
  static GoValue Uint(uint64_t v) { return {GoType::kUint, v}; }
  static GoValue Float32(float v) { return {GoType::kFloat32, v}; }
  static GoValue Float64(double v) { return {GoType::kFloat64, v}; }

  // Whether `value` holds the alternative `type` calls for, within the type's range.
  bool Valid() const;

  // Accessors by alternative. REQUIRES: the alternative is held (HF_CHECK).
  const std::string& bytes() const;  // kBytes, kString
  bool boolean() const;
  int64_t int_value() const;    // the signed types
  uint64_t uint_value() const;  // the unsigned types
  float float32() const;
  double float64() const;

  // Same type and same value, floats compared by their bits: NaN equals a NaN with the same
  // payload, and 0 differs from -0. This is "reads back as exactly this".
  friend bool operator==(const GoValue& a, const GoValue& b);
};

}  // namespace hivefuzz
