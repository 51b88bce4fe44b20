#include "options/child_protocol.h"

#include <algorithm>
#include <cctype>
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

Result<StatsBase> ParseStatsBase(const std::string& text) {
  // Digits only between the separators: no signs, spaces or empty fields.
  std::vector<uint64_t> numbers;
  size_t colon = text.find(':');
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = pos;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) end++;
    bool separator_ok = end == text.size() || text[end] == ',' || (end == colon);
    if (end == pos || end - pos > 20 || !separator_ok) {
      return Status::Error("malformed " + std::string(kStatsBaseVariable) + "=" + text);
    }
    numbers.push_back(std::strtoull(text.c_str() + pos, nullptr, 10));
    pos = end + 1;
  }
  // Two numbers before the colon, at least one after it when there is one.
  size_t before_colon = colon == std::string::npos ? numbers.size() : 0;
  if (colon != std::string::npos) {
    before_colon = size_t(std::count(text.begin(), text.begin() + long(colon), ',')) + 1;
  }
  if (before_colon != 2 || (colon == std::string::npos) != (numbers.size() == 2)) {
    return Status::Error("malformed " + std::string(kStatsBaseVariable) + "=" + text);
  }
  StatsBase base;
  base.elapsed_ns = numbers[0];
  base.failures = numbers[1];
  base.worker_execs.assign(numbers.begin() + 2, numbers.end());
  return base;
}

std::string FormatStatsBase(const StatsBase& base) {
  std::string out = std::to_string(base.elapsed_ns) + "," + std::to_string(base.failures);
  for (size_t i = 0; i < base.worker_execs.size(); i++) {
    out += (i == 0 ? ':' : ',');
    out += std::to_string(base.worker_execs[i]);
  }
  return out;
}

}  // namespace hivefuzz
