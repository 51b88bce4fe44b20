#include "gtest/corpus_entries.h"

#include <bit>

#include "encoding/go_corpus_file.h"

namespace hivefuzz {

namespace {

std::string TypeList(const std::vector<GoType>& types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); i++) {
    if (i > 0) out += " ";
    out += GoTypeName(types[i]);
  }
  return out + "]";
}

bool SignedType(GoType t) {
  return t == GoType::kInt8 || t == GoType::kInt16 || t == GoType::kInt32 || t == GoType::kInt64 ||
         t == GoType::kInt;
}

}  // namespace

Status CheckTypes(std::span<const GoType> shape, std::vector<GoValue>* values) {
  bool match = values->size() == shape.size();
  for (size_t i = 0; match && i < shape.size(); i++) {
    GoType have = (*values)[i].type;
    GoType want = shape[i];
    if (have == want) continue;
    if (have == GoType::kInt && want == GoType::kInt64) continue;
    if (have == GoType::kUint && want == GoType::kUint64) continue;
    match = false;
  }
  if (!match) {
    std::vector<GoType> have;
    for (const GoValue& v : *values) have.push_back(v.type);
    return Status::Error("mismatched types in corpus entry: " + TypeList(have) + ", want " +
                         TypeList(std::vector<GoType>(shape.begin(), shape.end())));
  }
  for (size_t i = 0; i < shape.size(); i++) (*values)[i].type = shape[i];
  return Status::Ok();
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
    if (Status s = CheckTypes(test.shape, &*values); !s.ok()) {
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
  switch (type) {
    case GoType::kBytes:
    case GoType::kString:
      return {type, value.bytes};
    case GoType::kBool:
      return {type, (value.bits & 1) != 0};
    case GoType::kFloat32:
      return {type, std::bit_cast<float>(uint32_t(value.bits))};
    case GoType::kFloat64:
      return {type, std::bit_cast<double>(value.bits)};
    default:
      if (SignedType(type)) return {type, int64_t(value.bits)};
      return {type, value.bits};
  }
}

internal::Value FromGoValue(const GoValue& value) {
  internal::Value out;
  out.type = internal::ArgType(value.type);
  switch (value.type) {
    case GoType::kBytes:
    case GoType::kString:
      out.bytes = value.bytes();
      break;
    case GoType::kBool:
      out.bits = value.boolean() ? 1 : 0;
      break;
    case GoType::kFloat32:
      out.bits = std::bit_cast<uint32_t>(value.float32());
      break;
    case GoType::kFloat64:
      out.bits = std::bit_cast<uint64_t>(value.float64());
      break;
    default:
      out.bits = SignedType(value.type) ? uint64_t(value.int_value()) : value.uint_value();
  }
  return out;
}

}  // namespace hivefuzz
