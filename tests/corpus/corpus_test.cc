#include "corpus/corpus.h"

#include <gtest/gtest.h>

#include <thread>

namespace hivefuzz {
namespace {

std::unique_ptr<Input> MakeInput(Bytes data) {
  auto in = std::make_unique<Input>();
  in->data = std::move(data);
  return in;
}

// Requirement: entries are deduplicated by content.
TEST(CorpusTest, DeduplicatesByContent) {
  Corpus corpus;
  EXPECT_EQ(corpus.Add(MakeInput({1, 2})), 0u);
  EXPECT_EQ(corpus.Add(MakeInput({3})), 1u);
  EXPECT_FALSE(corpus.Add(MakeInput({1, 2})).has_value());
  EXPECT_EQ(corpus.size(), 2u);
  EXPECT_EQ(corpus.at(1).data, Bytes({3}));
  EXPECT_TRUE(corpus.ContainsContent(Sha1(corpus.at(0).data.data(), 2)));
}

// Requirement (concurrency, generation oracle): readers see only fully built entries while a
// writer appends: entry i always holds the bytes written for i.
TEST(CorpusTest, ReadersSeeOnlyPublishedEntries) {
  Corpus corpus;
  constexpr uint32_t kEntries = 2000;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    uint64_t checks = 0;
    while (!done.load() || checks == 0) {
      uint32_t n = corpus.size();
      for (uint32_t i = n > 8 ? n - 8 : 0; i < n; i++) {
        const Input& in = corpus.at(i);
        ASSERT_EQ(in.data.size(), 4u);
        uint32_t v;
        std::memcpy(&v, in.data.data(), 4);
        ASSERT_EQ(v, i);
        checks++;
      }
    }
  });
  for (uint32_t i = 0; i < kEntries; i++) {
    Bytes b(4);
    std::memcpy(b.data(), &i, 4);
    ASSERT_EQ(corpus.Add(MakeInput(b)), i);
  }
  done.store(true);
  reader.join();
}

}  // namespace
}  // namespace hivefuzz
