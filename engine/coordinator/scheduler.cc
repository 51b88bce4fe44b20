#include "coordinator/scheduler.h"

#include <algorithm>
#include <cmath>

#include "base/check.h"

namespace hivefuzz {

namespace {

double WeightWithoutRecency(size_t size, uint32_t new_bits) {
  double coverage = 1.0 + std::log2(1.0 + double(new_bits));
  double smallness = std::sqrt(64.0 / double(std::max<size_t>(size, 64)));
  return coverage * smallness;
}

double Recency(size_t age) {
  return age >= Scheduler::kRecencyWindow ? 1.0 : 1.0 + 3.0 * std::exp2(-double(age) / 16.0);
}

}  // namespace

double Scheduler::Weight(size_t size, uint32_t new_bits, size_t age) {
  return WeightWithoutRecency(size, new_bits) * Recency(age);
}

void Scheduler::Add(uint32_t index, size_t size, uint32_t new_bits) {
  double weight = WeightWithoutRecency(size, new_bits);
  entries_.push_back({index, weight, weight});
  // Every entry within the window just aged by one.
  size_t n = entries_.size();
  size_t window_start = n > kRecencyWindow + 1 ? n - kRecencyWindow - 1 : 0;
  valid_prefix_ = std::min(valid_prefix_, window_start);
}

void Scheduler::Retire(uint32_t index) {
  auto at = std::lower_bound(entries_.begin(), entries_.end(), index,
                             [](const Entry& e, uint32_t i) { return e.index < i; });
  if (at == entries_.end() || at->index != index) return;
  at->weight_without_recency = 0;
  valid_prefix_ = std::min(valid_prefix_, size_t(at - entries_.begin()));
}

void Scheduler::Rebuild() {
  size_t n = entries_.size();
  prefix_.resize(n);
  double total = valid_prefix_ == 0 ? 0.0 : prefix_[valid_prefix_ - 1];
  for (size_t i = valid_prefix_; i < n; i++) {
    total += entries_[i].weight_without_recency * Recency(n - 1 - i);
    prefix_[i] = total;
  }
  valid_prefix_ = n;
}

uint32_t Scheduler::Pick(Rng& rng) {
  HF_CHECK(!entries_.empty());
  if (valid_prefix_ != entries_.size()) Rebuild();
  double target = prefix_.back() * (double(rng.Next64() >> 11) * 0x1.0p-53);
  size_t i = size_t(std::upper_bound(prefix_.begin(), prefix_.end(), target) - prefix_.begin());
  return entries_[std::min(i, entries_.size() - 1)].index;
}

}  // namespace hivefuzz
