// Helpers shared by the comparison-table tests: a table per test, and the table's entries as
// vectors and strings so that expectations read plainly.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cmp/cmp_table.h"

namespace hivefuzz::cmp {

inline std::vector<IntComparison> IntEntries(const CmpTable& table) {
  std::vector<IntComparison> out(kIntSlots);
  out.resize(table.CollectIntComparisons(out.data(), out.size()));
  return out;
}

inline std::vector<BytesComparison> BytesEntries(const CmpTable& table) {
  std::vector<BytesComparison> out(kBytesSlots);
  out.resize(table.CollectBytesComparisons(out.data(), out.size()));
  return out;
}

inline std::string OperandA(const BytesComparison& c) {
  return std::string(reinterpret_cast<const char*>(c.a), c.size_a);
}
inline std::string OperandB(const BytesComparison& c) {
  return std::string(reinterpret_cast<const char*>(c.b), c.size_b);
}

// The value-profile words drained from `table`, as (word index, word) pairs.
inline std::vector<std::pair<size_t, uint64_t>> DrainedWords(CmpTable& table) {
  std::vector<std::pair<size_t, uint64_t>> words;
  table.DrainValueProfile([&](size_t index, uint64_t word) { words.emplace_back(index, word); });
  return words;
}

// A fresh table for each test; the thread's table pointer is reset afterwards.
class CmpTableFixture : public testing::Test {
 protected:
  void SetUp() override { table_ = AllocateTable(); }
  void TearDown() override {
    SetThreadTable(nullptr);
    FreeTable(table_);
  }

  // Runs `body` as one execution with this thread's callbacks pointed at the table, and
  // detaches the table before returning, so that comparisons made by the test's own
  // assertions (which may call memcmp) are not recorded.
  template <class F>
  void Execute(F body) {
    table_->StartExecution();
    SetThreadTable(table_);
    body();
    SetThreadTable(nullptr);
  }

  CmpTable* table_ = nullptr;
};

}  // namespace hivefuzz::cmp
