// Go's minimizeBytes, pass for pass. Each pass keeps Go's candidate order and the quirks that
// shape its result; the only changes skip tries whose answer is already known (each is marked
// "Not in Go" below), so a deterministic target gives exactly Go's result in fewer tries.
#include "minimizer/minimizer.h"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace hivefuzz {
namespace {

// Go's printableChars, in Go's order: pass 4 keeps the first one that is accepted.
constexpr std::string_view kPrintable = "012789ABCXYZabcxyz !\"#$%&'()*+,.";

enum class Outcome { kRejected, kAccepted, kStop };

// A prefix v[:len] of the current best value that pass 1 tried and was rejected.
struct RejectedPrefix {
  size_t len;  // < v.size()
  // With gap = v.size() - len: the smallest p such that v[x] == v[x + gap] for every x in
  // [p, len). Removing v[i : i + gap] then gives exactly v[:len] iff i >= period_start.
  size_t period_start;
};

// One MinimizeBytes call: the current best value `v_` (the last accepted candidate, or the
// input), a scratch buffer for candidates, what is known to be rejected, and the callbacks.
// Every skip below is of a candidate byte-for-byte equal to one already rejected.
class Minimization {
 public:
  Minimization(Bytes input, const TryCandidate& try_candidate, const ShouldStop& should_stop)
      : v_(std::move(input)), try_candidate_(try_candidate), should_stop_(should_stop) {
    candidate_.reserve(v_.size());
  }

  // Runs the four passes in Go's order; stops early when should_stop() says so.
  void Run() {
    if (CutTail() && RemoveSingleBytes() && RemoveRanges()) MakePrintable();
  }

  Bytes TakeResult() { return std::move(v_); }
  const MinimizeStats& stats() const { return stats_; }

 private:
  // The one place try_candidate is called, always right after should_stop().
  Outcome Try(const Bytes& candidate) {
    if (should_stop_()) return Outcome::kStop;
    stats_.attempts++;
    if (!try_candidate_(candidate)) return Outcome::kRejected;
    stats_.accepted++;
    return Outcome::kAccepted;
  }

  // Makes candidate_ the current best. REQUIRES: it equals v_ up to index `kept` (v_[:kept] is
  // unchanged), so the rejected prefixes no longer than that are still prefixes of the new value.
  void Accept(size_t kept) {
    v_.swap(candidate_);
    std::erase_if(rejected_prefixes_,
                  [&](const RejectedPrefix& r) { return r.len > kept || r.len >= v_.size(); });
    for (RejectedPrefix& r : rejected_prefixes_) r.period_start = PeriodStart(r.len);
  }

  // RejectedPrefix::period_start for a prefix of length len < v_.size().
  size_t PeriodStart(size_t len) const {
    const size_t gap = v_.size() - len;
    size_t p = len;
    while (p > 0 && v_[p - 1] == v_[p - 1 + gap]) p--;
    return p;
  }

  bool IsRejectedPrefix(size_t len) const {
    return std::any_of(rejected_prefixes_.begin(), rejected_prefixes_.end(),
                       [len](const RejectedPrefix& r) { return r.len == len; });
  }

  // Whether v_[:i] + v_[i + gap:] is a prefix of v_ that pass 1 has already rejected.
  bool IsRejectedRemoval(size_t i, size_t gap) const {
    const size_t len = v_.size() - gap;
    return std::any_of(
        rejected_prefixes_.begin(), rejected_prefixes_.end(),
        [&](const RejectedPrefix& r) { return r.len == len && i >= r.period_start; });
  }

  // Pass 1 (Go: "cut the tail"). Every candidate is a prefix v_[:len] with 1 <= len < size.
  bool CutTail() {
    for (size_t n = 1024; n != 0; n /= 2) {
      while (v_.size() > n) {
        const size_t len = v_.size() - n;
        // Not in Go: after a rejected cut of n, a successful cut of n/2 makes Go try the
        // rejected prefix again (cutting n/2 twice).
        if (IsRejectedPrefix(len)) break;
        candidate_.assign(v_.begin(), v_.begin() + static_cast<ptrdiff_t>(len));
        const Outcome outcome = Try(candidate_);
        if (outcome == Outcome::kStop) return false;
        if (outcome == Outcome::kRejected) {
          rejected_prefixes_.push_back({len, PeriodStart(len)});
          break;
        }
        Accept(len);
      }
    }
    return true;
  }

