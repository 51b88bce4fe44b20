// A planted bug behind a keyword of a configuration parser: each line's first word is copied
// into a std::string and looked up with strcmp in the table of directives, as a hand-written
// config parser does (the real strcmp: hivefuzz builds targets with -fno-builtin-strcmp). One
// call per directive and no edge per matching character, so edge coverage alone cannot spell
// a directive; the strcmp operands (or value profile of the calls) must supply it. Bug:
// "proxy_pass" is only valid inside a location block, but its handler never checks that one
// is open and writes through the null current-location pointer. Must find: a line, outside a
// location block, whose first word is "proxy_pass", followed by exactly one argument.
// Fails with abort() after printing one line.
// Calibration (execs to the bug): libFuzzer: 7.66k..245k (median 41.5k) over 8 seeds;
// libFuzzer -use_value_profile=1: 12.5k..320k (median 38.8k) over 8 seeds; all found.
// hivefuzz, 2 threads: 260..25.2k (median 3.35k) over 24 seeds; -use_value_profile=1:
// 140..13.4k (median 2.88k); all found.
// Budget: 220000 execs with -parallel=2
//
// Format: lines of words separated by spaces or tabs; the first word is the directive, the
// rest its arguments; '#' starts a comment line. Parsing stops at the first bad line.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr size_t kMaxLocations = 16;

struct Location {
  std::string prefix;
  std::string upstream;
};

struct ServerConfig {
  std::vector<std::string> listen;
  std::string server_name;
  std::string root;
  int keepalive_seconds = 75;
  bool gzip = false;
  std::vector<Location> locations;
  Location* current_location = nullptr;  // set by "location", cleared by "}"
};

using Handler = bool (*)(ServerConfig&, const std::vector<std::string>&);

bool HandleListen(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.empty()) return false;
  c.listen.insert(c.listen.end(), args.begin(), args.end());
  return true;
}
bool HandleServerName(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.size() != 1) return false;
  c.server_name = args[0];
  return true;
}
bool HandleRoot(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0].empty() || args[0][0] != '/') return false;
  c.root = args[0];
  return true;
}
bool HandleKeepalive(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.size() != 1) return false;
  char* end = nullptr;
  long seconds = std::strtol(args[0].c_str(), &end, 10);
  if (*end != '\0' || seconds < 0 || seconds > 3600) return false;
  c.keepalive_seconds = static_cast<int>(seconds);
  return true;
}
bool HandleGzip(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.size() != 1) return false;
  if (std::strcmp(args[0].c_str(), "on") == 0) {
    c.gzip = true;
  } else if (std::strcmp(args[0].c_str(), "off") == 0) {
    c.gzip = false;
  } else {
    return false;
  }
  return true;
}
bool HandleLocation(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.size() != 2 || args[1] != "{" || c.current_location != nullptr) return false;
  if (c.locations.size() == kMaxLocations) return false;
  c.locations.reserve(kMaxLocations);  // current_location points into it
  c.locations.push_back({args[0], ""});
  c.current_location = &c.locations.back();
  return true;
}
bool HandleCloseBlock(ServerConfig& c, const std::vector<std::string>& args) {
  if (!args.empty() || c.current_location == nullptr) return false;
  c.current_location = nullptr;
  return true;
}
bool HandleProxyPass(ServerConfig& c, const std::vector<std::string>& args) {
  if (args.size() != 1) return false;
  // BUG: no check that a location block is open.
  if (c.current_location == nullptr) {
    std::fprintf(stderr,
                 "strcmp_keyword: \"proxy_pass %s\" outside a location block writes through a "
                 "null location\n",
                 args[0].c_str());
    std::abort();
  }
  c.current_location->upstream = args[0];
  return true;
}

struct Directive {
  const char* name;
  Handler handler;
};

const Directive kDirectives[] = {
    {"listen", HandleListen}, {"server_name", HandleServerName},
    {"root", HandleRoot},     {"keepalive_timeout", HandleKeepalive},
    {"gzip", HandleGzip},     {"location", HandleLocation},
    {"}", HandleCloseBlock},  {"proxy_pass", HandleProxyPass},
};

// SplitWords splits a line at spaces and tabs, dropping empty words.
std::vector<std::string> SplitWords(const char* line, size_t length) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < length) {
    while (i < length && (line[i] == ' ' || line[i] == '\t')) i++;
    size_t start = i;
    while (i < length && line[i] != ' ' && line[i] != '\t') i++;
    if (i > start) words.emplace_back(line + start, i - start);
  }
  return words;
}

// ParseLine applies one line; false when the line is not valid.
bool ParseLine(ServerConfig& config, const char* line, size_t length) {
  std::vector<std::string> words = SplitWords(line, length);
  if (words.empty() || words[0][0] == '#') return true;
  std::string directive = words[0];
  words.erase(words.begin());
  for (const Directive& d : kDirectives) {
    if (std::strcmp(directive.c_str(), d.name) == 0) return d.handler(config, words);
  }
  return false;  // unknown directive
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A configuration file is text: a NUL byte ends it, as it would end a C string.
  const char* text = reinterpret_cast<const char*>(data);
  size_t length = strnlen(text, size);
  ServerConfig config;
  size_t start = 0;
  while (start < length) {
    const char* newline = static_cast<const char*>(std::memchr(text + start, '\n', length - start));
    size_t end = newline ? static_cast<size_t>(newline - text) : length;
    if (!ParseLine(config, text + start, end - start)) break;
    start = end + 1;
  }
  return 0;
}
