// The stats time series of a fuzzing run (-stats_file): one CSV row per progress tick and one
// at the end, for plots of coverage and speed over time (tools/plot_stats.py).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace hivefuzz {

// One row: the engine's state at one moment.
struct StatsRow {
  uint64_t elapsed_ns = 0;
  uint64_t execs = 0;        // all workers
  double execs_per_sec = 0;  // since the previous row
  uint64_t corpus = 0;       // corpus entries
  uint64_t coverage_bits = 0;
  uint64_t crashes = 0;
  std::vector<uint64_t> worker_execs;  // one per worker
};

// "time_s,execs,execs_per_sec,corpus,coverage_bits,crashes,execs_worker0,..." and a newline.
std::string StatsCsvHeader(size_t workers);
// "12.003,456789,38012.5,17,230,0,228000,228789" and a newline.
std::string FormatStatsCsvRow(const StatsRow& row);

// What earlier engines of the same run left off at (-keep_going restarts): added to every row,
// so that time, executions and crashes go on instead of starting again at zero.
struct StatsOffsets {
  uint64_t elapsed_ns = 0;
  uint64_t crashes = 0;
  std::vector<uint64_t> worker_execs;
};

// Thread-compatible: written by one thread (the coordinator), never on the workers' path.
class StatsLog {
 public:
  // Creates `path` anew and writes the header, or with `append` (a restarted engine) adds to
  // it, writing the header only if the file is empty. Fails with a message naming the path
  // and the flags that change it.
  static Result<std::unique_ptr<StatsLog>> Open(const std::string& path, size_t workers,
                                                bool append, StatsOffsets offsets = {});
  ~StatsLog();
  StatsLog(const StatsLog&) = delete;
  StatsLog& operator=(const StatsLog&) = delete;

  // Appends `row` plus the offsets, flushed, so a crash of the engine loses no row. After a
  // failed write it prints one warning and writes nothing more: stats never stop fuzzing.
  void Append(StatsRow row);

  const std::string& path() const { return path_; }

 private:
  StatsLog(std::string path, std::FILE* file, StatsOffsets offsets)
      : path_(std::move(path)), file_(file), offsets_(std::move(offsets)) {}

  std::string path_;
  std::FILE* file_;
  StatsOffsets offsets_;
  bool failed_ = false;
};

}  // namespace hivefuzz
