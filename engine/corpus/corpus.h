// The in-memory corpus: an append-only array of immutable inputs, deduplicated by content.
// One writer (the coordinator) appends; any number of workers read without a lock.
#pragma once

#include <oneapi/tbb/concurrent_vector.h>

#include <atomic>
#include <memory>
#include <optional>
#include <set>

#include "corpus/input.h"

namespace hivefuzz {

// Thread-safety: Add and ContainsContent are for the single writer thread only. size() and
// at(i) for i < size() may be called from any thread at any time.
class Corpus {
 public:
  // Appends `input` unless an input with the same bytes is present. Returns its index, or
  // nullopt for a duplicate. Computes input->sha1.
  std::optional<uint32_t> Add(std::unique_ptr<Input> input);

  bool ContainsContent(const Sha1Digest& digest) const { return hashes_.count(digest) != 0; }

  // Published entries. An entry is fully built before it is counted here (release/acquire).
  uint32_t size() const { return published_.load(std::memory_order_acquire); }
  const Input& at(uint32_t index) const { return *entries_[index]; }

 private:
  // std::allocator so that TSan and the process allocator see this memory.
  tbb::concurrent_vector<std::unique_ptr<Input>, std::allocator<std::unique_ptr<Input>>> entries_;
  std::atomic<uint32_t> published_{0};
  std::set<Sha1Digest> hashes_;  // writer only
};

}  // namespace hivefuzz
