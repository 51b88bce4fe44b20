#include "stats/progress.h"

#include <fmt/format.h>
#include <sys/resource.h>

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

namespace {

// libFuzzer's sizes: bytes below 16 KB, KB below 16 MB, MB above.
std::string LibFuzzerSize(uint64_t bytes) {
  if (bytes < (1 << 14)) return fmt::format("{}b", bytes);
  if (bytes < (1 << 24)) return fmt::format("{}Kb", bytes >> 10);
  return fmt::format("{}Mb", bytes >> 20);
}

}  // namespace

std::string FormatLibFuzzerStatus(const char* event, const LibFuzzerStatus& s) {
  std::string_view e = event;
  // libFuzzer's own spellings: "pulse " and "NEW   " are padded, "INITED" is not.
  std::string padded(e);
  if (padded.size() < 6) padded.resize(6, ' ');
  return fmt::format("#{}\t{} cov: {} ft: {} corp: {}/{} exec/s: {} rss: {}Mb", s.execs, padded,
                     s.edges, s.features, s.corpus, LibFuzzerSize(s.corpus_bytes), s.execs_per_sec,
                     s.rss_mb);
}

std::string FormatLibFuzzerDone(uint64_t execs, uint64_t seconds) {
  return fmt::format("Done {} runs in {} second(s)", execs, seconds);
}

std::string FormatFinalStats(const FinalStats& s) {
  return fmt::format(
      "stat::number_of_executed_units: {}\n"
      "stat::average_exec_per_sec:     {}\n"
      "stat::new_units_added:          {}\n"
      "stat::slowest_unit_time_sec:    {}\n"
      "stat::peak_rss_mb:              {}\n",
      s.executed_units, s.average_exec_per_sec, s.new_units_added, s.slowest_unit_time_sec,
      s.peak_rss_mb);
}

uint64_t PeakRssMb() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return uint64_t(usage.ru_maxrss) >> 10;  // KB on Linux
}

std::string FormatLibFuzzerForkStatus(const LibFuzzerForkStatus& s) {
  return fmt::format(
      "#{}: cov: {} ft: {} corp: {} exec/s: {} oom/timeout/crash: {}/{}/{} time: {}s job: {} "
      "dft_time: 0",
      s.counts.execs, s.counts.edges, s.counts.features, s.counts.corpus, s.counts.execs_per_sec,
      s.ooms, s.timeouts, s.crashes, s.seconds, s.jobs);
}

}  // namespace hivefuzz