  // Pass 2 (Go: "remove each individual byte"). As in Go, i stops before the last byte, and a
  // success retries the same i, which now holds the next byte.
  bool RemoveSingleBytes() {
    bool previous_rejected = false;  // the removal at i - 1 was rejected on the current v_
    for (size_t i = 0; i + 1 < v_.size();) {
      // Not in Go: removing any byte of a run of equal bytes gives the same candidate, so only
      // the first of a run is tried; and removing a byte of the final run gives v_[:size - 1],
      // which pass 1 rejected last (while v_ has not changed since).
      if ((i > 0 && previous_rejected && v_[i] == v_[i - 1]) || IsRejectedRemoval(i, 1)) {
        previous_rejected = true;
        i++;
        continue;
      }
      candidate_.assign(v_.begin(), v_.begin() + static_cast<ptrdiff_t>(i));
      candidate_.insert(candidate_.end(), v_.begin() + static_cast<ptrdiff_t>(i + 1), v_.end());
      const Outcome outcome = Try(candidate_);
      if (outcome == Outcome::kStop) return false;
      if (outcome == Outcome::kRejected) {
        previous_rejected = true;
        i++;
        continue;
      }
      Accept(i);
      previous_rejected = false;  // retry the same i on the new value
    }
    return true;
  }

  // run_start_[k] = the first index of the run of equal bytes that holds v_[k].
  void ComputeRunStarts() {
    run_start_.resize(v_.size());
    for (size_t k = 0; k < v_.size(); k++) {
      run_start_[k] = (k > 0 && v_[k] == v_[k - 1]) ? run_start_[k - 1] : k;
    }
  }

  // Pass 3 (Go: "remove each possible subset of bytes"): candidate (i, j) = v_[:i] + v_[j:] for
  // each i with i + 1 < size, and j from size down to i + 2. This is the only pass that can reach
  // the empty value (i = 0, j = size).
  bool RemoveRanges() {
    ComputeRunStarts();
    for (size_t i = 0; i + 1 < v_.size(); i++) {
      size_t j = v_.size();
      while (j > i + 1) {
        // Not in Go: (i, j) equals (i - 1, j - 1) when v_[i - 1] == v_[j - 1], and every
        // candidate (i - 1, *) on the current v_ is known to be rejected (see below). So Go's
        // O(n^2) tries become one per distinct candidate, and all ends j - 1 in one run of bytes
        // equal to v_[i - 1] are skipped at once: on an input of one repeated byte this pass
        // takes O(n) steps, not O(n^2).
        if (i > 0 && v_[j - 1] == v_[i - 1]) {
          j = run_start_[j - 1];
          continue;
        }
        if (IsRejectedRemoval(i, j - i)) {  // Not in Go: pass 1 rejected this prefix.
          j--;
          continue;
        }
        candidate_.assign(v_.begin(), v_.begin() + static_cast<ptrdiff_t>(i));
        candidate_.insert(candidate_.end(), v_.begin() + static_cast<ptrdiff_t>(j), v_.end());
        const Outcome outcome = Try(candidate_);
        if (outcome == Outcome::kStop) return false;
        if (outcome == Outcome::kAccepted) {
          Accept(i);
          ComputeRunStarts();
          // Not in Go: after a success at (i, j), Go goes on with (i, k) for k from the new
          // size - 1 down. But the new v_[k:] is the old v_[k + j - i:], so each of those is the
          // old (i, k + j - i), an end above j that this i has already rejected (ends go from
          // the far end down), and (i, new size) is v_[:i], this i's first candidate. So every
          // candidate (i, *) on the new v_ is known to be rejected: go on with i + 1.
          break;
        }
        j--;
      }
    }
    return true;
  }

  // Pass 4 (Go: "make it more human-readable"). Each byte takes the first printable character
  // that is accepted; if none is, it keeps its value.
  bool MakePrintable() {
    for (size_t i = 0; i < v_.size(); i++) {
      const uint8_t original = v_[i];
      for (const char c : kPrintable) {
        const auto printable = static_cast<uint8_t>(c);
        // Not in Go: on reaching the byte's own value Go tries v unchanged, which is the current
        // best, so it is accepted and Go keeps the byte. Keep it without the try.
        if (printable == original) break;
        v_[i] = printable;
        const Outcome outcome = Try(v_);
        if (outcome == Outcome::kAccepted) break;
        v_[i] = original;
        if (outcome == Outcome::kStop) return false;
      }
    }
    return true;
  }

  Bytes v_;
  Bytes candidate_;
  // Pass 1's rejections that are still prefixes of v_: at most one per power of two, so linear
  // searches are enough.
  std::vector<RejectedPrefix> rejected_prefixes_;
  std::vector<size_t> run_start_;  // pass 3 only
  const TryCandidate& try_candidate_;
  const ShouldStop& should_stop_;
  MinimizeStats stats_;
};

}  // namespace

Bytes MinimizeBytes(Bytes input, const TryCandidate& try_candidate, const ShouldStop& should_stop,
                    MinimizeStats* stats) {
  Minimization minimization(std::move(input), try_candidate, should_stop);
  minimization.Run();
  if (stats != nullptr) {
    stats->attempts += minimization.stats().attempts;
    stats->accepted += minimization.stats().accepted;
  }
  return minimization.TakeResult();
}

}  // namespace hivefuzz
