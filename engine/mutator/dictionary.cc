// Dictionary files (a strict reading of the format libFuzzer and AFL share, with messages that
// say what is wrong and where), dictionary mutations, and the auto-dictionary.
#include "mutator/dictionary.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "base/check.h"
#include "base/file_util.h"
#include "mutator/guided_mutations.h"
#include "mutator/splicing.h"

namespace hivefuzz {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// Entries a dictionary mutation draws before giving up (some may not fit).
constexpr int kEntryAttempts = 4;

// Longest excerpt of a line quoted in an error message.
constexpr size_t kMaxExcerpt = 60;

constexpr char kExpectedEntry[] = "expected a quoted value like \"GET \" or name=\"GET \"";

// The blanks of C's isspace other than '\n' (which ends a line), without the locale.
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '-' ||
         c == '.';
}

// A byte that may appear unescaped between the quotes: libFuzzer's isprint || isspace.
bool IsPlainValueByte(char c) { return (c >= 0x20 && c < 0x7f) || IsBlank(c); }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendHexEscape(unsigned char c, std::string* out) {
  out->append("\\x");
  out->push_back(kHexDigits[c >> 4]);
  out->push_back(kHexDigits[c & 15]);
}

// `text` as it is quoted in an error message: printable ASCII as is, other bytes as \xNN, cut
// after kMaxExcerpt bytes.
std::string Excerpt(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < kMaxExcerpt; i++) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      AppendHexEscape(c, &out);
    }
  }
  if (text.size() > kMaxExcerpt) out.append("...");
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// Parses one trimmed line that is neither blank nor a comment into *entry. Returns the error
// message (without the file:line prefix), or "" on success.
std::string ParseEntry(std::string_view line, DictionaryEntry* entry) {
  const size_t n = line.size();
  size_t i = 0;
  while (i < n && IsNameChar(line[i])) i++;
  entry->name.assign(line.substr(0, i));
  if (i < n && line[i] == '@') {
    const size_t digits = ++i;
    uint64_t level = 0;
    while (i < n && IsDigit(line[i])) {
      level = level * 10 + static_cast<uint64_t>(line[i] - '0');
      if (level > UINT32_MAX) {
        return "the level after '@' is too large (at most " + std::to_string(UINT32_MAX) +
               "); found '" + Excerpt(line) + "'";
      }
      i++;
    }
    if (i == digits) {
      return "expected a level number after '@', as in name@1=\"GET \"; found '" + Excerpt(line) +
             "'";
    }
    entry->level = static_cast<uint32_t>(level);
  }
  while (i < n && IsBlank(line[i])) i++;
  if (i < n && line[i] == '=') {
    i++;
    while (i < n && IsBlank(line[i])) i++;
  }
  if (i >= n || line[i] != '"') {
    return std::string(kExpectedEntry) + "; found '" + Excerpt(line) + "'";
  }
  i++;  // the opening quote
  std::string& value = entry->bytes;
  value.clear();
  bool closed = false;
  while (i < n) {
    const char c = line[i];
    if (c == '"') {
      closed = true;
      i++;
      break;
    }
    if (c == '\\') {
      if (i + 1 == n) break;  // a backslash that ends the line: the value is unterminated
      const char escaped = line[i + 1];
      if (escaped == '\\' || escaped == '"') {
        value.push_back(escaped);
        i += 2;
        continue;
      }
      if (escaped == 'x') {
        const int hi = i + 2 < n ? HexValue(line[i + 2]) : -1;
        const int lo = i + 3 < n ? HexValue(line[i + 3]) : -1;
        if (hi < 0 || lo < 0) {
          return "bad escape '" + Excerpt(line.substr(i, 4)) +
                 "': \\x must be followed by two hex digits, like \\x0A";
        }
        value.push_back(static_cast<char>(hi * 16 + lo));
        i += 4;
        continue;
      }
      return "unknown escape '" + Excerpt(line.substr(i, 2)) +
             "': the only escapes are \\\\, \\\" and \\xNN";
    }
    if (!IsPlainValueByte(c)) {
      std::string hex;
      AppendHexEscape(static_cast<unsigned char>(c), &hex);
      return "byte " + hex + " inside the quotes must be written as the escape " + hex +
             "; only printable ASCII and blanks may appear as is";
    }
    value.push_back(c);
    i++;
  }
  if (!closed) {
    return "missing the closing quote of the value (a quote inside a value is written \\\"); "
           "found '" +
           Excerpt(line) + "'";
  }
  while (i < n && IsBlank(line[i])) i++;
  if (i < n) {
    return "unexpected text after the closing quote: '" + Excerpt(line.substr(i)) +
           "'; a comment must be on a line of its own, and a quote inside a value is written "
           "\\\"";
  }
  if (value.empty()) return "empty value \"\": an entry needs at least one byte";
  return "";
}

