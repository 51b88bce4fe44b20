#include "worker/worker.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "base/clock.h"
#include "coordinator/len_control.h"
#include "coverage/runtime.h"
#include "crash/crash_handlers.h"
#include "crash/leak_detection.h"
#include "encoding/typed_input.h"
#include "minimizer/typed_minimizer.h"
#include "mutator/byte_mutator.h"
#include "mutator/number_mutation.h"
#include "mutator/splicing.h"
#include "mutator/to_ascii.h"
#include "mutator/typed_value_mutation.h"
#include "worker/custom_mutation.h"
#include "worker/slot_execution.h"

namespace hivefuzz {
namespace {

// Go's chain: reset to the base input every 5 executions, one more mutation before each.
constexpr uint32_t kChainedMutations = 5;

// How often, per 1000 mutations, a mutation comes from the target's comparisons, a dictionary
// or a crossover instead of Go's byte mutations (when there is something to draw from).
// Measured on the comparison targets in targets/ (see docs/comparison-guidance.md): enough to
// solve magic values in a few thousand executions, little enough to leave Go's mutations most
// of the work.
// Crossover at 100 rather than 50 cut text_protocol's executions to its bug from 43M to 27M
// (median of 4 seeds, every seed better), neutral on the other planted targets.
constexpr uint32_t kComparisonPerMille = 200;
constexpr uint32_t kDictionaryPerMille = 100;
constexpr uint32_t kCrossOverPerMille = 100;
// libFuzzer's ChangeASCIIInteger, about as often as libFuzzer draws it (1 of its 12 mutators).
constexpr uint32_t kNumberPerMille = 80;
// A work item traces its base input only when it has at least this many executions.
constexpr uint64_t kTraceBaseMinBudget = 16;
// One untraced execution in this many records its byte-string comparisons.
constexpr uint64_t kBytesSamplePeriod = 8;
// How many finds in a row a worker fuzzes itself before it takes the next queued item.
constexpr uint32_t kLocalFollowUps = 4;
// The comparison sweep of a find (-sweep_comparisons) takes at most this many executions, and
// at most half of its item's.
constexpr size_t kMaxSweepEdits = 64;

}  // namespace

Worker::Worker(EngineContext& ctx, uint32_t index, NewInputPolicy new_inputs)
    : ctx_(ctx),
      new_inputs_(new_inputs),
      slot_(ctx.slots.slot(index)),
      exec_copy_(ctx.slots.exec_data(index)),
      counters_(ctx.stats.of(index)),
      takes_second_schedule_(TakesSecondSchedule(ctx.config, index)),
      lists_features_(TracksRarity(ctx.config)),
      rng_(ctx.config.seed, uint64_t{index} + 1),
      coverage_counters_(coverage::AllocateCounters()),
      cmp_table_(cmp::AllocateTable()),
      dictionary_(ctx.dictionary),
      // A custom mutator replaces the engine's mutations, those fed by comparisons too, as in
      // libFuzzer: tracing them would be wasted.
      custom_mutator_(HasCustomMutator()),
      use_cmp_(ctx.config.use_cmp && !custom_mutator_) {
  cmp_table_->set_value_profile_enabled(ctx.config.use_value_profile);
  mutation_max_len_ = ctx.config.max_len;
  // Not value-initialized: only what a collection writes is touched (a worker's zeroed copies
  // were 20 KB of resident memory each, most of it never used).
  raw_ints_ = std::make_unique_for_overwrite<cmp::IntComparison[]>(cmp::kIntSlots);
  raw_bytes_ = std::make_unique_for_overwrite<cmp::BytesComparison[]>(cmp::kBytesSlots);
  int_comparisons_.reserve(cmp::kIntSlots);
  bytes_comparisons_.reserve(cmp::kBytesSlots);
  sweep_edits_.reserve(kMaxSweepEdits);
}

Worker::~Worker() {
  coverage::FreeCounters(coverage_counters_);
  cmp::FreeTable(cmp_table_);
}

void Worker::Run() {
  coverage::SetThreadCounters(coverage_counters_);
  counter_view_ = CounterView::OfThisThread(coverage_counters_, ctx_.mask.num_words() * 8);
  counter_view_.Zero();  // the executable's thread-local counters saw this thread's start
  SetThreadMutationRng(&rng_);
  BindThreadToSlot(&slot_);
  IgnoreEngineAllocationsOnThisThread();  // -detect_leaks: only the target's allocations count
  WorkItem item;
  // More workers than CPUs: only as many as CPUs work at once, taking turns.
  RunTokenHolder token(ctx_.run_tokens);
  while (!ctx_.stop.stop_requested()) {
    token.BeforeItem(MonotonicNanos());
    if (ctx_.stop.stop_requested() || !NextItem(&item)) break;
    if (item.kind == WorkKind::kWarmup) {
      RunWarmup(item);
    } else {
      RunFuzz(item);
    }
    if (ctx_.budget.Spent()) break;
  }
  slot_.state.store(SlotState::kIdle, std::memory_order_relaxed);
  BindThreadToSlot(nullptr);
  SetThreadMutationRng(nullptr);
  coverage::SetThreadCounters(nullptr);
  ctx_.workers_finished.fetch_add(1, std::memory_order_acq_rel);
}

bool Worker::NextItem(WorkItem* item) {
  while (!ctx_.stop.stop_requested()) {
    if (ctx_.fresh.try_pop(*item)) return true;
    // Warmup items are on `work` only; a worker of the second schedule takes them too.
    if (takes_second_schedule_ && ctx_.work_second.try_pop(*item)) return true;
    if (ctx_.work.try_pop(*item)) return true;
    // An empty queue never stalls a worker: once warmup is over it picks an entry itself.
    if (ctx_.fuzzing.load(std::memory_order_acquire)) {
      uint32_t n = ctx_.corpus.size();
      if (n > 0) {
        *item = WorkItem{rng_.Below(n), WorkKind::kFuzz, 0};
        return true;
      }
    }
    std::this_thread::yield();
  }
  return false;
}

bool Worker::RunSlot(size_t size) {
  slot_.size.store(size, std::memory_order_relaxed);
  slot_.seq.store(++seq_, std::memory_order_relaxed);
  // The table only while the target runs: the engine's own memcmp calls must not land in it.
  // Value profile needs every execution's comparisons; input-to-state the first of each item.
  const bool trace_comparisons = record_comparisons_ || ctx_.config.use_value_profile;
  // One untraced execution in kBytesSamplePeriod records its byte-string comparisons only;
  // the item's end moves them to recent_bytes_.
  const bool sample_bytes = !trace_comparisons && use_cmp_ && seq_ % kBytesSamplePeriod == 0;
  if (trace_comparisons) {
    if (!append_comparisons_) cmp_table_->StartExecution();
    cmp::SetThreadTable(cmp_table_);
  } else if (sample_bytes) {
    cmp::SetThreadBytesTable(cmp_table_);
  }
  bool accepted = RunTargetInSlot(ctx_.target, slot_, exec_copy_, size, &exception_text_);
  if (trace_comparisons) {
    cmp::SetThreadTable(nullptr);
  } else if (sample_bytes) {
    cmp::SetThreadBytesTable(nullptr);
  }
  counters_.AddExecs(1);
  return accepted;
}

void Worker::ListFeatures(Input* input, uint64_t* used) {
  // The mask credited only the bits that were new; the input's others are known by a rerun.
  size_t size = input->data.size();
  if (size != 0) std::memcpy(slot_.data(), input->data.data(), size);
  (*used)++;
  if (RunSlot(size)) ctx_.mask.ListFeatures(counter_view_, &input->features);
  DiscardCoverage();
}

void Worker::DiscardCoverage() {
  CoverageMask::Reset(counter_view_);
  if (ctx_.config.use_value_profile) cmp_table_->ClearValueProfile();
}

size_t Worker::ExecuteSlot(size_t size, WonBits* won, const WonBits* must_reach,
                           bool* reached) {
  if (!RunSlot(size)) {
    DiscardCoverage();
    return 0;
  }
  if (must_reach != nullptr) *reached = CoverageMask::ReachesAll(counter_view_, *must_reach);
  size_t won_bits = ctx_.mask.MergeAndReset(counter_view_, won);
  if (ctx_.config.use_value_profile) {
    cmp_table_->DrainValueProfile([&](size_t index, uint64_t bits) {
      won_bits += ctx_.value_profile.MergeWord(index, bits);
    });
  }
  return won_bits;
}

void Worker::RefreshComparisons() {
  size_t n = cmp_table_->CollectIntComparisons(raw_ints_.get(), cmp::kIntSlots);
  int_comparisons_.clear();
  for (size_t i = 0; i < n; i++) {
    const cmp::IntComparison& c = raw_ints_[i];
    if (c.a == c.b) continue;
    auto constant = (c.flags & cmp::kFirstIsConstant)    ? IntComparison::Constant::kA
                    : (c.flags & cmp::kSecondIsConstant) ? IntComparison::Constant::kB
                                                         : IntComparison::Constant::kNeither;
    int_comparisons_.push_back({c.a, c.b, c.size, constant});
  }
  n = cmp_table_->CollectBytesComparisons(raw_bytes_.get(), cmp::kBytesSlots);
  bytes_comparisons_.clear();
  for (size_t i = 0; i < n; i++) {
    const cmp::BytesComparison& c = raw_bytes_[i];
    bytes_comparisons_.push_back({MakeToken({c.a, c.size_a}), MakeToken({c.b, c.size_b})});
    recent_bytes_.Remember(bytes_comparisons_.back());
  }
}

bool Worker::MutateWithComparisons(uint8_t* data, size_t* size, size_t max_len) {
  bool ints = !int_comparisons_.empty();
  bool bytes = !bytes_comparisons_.empty() || !recent_bytes_.empty();
  if (!ints && !bytes) return false;
  // Replace an operand found in the input (input-to-state) most of the time; otherwise put an
  // operand somewhere new, or give the input a length the target compared its length with.
  uint64_t choice = rng_.Below(9);
  bool use_ints = ints && (!bytes || rng_.Below(2) == 0);
  if (use_ints && choice == 8) {
    if (ResizeToComparedLength(data, size, max_len, int_comparisons_, rng_)) return true;
    choice = 0;
  }
  if (choice == 8) choice = 0;
  if (use_ints) {
    if (choice == 4 && SolveIntComparisons(data, size, max_len, int_comparisons_, rng_)) {
      return true;
    }
    if (choice < 5) return InputToStateInt(data, size, max_len, int_comparisons_, rng_, &written_);
    if (choice < 7)
      return OverwriteWithIntOperand(data, size, max_len, int_comparisons_, rng_, &written_);
    return InsertIntOperand(data, size, max_len, int_comparisons_, rng_, &written_);
  }
  // Half the time (always when this item saw none) from the recent ones of earlier items.
  std::span<const BytesComparison> from = bytes_comparisons_;
  if (from.empty() || (!recent_bytes_.empty() && rng_.Below(2) == 0)) {
    from = recent_bytes_.entries();
  }
  if (choice < 5) return InputToStateBytes(data, size, max_len, from, rng_, &written_);
  if (choice < 7) return OverwriteWithBytesOperand(data, size, max_len, from, rng_, &written_);
  return InsertBytesOperand(data, size, max_len, from, rng_, &written_);
}

bool Worker::MutateWithDictionary(uint8_t* data, size_t* size, size_t max_len) {
  if (dictionary_.empty()) return false;
  const DictionaryEntry& entry = dictionary_[rng_.Below(dictionary_.size())];
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(entry.bytes.data()),
                                 entry.bytes.size());
  bool done = rng_.Below(2) == 0 ? InsertAtRandomPosition(data, size, max_len, bytes, rng_)
                                 : OverwriteAtRandomPosition(data, size, max_len, bytes, rng_);
  if (done) written_ = MakeToken(bytes);
  return done;
}

