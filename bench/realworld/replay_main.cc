// The replay driver of the real-world harnesses' plain and coverage builds: a main() for a
// LLVMFuzzerTestOneInput with no engine at all, so the plain build's execs/s is the physical
// limit the instrumented builds are compared against (bench/realworld/cost.sh).
// Usage: <harness>-plain [-runs=N] FILE_OR_DIR ...
// Reads every file (a directory: its regular files, recursively, in name order) once, then runs
// each N times (default 1) through LLVMFuzzerTestOneInput, from a heap buffer of exactly the
// file's size, and prints the executions, the time they took and execs/s (file reading and
// start-up not included). Exits 1 on a usage or read error.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

struct InputFile {
  std::string path;
  std::vector<uint8_t> bytes;
};

bool ReadInput(const std::string& path, std::vector<InputFile>* inputs) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  inputs->push_back({path, std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {})});
  return true;
}

// Appends the file at `path`, or the regular files under the directory at `path` in name order.
bool CollectInputs(const std::string& path, std::vector<InputFile>* inputs) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return ReadInput(path, inputs);
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
    if (entry.is_regular_file()) paths.push_back(entry.path().string());
  }
  if (error) {
    std::fprintf(stderr, "replay: cannot list %s: %s\n", path.c_str(), error.message().c_str());
    return false;
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& p : paths) {
    if (!ReadInput(p, inputs)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  uint64_t runs = 1;
  std::vector<InputFile> inputs;
  for (int i = 1; i < argc; i++) {
    const char* arg = argv[i];
    if (std::strncmp(arg, "-runs=", 6) == 0) {
      char* end = nullptr;
      runs = std::strtoull(arg + 6, &end, 10);
      if (*end != '\0' || runs == 0) {
        std::fprintf(stderr, "replay: -runs= needs a positive integer, got '%s'\n", arg + 6);
        return 1;
      }
    } else if (arg[0] == '-') {
      std::fprintf(stderr, "replay: unknown flag '%s'\nusage: %s [-runs=N] FILE_OR_DIR ...\n",
                   arg, argv[0]);
      return 1;
    } else if (!CollectInputs(arg, &inputs)) {
      return 1;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: %s [-runs=N] FILE_OR_DIR ...\n", argv[0]);
    return 1;
  }

  // Each input in a buffer of its own exact size, as the engines pass it.
  std::vector<std::unique_ptr<uint8_t[]>> buffers;
  for (const InputFile& input : inputs) {
    buffers.emplace_back(new uint8_t[std::max<size_t>(1, input.bytes.size())]);
    std::copy(input.bytes.begin(), input.bytes.end(), buffers.back().get());
  }
  const auto start = std::chrono::steady_clock::now();
  for (size_t f = 0; f < inputs.size(); f++) {
    for (uint64_t run = 0; run < runs; run++) {
      LLVMFuzzerTestOneInput(buffers[f].get(), inputs[f].bytes.size());
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const uint64_t execs = runs * inputs.size();
  std::printf("replay: %zu files x %llu runs: execs %llu seconds %.6f execs_per_sec %.1f\n",
              inputs.size(), static_cast<unsigned long long>(runs),
              static_cast<unsigned long long>(execs), seconds,
              seconds > 0 ? static_cast<double>(execs) / seconds : 0.0);
  return 0;
}
