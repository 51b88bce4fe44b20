// A planted bug behind a short command sequence of a line-based text protocol (a small
// key-value server in the style of SMTP or Redis's inline commands). Command words are looked
// up in a table and system keys in a std::map, both by string comparison, so edge coverage
// alone cannot spell them; a dictionary of the command words (targets/dicts/text_protocol.dict)
// or the comparison operands must supply them, and the system key comes from the comparisons
// only. Bug: SET of the system key "sys.banner" replaces the banner's buffer but not the view
// that GET serves it from, so a later GET reads the freed buffer. Must find: AUTH with any
// token, then "SET sys.banner <value>", then "GET sys.banner", each on its own line (other
// valid or invalid lines may come between; QUIT ends the session). Fails with abort() after
// printing one line.
// Calibration (execs to the bug; libFuzzer capped at 120 s, about 15M execs):
// libFuzzer: 723k..9.77M (median 5.22M) over 6 seeds; with -dict: 605k..6.13M (median 3.44M),
// 1 of 6 not found; -use_value_profile=1: found in 2 of 6 (2.83M, 8.96M); with -dict too: found
// in 3 of 6 (4.03M..14.7M).
// libFuzzer -dict again, 12 seeds capped at 120 s: found in 9 (418k..9.27M; median 8.40M,
// counting the 3 not found as slowest).
// hivefuzz, 2 threads, capped at 60 s (about 75M execs), 12 seeds: 129k..28.5M (median 448k),
// all found; with -dict: 163k..1.61M (median 235k), 11 of 12 found. What gets it there: the
// whole key from a memcmp of a short input word ("sys.x" against "sys.banner"), a keyword
// written over a whole word, and new inputs kept unminimized.
// Too slow for the e2e test (tests/e2e/planted_bugs_test.cc).
// Budget: 490000000 execs with -parallel=2
//
// Protocol: lines ending in "\n" (a "\r" before it is dropped); a command word, then
// arguments separated by single spaces. HELO <name>, AUTH <token>, SET <key> <value...>,
// GET <key>, DEL <key>, LIST, NOOP, QUIT. Keys starting with "sys." are system keys: only an
// authenticated session may set them, and only those the server knows.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace {

constexpr size_t kMaxUserKeys = 16;

// Banner is the server's greeting text. Its buffer is reallocated on update and readers hold a
// view into it; the generation numbers stand in for what a use-after-free detector checks, so
// the bug fails in plain builds too.
class Banner {
 public:
  struct View {
    std::string_view text;
    uint64_t generation;
  };

  View view() const { return {*text_, generation_}; }
  void Replace(std::string_view text) {
    text_ = std::make_unique<std::string>(text);
    generation_++;
  }
  std::string_view Read(const View& v) const {
    if (v.generation != generation_) {
      std::fprintf(stderr, "text_protocol: GET sys.banner reads the banner buffer freed by SET\n");
      std::abort();
    }
    return v.text;
  }

 private:
  std::unique_ptr<std::string> text_ = std::make_unique<std::string>("hivefuzz kv ready");
  uint64_t generation_ = 0;
};

enum class SystemKey { kBanner, kMaxClients, kLogLevel };

const std::map<std::string_view, SystemKey> kSystemKeys = {
    {"sys.banner", SystemKey::kBanner},
    {"sys.max_clients", SystemKey::kMaxClients},
    {"sys.log_level", SystemKey::kLogLevel},
};

class Session {
 public:
  // Handle runs one line; false ends the session (QUIT).
  bool Handle(std::string_view line);

 private:
  void Reply(std::string_view text) { replies_ += text.size(); }
  void Helo(std::string_view name);
  void Auth(std::string_view token);
  void Set(std::string_view key, std::string_view value);
  void Get(std::string_view key);
  void Del(std::string_view key);

  std::string client_;
  bool authenticated_ = false;
  std::map<std::string, std::string, std::less<>> store_;
  Banner banner_;
  Banner::View served_banner_ = banner_.view();  // BUG: never refreshed after SET sys.banner.
  int max_clients_ = 64;
  int log_level_ = 1;
  size_t replies_ = 0;
};

// Splits `s` at its first space: the word before, and the rest after it (empty if none).
std::pair<std::string_view, std::string_view> NextWord(std::string_view s) {
  size_t space = s.find(' ');
  if (space == std::string_view::npos) return {s, {}};
  return {s.substr(0, space), s.substr(space + 1)};
}

bool Session::Handle(std::string_view line) {
  auto [command, args] = NextWord(line);
  if (command == "QUIT") {
    Reply("221 bye");
    return false;
  }
  if (command == "HELO") {
    Helo(args);
  } else if (command == "AUTH") {
    Auth(args);
  } else if (command == "SET") {
    auto [key, value] = NextWord(args);
    Set(key, value);
  } else if (command == "GET") {
    Get(args);
  } else if (command == "DEL") {
    Del(args);
  } else if (command == "LIST") {
    for (const auto& [key, value] : store_) Reply(key);
    Reply("250 end");
  } else if (command == "NOOP") {
    Reply("250 ok");
  } else {
    Reply("500 unknown command");
  }
  return true;
}

void Session::Helo(std::string_view name) {
  if (name.empty()) return Reply("501 name required");
  client_ = name;
  Reply("250 hello");
}

// The harness stubs out the token check (it would call an authentication service): any
// non-empty token is accepted, as fuzz harnesses commonly do.
void Session::Auth(std::string_view token) {
  if (token.empty()) return Reply("501 token required");
  if (authenticated_) return Reply("503 already authenticated");
  authenticated_ = true;
  Reply("235 authenticated");
}

void Session::Set(std::string_view key, std::string_view value) {
  if (key.empty() || value.empty()) return Reply("501 SET needs a key and a value");
  if (key.starts_with("sys.")) {
    if (!authenticated_) return Reply("530 authentication required");
    auto it = kSystemKeys.find(key);
    if (it == kSystemKeys.end()) return Reply("504 unknown system key");
    switch (it->second) {
      case SystemKey::kBanner:
        banner_.Replace(value);
        break;
      case SystemKey::kMaxClients:
        max_clients_ = value.size() > 3 ? 999 : std::atoi(std::string(value).c_str());
        break;
      case SystemKey::kLogLevel:
        log_level_ = value == "debug" ? 3 : value == "info" ? 2 : 1;
        break;
    }
    return Reply("250 set");
  }
  if (store_.size() == kMaxUserKeys && store_.find(key) == store_.end()) {
    return Reply("452 store full");
  }
  store_.insert_or_assign(std::string(key), std::string(value));
  Reply("250 set");
}

void Session::Get(std::string_view key) {
  if (key.empty()) return Reply("501 GET needs a key");
  if (key.starts_with("sys.")) {
    auto it = kSystemKeys.find(key);
    if (it == kSystemKeys.end()) return Reply("504 unknown system key");
    if (it->second == SystemKey::kBanner) return Reply(banner_.Read(served_banner_));
    return Reply(it->second == SystemKey::kMaxClients ? "250 max_clients" : "250 log_level");
  }
  auto it = store_.find(key);
  Reply(it == store_.end() ? "404 no such key" : it->second);
}

void Session::Del(std::string_view key) {
  auto it = store_.find(key);
  if (it == store_.end()) return Reply("404 no such key");
  store_.erase(it);
  Reply("250 deleted");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Session session;
  while (!input.empty()) {
    size_t newline = input.find('\n');
    if (newline == std::string_view::npos) break;  // an unterminated line is not a command yet
    std::string_view line = input.substr(0, newline);
    input.remove_prefix(newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!session.Handle(line)) break;
  }
  return 0;
}
