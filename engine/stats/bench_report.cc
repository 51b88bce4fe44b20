#include "stats/bench_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace hivefuzz {
namespace {

// "1234567.8" -> "1,234,568".
std::string WithThousands(double value) {
  std::string digits = fmt::format("{:.0f}", value);
  std::string out;
  size_t first = digits[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i > first && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// JSON has no inf or NaN.
double JsonNumber(double value) { return std::isfinite(value) ? value : 0; }

struct Moments {
  double mean = 0;
  double median = 0;
  double stddev = 0;  // sample standard deviation, as Google Benchmark computes it
};

Moments MomentsOf(const std::vector<double>& values) {
  Moments m;
  if (values.empty()) return m;
  double sum = 0;
  for (double v : values) sum += v;
  m.mean = sum / double(values.size());
  m.median = Median(values);
  if (values.size() > 1) {
    double squares = 0;
    for (double v : values) squares += (v - m.mean) * (v - m.mean);
    m.stddev = std::sqrt(squares / double(values.size() - 1));
  }
  return m;
}

// The fields every entry of one thread count starts with, up to and including "repetitions".
nlohmann::ordered_json EntryHead(const std::string& name, const std::string& run_name,
                                 size_t instance, const char* run_type, size_t repetitions) {
  nlohmann::ordered_json entry;
  entry["name"] = name;
  entry["family_index"] = 0;
  entry["per_family_instance_index"] = instance;
  entry["run_name"] = run_name;
  entry["run_type"] = run_type;
  entry["repetitions"] = repetitions;
  return entry;
}

// The fields every entry ends with.
void AddTimes(uint64_t iterations, double real_ns, double cpu_ns, double items,
              nlohmann::ordered_json* entry) {
  (*entry)["iterations"] = iterations;
  (*entry)["real_time"] = JsonNumber(real_ns);
  (*entry)["cpu_time"] = JsonNumber(cpu_ns);
  (*entry)["time_unit"] = "ns";
  (*entry)["items_per_second"] = JsonNumber(items);
}

}  // namespace

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::vector<BenchRow> SummarizeBench(const std::vector<BenchSeries>& series) {
  std::vector<BenchRow> rows;
  for (const BenchSeries& s : series) {
    BenchRow row;
    row.threads = s.threads;
    std::vector<double> rates;
    for (const BenchRepetition& r : s.repetitions) rates.push_back(r.ExecsPerSec());
    if (!rates.empty()) {
      row.min_execs_per_sec = *std::min_element(rates.begin(), rates.end());
      row.max_execs_per_sec = *std::max_element(rates.begin(), rates.end());
      row.median_execs_per_sec = Median(rates);
    }
    rows.push_back(row);
  }
  auto base = std::min_element(rows.begin(), rows.end(), [](const BenchRow& a, const BenchRow& b) {
    return a.threads < b.threads;
  });
  for (BenchRow& row : rows) {
    double ideal = base->median_execs_per_sec * double(row.threads) / double(base->threads);
    row.efficiency = ideal > 0 ? row.median_execs_per_sec / ideal : 0;
  }
  return rows;
}

std::string FormatBenchTable(const BenchDescription& d, const std::vector<BenchSeries>& series) {
  std::vector<BenchRow> rows = SummarizeBench(series);
  uint32_t base = 0;
  for (const BenchRow& row : rows) base = base == 0 ? row.threads : std::min(base, row.threads);
  std::string out = fmt::format(
      "hivefuzz benchmark of {}: corpus {}; {} execs per thread, {} repetition{}\n", d.target,
      d.corpus, d.runs_per_thread, d.repetitions, d.repetitions == 1 ? "" : "s");
  std::string scaling = base == 1 ? "scaling" : fmt::format("vs {} thr", base);
  out += fmt::format("{:>7}  {:>14}  {:>14}  {:>14}  {:>9}  {:>8}\n", "threads", "min execs/s",
                     "median execs/s", "max execs/s", "ns/exec", scaling);
  for (const BenchRow& row : rows) {
    double ns_per_exec =
        row.median_execs_per_sec > 0 ? 1e9 / row.median_execs_per_sec : 0;  // of all threads
    out +=
        fmt::format("{:>7}  {:>14}  {:>14}  {:>14}  {:>9.1f}  {:>7.1f}%\n", row.threads,
                    WithThousands(row.min_execs_per_sec), WithThousands(row.median_execs_per_sec),
                    WithThousands(row.max_execs_per_sec), ns_per_exec, row.efficiency * 100);
  }
  out += fmt::format(
      "(min/median/max over the repetitions; ns/exec = wall time per execution of all threads "
      "together, from the median; {} = median(N) / (N/{} x median({})))\n",
      scaling, base, base);
  return out;
}

std::string FormatBenchJson(const BenchJsonContext& context, const std::string& family,
                            const std::vector<BenchSeries>& series) {
  // Ordered as Google Benchmark writes its fields, so the file reads (and diffs) like one of its.
  nlohmann::ordered_json ctx;
  ctx["date"] = context.date;
  ctx["host_name"] = context.host_name;
  ctx["executable"] = context.executable;
  ctx["num_cpus"] = context.num_cpus;
  ctx["mhz_per_cpu"] = std::llround(JsonNumber(context.mhz_per_cpu));
  ctx["cpu_scaling_enabled"] = context.cpu_scaling_enabled;
  nlohmann::ordered_json load_avg = nlohmann::ordered_json::array();
  for (double v : context.load_avg) load_avg.push_back(JsonNumber(v));
  ctx["load_avg"] = std::move(load_avg);
  for (const auto& [key, value] : context.extra) ctx[key] = value;
  ctx["library_build_type"] = context.library_build_type;

  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (size_t instance = 0; instance < series.size(); instance++) {
    const BenchSeries& s = series[instance];
    const std::string run_name = fmt::format("{}/threads:{}", family, s.threads);
    const size_t reps = s.repetitions.size();
    std::vector<double> real, cpu, items;
    for (size_t i = 0; i < reps; i++) {
      const BenchRepetition& r = s.repetitions[i];
      double execs = double(std::max<uint64_t>(r.execs, 1));
      real.push_back(double(r.wall_ns) / execs);
      cpu.push_back(double(r.cpu_ns) / execs);
      items.push_back(r.ExecsPerSec());
      nlohmann::ordered_json entry = EntryHead(run_name, run_name, instance, "iteration", reps);
      entry["repetition_index"] = i;
      entry["threads"] = s.threads;
      AddTimes(r.execs, real.back(), cpu.back(), items.back(), &entry);
      entries.push_back(std::move(entry));
    }
    if (reps < 2) continue;  // Google Benchmark computes no aggregates of a single run
    Moments mr = MomentsOf(real), mc = MomentsOf(cpu), mi = MomentsOf(items);
    struct Aggregate {
      const char* name;
      const char* unit;
      double real, cpu, items;
    } aggregates[] = {
        {"mean", "time", mr.mean, mc.mean, mi.mean},
        {"median", "time", mr.median, mc.median, mi.median},
        {"stddev", "time", mr.stddev, mc.stddev, mi.stddev},
        {"cv", "percentage", mr.mean > 0 ? mr.stddev / mr.mean : 0,
         mc.mean > 0 ? mc.stddev / mc.mean : 0, mi.mean > 0 ? mi.stddev / mi.mean : 0},
    };
    for (const Aggregate& a : aggregates) {
      nlohmann::ordered_json entry =
          EntryHead(run_name + "_" + a.name, run_name, instance, "aggregate", reps);
      entry["threads"] = s.threads;
      entry["aggregate_name"] = a.name;
      entry["aggregate_unit"] = a.unit;
      AddTimes(reps, a.real, a.cpu, a.items, &entry);
      entries.push_back(std::move(entry));
    }
  }
  nlohmann::ordered_json doc;
  doc["context"] = std::move(ctx);
  doc["benchmarks"] = std::move(entries);
  // Bytes that are not UTF-8 (a path can hold any) are replaced, not an exception.
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace hivefuzz
