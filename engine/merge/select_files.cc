// libFuzzer's -merge=1 selection (Merger::Merge): the output corpus's features first, then
// every other file in order of size, taken when it adds a feature.
#include "merge/select_files.h"

#include <algorithm>
#include <numeric>

namespace hivefuzz::merge {
namespace {

// A set of small integers, grown on demand.
class BitSet {
 public:
  // Adds `n`; true if it was not there.
  bool Insert(uint32_t n) {
    size_t word = n / 64;
    if (word >= words_.size()) words_.resize(std::max(word + 1, words_.size() * 2), 0);
    uint64_t bit = uint64_t{1} << (n % 64);
    if (words_[word] & bit) return false;
    words_[word] |= bit;
    return true;
  }
  bool Contains(uint32_t n) const {
    size_t word = n / 64;
    return word < words_.size() && (words_[word] >> (n % 64) & 1);
  }

 private:
  std::vector<uint64_t> words_;
};

}  // namespace

Selection SelectNewFiles(const std::vector<ControlEntry>& files, size_t num_in_first_corpus) {
  Selection s;
  num_in_first_corpus = std::min(num_in_first_corpus, files.size());
  BitSet features, first_edges, new_edges;
  for (size_t i = 0; i < num_in_first_corpus; i++) {
    for (uint32_t f : files[i].features) features.Insert(f);
    for (uint32_t e : files[i].edges) first_edges.Insert(e);
  }
  std::vector<size_t> order(files.size() - num_in_first_corpus);
  std::iota(order.begin(), order.end(), num_in_first_corpus);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (files[a].size != files[b].size) return files[a].size < files[b].size;
    return files[a].name < files[b].name;
  });
  for (size_t i : order) {
    const ControlEntry& file = files[i];
    if (file.state != FileState::kDone) continue;
    bool adds = false;
    for (uint32_t f : file.features) {
      if (features.Insert(f)) {
        adds = true;
        s.new_features++;
      }
    }
    if (adds) s.chosen.push_back(i);
    for (uint32_t e : file.edges) {
      if (!first_edges.Contains(e) && new_edges.Insert(e)) s.new_edges++;
    }
  }
  return s;
}

}  // namespace hivefuzz::merge