bool Worker::MutateWithCrossOver(uint8_t* data, size_t* size, size_t max_len, int field) {
  uint32_t n = ctx_.corpus.size();
  if (n < 2) return false;
  const Input& other = ctx_.corpus.at(rng_.Below(n));
  if (HasCustomCrossOver()) {
    if (cross_over_scratch_.empty()) cross_over_scratch_.resize(ctx_.config.max_len);
    return CustomCrossOver(data, size, max_len, other.data, cross_over_scratch_.data(), rng_);
  }
  if (field >= 0) {  // a typed argument crosses with the same argument of the other input
    SplitTypedInput(ctx_.config.shape, other.data, &other_fields_);
    return CrossOver(data, size, max_len, other_fields_[size_t(field)], rng_);
  }
  return CrossOver(data, size, max_len, other.data, rng_);
}

void Worker::MutateWithCustomMutator(size_t* size) {
  // libFuzzer's dispatch with a custom mutator: it, or the custom crossover when there is
  // one, drawn at random, up to 100 tries; then a single space.
  for (int attempt = 0; attempt < 100; attempt++) {
    bool cross = HasCustomCrossOver() && rng_.Below(2) == 0;
    if (cross ? MutateWithCrossOver(slot_.data(), size, mutation_max_len_, -1)
              : CustomMutate(slot_.data(), size, mutation_max_len_, rng_)) {
      return;
    }
  }
  slot_.data()[0] = ' ';
  *size = 1;
}

