// End-to-end: benchmark mode (-bench=1) and its Google Benchmark JSON, and the stats time
// series (-stats_file) of fuzzing runs, including -keep_going restarts.
#include <gtest/gtest.h>

#include <sstream>

#include "e2e/e2e_util.h"
#include "test_json.h"

namespace hivefuzz::e2e {
namespace {

using Value = nlohmann::json;


// The rows of a stats CSV, each split at its commas; the header is row 0.
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(ReadText(path));
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    rows.push_back(std::move(fields));
  }
  return rows;
}

const char* kHeader2 =
    "time_s,execs,execs_per_sec,corpus,coverage_bits,crashes,execs_worker0,execs_worker1";

// Requirement (issue 1): -bench=1 times the given corpus at each thread count, prints the
// table, writes Google Benchmark JSON with an entry per repetition and the aggregates, and
// leaves the corpus directory exactly as it was (nothing written while timing, or after).
TEST(BenchE2eTest, JsonEntriesAndCorpusUntouched) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  std::string json = dir.path() + "/results/x.json";
  WriteText(corpus, "h", "H");
  WriteText(corpus, "hi", "HI");
  WriteText(corpus, "dup", "HI");  // same content: one workload input
  RunResult r =
      RunFuzzer(dir, "magic_bytes",
                {"-bench=1", "-bench_threads=2,1", "-bench_runs=3000", "-bench_repetitions=2",
                 "-bench_out=" + json, "-artifact_prefix=" + artifacts, corpus});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(
      r.output.find("hivefuzz benchmark of magic_bytes: corpus 2 distinct files from " + corpus),
      std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("threads     min execs/s  median execs/s"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("100.0%"), std::string::npos) << r.output;

  auto doc = ParseJson(ReadText(json));
  ASSERT_TRUE(doc.has_value()) << ReadText(json);
  EXPECT_EQ((*doc)["context"]["executable"].get<std::string>(), BinaryPath("magic_bytes"));
  EXPECT_EQ((*doc)["context"]["hivefuzz_runs_per_thread"].get<std::string>(), "3000");
  const Value& b = (*doc)["benchmarks"];
  ASSERT_EQ(b.size(), 2u * (2 + 4));
  const char* names[] = {
      "magic_bytes/threads:1",        "magic_bytes/threads:1",        "magic_bytes/threads:1_mean",
      "magic_bytes/threads:1_median", "magic_bytes/threads:1_stddev", "magic_bytes/threads:1_cv",
      "magic_bytes/threads:2",        "magic_bytes/threads:2",        "magic_bytes/threads:2_mean",
      "magic_bytes/threads:2_median", "magic_bytes/threads:2_stddev", "magic_bytes/threads:2_cv"};
  for (size_t i = 0; i < b.size(); i++) {
    EXPECT_EQ(b[i]["name"].get<std::string>(), names[i]);
    EXPECT_EQ(b[i]["time_unit"].get<std::string>(), "ns");
    bool iteration = i % 6 < 2;
    EXPECT_EQ(b[i]["run_type"].get<std::string>(), iteration ? "iteration" : "aggregate") << i;
    if (!iteration) continue;
    double threads = i < 6 ? 1 : 2;
    EXPECT_EQ(b[i]["threads"].get<double>(), threads);
    EXPECT_EQ(b[i]["repetition_index"].get<double>(), double(i % 6));
    // Exactly the executions of the budget: -bench_runs per thread, warmup not counted.
    EXPECT_EQ(b[i]["iterations"].get<double>(), threads * 3000);
    EXPECT_GT(b[i]["items_per_second"].get<double>(), 0);
    EXPECT_NEAR(b[i]["real_time"].get<double>() * b[i]["items_per_second"].get<double>(), 1e9, 1e3);
    EXPECT_GT(b[i]["cpu_time"].get<double>(), 0);
  }
  std::vector<std::string> corpus_files = FilesIn(corpus);
  ASSERT_EQ(corpus_files.size(), 3u);
  EXPECT_EQ(ReadText(corpus + "/h"), "H");
  EXPECT_EQ(ReadText(corpus + "/hi"), "HI");
  EXPECT_EQ(ReadText(corpus + "/dup"), "HI");
  EXPECT_EQ(CountDirEntries(corpus), 3) << "no temporaries either";
  EXPECT_EQ(CountDirEntries(artifacts), 0) << "no stats file, no dictionary";
  EXPECT_FALSE(IsDirectory(dir.path() + "/xdg-cache")) << "no cache";
}

