#include "gtest/corpus_entries.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "encoding/go_corpus_file.h"
#include "encoding/typed_input.h"
#include "gtest/fuzz_mode.h"
#include "hivefuzz/fuzz_test.h"
#include "test_util.h"

namespace hivefuzz {
namespace {

RegisteredFuzzTest TestWithShape(std::vector<GoType> shape) {
  RegisteredFuzzTest test;
  test.suite = "Suite";
  test.name = "FuzzThing";
  test.full_name = "Suite.FuzzThing";
  test.file = "/src/thing_test.cc";
  test.shape = std::move(shape);
  return test;
}

TEST(CorpusEntriesTest, TypeCheckSpeaksGoAndReadsIntAsInt64) {
  const std::vector<GoType> shape = {GoType::kBytes, GoType::kInt8};
  std::vector<GoValue> wrong = {GoValue::String("x"), GoValue::Int(3)};
  Status s = CheckTypedValues(shape, &wrong);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "mismatched types in corpus entry: [string int], want [[]uint8 int8]");
  std::vector<GoValue> go_int = {GoValue::Int(-3), GoValue::Uint(4)};
  ASSERT_TRUE(CheckTypedValues(std::vector<GoType>{GoType::kInt64, GoType::kUint64}, &go_int).ok());
  EXPECT_EQ(go_int[0], GoValue::Int64(-3));
  EXPECT_EQ(go_int[1], GoValue::Uint64(4));
}

TEST(CorpusEntriesTest, TestdataDirectoryIsBesideTheSourceUnlessOverridden) {
  RegisteredFuzzTest test = TestWithShape({GoType::kString});
  unsetenv("HIVEFUZZ_TESTDATA");
  EXPECT_EQ(TestdataDirectory(test), "/src/testdata/fuzz/FuzzThing");
  setenv("HIVEFUZZ_TESTDATA", "/elsewhere", 1);
  EXPECT_EQ(TestdataDirectory(test), "/elsewhere/FuzzThing");
  unsetenv("HIVEFUZZ_TESTDATA");
}

TEST(CorpusEntriesTest, WritesGoFilesAndReadsThemBackWithErrorsNamed) {
  TempDir dir;
  setenv("HIVEFUZZ_TESTDATA", dir.path().c_str(), 1);
  RegisteredFuzzTest test = TestWithShape({GoType::kString, GoType::kUint8});
  std::vector<GoValue> values = {GoValue::String("a\"b"), GoValue::Uint8(255)};
  auto path = WriteTestdataFile(test, values);
  ASSERT_TRUE(path.ok()) << path.status().message();
  // Go quotes byte 255 as the rune U+00FF.
  std::string expected = "go test fuzz v1\nstring(\"a\\\"b\")\nbyte('\u00ff')\n";
  EXPECT_EQ(*path, dir.path() + "/FuzzThing/" + GoCorpusFileName(expected));
  auto written = ReadFile(*path);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(std::string(written->begin(), written->end()), expected);

  std::string bad = "go test fuzz v1\nstring(\"x\")\nbyte(300)\n";
  ASSERT_TRUE(WriteFileAtomic(dir.path() + "/FuzzThing", "bad",
                              reinterpret_cast<const uint8_t*>(bad.data()), bad.size())
                  .ok());
  std::vector<std::string> errors;
  std::vector<CorpusEntry> entries = ReadTestdata(test, &errors);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].values, values);
  EXPECT_EQ(entries[0].path, *path);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with(dir.path() + "/FuzzThing/bad: line 3: malformed line"))
      << errors[0];
  unsetenv("HIVEFUZZ_TESTDATA");
}

TEST(CorpusEntriesTest, ValuesConvertBothWays) {
  for (const GoValue& v : {GoValue::Bytes("\x01"), GoValue::Bool(true), GoValue::Int8(-7),
                           GoValue::Uint64(~uint64_t{0}), GoValue::Float32(2.5f),
                           GoValue::Float64(-0.0), GoValue::Int32(-1)}) {
    EXPECT_EQ(ToGoValue(FromGoValue(v)), v);
  }
  // The public header's conversions agree with the engine's.
  EXPECT_EQ(ToGoValue(internal::ArgOf<int16_t>::ToValue(-2)), GoValue::Int16(-2));
  EXPECT_EQ(ToGoValue(internal::ArgOf<char32_t>::ToValue(U'é')), GoValue::Int32(0xe9));
  EXPECT_EQ(ToGoValue(internal::ArgOf<double>::ToValue(1.25)), GoValue::Float64(1.25));
  EXPECT_EQ(internal::ArgOf<int8_t>::Get(FromGoValue(GoValue::Int8(-100))), -100);
}

TEST(CorpusEntriesTest, SeedLineIsCppThatAddsTheSameValues) {
  std::vector<GoValue> values = {GoValue::String("a\"b\n?\x01"
                                                 "9"),
                                 GoValue::Int64(-5),
                                 GoValue::Uint8(200),
                                 GoValue::Bytes(std::string("\0\xff", 2)),
                                 GoValue::Bool(false),
                                 GoValue::Float64(0.1)};
  EXPECT_EQ(FormatAsSeed(values),
            "f.Add(\"a\\\"b\\012\\077\\0019\", int64_t{-5}, uint8_t{200u}, "
            "std::vector<uint8_t>{0x00, 0xff}, false, 0x1.999999999999ap-4);");
  // The literal means the same bytes to a C++ compiler.
  EXPECT_EQ(std::string("a\"b\012\077\0019"),
            "a\"b\n?\x01"
            "9");
}

TEST(FuzzModeTest, PatternFromTheCommandLineElseTheEnvironment) {
  setenv("HIVEFUZZ_FUZZ", "FromEnv", 1);
  EXPECT_EQ(FuzzPattern({"bin", "-fuzz=Foo"}), "Foo");
  EXPECT_EQ(FuzzPattern({"bin", "--fuzz=Bar"}), "Bar");
  EXPECT_EQ(FuzzPattern({"bin", "-fuzztime=3s"}), "FromEnv");
  unsetenv("HIVEFUZZ_FUZZ");
  EXPECT_EQ(FuzzPattern({"bin"}), "");
  std::string error;
  MatchFuzzTests("(", &error);
  EXPECT_NE(error.find("not a valid regular expression"), std::string::npos);
}

}  // namespace
}  // namespace hivefuzz
