// Dictionaries: the AFL/libFuzzer dictionary file format (parse and write back), the mutations
// that insert a dictionary entry or write one over the input, and AutoDictionary, which keeps
// the comparison operands that led to new coverage and prints them as a recommended dictionary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/rng.h"
#include "base/status.h"

namespace hivefuzz {

// One entry of a dictionary file: `name@level="bytes"`, where name and level are optional.
// Thread safety: a plain value.
struct DictionaryEntry {
  std::string bytes;   // the unescaped value; never empty when parsed
  std::string name;    // the label before the value, empty if none
  uint32_t level = 0;  // AFL's @level, 0 if none

  bool operator==(const DictionaryEntry&) const = default;
};

// Parses dictionary text in the AFL/libFuzzer format, one entry per line:
//   "value"   name="value"   name@2="value"   name "value" (as libFuzzer and AFL accept)
// A name is made of letters, digits, '_', '-' and '.'. Whitespace around a line and around '='
// is ignored, and so are blank lines and lines whose first non-blank character is '#' (there
// are no comments after an entry: libFuzzer and AFL reject them too). Inside the quotes, bytes
// are printable ASCII or blanks, and the only escapes are \\, \" and \xNN (two hex digits,
// either case), as in libFuzzer's ParseOneDictionaryEntry; any other byte must be written as
// \xNN. An empty value "" is an error. Every entry is returned with its level; keeping only
// those up to a chosen level (AFL's -x file@N, which skips higher ones) is the caller's choice.
// On error, the message is "<file_name>:<line>: " followed by what is wrong and what was
// expected; parsing stops at the first error. Text with no entries gives an empty vector.
Result<std::vector<DictionaryEntry>> ParseDictionary(std::string_view text,
                                                     std::string_view file_name);

// Reads and parses a dictionary file. Fails with a message naming the path if the file cannot
// be read, does not parse, or holds no entry at all (almost surely the wrong file).
Result<std::vector<DictionaryEntry>> LoadDictionaryFile(const std::string& path);

// One dictionary line, without name or newline, that ParseDictionary reads back as exactly
// `bytes`: the bytes in double quotes, printable ASCII as is except \\ and \", every other byte
// as \xNN (upper case). REQUIRES: !bytes.empty() (an empty value does not parse).
std::string FormatDictionaryEntry(std::string_view bytes);

// libFuzzer's ApplyDictionaryEntry, as two mutations: a uniformly chosen entry of `dictionary`
// inserted before a random position (InsertDictionaryEntry) or written over the input at a
// random position (OverwriteWithDictionaryEntry). Up to 4 entries are drawn; false if none
// fits (or the dictionary is empty). Pure, allocation-free, with the REQUIRES/ENSURES of
// guided_mutations.h.
bool InsertDictionaryEntry(uint8_t* data, size_t* size, size_t max_size,
                           std::span<const DictionaryEntry> dictionary, Rng& rng);
bool OverwriteWithDictionaryEntry(uint8_t* data, size_t* size, size_t max_size,
                                  std::span<const DictionaryEntry> dictionary, Rng& rng);

// The byte strings that mutations wrote into inputs that then found new coverage (the `written`
// tokens of guided_mutations.h), with how often each did: libFuzzer's persistent auto-dictionary
// and "Recommended dictionary". Bounded: once it holds max_entries strings, new ones are
// dropped (those already held keep counting).
// Thread safety: thread-compatible; the coordinator owns it.
class AutoDictionary {
 public:
  explicit AutoDictionary(size_t max_entries = 4096) : max_entries_(max_entries) {}

  // Counts one more success of `bytes`. Returns true if `bytes` was not held before and now
  // is. Empty strings are ignored.
  bool Add(std::span<const uint8_t> bytes);

  size_t size() const { return uses_.size(); }

  // How many times `bytes` was added; 0 if never (or dropped).
  uint64_t Uses(std::string_view bytes) const;

  // The entries not in `exclude` (typically the user's dictionary), most used first, ties in
  // byte order, each named "" and at level 0.
  std::vector<DictionaryEntry> Entries(std::span<const DictionaryEntry> exclude = {}) const;

  // Entries(exclude) as dictionary file text that ParseDictionary reads back: a comment line,
  // then one FormatDictionaryEntry line per entry. Empty if there are no entries.
  std::string FormatRecommended(std::span<const DictionaryEntry> exclude = {}) const;

 private:
  size_t max_entries_;
  std::unordered_map<std::string, uint64_t> uses_;
};

}  // namespace hivefuzz
