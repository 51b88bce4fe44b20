#include "stats/stats_log.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "stats/log.h"

namespace hivefuzz {

std::string StatsCsvHeader(size_t workers) {
  std::string header = "time_s,execs,execs_per_sec,corpus,coverage_bits,crashes";
  for (size_t i = 0; i < workers; i++) header += fmt::format(",execs_worker{}", i);
  return header + "\n";
}

std::string FormatStatsCsvRow(const StatsRow& row) {
  std::string line = fmt::format("{}.{:03},{},{:.1f},{},{},{}", row.elapsed_ns / 1'000'000'000,
                                 row.elapsed_ns / 1'000'000 % 1000, row.execs, row.execs_per_sec,
                                 row.corpus, row.coverage_bits, row.crashes);
  for (uint64_t execs : row.worker_execs) line += fmt::format(",{}", execs);
  return line + "\n";
}

Result<std::unique_ptr<StatsLog>> StatsLog::Open(const std::string& path, size_t workers,
                                                 bool append, StatsOffsets offsets) {
  std::FILE* file = std::fopen(path.c_str(), append ? "a" : "w");
  if (file == nullptr) {
    return Status::Error("cannot write the stats file " + path + ": " + std::strerror(errno) +
                         "; choose another path with -stats_file=PATH, or none with -stats_file=");
  }
  struct stat st {};
  fstat(fileno(file), &st);  // a pipe or device (st_size 0) gets the header too
  std::unique_ptr<StatsLog> log(new StatsLog(path, file, std::move(offsets)));
  log->offsets_.worker_execs.resize(workers, 0);
  if (st.st_size == 0) {
    std::string header = StatsCsvHeader(workers);
    if (std::fwrite(header.data(), 1, header.size(), file) != header.size() ||
        std::fflush(file) != 0) {
      return Status::Error("cannot write the stats file " + path + ": " + std::strerror(errno) +
                           "; choose another path with -stats_file=PATH, or none with "
                           "-stats_file=");
    }
  }
  return log;
}

StatsLog::~StatsLog() { std::fclose(file_); }

void StatsLog::Append(StatsRow row) {
  if (failed_) return;
  row.elapsed_ns += offsets_.elapsed_ns;
  row.crashes += offsets_.crashes;
  for (size_t i = 0; i < row.worker_execs.size() && i < offsets_.worker_execs.size(); i++) {
    row.worker_execs[i] += offsets_.worker_execs[i];
    row.execs += offsets_.worker_execs[i];
  }
  std::string line = FormatStatsCsvRow(row);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0) {
    failed_ = true;
    Log("hivefuzz: warning: cannot write the stats file {}: {}; no more rows\n", path_,
        std::strerror(errno));
  }
}

}  // namespace hivefuzz
