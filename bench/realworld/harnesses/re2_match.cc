// Regular expressions: RE2 compiles a pattern and matches it against a text, both taken from
// the input. Byte 0 chooses the options (case sensitivity, Latin-1 or UTF-8, POSIX syntax,
// longest match, never-newline, dot-matches-newline, Perl classes, word boundaries); the rest
// is the pattern up to the first newline, and the text after it. A pattern that compiles is
// matched partially, fully and with capture groups (which runs the DFA, the one-pass or
// bit-state matcher and the NFA), and its possible match range is computed; the text is at
// most 4 KiB and the pattern 1 KiB, so a match stays short.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "re2/re2.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t flags = data[0];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t newline = rest.find('\n');
  const std::string pattern = rest.substr(0, newline);
  const std::string text = newline == std::string::npos ? "" : rest.substr(newline + 1);
  if (pattern.size() > 1024 || text.size() > 4096) return 0;

  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(16 << 20);
  options.set_case_sensitive((flags & 0x01) == 0);
  options.set_encoding((flags & 0x02) != 0 ? RE2::Options::EncodingLatin1
                                           : RE2::Options::EncodingUTF8);
  options.set_posix_syntax((flags & 0x04) != 0);
  options.set_longest_match((flags & 0x08) != 0);
  options.set_never_nl((flags & 0x10) != 0);
  options.set_dot_nl((flags & 0x20) != 0);
  options.set_perl_classes((flags & 0x40) != 0);
  options.set_word_boundary((flags & 0x80) != 0);
  RE2 re(pattern, options);
  if (!re.ok()) return 0;

  RE2::PartialMatch(text, re);
  RE2::FullMatch(text, re);
  const int groups = re.NumberOfCapturingGroups();
  if (groups >= 0 && groups < 16) {
    std::vector<re2::StringPiece> captures(groups + 1);
    re.Match(text, 0, text.size(), RE2::UNANCHORED, captures.data(), groups + 1);
  }
  std::string min, max;
  re.PossibleMatchRange(&min, &max, 16);
  return 0;
}
