// Unit tests of the merge's choice of files: libFuzzer's pass in order of size, with feature
// lists recorded per worker (only what is new to that worker).
#include "merge/select_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace hivefuzz::merge {
namespace {

ControlEntry Done(std::string name, uint64_t size, std::vector<uint32_t> features,
                  std::vector<uint32_t> edges = {}) {
  ControlEntry e;
  e.name = std::move(name);
  e.state = FileState::kDone;
  e.size = size;
  e.features = std::move(features);
  e.edges = std::move(edges);
  return e;
}

std::vector<std::string> Names(const std::vector<ControlEntry>& files, const Selection& s) {
  std::vector<std::string> out;
  for (size_t i : s.chosen) out.push_back(files[i].name);
  return out;
}

TEST(SelectFilesTest, SmallestFileOfEachFeatureIsTaken) {
  std::vector<ControlEntry> files = {
      Done("out/x", 1, {1}, {100}),    Done("in/big", 30, {2, 3, 4}, {101, 102}),
      Done("in/small", 3, {2}, {101}), Done("in/same-as-out", 1, {1}, {100}),
      Done("in/mid", 10, {3}, {102}),
  };
  Selection s = SelectNewFiles(files, 1);
  EXPECT_EQ(Names(files, s), (std::vector<std::string>{"in/small", "in/mid", "in/big"}));
  EXPECT_EQ(s.new_features, 3u);  // 2, 3, 4
  EXPECT_EQ(s.new_edges, 2u);     // 101, 102; 100 is the output corpus's
}

TEST(SelectFilesTest, FailedPendingAndDuplicateFilesAreNotTaken) {
  std::vector<ControlEntry> files = {Done("a", 2, {5}), Done("b", 2, {5}), Done("c", 1, {6})};
  files[2].state = FileState::kFailed;
  ControlEntry pending;
  pending.name = "d";
  files.push_back(pending);
  Selection s = SelectNewFiles(files, 0);
  EXPECT_EQ(Names(files, s), (std::vector<std::string>{"a"})) << "ties go by name";
  EXPECT_EQ(s.new_features, 1u);
}

TEST(SelectFilesTest, EmptyInputs) {
  EXPECT_TRUE(SelectNewFiles({}, 0).chosen.empty());
  std::vector<ControlEntry> files = {Done("out", 1, {1})};
  EXPECT_TRUE(SelectNewFiles(files, 1).chosen.empty());
}

// The claim in select_files.h: lists that hold only what is new to the worker that ran the
// input (each worker running its share in the control file's order) give the same selection
// as complete lists, whatever the split of inputs between workers.
TEST(SelectFilesTest, PerWorkerRecordingSelectsAsCompleteListsDo) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; round++) {
    size_t n = 1 + rng() % 30, first = rng() % (n + 1) / 2;
    std::vector<ControlEntry> complete;
    for (size_t i = 0; i < n; i++) {
      std::vector<uint32_t> f;
      for (int k = int(rng() % 6); k > 0; k--) f.push_back(rng() % 40);
      std::sort(f.begin(), f.end());
      f.erase(std::unique(f.begin(), f.end()), f.end());
      complete.push_back(Done("f" + std::to_string(rng() % 1000), rng() % 8, f, f));
    }
    // The control file's order: the first corpus, then the rest, each by (size, name).
    auto by_size = [&](const ControlEntry& a, const ControlEntry& b) {
      return a.size != b.size ? a.size < b.size : a.name < b.name;
    };
    std::sort(complete.begin(), complete.begin() + long(first), by_size);
    std::sort(complete.begin() + long(first), complete.end(), by_size);
    // Split among 1 to 4 workers (engines restarted in between count as more workers).
    size_t workers = 1 + rng() % 4;
    std::vector<std::set<uint32_t>> seen(workers);
    std::vector<ControlEntry> recorded = complete;
    for (size_t i = 0; i < n; i++) {
      auto& mine = seen[rng() % workers];
      recorded[i].features.clear();
      for (uint32_t f : complete[i].features) {
        if (mine.insert(f).second) recorded[i].features.push_back(f);
      }
    }
    Selection want = SelectNewFiles(complete, first), got = SelectNewFiles(recorded, first);
    std::vector<size_t> a = want.chosen, b = got.chosen;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    ASSERT_EQ(a, b) << "round " << round;
    ASSERT_EQ(want.new_features, got.new_features) << "round " << round;
  }
}

}  // namespace
}  // namespace hivefuzz::merge
