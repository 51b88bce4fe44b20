// Self-fuzzing of the command line: the input is an argv (words split at '\n' or '\0') for
// ParseCommandLine and DetermineRunMode, and each word also goes to ParseDurationOrCount and
// ParseThreadList. Traps when a parse that succeeds breaks what options.h promises, or when an
// accepted duration differs from exact 128-bit arithmetic (a wrap-around).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "options/options.h"

namespace {

using hivefuzz::Options;

// Promised by options.h: nonzero, ascending, distinct, 1..1024.
void CheckThreadList(const std::vector<uint32_t>& threads) {
  if (threads.empty()) __builtin_trap();
  for (size_t i = 0; i < threads.size(); i++) {
    if (threads[i] < 1 || threads[i] > 1024) __builtin_trap();
    if (i > 0 && threads[i - 1] >= threads[i]) __builtin_trap();
  }
}

// The ranges the flag table checks, and the defaults that must survive any flag combination.
void CheckOptions(const Options& o) {
  if (o.parallel < 1 || o.parallel > 1024) __builtin_trap();
  if (o.max_len > (size_t{1} << 30)) __builtin_trap();
  if (o.artifact_prefix.empty()) __builtin_trap();
  if (o.bench_runs < 1 || o.bench_runs > 1'000'000'000'000) __builtin_trap();
  if (o.bench_repetitions < 1 || o.bench_repetitions > 1000) __builtin_trap();
  CheckThreadList(o.bench_threads);
  if (o.program.empty()) __builtin_trap();
  (void)hivefuzz::DetermineRunMode(o);  // stats the inputs: any result is fine, no crash
}

// The nanoseconds of an accepted duration ("1h30m"), computed without overflow: the parser must
// either return exactly this or reject a duration that does not fit in 64 bits.
void CheckDurationExactly(const std::string& text, uint64_t nanos) {
  using u128 = unsigned __int128;
  const u128 too_large = u128{1} << 80;  // saturates: far beyond 2^64, and no wrap in u128
  u128 total = 0;
  for (size_t i = 0; i < text.size();) {
    u128 value = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; i++) {
      value = std::min(too_large, value * 10 + u128(text[i] - '0'));
    }
    size_t unit_start = i;
    while (i < text.size() && !(text[i] >= '0' && text[i] <= '9')) i++;
    std::string unit = text.substr(unit_start, i - unit_start);
    u128 scale = unit == "h"    ? 3'600'000'000'000ULL
                 : unit == "m"  ? 60'000'000'000ULL
                 : unit == "s"  ? 1'000'000'000ULL
                 : unit == "ms" ? 1'000'000ULL
                 : unit == "ns" ? 1ULL
                                : 1'000ULL;  // us, µs, μs
    total = std::min(too_large, total + value * scale);
  }
  if (total != u128{nanos}) __builtin_trap();  // wrapped around, or misread
}

void CheckWord(const std::string& word) {
  auto d = hivefuzz::ParseDurationOrCount(word);
  if (d.ok() && d->nanos != 0) CheckDurationExactly(word, d->nanos);
  // Exactly one of the two is set: a zero duration and a zero count are both rejected.
  if (d.ok() && (d->nanos == 0) == (d->count == 0)) __builtin_trap();
  if (d.ok() && d->count != 0 && word.back() != 'x') __builtin_trap();
  auto t = hivefuzz::ParseThreadList(word);
  if (t.ok()) CheckThreadList(*t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // argv[0] first, as the kernel passes it; more than 64 words add nothing but time.
  std::vector<std::string> words = {"self_options"};
  std::string word;
  for (size_t i = 0; i <= size && words.size() < 64; i++) {
    if (i == size || data[i] == '\n' || data[i] == '\0') {
      words.push_back(word);
      word.clear();
    } else {
      word.push_back(static_cast<char>(data[i]));
    }
  }
  if (size == 0) words.pop_back();  // no input: no arguments, not one empty argument
  std::vector<const char*> argv;
  for (const std::string& w : words) argv.push_back(w.c_str());
  argv.push_back(nullptr);

  auto parsed = hivefuzz::ParseCommandLine(int(words.size()), argv.data());
  if (parsed.ok()) {
    if (parsed->options) {
      CheckOptions(*parsed->options);
    } else if (parsed->help.empty()) {
      __builtin_trap();  // neither options nor help
    }
  } else if (parsed.status().message().empty()) {
    __builtin_trap();  // an error must say what is wrong
  }
  for (size_t i = 1; i < words.size(); i++) {
    CheckWord(words[i]);
    // The value of -flag=value too: what -fuzztime= and -fuzzminimizetime= hand to the parsers.
    size_t eq = words[i].find('=');
    if (eq != std::string::npos) CheckWord(words[i].substr(eq + 1));
  }
  return 0;
}
