// Google Benchmark microbenchmarks of the byte mutator: each of the 18 mutations at input sizes
// 1, 64, 4096 and 65536 (where it applies), and MutateBytes as the worker calls it.
// Each iteration restores the input size, so shrinking and growing mutations stay at `size`.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "base/rng.h"
#include "mutator/byte_mutator.h"

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
