// The values some flags take: Go's durations and execution counts (-fuzztime), thread lists
// (-bench_threads), and the default thread counts of benchmark mode.
#include <algorithm>
#include <cctype>

#include "options/decimal.h"
#include "options/options.h"

namespace hivefuzz {

Result<DurationOrCount> ParseDurationOrCount(const std::string& text) {
  if (!text.empty() && text.back() == 'x') {
    auto n = ParseDecimal(std::string_view(text).substr(0, text.size() - 1));
    if (!n || *n == 0) {
      return Status::Error("invalid count '" + text +
                           "': want a positive number of executions like 1000x");
    }
    return DurationOrCount{0, *n};
  }
  // Go's time.ParseDuration units, without fractions: h, m, s, ms, us (also µs or μs), ns.
  uint64_t total = 0;
  size_t i = 0;
  auto bad = [&] {
    return Status::Error("invalid duration '" + text +
                         "': want a duration like 30s, 5m or 1h30m, or a count like 1000x");
  };
  if (text.empty()) return bad();
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) i++;
    if (i == start) return bad();
    auto value = ParseDecimal(std::string_view(text).substr(start, i - start));
    size_t unit_start = i;
    // A unit runs to the next digit: letters, and the UTF-8 bytes of the micro signs, which
    // std::isalpha does not take.
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) i++;
    std::string unit = text.substr(unit_start, i - unit_start);
    uint64_t scale;
    if (unit == "h")
      scale = 3600'000'000'000ULL;
    else if (unit == "m")
      scale = 60'000'000'000ULL;
    else if (unit == "s")
      scale = 1'000'000'000ULL;
    else if (unit == "ms")
      scale = 1'000'000ULL;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")  // U+00B5, U+03BC
      scale = 1'000ULL;
    else if (unit == "ns")
      scale = 1ULL;
    else
      return bad();
    uint64_t nanos;
    if (!value || __builtin_mul_overflow(*value, scale, &nanos) ||
        __builtin_add_overflow(total, nanos, &total) || total > kMaxFlagSeconds * kNanosPerSecond) {
      return Status::Error("duration '" + text + "' is too long: the most is " +
                           std::to_string(kMaxFlagSeconds) + "s (about 31 years)");
    }
  }
  if (total == 0) return bad();
  return DurationOrCount{total, 0};
}

Result<std::vector<uint32_t>> ParseThreadList(const std::string& text) {
  std::vector<uint32_t> threads;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    auto n = ParseDecimal(item);
    if (!n || *n < 1 || *n > 1024) {
      return Status::Error("'" + item + "' in '" + text +
                           "' is not a thread count: want counts from 1 to 1024, "
                           "comma-separated, like 1,2,4");
    }
    threads.push_back(uint32_t(*n));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::sort(threads.begin(), threads.end());
  threads.erase(std::unique(threads.begin(), threads.end()), threads.end());
  return threads;
}

std::vector<uint32_t> DefaultBenchThreads(uint32_t hardware_threads) {
  std::vector<uint32_t> threads = {1, 2};
  if (hardware_threads > 2) threads.push_back(std::min(hardware_threads, 1024u));
  return threads;
}

}  // namespace hivefuzz
