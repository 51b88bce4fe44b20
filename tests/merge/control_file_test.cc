// Unit tests of the merge control file: libFuzzer's format read and written, records in any
// order, failure marks, and records cut short by a kill.
#include "merge/control_file.h"

#include <gtest/gtest.h>

namespace hivefuzz::merge {
namespace {

TEST(ControlFileTest, ReadsLibFuzzersExample) {
  // The example in libFuzzer's FuzzerMerge.cpp, COV lines included.
  std::string text =
      "3\n1\nfile0\nfile1\nfile2\n"
      "STARTED 0 123\nFT 0 1 4 6 8\nCOV 0 7 8 9\n"
      "STARTED 1 456\n"
      "STARTED 2 567\nFT 2 8 9\nCOV 2 11 12\n";
  auto cf = ParseControlFile(text, true);
  ASSERT_TRUE(cf.ok()) << cf.status().message();
  ASSERT_EQ(cf->files.size(), 3u);
  EXPECT_EQ(cf->num_in_first_corpus, 1u);
  EXPECT_EQ(cf->files[1].name, "file1");
  EXPECT_EQ(cf->files[0].state, FileState::kDone);
  EXPECT_EQ(cf->files[0].size, 123u);
  EXPECT_EQ(cf->files[0].features, (std::vector<uint32_t>{1, 4, 6, 8}));
  EXPECT_EQ(cf->files[0].edges, (std::vector<uint32_t>{7, 8, 9}));
  // libFuzzer's lone STARTED (it crashed there) is run again by hivefuzz: it never finished.
  EXPECT_EQ(cf->files[1].state, FileState::kPending);
  EXPECT_EQ(cf->files[2].state, FileState::kDone);
  EXPECT_EQ(cf->files[2].features, (std::vector<uint32_t>{8, 9}));
  EXPECT_EQ(cf->CountDone(), 2u);
  EXPECT_EQ(cf->CountPending(), 1u);
}

TEST(ControlFileTest, WrittenRecordsReadBackInAnyOrder) {
  std::string text = FormatHeader({"out/a", "in/b c", "in/d"}, 1);
  AppendRecord(&text, 2, 40, {9, 3, 3}, {2, 1});
  text += FormatFailure(1, 7, "timeout");
  AppendRecord(&text, 0, 5, {}, {});
  auto cf = ParseControlFile(text, true);
  ASSERT_TRUE(cf.ok()) << cf.status().message();
  EXPECT_EQ(cf->files[1].name, "in/b c") << "names keep their spaces";
  EXPECT_EQ(cf->files[0].state, FileState::kDone);
  EXPECT_TRUE(cf->files[0].features.empty());
  EXPECT_EQ(cf->files[1].state, FileState::kFailed);
  EXPECT_EQ(cf->files[1].failure, "timeout");
  EXPECT_EQ(cf->files[1].size, 7u);
  EXPECT_EQ(cf->files[2].state, FileState::kDone);
  EXPECT_EQ(cf->files[2].size, 40u);
  EXPECT_EQ(cf->files[2].features, (std::vector<uint32_t>{3, 9})) << "sorted, distinct";
  EXPECT_EQ(cf->files[2].edges, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(cf->CountFailed(), 1u);
  EXPECT_EQ(cf->CountPending(), 0u);
}

TEST(ControlFileTest, WithoutCoverageOnlyStatesAreKept) {
  std::string text = FormatHeader({"a"}, 0);
  AppendRecord(&text, 0, 1, {1, 2}, {3});
  auto cf = ParseControlFile(text, false);
  ASSERT_TRUE(cf.ok());
  EXPECT_EQ(cf->files[0].state, FileState::kDone);
  EXPECT_TRUE(cf->files[0].features.empty());
}

// A kill can cut the last write anywhere: every cut leaves that input to be run again, and
// everything before it intact.
TEST(ControlFileTest, EveryCutOfTheLastRecordLeavesItPending) {
  std::string head = FormatHeader({"a", "b"}, 0);
  AppendRecord(&head, 0, 3, {10, 11}, {1});
  std::string record;
  AppendRecord(&record, 1, 4, {12, 13}, {2});
  for (size_t cut = 0; cut < record.size(); cut++) {
    std::string text = head + record.substr(0, cut);
    auto cf = ParseControlFile(text, true);
    ASSERT_TRUE(cf.ok()) << "cut at " << cut << ": " << cf.status().message();
    EXPECT_EQ(cf->files[0].state, FileState::kDone) << cut;
    EXPECT_EQ(cf->files[1].state, FileState::kPending) << "cut at " << cut;
    // The supervisor removes a cut line before anything else is appended; a later record
    // for the input then reads as done.
    std::string repaired = text.substr(0, CompleteLinesLength(text));
    AppendRecord(&repaired, 1, 4, {12}, {});
    auto again = ParseControlFile(repaired, true);
    ASSERT_TRUE(again.ok()) << "cut at " << cut << ": " << again.status().message();
    EXPECT_EQ(again->files[1].state, FileState::kDone) << cut;
  }
  auto whole = ParseControlFile(head + record, true);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->files[1].state, FileState::kDone);
}

TEST(ControlFileTest, MalformedFilesAreRefusedWithTheLine) {
  for (std::string text :
       {"", "0\n0\n", "x\n", "2\n3\na\nb\n", "2\n0\na\n", "1\n0\na\nFOO 0\n",
        "1\n0\na\nSTARTED 1 3\n", "1\n0\na\nFT 0 1\n", "1\n0\na\nSTARTED 0 3\nCOV 0 1\n",
        "1\n0\na\nSTARTED 0 3\nFT 0 -1\n", "1\n0\na\nSTARTED 0 3\nFT 0 99999999999\n"}) {
    auto cf = ParseControlFile(text, true);
    EXPECT_FALSE(cf.ok()) << text;
    if (!cf.ok()) EXPECT_EQ(cf.status().message().rfind("line ", 0), 0u) << text;
  }
}

TEST(ControlFileTest, CompleteLinesLength) {
  EXPECT_EQ(CompleteLinesLength(""), 0u);
  EXPECT_EQ(CompleteLinesLength("abc"), 0u);
  EXPECT_EQ(CompleteLinesLength("a\nbc"), 2u);
  EXPECT_EQ(CompleteLinesLength("a\nbc\n"), 5u);
}

}  // namespace
}  // namespace hivefuzz::merge