void Worker::MutateBuffer(uint8_t* data, size_t* size, size_t max_len, int field) {
  uint64_t draw = rng_.Below(1000);
  bool done = false;
  if (use_cmp_ && draw < kComparisonPerMille) {
    done = MutateWithComparisons(data, size, max_len);
  } else if (draw < kComparisonPerMille + kDictionaryPerMille) {
    done = MutateWithDictionary(data, size, max_len);
  } else if (draw < kComparisonPerMille + kDictionaryPerMille + kCrossOverPerMille) {
    done = ctx_.config.cross_over && MutateWithCrossOver(data, size, max_len, field);
  } else if (draw <
             kComparisonPerMille + kDictionaryPerMille + kCrossOverPerMille + kNumberPerMille) {
    done = ChangeDecimalNumber(data, size, max_len, rng_);
  }
  if (!done) MutateBytes(data, size, max_len, rng_);
  // libFuzzer's -only_ascii=1: after each mutation, as its MutationDispatcher does.
  if (ctx_.config.only_ascii) ToAscii(data, *size);
}

bool Worker::MutateTyped(size_t* size) {
  const std::vector<GoType>& shape = ctx_.config.shape;
  SplitTypedInput(shape, {slot_.data(), *size}, &fields_);
  // Go's mutator: one argument, drawn uniformly, per mutation.
  size_t index = rng_.Below(uint32_t(shape.size()));
  GoType type = shape[index];
  Bytes& field = fields_[index];
  if (IsByteString(type)) {
    // The byte mutations, comparisons and dictionaries, within what the other arguments leave.
    size_t others = JoinedSize(shape, fields_) - field.size();
    size_t max_len =
        std::max(field.size(), mutation_max_len_ > others ? mutation_max_len_ - others : 0);
    if (max_len == 0) return false;
    // Mutated in a buffer of max_len bytes made once: resizing the field to max_len would
    // zero-fill it on every mutation.
    if (field_scratch_.size() < ctx_.config.max_len) field_scratch_.resize(ctx_.config.max_len);
    size_t field_size = field.size();
    if (field_size > 0) std::memcpy(field_scratch_.data(), field.data(), field_size);
    MutateBuffer(field_scratch_.data(), &field_size, max_len, int(index));
    field.assign(field_scratch_.begin(), field_scratch_.begin() + ptrdiff_t(field_size));
  } else {
    NumberKind kind = type == GoType::kBool                                  ? NumberKind::kBool
                      : type == GoType::kFloat32 || type == GoType::kFloat64 ? NumberKind::kFloat
                      : IsSignedInteger(type)                                ? NumberKind::kSigned
                                              : NumberKind::kUnsigned;
    bool guided = use_cmp_ && rng_.Below(1000) < kComparisonPerMille &&
                  SetToComparedOperand(kind, field.data(), field.size(), int_comparisons_, rng_);
    if (!guided) MutateNumber(kind, field.data(), field.size(), rng_);
  }
  if (JoinedSize(shape, fields_) > ctx_.config.max_len) return false;
  JoinTypedInput(shape, fields_, &joined_);
  if (!joined_.empty()) std::memcpy(slot_.data(), joined_.data(), joined_.size());
  *size = joined_.size();
  return true;
}

