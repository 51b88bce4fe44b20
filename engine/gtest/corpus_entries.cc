#include "gtest/corpus_entries.h"

#include <bit>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "encoding/go_corpus_file.h"
#include "encoding/typed_input.h"

namespace hivefuzz {

namespace {

// A C++ string literal of any bytes: printable ASCII as itself, the rest as three-digit octal
// escapes (which, unlike \x, never run into a following digit).
std::string CppStringLiteral(const std::string& bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c >= 0x20 && c < 0x7f && c != '?') {  // '?' would start a trigraph
      out += char(c);
    } else {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      out += escape;
    }
  }
  return out + "\"";
}

std::string CppValue(const GoValue& v) {
  char text[64];
  switch (v.type) {
    case GoType::kString:
      return CppStringLiteral(v.bytes());
    case GoType::kBytes: {
      std::string out = "std::vector<uint8_t>{";
      for (size_t i = 0; i < v.bytes().size(); i++) {
        std::snprintf(text, sizeof text, "%s0x%02x", i ? ", " : "", uint8_t(v.bytes()[i]));
        out += text;
      }
      return out + "}";
    }
    case GoType::kBool:
      return v.boolean() ? "true" : "false";
    case GoType::kFloat32:
      if (!std::isfinite(v.float32())) {
        std::snprintf(text, sizeof text, "std::bit_cast<float>(uint32_t{0x%08" PRIx32 "})",
                      std::bit_cast<uint32_t>(v.float32()));
      } else {
        std::snprintf(text, sizeof text, "%af", double(v.float32()));
      }
      return text;
    case GoType::kFloat64:
      if (!std::isfinite(v.float64())) {
        std::snprintf(text, sizeof text, "std::bit_cast<double>(uint64_t{0x%016" PRIx64 "})",
                      std::bit_cast<uint64_t>(v.float64()));
      } else {
        std::snprintf(text, sizeof text, "%a", v.float64());
      }
      return text;
    default:
      break;
  }
  static constexpr const char* kCppTypes[kGoTypeCount] = {
      "",        "",         "",         "uint8_t",  "int32_t",  "int8_t", "int16_t", "int64_t",
      "int64_t", "uint16_t", "uint32_t", "uint64_t", "uint64_t", "",       ""};
  if (IsSignedInteger(v.type)) {
    // INT64_MIN has no literal of its own.
    if (v.int_value() == INT64_MIN) return "INT64_MIN";
    std::snprintf(text, sizeof text, "%s{%" PRId64 "}", kCppTypes[int(v.type)], v.int_value());
  } else {
    std::snprintf(text, sizeof text, "%s{%" PRIu64 "u}", kCppTypes[int(v.type)], v.uint_value());
  }
  return text;
}

}  // namespace

std::string FormatAsSeed(std::span<const GoValue> values) {
  std::string out = "f.Add(";
  for (size_t i = 0; i < values.size(); i++) {
    if (i > 0) out += ", ";
    out += CppValue(values[i]);
  }
  return out + ");";
}

std::vector<CorpusEntry> ReadTestdata(const RegisteredFuzzTest& test,
                                      std::vector<std::string>* errors) {
  std::vector<CorpusEntry> entries;
  std::string dir = TestdataDirectory(test);
  if (!IsDirectory(dir)) return entries;
  auto files = ListRegularFiles(dir);
  if (!files.ok()) {
    errors->push_back(files.status().message());
    return entries;
  }
  for (const std::string& path : *files) {
    auto contents = ReadFile(path);
    if (!contents.ok()) {
      errors->push_back(contents.status().message());
      continue;
    }
    auto values = UnmarshalGoCorpusFile(
        std::string_view(reinterpret_cast<const char*>(contents->data()), contents->size()));
    if (!values.ok()) {
      errors->push_back(path + ": " + values.status().message());
      continue;
    }
    if (Status s = CheckTypedValues(test.shape, &*values); !s.ok()) {
      errors->push_back(path + ": " + s.message());
      continue;
    }
    CorpusEntry entry;
    entry.name = path.substr(path.find_last_of('/') + 1);
    entry.path = path;
    entry.values = std::move(*values);
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::string> WriteTestdataFile(const RegisteredFuzzTest& test,
                                      std::span<const GoValue> values) {
  std::string dir = TestdataDirectory(test);
  if (Status s = EnsureWritableDirectory(dir); !s.ok()) return s;
  std::string contents = MarshalGoCorpusFile(values);
  std::string name = GoCorpusFileName(contents);
  if (Status s = WriteFileAtomic(dir, name, reinterpret_cast<const uint8_t*>(contents.data()),
                                 contents.size());
      !s.ok()) {
    return s;
  }
  return JoinPath(dir, name);
}

GoValue ToGoValue(const internal::Value& value) {
  GoType type = GoType(value.type);
  if (IsByteString(type)) return {type, value.bytes};
  return FixedValueFromBits(type, value.bits);
}

internal::Value FromGoValue(const GoValue& value) {
  internal::Value out;
  AssignFromGoValue(value, &out);
  return out;
}

void AssignFromGoValue(const GoValue& value, internal::Value* out) {
  out->type = internal::ArgType(value.type);
  if (IsByteString(value.type)) {
    out->bytes.assign(value.bytes());
    out->bits = 0;
  } else {
    out->bytes.clear();
    out->bits = FixedValueBits(value);
  }
}

}  // namespace hivefuzz