enum class Placement { kInsert, kOverwrite };

bool ApplyEntry(Placement placement, uint8_t* data, size_t* size, size_t max_size,
                std::span<const DictionaryEntry> dictionary, Rng& rng) {
  HF_CHECK(*size <= max_size && max_size <= UINT32_MAX);
  if (dictionary.empty()) return false;
  for (int attempt = 0; attempt < kEntryAttempts; attempt++) {
    const std::string& entry = dictionary[rng.BelowSize(dictionary.size())].bytes;
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(entry.data()), entry.size());
    const bool applied = placement == Placement::kInsert
                             ? InsertAtRandomPosition(data, size, max_size, bytes, rng)
                             : OverwriteAtRandomPosition(data, size, max_size, bytes, rng);
    if (applied) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<DictionaryEntry>> ParseDictionary(std::string_view text,
                                                     std::string_view file_name) {
  std::vector<DictionaryEntry> entries;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    line_number++;
    if (line.empty() || line.front() == '#') continue;
    DictionaryEntry entry;
    std::string error = ParseEntry(line, &entry);
    if (!error.empty()) {
      return Status::Error(std::string(file_name) + ":" + std::to_string(line_number) + ": " +
                           error);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<DictionaryEntry>> LoadDictionaryFile(const std::string& path) {
  Result<Bytes> contents = ReadFile(path);
  if (!contents.ok()) {
    return Status::Error("cannot load the dictionary (-dict): " + contents.status().message());
  }
  std::string_view text(reinterpret_cast<const char*>(contents->data()), contents->size());
  Result<std::vector<DictionaryEntry>> entries = ParseDictionary(text, path);
  if (entries.ok() && entries->empty()) {
    return Status::Error(path + ": no dictionary entries, only blank lines and comments; " +
                         kExpectedEntry + " on a line of its own");
  }
  return entries;
}

std::string FormatDictionaryEntry(std::string_view bytes) {
  HF_CHECK(!bytes.empty());
  std::string out = "\"";
  for (char c : bytes) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(c);
    } else {
      AppendHexEscape(static_cast<unsigned char>(c), &out);
    }
  }
  out.push_back('"');
  return out;
}

bool InsertDictionaryEntry(uint8_t* data, size_t* size, size_t max_size,
                           std::span<const DictionaryEntry> dictionary, Rng& rng) {
  return ApplyEntry(Placement::kInsert, data, size, max_size, dictionary, rng);
}

bool OverwriteWithDictionaryEntry(uint8_t* data, size_t* size, size_t max_size,
                                  std::span<const DictionaryEntry> dictionary, Rng& rng) {
  return ApplyEntry(Placement::kOverwrite, data, size, max_size, dictionary, rng);
}

bool AutoDictionary::Add(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return false;
  std::string key(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (auto it = uses_.find(key); it != uses_.end()) {
    it->second++;
    return false;
  }
  if (uses_.size() >= max_entries_) return false;
  uses_.emplace(std::move(key), 1);
  return true;
}

uint64_t AutoDictionary::Uses(std::string_view bytes) const {
  auto it = uses_.find(std::string(bytes));
  return it == uses_.end() ? 0 : it->second;
}

std::vector<DictionaryEntry> AutoDictionary::Entries(
    std::span<const DictionaryEntry> exclude) const {
  std::unordered_set<std::string_view> excluded;
  for (const DictionaryEntry& e : exclude) excluded.insert(e.bytes);
  std::vector<std::pair<uint64_t, std::string_view>> ranked;
  for (const auto& [bytes, uses] : uses_) {
    if (!excluded.contains(bytes)) ranked.emplace_back(uses, bytes);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::vector<DictionaryEntry> entries;
  entries.reserve(ranked.size());
  for (const auto& [uses, bytes] : ranked) entries.push_back({std::string(bytes), "", 0});
  return entries;
}

std::string AutoDictionary::FormatRecommended(std::span<const DictionaryEntry> exclude) const {
  std::vector<DictionaryEntry> entries = Entries(exclude);
  if (entries.empty()) return "";
  std::string out = "# Recommended dictionary: " + std::to_string(entries.size()) +
                    " comparison operands that led to new coverage, most useful first.\n";
  for (const DictionaryEntry& e : entries) {
    out += FormatDictionaryEntry(e.bytes);
    out.push_back('\n');
  }
  return out;
}

}  // namespace hivefuzz
