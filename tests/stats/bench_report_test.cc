// The benchmark report: the table's arithmetic (min/median/max, scaling efficiency) and the
// Google Benchmark JSON read back as compare.py reads it.
#include "stats/bench_report.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_json.h"


namespace hivefuzz {
namespace {

using Value = nlohmann::json;


// A repetition of `execs_per_sec` over one second, with `cpu_share` of the wall time in CPU.
BenchRepetition Rep(uint64_t execs_per_sec, double cpu_share = 1.0) {
  return {execs_per_sec, 1'000'000'000, uint64_t(1e9 * cpu_share)};
}

std::vector<BenchSeries> SampleSeries() {
  return {{1, {Rep(100), Rep(120), Rep(90)}},
          {2, {Rep(150), Rep(210), Rep(180)}},
          {4, {Rep(300), Rep(320)}}};
}

// Requirement: the median of an odd and an even count, and of nothing.
TEST(BenchReportTest, Median) {
  EXPECT_EQ(Median({3, 1, 2}), 2);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(Median({}), 0);
}

// Requirement: min/median/max over the repetitions, and scaling efficiency
// median(N) / (N * median(1)).
TEST(BenchReportTest, SummaryRowsAndEfficiency) {
  std::vector<BenchRow> rows = SummarizeBench(SampleSeries());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].threads, 1u);
  EXPECT_DOUBLE_EQ(rows[0].min_execs_per_sec, 90);
  EXPECT_DOUBLE_EQ(rows[0].median_execs_per_sec, 100);
  EXPECT_DOUBLE_EQ(rows[0].max_execs_per_sec, 120);
  EXPECT_DOUBLE_EQ(rows[0].efficiency, 1.0);
  EXPECT_DOUBLE_EQ(rows[1].median_execs_per_sec, 180);
  EXPECT_DOUBLE_EQ(rows[1].efficiency, 0.9);
  EXPECT_DOUBLE_EQ(rows[2].median_execs_per_sec, 310);
  EXPECT_DOUBLE_EQ(rows[2].efficiency, 310.0 / 400.0);
}

// Requirement: without a 1-thread run, efficiency is against the smallest thread count.
TEST(BenchReportTest, EfficiencyAgainstSmallestCountWithoutOneThread) {
  std::vector<BenchRow> rows = SummarizeBench({{4, {Rep(300)}}, {2, {Rep(200)}}});
  EXPECT_DOUBLE_EQ(rows[0].efficiency, 300.0 / 400.0);
  EXPECT_DOUBLE_EQ(rows[1].efficiency, 1.0);
  std::string table = FormatBenchTable({"t", "c", 10, 1}, {{2, {Rep(200)}}, {4, {Rep(300)}}});
  EXPECT_NE(table.find("vs 2 thr"), std::string::npos) << table;
}

// Error-guessing: a repetition of zero wall time gives 0, not infinity, in the table and JSON.
TEST(BenchReportTest, ZeroWallTimeIsNotInfinite) {
  BenchRepetition zero{100, 0, 0};
  EXPECT_EQ(zero.ExecsPerSec(), 0);
  std::vector<BenchRow> rows = SummarizeBench({{1, {zero}}, {2, {Rep(10)}}});
  EXPECT_EQ(rows[1].efficiency, 0);
  EXPECT_TRUE(ParseJson(FormatBenchJson({}, "t", {{1, {zero, zero}}})).has_value());
}

// Requirement: the table names the target and corpus and has one line per thread count with
// the figures above.
TEST(BenchReportTest, TableLines) {
  std::string table =
      FormatBenchTable({"my_fuzzer", "generated (64 inputs)", 200000, 3}, SampleSeries());
  EXPECT_NE(table.find("my_fuzzer"), std::string::npos) << table;
  EXPECT_NE(table.find("generated (64 inputs)"), std::string::npos) << table;
  EXPECT_NE(table.find("200000 execs per thread, 3 repetitions"), std::string::npos) << table;
  EXPECT_NE(table.find("      2             150             180             210  "),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("90.0%"), std::string::npos) << table;
  EXPECT_NE(table.find("77.5%"), std::string::npos) << table;
  EXPECT_NE(FormatBenchTable({"t", "c", 1, 1}, {{1, {Rep(1234567)}}}).find("1,234,567"),
            std::string::npos);
}

// Requirement: Google Benchmark's JSON, as compare.py reads it: a context object, then per
// thread count one "iteration" entry per repetition followed by mean/median/stddev/cv
// aggregates; times in ns per execution, items_per_second = execs/sec.
TEST(BenchReportTest, GoogleBenchmarkJsonShape) {
  BenchJsonContext context;
  context.date = "2026-01-02T03:04:05+00:00";
  context.host_name = "host";
  context.executable = "./my_fuzzer";
  context.num_cpus = 8;
  context.mhz_per_cpu = 2600;
  context.load_avg = {0.5, 0.25, 0};
  context.library_build_type = "release";
  context.extra = {{"hivefuzz_corpus", "generated"}};
  std::vector<BenchSeries> series = SampleSeries();
  series[0].repetitions[0].cpu_ns = 2'000'000'000;  // 2 s CPU over 1 s of wall time
  auto doc = ParseJson(FormatBenchJson(context, "my_fuzzer", series));
  ASSERT_TRUE(doc.has_value());
  const Value& ctx = (*doc)["context"];
  EXPECT_EQ(ctx["date"].get<std::string>(), "2026-01-02T03:04:05+00:00");
  EXPECT_EQ(ctx["host_name"].get<std::string>(), "host");
  EXPECT_EQ(ctx["executable"].get<std::string>(), "./my_fuzzer");
  EXPECT_EQ(ctx["num_cpus"].get<double>(), 8);
  EXPECT_EQ(ctx["mhz_per_cpu"].get<double>(), 2600);
  EXPECT_FALSE(ctx["cpu_scaling_enabled"].get<bool>());
  ASSERT_EQ(ctx["load_avg"].size(), 3u);
  EXPECT_EQ(ctx["load_avg"][1].get<double>(), 0.25);
  EXPECT_EQ(ctx["library_build_type"].get<std::string>(), "release");
  EXPECT_EQ(ctx["hivefuzz_corpus"].get<std::string>(), "generated");

  const Value& b = (*doc)["benchmarks"];
  ASSERT_EQ(b.size(), (3 + 4) + (3 + 4) + (2 + 4));
  // Thread count 1: three iterations, then the aggregates.
  for (size_t i = 0; i < 3; i++) {
    EXPECT_EQ(b[i]["name"].get<std::string>(), "my_fuzzer/threads:1");
    EXPECT_EQ(b[i]["run_name"].get<std::string>(), "my_fuzzer/threads:1");
    EXPECT_EQ(b[i]["run_type"].get<std::string>(), "iteration");
    EXPECT_EQ(b[i]["family_index"].get<double>(), 0);
    EXPECT_EQ(b[i]["per_family_instance_index"].get<double>(), 0);
    EXPECT_EQ(b[i]["repetitions"].get<double>(), 3);
    EXPECT_EQ(b[i]["repetition_index"].get<double>(), double(i));
    EXPECT_EQ(b[i]["threads"].get<double>(), 1);
    EXPECT_EQ(b[i]["time_unit"].get<std::string>(), "ns");
  }
  EXPECT_EQ(b[0]["iterations"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(b[0]["real_time"].get<double>(), 1e9 / 100);
  EXPECT_DOUBLE_EQ(b[0]["cpu_time"].get<double>(), 2e9 / 100);
  EXPECT_DOUBLE_EQ(b[0]["items_per_second"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(b[2]["items_per_second"].get<double>(), 90);
  const char* aggregates[] = {"mean", "median", "stddev", "cv"};
  for (size_t i = 0; i < 4; i++) {
    const Value& a = b[3 + i];
    EXPECT_EQ(a["name"].get<std::string>(), std::string("my_fuzzer/threads:1_") + aggregates[i]);
    EXPECT_EQ(a["run_name"].get<std::string>(), "my_fuzzer/threads:1");
    EXPECT_EQ(a["run_type"].get<std::string>(), "aggregate");
    EXPECT_EQ(a["aggregate_name"].get<std::string>(), aggregates[i]);
    EXPECT_EQ(a["aggregate_unit"].get<std::string>(), i == 3 ? "percentage" : "time");
    EXPECT_EQ(a["iterations"].get<double>(), 3);
    EXPECT_FALSE(a.contains("repetition_index"));
  }
  EXPECT_DOUBLE_EQ(b[3]["items_per_second"].get<double>(), (100 + 120 + 90) / 3.0);
  EXPECT_DOUBLE_EQ(b[4]["items_per_second"].get<double>(), 100);
  double mean = (100 + 120 + 90) / 3.0;
  double variance =
      ((100 - mean) * (100 - mean) + (120 - mean) * (120 - mean) + (90 - mean) * (90 - mean)) /
      2;  // sample variance, as Google Benchmark
  EXPECT_NEAR(b[5]["items_per_second"].get<double>(), std::sqrt(variance), 1e-9);
  EXPECT_NEAR(b[6]["items_per_second"].get<double>(), std::sqrt(variance) / mean, 1e-12);
  EXPECT_DOUBLE_EQ(b[4]["real_time"].get<double>(), 1e9 / 100);  // median of 1e7, 8.3e6, 1.1e7
  // The next thread counts are the family's next instances.
  EXPECT_EQ(b[7]["name"].get<std::string>(), "my_fuzzer/threads:2");
  EXPECT_EQ(b[7]["per_family_instance_index"].get<double>(), 1);
  EXPECT_EQ(b[7]["threads"].get<double>(), 2);
  EXPECT_EQ(b[14]["name"].get<std::string>(), "my_fuzzer/threads:4");
  EXPECT_EQ(b[15]["repetition_index"].get<double>(), 1);
  EXPECT_EQ(b.back()["name"].get<std::string>(), "my_fuzzer/threads:4_cv");
}

// Requirement (Google Benchmark's behaviour): one repetition gives no aggregates.
TEST(BenchReportTest, SingleRepetitionHasNoAggregates) {
  auto doc = ParseJson(FormatBenchJson({}, "f", {{1, {Rep(5)}}, {2, {Rep(9)}}}));
  ASSERT_TRUE(doc.has_value());
  const Value& b = (*doc)["benchmarks"];
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0]["run_type"].get<std::string>(), "iteration");
  EXPECT_EQ(b[1]["name"].get<std::string>(), "f/threads:2");
}

// Error-guessing: names with quotes, backslashes or control characters stay valid JSON.
TEST(BenchReportTest, StringsAreEscaped) {
  BenchJsonContext context;
  context.executable = "/tmp/we\"ird\\path";
  auto doc = ParseJson(FormatBenchJson(context, "we\"ird", {{1, {Rep(5), Rep(6)}}}));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["context"]["executable"].get<std::string>(), "/tmp/we\"ird\\path");
  EXPECT_EQ((*doc)["benchmarks"][0]["name"].get<std::string>(), "we\"ird/threads:1");
}

}  // namespace
}  // namespace hivefuzz