void Worker::Mutate(size_t* size) {
  if (custom_mutator_) {
    MutateWithCustomMutator(size);
    if (ctx_.config.only_ascii) ToAscii(slot_.data(), *size);
  } else if (ctx_.config.shape.empty() || !MutateTyped(size)) {
    // A typed input's canonical form can be a few bytes longer than the base it came from, so
    // past the -len_control limit (never past max_len).
    MutateBuffer(slot_.data(), size, std::max(mutation_max_len_, *size), -1);
  }
}

void Worker::CreditWrittenToken() {
  if (written_.size == 0) return;
  if (auto_dictionary_.Add(written_.view())) {
    dictionary_.push_back({std::string(written_.view().begin(), written_.view().end()), "", 0});
  }
}

void Worker::RunWarmup(const WorkItem& item) {
  // A warmup input must run unless the whole budget is spent: another worker's unfinished
  // claim may still give executions back.
  bool claimed = false;
  while (!(claimed = ctx_.budget.Claim(1) == 1) && !ctx_.budget.Spent() &&
         !ctx_.stop.stop_requested()) {
    std::this_thread::yield();
  }
  if (claimed) {
    const Input& input = ctx_.corpus.at(item.input);
    SlotTable::SetOriginPath(
        slot_, input.source == InputSource::kCache ? InputOrigin::kCache : InputOrigin::kSeed,
        input.path);
    if (!input.data.empty()) std::memcpy(slot_.data(), input.data.data(), input.data.size());
    slot_.state.store(SlotState::kRunning, std::memory_order_relaxed);
    ExecuteSlot(input.data.size());
    slot_.state.store(SlotState::kIdle, std::memory_order_relaxed);
    slot_.origin.store(InputOrigin::kMutant, std::memory_order_relaxed);
    ctx_.budget.Finish(1, 1);
  }
  ctx_.warmup_done.fetch_add(1, std::memory_order_acq_rel);
}

