#include "options/child_protocol.h"

#include <cstdio>
#include <cstdlib>

namespace hivefuzz {

Result<MinimizeChildParams> ParseMinimizeParams(const std::string& text) {
  MinimizeChildParams p;
  auto bad = [&] {
    return Status::Error("malformed " + std::string(kMinimizeVariable) + "=" + text);
  };
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%lu,%lu,%lu%n", &p.decided, &p.max_runs, &p.time_ms, &consumed) !=
      3) {
    return bad();
  }
  std::string rest = text.substr(size_t(consumed));
  if (rest.empty()) return p;
  if (rest[0] != ':') return bad();
  for (size_t pos = 1; pos < rest.size();) {
    char* end = nullptr;
    uint64_t n = std::strtoull(rest.c_str() + pos, &end, 10);
    size_t next = size_t(end - rest.c_str());
    if (next == pos || n == 0 || n > p.decided || (!p.accepted.empty() && n <= p.accepted.back())) {
      return bad();
    }
    p.accepted.push_back(n);
    pos = next;
    if (pos < rest.size() && rest[pos++] != ',') return bad();
  }
  return p;
}

std::string FormatMinimizeParams(const MinimizeChildParams& p) {
  std::string out = std::to_string(p.decided) + "," + std::to_string(p.max_runs) + "," +
                    std::to_string(p.time_ms);
  for (size_t i = 0; i < p.accepted.size(); i++) {
    out += (i == 0 ? ':' : ',');
    out += std::to_string(p.accepted[i]);
  }
  return out;
}

}  // namespace hivefuzz
