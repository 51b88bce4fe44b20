#include "minimizer/minimizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/rng.h"

namespace hivefuzz {
namespace {

// The target as the tests see it: true means the candidate still "fails the same way".
using Predicate = std::function<bool(const Bytes&)>;

Bytes Str(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes Raw(std::initializer_list<int> bytes) {
  Bytes b;
  for (int v : bytes) b.push_back(static_cast<uint8_t>(v));
  return b;
}

// A readable form for failure messages: printable ASCII as is, other bytes as \xNN.
std::string Show(const Bytes& b) {
  static const char* kHex = "0123456789abcdef";
  std::string s = "\"";
  for (uint8_t c : b) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      s.push_back(static_cast<char>(c));
    } else {
      s += "\\x";
      s.push_back(kHex[c >> 4]);
      s.push_back(kHex[c & 15]);
    }
  }
  return s + "\"";
}

struct Call {
  Bytes candidate;
  bool accepted;
};

struct Recorded {
  Bytes result;
  std::vector<Call> calls;
  MinimizeStats stats;
};

// Minimizes `input` against `target`, allowing at most `max_tries` tries (the budget counts tries,
// as Go's shouldStop does), and records every try.
Recorded Minimize(const Bytes& input, const Predicate& target, uint64_t max_tries = UINT64_MAX) {
  Recorded r;
  const TryCandidate try_candidate = [&](const Bytes& candidate) {
    const bool accepted = target(candidate);
    r.calls.push_back({candidate, accepted});
    return accepted;
  };
  const ShouldStop should_stop = [&] { return r.calls.size() >= max_tries; };
  r.result = MinimizeBytes(input, try_candidate, should_stop, &r.stats);
  return r;
}

// Checks what MinimizeBytes promises about its tries: no candidate is the best value of the
// moment (at first the input), none repeats a candidate tried since the best value last changed,
// and the result is the last accepted candidate (or the input), never longer than the input.
void ExpectNoWastedTries(const Bytes& input, const Recorded& r) {
  Bytes best = input;
  std::set<Bytes> tried_since_accept;
  for (size_t k = 0; k < r.calls.size(); k++) {
    const Call& call = r.calls[k];
    if (call.candidate == best) {
      ADD_FAILURE() << "try " << k << " is the current best " << Show(best) << " (input "
                    << Show(input) << ")";
      return;
    }
    if (!tried_since_accept.insert(call.candidate).second) {
      ADD_FAILURE() << "try " << k << " repeats " << Show(call.candidate) << " with best "
                    << Show(best) << " (input " << Show(input) << ")";
      return;
    }
    if (call.accepted) {
      best = call.candidate;
      tried_since_accept.clear();
    }
  }
  EXPECT_EQ(r.result, best) << "input " << Show(input);
  EXPECT_LE(r.result.size(), input.size());
}

constexpr std::string_view kGoPrintable = "012789ABCXYZabcxyz !\"#$%&'()*+,.";

// The oracle: Go's minimizeBytes as written in minimize.go, with Go's signed indices, none of
// hivefuzz's skips, and no budget. `*tries` counts its calls to the target.
Bytes GoMinimizeBytes(Bytes v, const Predicate& target, uint64_t* tries) {
  const auto attempt = [&](const Bytes& candidate) {
    ++*tries;
    return target(candidate);
  };
  for (ptrdiff_t n = 1024; n != 0; n /= 2) {
    while (std::ssize(v) > n) {
      Bytes candidate(v.begin(), v.end() - n);
      if (!attempt(candidate)) break;
      v = candidate;
    }
  }
  for (ptrdiff_t i = 0; i < std::ssize(v) - 1; i++) {
    Bytes candidate = v;
    candidate.erase(candidate.begin() + i);
    if (!attempt(candidate)) continue;
    v = candidate;
    i--;
  }
  for (ptrdiff_t i = 0; i < std::ssize(v) - 1; i++) {
    for (ptrdiff_t j = std::ssize(v); j > i + 1; j--) {
      Bytes candidate(v.begin(), v.begin() + i);
      candidate.insert(candidate.end(), v.begin() + j, v.end());
      if (!attempt(candidate)) continue;
      v = candidate;
      j = std::ssize(v);
    }
  }
  for (size_t i = 0; i < v.size(); i++) {
    const uint8_t b = v[i];
    for (char pc : kGoPrintable) {
      v[i] = static_cast<uint8_t>(pc);
      if (attempt(v)) break;
      v[i] = b;
    }
  }
  return v;
}

size_t Count(const Bytes& b, uint8_t value) {
  return static_cast<size_t>(std::count(b.begin(), b.end(), value));
}

struct PinnedCase {
  const char* name;
  Bytes input;
  Predicate fails;
  Bytes expected;
};

// Requirement: the byte and string cases of Go's TestMinimizeInput (minimize_test.go) give Go's
// results, and, as Go checks through the error text, the last accepted try is the result.
TEST(MinimizeBytesTest, GivesGoPinnedResults) {
  const std::vector<PinnedCase> cases = {
      {"ones_byte",
       Raw({0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
       [](const Bytes& b) { return Count(b, 1) == 3; }, Raw({1, 1, 1})},
      {"single_bytes", Raw({1, 2, 3, 4, 5}),
       [](const Bytes& b) {
         if (b.size() < 2) return false;
         return !(b.size() == 2 && b[0] == 1 && b[1] == 2);
       },
       Str("00")},
      {"set_of_bytes", Raw({0, 1, 2, 3, 4, 5}),
       [](const Bytes& b) {
         return b.size() >= 3 && (b == Raw({0, 1, 2, 3, 4, 5}) || b == Raw({0, 4, 5}));
       },
       Raw({0, 4, 5})},
      {"non_ascii_bytes", Str("\xe0\xb8\x97"),  // U+0E17 THAI CHARACTER THO THAHAN, 3 bytes
       [](const Bytes& b) { return b.size() == 3; }, Str("000")},
      {"ones_string", Str("001010001000000000000000000"),
       [](const Bytes& b) { return Count(b, '1') == 3; }, Str("111")},
      {"string_length", Str("zzzzz"), [](const Bytes& b) { return b.size() == 5; }, Str("00000")},
      // Go decodes the first rune and asks unicode.IsLetter; from "ZZZZZ" every candidate is
      // ASCII, where that means an ASCII letter (and the empty string has no letter).
      {"string_with_letter", Str("ZZZZZ"),
       [](const Bytes& b) {
         return !b.empty() && ((b[0] >= 'A' && b[0] <= 'Z') || (b[0] >= 'a' && b[0] <= 'z'));
       },
       Str("A")},
  };
  for (const PinnedCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Recorded r = Minimize(c.input, c.fails);
    EXPECT_EQ(r.result, c.expected) << Show(r.result);
    Bytes last_accepted;
    for (const Call& call : r.calls) {
      if (call.accepted) last_accepted = call.candidate;
    }
    EXPECT_EQ(last_accepted, c.expected) << Show(last_accepted);
    ExpectNoWastedTries(c.input, r);
    // The oracle agrees, so the comparisons against it below are against Go.
    uint64_t go_tries = 0;
    EXPECT_EQ(GoMinimizeBytes(c.input, c.fails, &go_tries), c.expected);
    EXPECT_LE(r.stats.attempts, go_tries);
  }
}

// Requirement: the passes run in Go's order with Go's candidate order: the tail cuts, single-byte
// removal that retries the same index after a success and never removes the last byte, range
// removal, then printable replacement in Go's character order, keeping the first that works.
TEST(MinimizeBytesTest, TriesCandidatesInGoOrder) {
  // Fails while the input still contains a 'c' and is at least 2 bytes long.
  const Predicate fails = [](const Bytes& b) { return b.size() >= 2 && Count(b, 'c') > 0; };
  const Recorded r = Minimize(Str("abcd"), fails);
  std::vector<std::string> tried;
  for (const Call& call : r.calls) tried.emplace_back(call.candidate.begin(), call.candidate.end());
  const std::vector<std::string> expected = {
      "ab", "abc",  // pass 1: cut 2 (no), cut 1 (yes); cutting 1 again gives "ab", known to fail
      "bc", "c",    // pass 2: remove [0] (yes), retry [0] (no); the last byte is never removed
      "",           // pass 3: remove [0, 2)
      "0c",         // pass 4: byte 0 becomes '0'
      "00", "01",  "02", "07", "08", "09", "0A", "0B", "0C", "0X", "0Y", "0Z", "0a", "0b",
      // byte 1 reaches its own value 'c' and stays: Go would try "0c" again here
  };
  EXPECT_EQ(tried, expected);
  EXPECT_EQ(r.result, Str("0c"));
  EXPECT_EQ(r.stats.attempts, expected.size());
  EXPECT_EQ(r.stats.accepted, 3u);
  uint64_t go_tries = 0;
  EXPECT_EQ(GoMinimizeBytes(Str("abcd"), fails, &go_tries), Str("0c"));
  EXPECT_EQ(go_tries, expected.size() + 2);  // Go's repeated "ab" and its try of "0c" itself
}

// Requirement: Go's tail cut never cuts to length 0, nor does single-byte removal remove the
// last byte, so a target that accepts everything ends at one printable byte.
TEST(MinimizeBytesTest, TailCutNeverReachesEmpty) {
  const Recorded r = Minimize(Bytes(27, 'x'), [](const Bytes&) { return true; });
  EXPECT_EQ(r.result, Str("0"));
  for (const Call& call : r.calls) EXPECT_FALSE(call.candidate.empty());
  // 27 -> 11 -> 3 -> 1 (cuts of 16, 8 and 2), then 'x' -> '0'.
  EXPECT_EQ(r.stats.attempts, 4u);
}

// Requirement: Go's range pass starts at i = 0 and can remove everything.
TEST(MinimizeBytesTest, RangePassCanReachEmpty) {
  const Predicate even_length = [](const Bytes& b) { return b.size() % 2 == 0; };
  const Recorded r = Minimize(Str("abcd"), even_length);
  EXPECT_EQ(r.result, Bytes{});
  ASSERT_FALSE(r.calls.empty());
  EXPECT_EQ(r.calls.back().candidate, Bytes{});
  EXPECT_TRUE(r.calls.back().accepted);
}

// Requirement (the acceptance case, Go's test_fuzz_minimize.txt): a target that fails
// when the input is at least 50 bytes long and has a non-zero byte minimizes a 1000-byte random
// input to exactly 50 bytes; pass 4 then makes every byte '0'.
TEST(MinimizeBytesTest, ShrinksLongFailingInputToFiftyBytes) {
  const Predicate fails = [](const Bytes& b) {
    return b.size() >= 50 && std::any_of(b.begin(), b.end(), [](uint8_t c) { return c != 0; });
  };
  for (uint64_t seed : {1, 2, 3}) {
    Rng rng(seed);
    Bytes input(1000);
    for (uint8_t& c : input) c = static_cast<uint8_t>(rng.Below(256));
    ASSERT_TRUE(fails(input));
    const Recorded r = Minimize(input, fails);
    EXPECT_EQ(r.result.size(), 50u);
    EXPECT_TRUE(fails(r.result));
    EXPECT_EQ(r.result, Bytes(50, '0'));
    ExpectNoWastedTries(input, r);
  }
}

// Requirement: should_stop is asked before every try, so a budget of N (Go's
// -fuzzminimizetime=Nx) means exactly N tries; 0 means none, and the input comes back as is.
TEST(MinimizeBytesTest, BudgetCountedInShouldStopAllowsExactlyThatManyTries) {
  const Bytes input = Str("001010001000000000000000000");
  const Predicate fails = [](const Bytes& b) { return Count(b, '1') == 3; };
  for (uint64_t limit : {0, 3}) {
    SCOPED_TRACE(limit);
    uint64_t should_stop_calls = 0;
    uint64_t tries = 0;
    const Bytes result = MinimizeBytes(
        input,
        [&](const Bytes& b) {
          tries++;
          return fails(b);
        },
        [&] { return should_stop_calls++ >= limit; });
    EXPECT_EQ(tries, limit);
    EXPECT_EQ(should_stop_calls, limit + 1);
    if (limit == 0) EXPECT_EQ(result, input);
  }
}

// Error guessing: Go checks shouldStop once per byte in its printable pass, so it can overrun a
// count budget by up to 31 tries. Every budget, in every pass, must give exactly min(budget,
// unbounded tries) tries, and the best value found so far.
TEST(MinimizeBytesTest, EveryBudgetIsHonouredExactly) {
  struct Case {
    Bytes input;
    Predicate fails;
  };
  const std::vector<Case> cases = {
      {Str("001010001000000000000000000"), [](const Bytes& b) { return Count(b, '1') == 3; }},
      {Str("zzzzz"), [](const Bytes& b) { return b.size() == 5; }},
      {Str("\x80\x81\x82\x83\x84\x85\x86"), [](const Bytes& b) { return b.size() >= 2; }},
  };
  for (const Case& c : cases) {
    const Recorded unbounded = Minimize(c.input, c.fails);
    const uint64_t total = unbounded.calls.size();
    ASSERT_GT(total, 0u);
    for (uint64_t limit = 0; limit <= total + 2; limit++) {
      SCOPED_TRACE(Show(c.input) + " limit " + std::to_string(limit));
      const Recorded r = Minimize(c.input, c.fails, limit);
      ASSERT_EQ(r.calls.size(), std::min(limit, total));
      Bytes best = c.input;
      for (const Call& call : r.calls) {
        if (call.accepted) best = call.candidate;
      }
      EXPECT_EQ(r.result, best);
      // A budget only cuts the run short: the tries made are the unbounded run's first ones.
      for (size_t k = 0; k < r.calls.size(); k++) {
        EXPECT_EQ(r.calls[k].candidate, unbounded.calls[k].candidate);
      }
    }
  }
}

// Error guessing: with no budget at all (should_stop never true), the empty input and an input
// already made of printable characters it cannot shorten cost no try at all; Go would try the
// one-byte "0" as its own replacement.
TEST(MinimizeBytesTest, NothingToTryMeansNoTries) {
  const Predicate always = [](const Bytes&) { return true; };
  EXPECT_EQ(Minimize(Bytes{}, always).calls.size(), 0u);
  EXPECT_EQ(Minimize(Bytes{}, always).result, Bytes{});
  EXPECT_EQ(Minimize(Str("0"), always).calls.size(), 0u);
  EXPECT_EQ(Minimize(Str("0"), always).result, Str("0"));
}

// Requirement (Go's TestMinimizeFlaky, in spirit): a target that accepts at random never makes
// the result longer than the input, and the result is the last candidate it accepted, or the
// input when it accepted none.
TEST(MinimizeBytesTest, FlakyTargetGivesLastAcceptedCandidate) {
  for (uint64_t seed = 1; seed <= 200; seed++) {
    Rng rng(seed);
    Bytes input(rng.Below(60));
    for (uint8_t& c : input) c = static_cast<uint8_t>(rng.Below(4));
    const uint32_t per_mille = rng.Below(1000);
    const Recorded r = Minimize(input, [&](const Bytes&) { return rng.Below(1000) < per_mille; });
    SCOPED_TRACE("seed " + std::to_string(seed));
    ExpectNoWastedTries(input, r);
    uint64_t accepted = 0;
    for (const Call& call : r.calls) accepted += call.accepted ? 1 : 0;
    EXPECT_EQ(r.stats.accepted, accepted);
    EXPECT_EQ(r.stats.attempts, r.calls.size());
  }
}

uint64_t Hash(const Bytes& b, uint64_t seed) {
  uint64_t h = 14695981039346656037ULL ^ seed;  // FNV-1a, then a final mix
  for (uint8_t c : b) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

// Requirement: for any deterministic target that fails on the input, the result is exactly Go's,
// in no more tries; no try is the best value of the moment, and none repeats a rejected one
// (inputs over small alphabets make the runs and repeats that Go tries again and again).
TEST(MinimizeBytesTest, MatchesGoOnDeterministicTargetsWithoutWastedTries) {
  const std::vector<Bytes> alphabets = {Raw({0}), Raw({0, 1}), Str("0a"),
                                        Raw({0, 1, '0', 'a', 0xff})};
  Rng rng(42);
  uint64_t our_tries = 0, go_tries = 0;
  for (int round = 0; round < 1200; round++) {
    const Bytes& alphabet = alphabets[rng.BelowSize(alphabets.size())];
    Bytes input(rng.Below(25));
    for (uint8_t& c : input) c = alphabet[rng.BelowSize(alphabet.size())];
    const uint64_t seed = rng.Next64();
    const uint32_t per_mille = 100 + rng.Below(800);
    const uint8_t needle = alphabet[rng.BelowSize(alphabet.size())];
    const size_t min_len = rng.Below(6);
    Predicate target;
    switch (round % 3) {
      case 0:  // a pseudo-random function of the bytes
        target = [=](const Bytes& b) { return Hash(b, seed) % 1000 < per_mille; };
        break;
      case 1:  // long enough and still holding one byte
        target = [=](const Bytes& b) { return b.size() >= min_len && Count(b, needle) > 0; };
        break;
      default:  // keeps its count of one byte
        target = [=, n = Count(input, needle)](const Bytes& b) { return Count(b, needle) == n; };
        break;
    }
    // As the caller guarantees by re-running it first, the input itself fails.
    const Predicate fails = [&](const Bytes& b) { return b == input || target(b); };
    SCOPED_TRACE("round " + std::to_string(round) + " input " + Show(input));
    const Recorded r = Minimize(input, fails);
    ExpectNoWastedTries(input, r);
    uint64_t go = 0;
    EXPECT_EQ(r.result, GoMinimizeBytes(input, fails, &go));
    EXPECT_LE(r.stats.attempts, go);
    our_tries += r.stats.attempts;
    go_tries += go;
    if (HasFailure()) return;
  }
  EXPECT_LT(our_tries, go_tries);
}

// Requirement: the range pass is not quadratic in tries on repeats: an input of one repeated byte
// that nothing shortens costs Go n(n-1)/2 range tries, and hivefuzz only the distinct ones.
TEST(MinimizeBytesTest, RepeatedByteCostsLinearRangeTries) {
  const Bytes input(200, 0);
  const Predicate never = [](const Bytes&) { return false; };
  const Recorded r = Minimize(input, never);
  EXPECT_EQ(r.result, input);
  // Pass 1: 8 cuts (128, 64, ..., 1). Pass 2: none, every removal gives the rejected 199-byte
  // prefix. Pass 3: only i = 0 differs, 199 ends, of which 7 give a prefix pass 1 rejected.
  // Pass 4: 32 characters for each byte.
  EXPECT_EQ(r.stats.attempts, 8u + 0u + (199u - 7u) + 200u * 32u);
  uint64_t go = 0;
  EXPECT_EQ(GoMinimizeBytes(input, never, &go), input);
  EXPECT_EQ(go, 8u + 199u + 199u * 200u / 2u + 200u * 32u);
  ExpectNoWastedTries(input, r);
}

// Requirement: the stats count tries and acceptances, and add to what is already there.
TEST(MinimizeBytesTest, StatsAddUp) {
  MinimizeStats stats;
  uint64_t tries = 0, accepted = 0;
  const TryCandidate fails = [&](const Bytes& b) {
    tries++;
    const bool ok = b.size() >= 3;
    accepted += ok ? 1 : 0;
    return ok;
  };
  const ShouldStop never_stop = [] { return false; };
  EXPECT_EQ(MinimizeBytes(Str("hello world"), fails, never_stop, &stats), Str("000"));
  EXPECT_EQ(MinimizeBytes(Str("abcdef"), fails, never_stop, &stats), Str("000"));
  EXPECT_EQ(stats.attempts, tries);
  EXPECT_EQ(stats.accepted, accepted);
  EXPECT_GT(stats.accepted, 0u);
  EXPECT_GT(stats.attempts, stats.accepted);
}

}  // namespace
}  // namespace hivefuzz