// Requirement: without a corpus the workload is generated from a fixed seed, so two runs do
// the same work; bad benchmark arguments are usage errors.
TEST(BenchE2eTest, GeneratedCorpusAndBadArguments) {
  TempDir dir;
  RunResult r = RunFuzzer(dir, "empty",
                          {"-bench=1", "-bench_threads=1", "-bench_runs=1000",
                           "-bench_repetitions=1", "-artifact_prefix=" + dir.path() + "/"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("corpus generated (64 inputs of 1..128 bytes, seed 1)"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(CountDirEntries(dir.path()), 0) << "nothing written";
  RunResult missing =
      RunFuzzer(dir, "empty", {"-bench=1", "-bench_runs=10", dir.path() + "/no-such-corpus"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("no-such-corpus does not exist"), std::string::npos)
      << missing.output;
  RunResult bad_threads = RunFuzzer(dir, "empty", {"-bench=1", "-bench_threads=0"});
  EXPECT_EQ(bad_threads.exit_code, 2) << bad_threads.output;
  EXPECT_NE(bad_threads.output.find("-bench_threads"), std::string::npos) << bad_threads.output;
  RunResult bad_out =
      RunFuzzer(dir, "empty", {"-bench=1", "-bench_runs=10", "-bench_out=" + dir.path()});
  EXPECT_EQ(bad_out.exit_code, 1) << bad_out.output;
  EXPECT_NE(bad_out.output.find("is a directory"), std::string::npos) << bad_out.output;
  EXPECT_EQ(bad_out.output.find("repetition"), std::string::npos) << "refused before timing";
}

// Requirement: a failure of the target during the benchmark is reported as when fuzzing
// (reproducer written, exit 77), with a line saying the benchmark has no figures.
TEST(BenchE2eTest, TargetFailureIsReported) {
  TempDir dir;
  std::string corpus = dir.path() + "/corpus", artifacts = dir.path() + "/artifacts/";
  WriteText(corpus, "a", "a");  // one bit flip from "A", which aborts
  RunResult r =
      RunFuzzer(dir, "three_bugs",
                {"-bench=1", "-bench_threads=1", "-bench_runs=100000", "-fuzzminimizetime=0",
                 "-bench_out=" + dir.path() + "/x.json", "-artifact_prefix=" + artifacts, corpus});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_NE(r.output.find("the target failed during the benchmark"), std::string::npos) << r.output;
  EXPECT_EQ(CrashFilesIn(artifacts).size(), 1u) << r.output;
  EXPECT_FALSE(IsRegularFile(dir.path() + "/x.json"));
  EXPECT_EQ(FilesIn(corpus).size(), 1u);
}

// Requirement (issue 4): fuzzing writes <artifact_prefix>fuzz-stats.csv: a header, a row when
// warmup ends, one a second and one at the end; the last row's executions are the run's.
TEST(StatsFileE2eTest, RowsWhileFuzzing) {
  TempDir dir;
  std::string artifacts = dir.path() + "/out/";
  RunResult r = RunFuzzer(
      dir, "empty",
      {"-fuzztime=1300ms", "-parallel=2", "-artifact_prefix=" + artifacts, dir.path() + "/c"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto rows = ReadCsv(artifacts + "fuzz-stats.csv");
  ASSERT_GE(rows.size(), 4u) << ReadText(artifacts + "fuzz-stats.csv");  // header, 0 s, 1 s, end
  std::string header;
  for (const std::string& f : rows[0]) header += (header.empty() ? "" : ",") + f;
  EXPECT_EQ(header, kHeader2);
  double last_time = -1, last_bits = 0, last_execs = 0;
  for (size_t i = 1; i < rows.size(); i++) {
    ASSERT_EQ(rows[i].size(), 8u) << i;
    double time = std::stod(rows[i][0]), execs = std::stod(rows[i][1]);
    double bits = std::stod(rows[i][4]);
    EXPECT_GE(time, last_time) << i;
    EXPECT_GE(execs, last_execs) << i;
    EXPECT_GE(bits, last_bits) << i;
    EXPECT_EQ(execs, std::stod(rows[i][6]) + std::stod(rows[i][7])) << i;
    EXPECT_EQ(rows[i][5], "0");
    last_time = time, last_bits = bits, last_execs = execs;
  }
  EXPECT_GT(last_bits, 0);
  EXPECT_GE(last_time, 1.3);
  EXPECT_GT(std::stod(rows[2][2]), 1000) << "execs/sec over the first second";
  EXPECT_EQ(last_execs, double(FinalExecs(r.output))) << r.output;

  // -stats_file= turns it off; -stats_file=PATH moves it; an unwritable one stops the run.
  std::string other = dir.path() + "/other/";
  RunResult off = RunFuzzer(
      dir, "empty",
      {"-fuzztime=2000x", "-stats_file=", "-artifact_prefix=" + other, dir.path() + "/c2"});
  ASSERT_EQ(off.exit_code, 0) << off.output;
  EXPECT_EQ(CountDirEntries(other), 0);
  std::string moved = dir.path() + "/moved.csv";
  RunResult elsewhere = RunFuzzer(
      dir, "empty",
      {"-fuzztime=2000x", "-stats_file=" + moved, "-artifact_prefix=" + other, dir.path() + "/c2"});
  ASSERT_EQ(elsewhere.exit_code, 0) << elsewhere.output;
  EXPECT_EQ(CountDirEntries(other), 0);
  auto moved_rows = ReadCsv(moved);
  ASSERT_GE(moved_rows.size(), 3u);
  EXPECT_EQ(moved_rows.back()[1], "2000");
  RunResult unwritable = RunFuzzer(
      dir, "empty",
      {"-fuzztime=2000x", "-stats_file=" + dir.path() + "/missing/s.csv", dir.path() + "/c2"});
  EXPECT_EQ(unwritable.exit_code, 1) << unwritable.output;
  EXPECT_NE(unwritable.output.find("cannot write the stats file " + dir.path() + "/missing/s.csv"),
            std::string::npos)
      << unwritable.output;
  EXPECT_EQ(unwritable.output.find("fuzz: elapsed"), std::string::npos) << unwritable.output;
}

// Requirement (issue 4 with -keep_going): each restarted engine appends to the same file
// without a second header, time and executions go on, and the crashes column counts the
// failures recorded so far.
TEST(StatsFileE2eTest, KeepGoingAppendsAndCountsCrashes) {
  TempDir dir;
  std::string seeds = dir.path() + "/seeds", artifacts = dir.path() + "/artifacts/";
  WriteText(seeds, "a", "a");
  WriteText(seeds, "b", "b");
  WriteText(seeds, "c", "c");
  RunResult r = RunFuzzer(
      dir, "three_bugs",
      {"-keep_going=1", "-max_crashes=3", "-fuzztime=60s", "-parallel=2", "-fuzzminimizetime=0",
       "-artifact_prefix=" + artifacts, dir.path() + "/corpus", seeds},
      {}, 120);
  ASSERT_EQ(r.exit_code, 77) << r.output;
  std::string text = ReadText(artifacts + "fuzz-stats.csv");
  auto rows = ReadCsv(artifacts + "fuzz-stats.csv");
  // The header, then a row from each engine: two at least, since one engine may record two
  // bugs that fail at the same instant.
  ASSERT_GE(rows.size(), 3u) << text;
  EXPECT_EQ(text.find(kHeader2), 0u) << text;
  EXPECT_EQ(text.find("time_s", 1), std::string::npos) << "one header: " << text;
  double last_time = 0, last_execs = 0;
  int last_crashes = 0;
  for (size_t i = 1; i < rows.size(); i++) {
    ASSERT_EQ(rows[i].size(), 8u) << text;
    double time = std::stod(rows[i][0]), execs = std::stod(rows[i][1]);
    int crashes = std::stoi(rows[i][5]);
    EXPECT_GE(time, last_time) << text;
    EXPECT_GE(execs, last_execs) << text;
    EXPECT_GE(crashes, last_crashes) << text;
    last_time = time, last_execs = execs, last_crashes = crashes;
  }
  EXPECT_EQ(std::stoi(rows[1][5]), 0) << text;
  // The last engine started after one or two recorded failures, and counted on from there.
  EXPECT_GE(last_crashes, 1) << text;
  EXPECT_LE(last_crashes, 2) << text;
  EXPECT_NE(r.output.find(" distinct failure(s):"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
