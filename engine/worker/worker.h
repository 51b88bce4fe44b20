// A worker thread: pops a work item, copies its input into the thread's crash slot (again at the
// start of each chain of mutations), then mutates in place, executes and merges coverage until the item's budget is spent, a new
// coverage bit is won (the input is published), or the target crashes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/file_util.h"
#include "base/rng.h"
#include "cmp/cmp_table.h"
#include "coordinator/engine_context.h"
#include "mutator/dictionary.h"
#include "mutator/guided_mutations.h"
#include "mutator/recent_comparisons.h"

namespace hivefuzz {

// What a worker does with a mutant that won new coverage bits.
enum class NewInputPolicy : uint8_t {
  kPublish,  // fuzzing: minimize it (if on) and hand it to the coordinator for the corpus
  kDiscard,  // benchmark mode: the bits stay in the mask, the corpus stays frozen
};

// Thread-compatible: one Worker per thread, used only by that thread.
class Worker {
 public:
  Worker(EngineContext& ctx, uint32_t index, NewInputPolicy new_inputs = NewInputPolicy::kPublish);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The thread's loop. Returns when a stop is requested or the exec budget is spent.
  void Run();

  // Operands that won new coverage when a mutation wrote them. Read after Run returned.
  const AutoDictionary& auto_dictionary() const { return auto_dictionary_; }

 private:
  void RunWarmup(const WorkItem& item);
  // Fuzzes the item's corpus entry, then the inputs that won new coverage from it.
  void RunFuzz(const WorkItem& item);
  // Mutates `base` for one item's budget (`budget`, or the current item budget if 0) and
  // returns the input that won new coverage (published to the coordinator), or nothing.
  // `ancestor` is the corpus index of the base or of its nearest published ancestor.
  // `reducible` (may be null): the corpus entry `base` is, when a smaller mutant that reaches
  // every bit the entry won may replace it (-reduce_inputs); such a mutant ends the item.
  // `sweep`: the first executions are the comparison sweep of the base (ListComparisonEdits).
  Bytes FuzzBase(std::span<const uint8_t> base, uint32_t ancestor, uint32_t generation,
                 uint32_t budget, const Input* reducible = nullptr, bool sweep = false);
  bool NextItem(WorkItem* item);
  // Runs the target once on the slot's first `size` bytes, leaving its coverage in this
  // thread's counters. False: the target rejected the input (returned -1).
  bool RunSlot(size_t size);
  // One mutation of the slot's first *size bytes: the custom mutator's, one typed argument's
  // (MutateTyped), or MutateBuffer's on the whole input.
  void Mutate(size_t* size);
  // One mutation of data[0, *size) within max_len: Go's byte mutations, or now and then one
  // guided by the target's comparisons, a dictionary entry, or a crossover with another entry
  // (with the same typed argument of it when `field` is not -1).
  void MutateBuffer(uint8_t* data, size_t* size, size_t max_len, int field);
  // A typed fuzz test: Go's mutation of one argument drawn at random, its bytes by
  // MutateBuffer, its number by Go's mutators or the comparisons. False if none applied.
  bool MutateTyped(size_t* size);
  // A guided mutation; false if none applied (the caller falls back to a byte mutation).
  bool MutateWithComparisons(uint8_t* data, size_t* size, size_t max_len);
  bool MutateWithDictionary(uint8_t* data, size_t* size, size_t max_len);
  bool MutateWithCrossOver(uint8_t* data, size_t* size, size_t max_len, int field);
  // The target's LLVMFuzzerCustomMutator (and LLVMFuzzerCustomCrossOver), instead of the above.
  void MutateWithCustomMutator(size_t* size);
  // Copies the comparisons of the last traced execution out of the table.
  void RefreshComparisons();
  // A new input won coverage: the operand the mutation chain wrote, if any, joins the
  // automatic dictionary.
  void CreditWrittenToken();
  // Drops the coverage and value-profile features of the last execution unmerged.
  // Reruns `input` (TracksRarity) and lists every coverage bit it reaches in input->features;
  // one more execution, counted in *used (the caller checks the item's grant has it).
  void ListFeatures(Input* input, uint64_t* used);
  void DiscardCoverage();
  // RunSlot, then merges the coverage; returns the bits won (0 if rejected), recorded in `won`
  // when it is not null.
  // With `must_reach`, *reached says whether the execution reached every bit of it.
  size_t ExecuteSlot(size_t size, WonBits* won = nullptr, const WonBits* must_reach = nullptr,
                     bool* reached = nullptr);
  // Go's keepCoverage: shrinks a new input while it still reaches at least one of the bits it
  // won, within -fuzzminimizetime and the exec budget (*granted grows by claims, *used counts).
  Bytes MinimizeNewInput(Bytes found, const WonBits& won, uint64_t* granted, uint64_t* used);

  EngineContext& ctx_;
  const NewInputPolicy new_inputs_;
  Slot& slot_;
  uint8_t* exec_copy_;  // what the target is given: a copy of the slot's input
  WorkerCounters& counters_;
  // Takes its items from `work_second` (TakesSecondSchedule).
  const bool takes_second_schedule_;
  // Lists the coverage bits of its finds for the rarity weights (TracksRarity).
  const bool lists_features_;
  Rng rng_;
  uint8_t* coverage_counters_;  // the heap array, for SetThreadCounters
  CounterView counter_view_;    // all of this thread's counters, built when Run starts
  cmp::CmpTable* cmp_table_;
  uint64_t seq_ = 0;
  std::string exception_text_;

  // True while an execution whose comparisons are traced runs; with append_comparisons_ the
  // table keeps the previous traced execution's comparisons too.
  bool record_comparisons_ = false;
  bool append_comparisons_ = false;
  // The comparisons guided mutations draw from: the item's first execution's.

  std::unique_ptr<cmp::IntComparison[]> raw_ints_;  // cmp::kIntSlots
  std::unique_ptr<cmp::BytesComparison[]> raw_bytes_;  // cmp::kBytesSlots
  std::vector<IntComparison> int_comparisons_;
  std::vector<BytesComparison> bytes_comparisons_;
  // The comparison sweep of the current base (-sweep_comparisons).
  std::vector<ComparisonEdit> sweep_edits_;
  // Byte-string comparisons of earlier items' traced executions: a keyword the target
  // compared a word with stays at hand after the item that saw it, for the inputs where it
  // has a place (after `select *`, `from` may be tried although this item's traced runs never
  // reached the compare that wants it). Filled once per item.
  RecentComparisons recent_bytes_{64};
  // The user's dictionary plus this worker's automatic entries.
  std::vector<DictionaryEntry> dictionary_;
  AutoDictionary auto_dictionary_;
  // The operand the current mutation chain wrote (size 0: none).
  Token written_{};
  // libFuzzer's mutation ABI (custom_mutation.h).
  const bool custom_mutator_;
  const bool use_cmp_;        // comparison guidance, unless a custom mutator does the mutating
  Bytes cross_over_scratch_;  // LLVMFuzzerCustomCrossOver's output, max_len bytes once used
  // A typed input split into its arguments, another input's (crossover), and the joined result:
  // reused, so that a typed mutation allocates only while they grow.
  std::vector<Bytes> fields_;
  std::vector<Bytes> other_fields_;
  Bytes field_scratch_;
  Bytes joined_;
  // The largest mutant of the current work item: max_len, or less with -len_control.
  size_t mutation_max_len_ = 0;
};

}  // namespace hivefuzz