void Worker::RunFuzz(const WorkItem& item) {
  const Input& entry = ctx_.corpus.at(item.input);
  const bool reducible = ctx_.config.reduce_inputs && entry.source == InputSource::kGenerated &&
                         entry.won.count != 0 && !entry.won.truncated;
  Bytes find = FuzzBase(entry.data, item.input, entry.generation, item.budget,
                        reducible ? &entry : nullptr);
  // A find is fuzzed at once by the worker that made it, as libFuzzer goes on from a new unit:
  // the coordinator publishes it only after its next poll and a file write, and a fast target
  // runs thousands of executions in that time. Its own finds follow, a few deep.
  uint32_t generation = entry.generation;
  for (uint32_t depth = 0; depth < kLocalFollowUps && !find.empty(); depth++) {
    if (ctx_.stop.stop_requested() || ctx_.budget.Spent()) break;
    Bytes base = std::move(find);
    find = FuzzBase(base, item.input, ++generation, 0, nullptr, ctx_.config.sweep_comparisons);
  }
}

Bytes Worker::FuzzBase(std::span<const uint8_t> base, uint32_t ancestor, uint32_t generation,
                       uint32_t budget, const Input* reducible, bool sweep) {
  uint32_t wanted = budget ? budget : ctx_.item_budget.load(std::memory_order_relaxed);
  uint64_t granted = ctx_.budget.Claim(wanted);
  if (granted == 0) return {};
  MaybeGrowMutationLen(ctx_);
  // libFuzzer's CurrentMaxMutationLen: the -len_control limit, or the base's size if larger.
  mutation_max_len_ =
      std::min(ctx_.config.max_len,
               std::max(base.size(), ctx_.max_mutation_len.load(std::memory_order_relaxed)));
  Bytes find;
  size_t size = 0;
  uint64_t used = 0;
  slot_.state.store(SlotState::kRunning, std::memory_order_relaxed);
  // Comparisons are traced on two executions per item, the unmutated base and its first
  // mutant, into one table, as AFL++'s CmpLog traces each queue entry once: recording them on
  // every execution costs more than the mutations they feed (a target with many switches ran
  // at half speed). The base gives the entry's own operands; the mutant reaches compares the
  // base stops short of (a length check that comes first). Items too small to spare an
  // execution trace the mutant only.
  int_comparisons_.clear();
  bytes_comparisons_.clear();
  bool traced_base = false;
  if (use_cmp_ && granted >= kTraceBaseMinBudget) {
    size = base.size();
    if (size != 0) std::memcpy(slot_.data(), base.data(), size);
    record_comparisons_ = true;
    used++;
    // Its coverage is not merged: the entry's bits were credited to it when it was found,
    // and a bit the rerun reaches anew (a nondeterministic target) would be credited to no
    // input, since the corpus already has these bytes.
    RunSlot(size);
    DiscardCoverage();
    record_comparisons_ = false;
    traced_base = true;
  }
  sweep_edits_.clear();
  // Not for typed fuzz tests: an edit of the joined bytes could break an argument's encoding.
  if (sweep && traced_base && ctx_.config.shape.empty()) {
    RefreshComparisons();
    ListComparisonEdits(base, int_comparisons_, bytes_comparisons_,
                        std::min<uint64_t>(kMaxSweepEdits, (granted - used) / 2), rng_,
                        &sweep_edits_);
  }
  size_t next_edit = 0;
  for (uint64_t mutated = 0; used < granted && !ctx_.stop.stop_requested();) {
    if (next_edit < sweep_edits_.size()) {
      // The sweep first: each edit on the base alone.
      size = base.size();
      if (size != 0) std::memcpy(slot_.data(), base.data(), size);
      const ComparisonEdit& edit = sweep_edits_[next_edit++];
      if (!ApplyComparisonEdit(slot_.data(), &size, mutation_max_len_, edit)) continue;
      written_ = edit.replacement;
    } else {
      if (mutated % kChainedMutations == 0) {
        size = base.size();
        if (size != 0) std::memcpy(slot_.data(), base.data(), size);
        written_.size = 0;
      }
      Mutate(&size);
      record_comparisons_ = mutated == 0 && use_cmp_;
      append_comparisons_ = record_comparisons_ && traced_base;
      mutated++;
    }
    used++;
    WonBits won_bits;
    // libFuzzer's -reduce_inputs: a smaller mutant of an entry is checked for the entry's bits.
    const bool try_reduce = reducible != nullptr && size < base.size();
    bool reduces = false;
    size_t won = ExecuteSlot(size, &won_bits, try_reduce ? &reducible->won : nullptr, &reduces);
    if (record_comparisons_) {
      record_comparisons_ = append_comparisons_ = false;
      RefreshComparisons();
    }
    if (won != 0) {
      // The item ends here as it does when fuzzing; only the checks below the win differ.
      if (new_inputs_ == NewInputPolicy::kDiscard) break;
      CreditWrittenToken();
      auto input = std::make_unique<Input>();
      input->data.assign(slot_.data(), slot_.data() + size);
      // Go's keepCoverage needs won edge bits; a find of value-profile features only is kept
      // as it is.
      bool minimize = ctx_.config.minimize_time_ns != 0 || ctx_.config.minimize_attempts != 0;
      if (minimize && won_bits.count != 0) {
        input->data = MinimizeNewInput(std::move(input->data), won_bits, &granted, &used);
      }
      input->source = InputSource::kGenerated;
      input->parent = ancestor;
      input->generation = generation + 1;
      input->new_bits = uint32_t(won);
      input->won = won_bits;
      if (lists_features_ && used < granted) ListFeatures(input.get(), &used);
      find = input->data;
      ctx_.results.push(std::move(input));
      break;
    }
    if (reduces && new_inputs_ != NewInputPolicy::kDiscard) {
      // The same first-reached coverage in fewer bytes: it takes the entry's place.
      auto input = std::make_unique<Input>();
      input->data.assign(slot_.data(), slot_.data() + size);
      input->source = InputSource::kGenerated;
      input->parent = reducible->parent;
      input->generation = reducible->generation;
      input->new_bits = reducible->new_bits;
      input->won = reducible->won;
      input->replaces = ancestor + 1;
      if (lists_features_ && used < granted) ListFeatures(input.get(), &used);
      ctx_.results.push(std::move(input));
      break;
    }
  }
  if (use_cmp_ && !ctx_.config.use_value_profile) {
    size_t n = cmp_table_->CollectBytesComparisons(raw_bytes_.get(), cmp::kBytesSlots);
    for (size_t i = 0; i < n; i++) {
      const cmp::BytesComparison& c = raw_bytes_[i];
      recent_bytes_.Remember({MakeToken({c.a, c.size_a}), MakeToken({c.b, c.size_b})});
    }
  }
  slot_.state.store(SlotState::kIdle, std::memory_order_relaxed);
  ctx_.budget.Finish(granted, used);
  return find;
}

