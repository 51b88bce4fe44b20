#include "corpus/corpus.h"

namespace hivefuzz {

std::optional<uint32_t> Corpus::Add(std::unique_ptr<Input> input) {
  input->sha1 = Sha1(input->data.data(), input->data.size());
  if (!hashes_.insert(input->sha1).second) return std::nullopt;
  auto index = static_cast<uint32_t>(entries_.size());
  entries_.push_back(std::move(input));
  published_.store(index + 1, std::memory_order_release);
  return index;
}

}  // namespace hivefuzz
