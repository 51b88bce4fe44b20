// One thread's edge counters wherever they live (its heap array, the executable's thread-local
// arrays), as runs of 8-byte words by counter index: what the coverage mask reads and zeroes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hivefuzz {

// Counter words [first_word, first_word + num_words) at `words` (word i holds counters 8i..8i+7).
struct CounterSpan {
  uint64_t* words;
  size_t first_word;
  size_t num_words;
};

class CounterView {
 public:
  CounterView() = default;
  // One array of `num_counters` counters (rounded down to whole words), index 0 at `counters`
  // (8-byte aligned).
  CounterView(uint8_t* counters, size_t num_counters);

  // The calling thread's counters below `num_counters`: the executable's thread-local arrays
  // where it has them, `heap` (the array given to coverage::SetThreadCounters) elsewhere. Only
  // valid on the thread that built it.
  static CounterView OfThisThread(uint8_t* heap, size_t num_counters);

  // Ascending by first_word, never overlapping.
  const std::vector<CounterSpan>& spans() const { return spans_; }

  // Word `index`, or null where no span holds it (no counter there).
  uint64_t* Word(size_t index) const;

  // Zeroes every counter.
  void Zero() const;

 private:
  std::vector<CounterSpan> spans_;
};

}  // namespace hivefuzz
