// Google Benchmark microbenchmarks of the mutator: each of the 18 byte mutations at input sizes
// 1, 64, 4096 and 65536 (where it applies), MutateBytes as the worker calls it, and the
// comparison-guided, crossover and dictionary mutations.
// Each iteration restores the input size, so shrinking and growing mutations stay at `size`.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "base/rng.h"
#include "mutator/byte_mutator.h"
#include "mutator/dictionary.h"
#include "mutator/guided_mutations.h"
#include "mutator/splicing.h"

namespace hivefuzz {
namespace {

constexpr size_t kSizes[] = {1, 64, 4096, 65536};
// Room beyond the input for the growing mutations (InsertConstantBytes draws up to 4096).
constexpr size_t kRoom = 8192;
constexpr double kMinTimeSeconds = 0.05;

std::vector<uint8_t> RandomBuffer(size_t n, Rng& rng) {
  std::vector<uint8_t> buf(n);
  for (auto& b : buf) b = static_cast<uint8_t>(rng.Next32());
  return buf;
}

void BM_MutatorApply(benchmark::State& state, ByteMutation m, size_t size) {
  Rng rng(1);
  std::vector<uint8_t> buf = RandomBuffer(size + kRoom, rng);
  for (auto _ : state) {
    size_t len = size;
    benchmark::DoNotOptimize(ApplyByteMutation(m, buf.data(), &len, buf.size(), rng));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

// One uniformly chosen applicable mutation, as in the worker's chain.
void BM_MutatorMutateBytes(benchmark::State& state) {
  auto size = size_t(state.range(0));
  Rng rng(2);
  std::vector<uint8_t> buf = RandomBuffer(size + kRoom, rng);
  for (auto _ : state) {
    size_t len = size;
    benchmark::DoNotOptimize(MutateBytes(buf.data(), &len, buf.size(), rng));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

// 32 comparisons as a table holds them after one execution: 4- and 8-byte operand pairs.
// `present`: each comparison's first operand is copied from the input (so input-to-state
// finds it, and then finds the second operand there on the next call, so the input stays
// matchable but for operands that overlap and spoil each other); otherwise the operands are random
// and absent, the worst case, where each call scans the input once per comparison it draws and
// fails.
std::vector<IntComparison> IntComparisons(const std::vector<uint8_t>& input, bool present,
                                          Rng& rng) {
  std::vector<IntComparison> cmps;
  for (int i = 0; i < 32; i++) {
    const uint8_t width = i % 2 ? 8 : 4;
    uint64_t a = rng.Next64() | (uint64_t{1} << 31);  // almost never fits a narrower width
    if (present) {
      size_t pos = rng.BelowSize(input.size() - width + 1);
      a = 0;
      std::memcpy(&a, input.data() + pos, width);
    }
    cmps.push_back({a, rng.Next64() | (uint64_t{1} << 31), width});
  }
  return cmps;
}

// Args: input size, whether the operands are present in the input.
void BM_MutatorInputToStateInt(benchmark::State& state) {
  auto size = size_t(state.range(0));
  Rng rng(3);
  std::vector<uint8_t> buf = RandomBuffer(size, rng);
  const std::vector<IntComparison> cmps = IntComparisons(buf, state.range(1) != 0, rng);
  int64_t applied = 0;
  for (auto _ : state) {
    size_t len = size;
    applied += InputToStateInt(buf.data(), &len, buf.size(), cmps, rng);
    benchmark::ClobberMemory();
  }
  state.counters["applied"] =
      benchmark::Counter(double(applied) / double(std::max<int64_t>(state.iterations(), 1)));
  state.SetItemsProcessed(int64_t(state.iterations()));
}

// 32 byte-string comparisons of two operands of the same length (4 to 16 bytes), so that the
// input keeps its size; present or absent as above.
void BM_MutatorInputToStateBytes(benchmark::State& state) {
  auto size = size_t(state.range(0));
  Rng rng(4);
  std::vector<uint8_t> buf = RandomBuffer(size, rng);
  std::vector<BytesComparison> cmps;
  for (int i = 0; i < 32; i++) {
    const size_t n = 4 + rng.Below(13);
    std::vector<uint8_t> a = RandomBuffer(n, rng), b = RandomBuffer(n, rng);
    if (state.range(1) != 0) {
      size_t pos = rng.BelowSize(size - n + 1);
      std::memcpy(a.data(), buf.data() + pos, n);
    }
    cmps.push_back({MakeToken(a), MakeToken(b)});
  }
  int64_t applied = 0;
  for (auto _ : state) {
    size_t len = size;
    applied += InputToStateBytes(buf.data(), &len, buf.size(), cmps, rng);
    benchmark::ClobberMemory();
  }
  state.counters["applied"] =
      benchmark::Counter(double(applied) / double(std::max<int64_t>(state.iterations(), 1)));
  state.SetItemsProcessed(int64_t(state.iterations()));
}

// CrossOver of a 64-byte input with another 64-byte input, in a 128-byte buffer.
void BM_MutatorCrossOver(benchmark::State& state) {
  auto size = size_t(state.range(0));
  Rng rng(5);
  std::vector<uint8_t> buf = RandomBuffer(2 * size, rng);
  const std::vector<uint8_t> other = RandomBuffer(size, rng);
  for (auto _ : state) {
    size_t len = size;
    benchmark::DoNotOptimize(CrossOver(buf.data(), &len, buf.size(), other, rng));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

// InsertDictionaryEntry with a 64-entry dictionary of 1- to 16-byte entries.
void BM_MutatorInsertDictionaryEntry(benchmark::State& state) {
  auto size = size_t(state.range(0));
  Rng rng(6);
  std::vector<uint8_t> buf = RandomBuffer(size + 64, rng);
  std::vector<DictionaryEntry> dict;
  for (int i = 0; i < 64; i++) {
    std::vector<uint8_t> bytes = RandomBuffer(1 + rng.Below(16), rng);
    dict.push_back({std::string(bytes.begin(), bytes.end()), "", 0});
  }
  for (auto _ : state) {
    size_t len = size;
    benchmark::DoNotOptimize(InsertDictionaryEntry(buf.data(), &len, buf.size(), dict, rng));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void RegisterGuided() {
  for (auto* b :
       {benchmark::RegisterBenchmark("BM_MutatorInputToStateInt", BM_MutatorInputToStateInt),
        benchmark::RegisterBenchmark("BM_MutatorInputToStateBytes", BM_MutatorInputToStateBytes)}) {
    b->ArgNames({"size", "present"})->ArgsProduct({{64, 4096}, {0, 1}})->MinTime(kMinTimeSeconds);
  }
  benchmark::RegisterBenchmark("BM_MutatorCrossOver", BM_MutatorCrossOver)
      ->Arg(64)
      ->MinTime(kMinTimeSeconds);
  benchmark::RegisterBenchmark("BM_MutatorInsertDictionaryEntry", BM_MutatorInsertDictionaryEntry)
      ->Arg(64)
      ->MinTime(kMinTimeSeconds);
}

void RegisterAll() {
  Rng probe(0);
  for (int i = 0; i < kNumByteMutations; i++) {
    auto m = static_cast<ByteMutation>(i);
    for (size_t size : kSizes) {
      std::vector<uint8_t> buf(size + kRoom);
      size_t len = size;
      if (!ApplyByteMutation(m, buf.data(), &len, buf.size(), probe)) continue;  // n/a here
      std::string name =
          std::string("BM_MutatorApply/") + ByteMutationName(m) + "/" + std::to_string(size);
      benchmark::RegisterBenchmark(name.c_str(), BM_MutatorApply, m, size)
          ->MinTime(kMinTimeSeconds);
    }
  }
  auto* all = benchmark::RegisterBenchmark("BM_MutatorMutateBytes", BM_MutatorMutateBytes);
  for (size_t size : kSizes) all->Arg(int64_t(size));
  all->MinTime(kMinTimeSeconds);
  RegisterGuided();
}

}  // namespace
}  // namespace hivefuzz

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  hivefuzz::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
