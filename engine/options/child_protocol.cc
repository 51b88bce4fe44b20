#include "options/child_protocol.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "options/decimal.h"

namespace hivefuzz {
namespace {

// A number as std::to_string writes it: digits only, no leading zero (but "0" itself), and
// within uint64_t.
std::optional<uint64_t> ParseCanonical(std::string_view text) {
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  return ParseDecimal(text);
}

// Numbers separated by ',', at least one: "5", "5,0,17". nullopt for an empty field (",5", "5,",
// "5,,6") or a field that is not a canonical number.
std::optional<std::vector<uint64_t>> ParseList(std::string_view text) {
  std::vector<uint64_t> numbers;
  for (;;) {
    size_t comma = text.find(',');
    auto n = ParseCanonical(text.substr(0, comma));
    if (!n) return std::nullopt;
    numbers.push_back(*n);
    if (comma == std::string_view::npos) return numbers;
    text.remove_prefix(comma + 1);
  }
}

// The grammar both formatters write: "n,n,...[:n,n,...]", `head` numbers before the optional
// ':' and at least one after it. The numbers before the ':' are `head`, those after it `tail`.
bool ParseHeadAndTail(std::string_view text, size_t head_count, std::vector<uint64_t>& head,
                      std::vector<uint64_t>& tail) {
  size_t colon = text.find(':');
  auto before = ParseList(text.substr(0, colon));
  if (!before || before->size() != head_count) return false;
  head = std::move(*before);
  tail.clear();
  if (colon == std::string_view::npos) return true;
  auto after = ParseList(text.substr(colon + 1));  // a second ':' is no digit: refused here
  if (!after) return false;
  tail = std::move(*after);
  return true;
}

}  // namespace

Result<MinimizeChildParams> ParseMinimizeParams(const std::string& text) {
  std::vector<uint64_t> head;
  MinimizeChildParams p;
  if (!ParseHeadAndTail(text, 3, head, p.accepted)) {
    return Status::Error("malformed " + std::string(kMinimizeVariable) + "=" + text +
                         ": want decided,max_runs,time_ms[:accepted,...] in plain decimal");
  }
  p.decided = head[0];
  p.max_runs = head[1];
  p.time_ms = head[2];
  for (size_t i = 0; i < p.accepted.size(); i++) {
    if (p.accepted[i] == 0 || p.accepted[i] > p.decided ||
        (i > 0 && p.accepted[i] <= p.accepted[i - 1])) {
      return Status::Error("malformed " + std::string(kMinimizeVariable) + "=" + text +
                           ": the accepted candidates must ascend, from 1 to decided");
    }
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
  std::vector<uint64_t> head;
  StatsBase base;
  if (!ParseHeadAndTail(text, 2, head, base.worker_execs)) {
    return Status::Error("malformed " + std::string(kStatsBaseVariable) + "=" + text +
                         ": want elapsed_ns,failures[:execs,...] in plain decimal");
  }
  base.elapsed_ns = head[0];
  base.failures = head[1];
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

Result<RemainingLimits> ParseRemaining(const std::string& text) {
  auto numbers = ParseList(text);
  if (!numbers || numbers->size() != 2) {
    return Status::Error("malformed " + std::string(kRemainingVariable) + "=" + text +
                         ": want time_ns,execs in plain decimal");
  }
  return RemainingLimits{(*numbers)[0], (*numbers)[1]};
}

std::string FormatRemaining(const RemainingLimits& remaining) {
  return std::to_string(remaining.time_ns) + "," + std::to_string(remaining.execs);
}

Result<HiveMembership> ParseHiveMembership(const std::string& text) {
  auto numbers = ParseList(text);
  if (!numbers || numbers->size() != 3 || (*numbers)[1] >= (*numbers)[2] ||
      (*numbers)[0] > uint64_t(INT32_MAX)) {
    return Status::Error("malformed " + std::string(kHiveVariable) + "=" + text +
                         ": want fd,index,processes in plain decimal, index < processes");
  }
  return HiveMembership{(*numbers)[0], (*numbers)[1], (*numbers)[2]};
}

std::string FormatHiveMembership(const HiveMembership& m) {
  return std::to_string(m.fd) + "," + std::to_string(m.index) + "," + std::to_string(m.processes);
}

}  // namespace hivefuzz
