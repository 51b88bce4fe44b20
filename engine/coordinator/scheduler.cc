#include "coordinator/scheduler.h"

#include <algorithm>
#include <cmath>

#include "base/check.h"

namespace hivefuzz {

namespace {

double Coverage(uint32_t new_bits) { return 1.0 + std::log2(1.0 + double(new_bits)); }

double Smallness(size_t size) { return std::sqrt(64.0 / double(std::max<size_t>(size, 64))); }

double Recency(size_t age) {
  return age >= Scheduler::kRecencyWindow ? 1.0 : 1.0 + 3.0 * std::exp2(-double(age) / 16.0);
}

}  // namespace

double Scheduler::Entry::WeightWithoutRecency(Schedule schedule) const {
  if (retired) return 0;
  return coverage * (schedule.small_first ? smallness : 1.0) * (schedule.favor_rare ? rarity : 1.0);
}

double Scheduler::Weight(size_t size, uint32_t new_bits, size_t age, Schedule schedule) {
  Entry entry{0, Coverage(new_bits), Smallness(size)};
  return entry.WeightWithoutRecency(schedule) * Recency(age);
}

void Scheduler::Add(uint32_t index, size_t size, uint32_t new_bits) {
  entries_.push_back({index, Coverage(new_bits), Smallness(size)});
  // Every entry within the window just aged by one.
  size_t n = entries_.size();
  size_t window_start = n > kRecencyWindow + 1 ? n - kRecencyWindow - 1 : 0;
  for (size_t& valid : valid_prefix_) valid = std::min(valid, window_start);
}

void Scheduler::Retire(uint32_t index) {
  auto at = std::lower_bound(entries_.begin(), entries_.end(), index,
                             [](const Entry& e, uint32_t i) { return e.index < i; });
  if (at == entries_.end() || at->index != index) return;
  at->retired = true;
  for (size_t& valid : valid_prefix_) valid = std::min(valid, size_t(at - entries_.begin()));
}

void Scheduler::Rebuild(size_t s) {
  std::vector<double>& prefix = prefix_[s];
  size_t& valid = valid_prefix_[s];
  size_t n = entries_.size();
  prefix.resize(n);
  double total = valid == 0 ? 0.0 : prefix[valid - 1];
  for (size_t i = valid; i < n; i++) {
    total += entries_[i].WeightWithoutRecency(ScheduleAt(s)) * Recency(n - 1 - i);
    prefix[i] = total;
  }
  valid = n;
}

uint32_t Scheduler::Pick(Rng& rng, Schedule schedule) {
  HF_CHECK(!entries_.empty());
  const size_t s = IndexOf(schedule);
  if (valid_prefix_[s] != entries_.size()) Rebuild(s);
  const std::vector<double>& prefix = prefix_[s];
  double target = prefix.back() * (double(rng.Next64() >> 11) * 0x1.0p-53);
  size_t i = size_t(std::upper_bound(prefix.begin(), prefix.end(), target) - prefix.begin());
  return entries_[std::min(i, entries_.size() - 1)].index;
}

}  // namespace hivefuzz
