// Unit tests of the merging child's parameters (the HIVEFUZZ_MERGE variable).
#include "merge/merge_params.h"

#include <gtest/gtest.h>

namespace hivefuzz::merge {
namespace {

TEST(MergeParamsTest, RoundTrip) {
  MergeChildParams p;
  p.threads = 1;
  p.only = {3, 9, 12};
  p.control_file = "/tmp/a;b,c";
  auto back = ParseMergeParams(FormatMergeParams(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->threads, 1u);
  EXPECT_EQ(back->only, p.only);
  EXPECT_EQ(back->control_file, p.control_file);
  auto plain = ParseMergeParams("0;;/x");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->threads, 0u);
  EXPECT_TRUE(plain->only.empty());
}

TEST(MergeParamsTest, MalformedIsRefused) {
  for (const char* text :
       {"", "0", "0;", "0;;", "x;;/a", "0;3,2;/a", "0;1,;/a", "0;,1;/a", "2000;;/a", "0;1 2;/a"}) {
    EXPECT_FALSE(ParseMergeParams(text).ok()) << text;
  }
}

}  // namespace
}  // namespace hivefuzz::merge
