#include "coordinator/len_control.h"

#include <algorithm>
#include <bit>
#include <mutex>

namespace hivefuzz {
namespace {

uint64_t WaitAt(const EngineContext& ctx, size_t limit) {
  return uint64_t(ctx.config.len_control) * uint64_t(std::bit_width(limit) - 1);
}

}  // namespace

void RestartLenControl(EngineContext& ctx, uint64_t execs) {
  std::lock_guard lock(ctx.len_control_mutex);
  ctx.len_control_anchor.store(execs, std::memory_order_relaxed);
}

void MaybeGrowMutationLen(EngineContext& ctx) {
  if (ctx.config.len_control == 0) return;
  size_t limit = ctx.max_mutation_len.load(std::memory_order_relaxed);
  if (limit >= ctx.config.max_len) return;
  const uint64_t execs = ctx.stats.TotalExecs();
  if (execs - ctx.len_control_anchor.load(std::memory_order_relaxed) <= WaitAt(ctx, limit)) {
    return;
  }
  // One thread takes the steps; another that finds it busy has nothing left to do.
  std::unique_lock lock(ctx.len_control_mutex, std::try_to_lock);
  if (!lock.owns_lock()) return;
  limit = ctx.max_mutation_len.load(std::memory_order_relaxed);
  uint64_t anchor = ctx.len_control_anchor.load(std::memory_order_relaxed);
  const size_t start = limit;
  while (limit < ctx.config.max_len) {
    const uint64_t wait = WaitAt(ctx, limit);
    if (execs - anchor <= wait) break;
    limit = std::min<size_t>(ctx.config.max_len, limit + (std::bit_width(limit) - 1));
    anchor += wait + 1;
  }
  if (limit == start) return;
  ctx.len_control_anchor.store(anchor, std::memory_order_relaxed);
  ctx.max_mutation_len.store(limit, std::memory_order_relaxed);
}

}  // namespace hivefuzz
