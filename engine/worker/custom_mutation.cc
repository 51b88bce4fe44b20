#include "worker/custom_mutation.h"

#include <cstring>

#include "base/clock.h"
#include "mutator/byte_mutator.h"

extern "C" __attribute__((weak)) size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size,
                                                                size_t max_size, unsigned int seed);
extern "C" __attribute__((weak)) size_t LLVMFuzzerCustomCrossOver(
    const uint8_t* data1, size_t size1, const uint8_t* data2, size_t size2, uint8_t* out,
    size_t max_out_size, unsigned int seed);

namespace hivefuzz {
namespace {

constinit thread_local Rng* tls_mutation_rng = nullptr;

}  // namespace

bool HasCustomMutator() { return LLVMFuzzerCustomMutator != nullptr; }
bool HasCustomCrossOver() { return LLVMFuzzerCustomCrossOver != nullptr; }

void SetThreadMutationRng(Rng* rng) { tls_mutation_rng = rng; }

bool CustomMutate(uint8_t* data, size_t* size, size_t max_size, Rng& rng) {
  size_t new_size = LLVMFuzzerCustomMutator(data, *size, max_size, rng.Next32());
  if (new_size == 0 || new_size > max_size) return false;
  *size = new_size;
  return true;
}

bool CustomCrossOver(uint8_t* data, size_t* size, size_t max_size, std::span<const uint8_t> other,
                     uint8_t* scratch, Rng& rng) {
  if (*size == 0 || other.empty()) return false;
  size_t new_size = LLVMFuzzerCustomCrossOver(data, *size, other.data(), other.size(), scratch,
                                              max_size, rng.Next32());
  if (new_size == 0 || new_size > max_size) return false;
  std::memcpy(data, scratch, new_size);
  *size = new_size;
  return true;
}

}  // namespace hivefuzz

// The engine's own mutations, for a custom mutator to call (libFuzzer's DefaultMutate): Go's
// byte mutations with the calling worker's generator, so each thread mutates independently.
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size) {
  using hivefuzz::Rng;
  static thread_local Rng own(hivefuzz::MonotonicNanos());  // outside a worker (Initialize)
  Rng& rng = hivefuzz::tls_mutation_rng != nullptr ? *hivefuzz::tls_mutation_rng : own;
  if (max_size == 0) return 0;
  if (size > max_size) size = max_size;
  hivefuzz::MutateBytes(data, &size, max_size, rng);
  return size;
}
