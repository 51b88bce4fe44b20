#include "coverage/counter_view.h"

#include <algorithm>
#include <cstring>

#include "coverage/runtime.h"

namespace hivefuzz {

CounterView::CounterView(uint8_t* counters, size_t num_counters) {
  if (num_counters >= 8)
    spans_.push_back({reinterpret_cast<uint64_t*>(counters), 0, num_counters / 8});
}

CounterView CounterView::OfThisThread(uint8_t* heap, size_t num_counters) {
  std::vector<coverage::CounterRange> local(64);
  size_t n;
  while ((n = coverage::ThreadLocalCounterRanges(local.data(), local.size())) > local.size()) {
    local.resize(n);
  }
  local.resize(n);
  std::sort(local.begin(), local.end(),
            [](const coverage::CounterRange& a, const coverage::CounterRange& b) {
              return a.first < b.first;
            });
  const size_t num_words = num_counters / 8;
  CounterView view;
  auto add = [&](uint8_t* counters, size_t first_word, size_t end_word) {
    end_word = std::min(end_word, num_words);
    if (first_word >= end_word) return;
    view.spans_.push_back(
        {reinterpret_cast<uint64_t*>(counters), first_word, end_word - first_word});
  };
  // The heap array holds what the thread-local arrays leave: the gaps between them.
  size_t next_word = 0;
  for (const coverage::CounterRange& range : local) {
    size_t first_word = range.first / 8;
    add(heap + next_word * 8, next_word, first_word);
    add(range.counters, first_word, first_word + range.count / 8);
    next_word = first_word + range.count / 8;
  }
  add(heap + next_word * 8, next_word, num_words);
  return view;
}

uint64_t* CounterView::Word(size_t index) const {
  auto after = std::upper_bound(spans_.begin(), spans_.end(), index,
                                [](size_t i, const CounterSpan& s) { return i < s.first_word; });
  if (after == spans_.begin()) return nullptr;
  const CounterSpan& span = *(after - 1);
  return index < span.first_word + span.num_words ? span.words + (index - span.first_word)
                                                  : nullptr;
}

void CounterView::Zero() const {
  for (const CounterSpan& span : spans_) std::memset(span.words, 0, span.num_words * 8);
}

}  // namespace hivefuzz
