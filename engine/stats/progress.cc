#include "stats/progress.h"

#include <fmt/format.h>

#include "base/clock.h"

namespace hivefuzz {
namespace {

std::string Elapsed(uint64_t ns) { return FormatSeconds((ns + 500'000'000) / 1'000'000'000); }

}  // namespace

std::string FormatProgressLine(const ProgressSnapshot& s) {
  std::string line = fmt::format("fuzz: elapsed: {}, execs: {} ({:.0f}/sec)", Elapsed(s.elapsed_ns),
                                 s.execs, s.execs_per_sec);
  if (s.coverage) {
    line += fmt::format(", new interesting: {} (total: {})", s.new_interesting, s.corpus_total);
  }
  return line;
}

std::string FormatWarmupLine(uint64_t elapsed_ns, uint64_t done, uint64_t total, bool finished,
                             uint32_t workers, bool coverage) {
  std::string line =
      fmt::format("fuzz: elapsed: {}, {}: {}/{} completed", Elapsed(elapsed_ns),
                  coverage ? "gathering baseline coverage" : "testing seed corpus", done, total);
  if (finished) line += fmt::format(", now fuzzing with {} workers", workers);
  return line;
}

std::string FormatFinalSummary(const FinalSummary& s) {
  double secs = double(s.elapsed_ns) / 1e9;
  double rate = secs > 0 ? double(s.execs) / secs : 0;
  return fmt::format(
      "hivefuzz: done: {}, {} execs ({:.0f}/sec), new interesting: {} (total: {}), "
      "coverage: {} edges ({} bits); {}",
      Elapsed(s.elapsed_ns), s.execs, rate, s.new_interesting, s.corpus_total, s.coverage_edges,
      s.coverage_bits, s.stop_reason);
}

}  // namespace hivefuzz