Bytes Worker::MinimizeNewInput(Bytes found, const WonBits& won, uint64_t* granted, uint64_t* used) {
  const uint64_t deadline =
      ctx_.config.minimize_time_ns != 0 ? MonotonicNanos() + ctx_.config.minimize_time_ns : 0;
  uint64_t attempts = 0;
  // Minimization executions count against -fuzztime=Nx like any other, claimed in chunks.
  auto should_stop = [&] {
    if (ctx_.stop.stop_requested()) return true;
    if (ctx_.config.minimize_attempts != 0 && attempts >= ctx_.config.minimize_attempts) {
      return true;
    }
    if (deadline != 0 && (attempts & 63) == 0 && MonotonicNanos() >= deadline) return true;
    if (*used == *granted) {
      uint64_t more = ctx_.budget.Claim(64);
      if (more == 0) return true;
      *granted += more;
    }
    return false;
  };
  // A candidate runs from the slot like any input, so a crash or hang while minimizing names it.
  slot_.origin.store(InputOrigin::kMinimizing, std::memory_order_relaxed);
  auto keeps_coverage = [&](const Bytes& candidate) {
    attempts++;
    (*used)++;
    if (!candidate.empty()) std::memcpy(slot_.data(), candidate.data(), candidate.size());
    bool accepted = RunSlot(candidate.size()) && CoverageMask::ReachesAny(counter_view_, won);
    // Coverage of candidates is not merged: bits they would win stay to be found by an input
    // that is kept.
    DiscardCoverage();
    return accepted;
  };
  Bytes smallest =
      MinimizeTypedInput(ctx_.config.shape, std::move(found), keeps_coverage, should_stop);
  slot_.origin.store(InputOrigin::kMutant, std::memory_order_relaxed);
  return smallest;
}

}  // namespace hivefuzz
