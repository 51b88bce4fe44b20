#include "minimizer/typed_minimizer.h"

#include <vector>

#include "encoding/typed_input.h"

namespace hivefuzz {

Bytes MinimizeTypedInput(std::span<const GoType> shape, Bytes input,
                         const TryCandidate& try_candidate, const ShouldStop& should_stop,
                         MinimizeStats* stats) {
  if (shape.empty()) return MinimizeBytes(std::move(input), try_candidate, should_stop, stats);
  std::vector<Bytes> fields;
  SplitTypedInput(shape, input, &fields);
  Bytes joined;
  for (size_t i = 0; i < shape.size(); i++) {
    if (!IsByteString(shape[i]) || fields[i].empty()) continue;
    auto try_field = [&](const Bytes& candidate_field) {
      Bytes kept = std::move(fields[i]);
      fields[i] = candidate_field;
      JoinTypedInput(shape, fields, &joined);
      fields[i] = std::move(kept);
      return try_candidate(joined);
    };
    fields[i] = MinimizeBytes(std::move(fields[i]), try_field, should_stop, stats);
  }
  JoinTypedInput(shape, fields, &joined);
  return joined;
}

}  // namespace hivefuzz
