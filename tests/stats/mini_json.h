// A small JSON reader for tests: parses a whole document into a tree, so tests check what a
// JSON consumer (compare.py) would read, not the text. Strict enough to reject malformed output.
#pragma once

#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hivefuzz::testing_json {

struct Value {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> array;
  std::map<std::string, Value> object;

  bool Has(const std::string& key) const { return object.count(key) != 0; }
  const Value& operator[](const std::string& key) const { return object.at(key); }
};

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  // The document, or nullopt if it is not exactly one valid JSON value.
  std::optional<Value> Parse() {
    std::optional<Value> v = ParseValue();
    SkipSpace();
    if (!v || pos_ != text_.size()) return std::nullopt;
    return v;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) pos_++;
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      pos_++;
      return true;
    }
    return false;
  }
  bool EatWord(const char* word) {
    std::string w = word;
    if (text_.compare(pos_, w.size(), w) != 0) return false;
    pos_ += w.size();
    return true;
  }

  std::optional<std::string> ParseString() {
    if (!Eat('"')) return std::nullopt;
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return std::nullopt;
      char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          if (pos_ + 4 > text_.size()) return std::nullopt;
          long code = std::strtol(text_.substr(pos_, 4).c_str(), nullptr, 16);
          pos_ += 4;
          if (code >= 0x80) return std::nullopt;  // tests only need ASCII escapes
          out += char(code);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    if (pos_ >= text_.size()) return std::nullopt;
    pos_++;
    return out;
  }

  std::optional<Value> ParseValue() {
    SkipSpace();
    if (pos_ >= text_.size()) return std::nullopt;
    Value v;
    char c = text_[pos_];
    if (c == '{') {
      pos_++;
      v.kind = Value::Kind::kObject;
      if (Eat('}')) return v;
      do {
        SkipSpace();
        auto key = ParseString();
        if (!key || !Eat(':')) return std::nullopt;
        auto item = ParseValue();
        if (!item || v.object.count(*key) != 0) return std::nullopt;
        v.object[*key] = std::move(*item);
      } while (Eat(','));
      if (!Eat('}')) return std::nullopt;
    } else if (c == '[') {
      pos_++;
      v.kind = Value::Kind::kArray;
      if (Eat(']')) return v;
      do {
        auto item = ParseValue();
        if (!item) return std::nullopt;
        v.array.push_back(std::move(*item));
      } while (Eat(','));
      if (!Eat(']')) return std::nullopt;
    } else if (c == '"') {
      auto s = ParseString();
      if (!s) return std::nullopt;
      v.kind = Value::Kind::kString;
      v.string = std::move(*s);
    } else if (EatWord("true") || EatWord("false")) {
      v.kind = Value::Kind::kBool;
      v.boolean = c == 't';
    } else if (EatWord("null")) {
      v.kind = Value::Kind::kNull;
    } else {
      const char* start = text_.c_str() + pos_;
      if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-')) return std::nullopt;
      char* end = nullptr;
      v.number = std::strtod(start, &end);
      if (end == start) return std::nullopt;
      std::string token(start, size_t(end - start));
      if (token.find_first_of("xXpP") != std::string::npos ||
          token.find("inf") != std::string::npos || token.find("nan") != std::string::npos) {
        return std::nullopt;  // strtod reads these; JSON has none
      }
      pos_ += size_t(end - start);
      v.kind = Value::Kind::kNumber;
    }
    return v;
  }

  const std::string& text_;
  size_t pos_ = 0;
};

inline std::optional<Value> ParseJson(const std::string& text) { return Parser(text).Parse(); }

}  // namespace hivefuzz::testing_json
