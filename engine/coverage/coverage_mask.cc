#include "coverage/coverage_mask.h"

#include <algorithm>
#include <bit>

namespace hivefuzz {

CoverageMask::CoverageMask(size_t num_counters)
    : num_words_((num_counters + 7) / 8),
      owned_(new std::atomic<uint64_t>[num_words_]),
      words_(owned_.get()) {
  for (size_t i = 0; i < num_words_; i++) words_[i].store(0, std::memory_order_relaxed);
}

CoverageMask::CoverageMask(std::atomic<uint64_t>* shared_words, size_t num_counters)
    : num_words_((num_counters + 7) / 8), words_(shared_words) {}

size_t CoverageMask::MergeAndReset(const CounterView& counters, WonBits* won_bits) {
  size_t won = 0;
  for (const CounterSpan& span : counters.spans()) {
    const size_t end = std::min(span.num_words, num_words_ - std::min(num_words_, span.first_word));
    for (size_t j = 0; j < end; j++) {
      uint64_t c = span.words[j];
      if (c == 0) continue;
      span.words[j] = 0;
      const size_t i = span.first_word + j;
      uint64_t buckets = BucketWord(c);
      // Relaxed is enough: the claim lives in this one word, and fetch_or's result says which
      // bits were ours. Inputs are published to other threads through the corpus, not the mask.
      if ((buckets & ~words_[i].load(std::memory_order_relaxed)) == 0) continue;
      uint64_t old = words_[i].fetch_or(buckets, std::memory_order_relaxed);
      uint64_t ours = buckets & ~old;
      won += size_t(std::popcount(ours));
      if (ours != 0 && won_bits != nullptr) {
        if (won_bits->count < WonBits::kCapacity) {
          won_bits->words[won_bits->count++] = {uint32_t(i), ours};
        } else {
          won_bits->truncated = true;
        }
      }
    }
  }
  return won;
}

namespace {
uint64_t BucketsOfWord(const CounterView& counters, size_t index) {
  const uint64_t* word = counters.Word(index);
  return word != nullptr ? BucketWord(*word) : 0;
}
}  // namespace

bool CoverageMask::ReachesAny(const CounterView& counters, const WonBits& won) {
  for (size_t i = 0; i < won.count; i++) {
    if ((BucketsOfWord(counters, won.words[i].index) & won.words[i].bits) != 0) return true;
  }
  return false;
}

bool CoverageMask::ReachesAll(const CounterView& counters, const WonBits& won) {
  for (size_t i = 0; i < won.count; i++) {
    const uint64_t bits = won.words[i].bits;
    if ((BucketsOfWord(counters, won.words[i].index) & bits) != bits) return false;
  }
  return won.count != 0;
}

void CoverageMask::ListFeatures(const CounterView& counters,
                                std::vector<uint32_t>* features) const {
  for (const CounterSpan& span : counters.spans()) {
    const size_t end = std::min(span.num_words, num_words_ - std::min(num_words_, span.first_word));
    for (size_t j = 0; j < end; j++) {
      if (span.words[j] == 0) continue;
      const size_t i = span.first_word + j;
      for (uint64_t bits = BucketWord(span.words[j]); bits != 0; bits &= bits - 1) {
        features->push_back(uint32_t(i * 64 + size_t(std::countr_zero(bits))));
      }
    }
  }
}

size_t CoverageMask::CountBits() const {
  size_t n = 0;
  for (size_t i = 0; i < num_words_; i++) {
    n += size_t(std::popcount(words_[i].load(std::memory_order_relaxed)));
  }
  return n;
}

size_t CoverageMask::CountEdges() const {
  size_t n = 0;
  for (size_t i = 0; i < num_words_; i++) {
    // Fold each byte onto its lowest bit (shifts stay inside the byte), then count bytes.
    uint64_t w = words_[i].load(std::memory_order_relaxed);
    w |= w >> 4;
    w |= w >> 2;
    w |= w >> 1;
    n += size_t(std::popcount(w & 0x0101010101010101ULL));
  }
  return n;
}

}  // namespace hivefuzz
