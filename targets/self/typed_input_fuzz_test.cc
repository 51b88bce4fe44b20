// Self-fuzzing as a GoogleTest fuzz test: the typed flat form (encoding/typed_input.h) and Go's
// corpus files hold any arguments exactly, whatever bytes the engine makes of them.
#include <hivefuzz/fuzz_test.h>

#include "encoding/go_corpus_file.h"
#include "encoding/typed_input.h"

namespace hivefuzz {
namespace {

HIVEFUZZ_FUZZ_TEST(SelfTypedInput, FuzzFlatForm, std::span<const uint8_t>,
                   std::span<const uint8_t>) {
  f.Add({0, 1, 7, 13}, {3, 0, 0, 0, 'a', 'b', 'c', 1});
  f.ThreadSafe();
  f.Fuzz([](hivefuzz::T& t, std::span<const uint8_t> types, std::span<const uint8_t> input) {
    if (types.size() > 16) t.Skip();
    std::vector<GoType> shape;
    for (uint8_t type : types) shape.push_back(GoType(type % kGoTypeCount));
    // Any bytes mean some values; their canonical form means the same values.
    std::vector<GoValue> values;
    DecodeTypedInput(shape, input, &values);
    Bytes canonical = EncodeTypedInput(values);
    std::vector<GoValue> again;
    DecodeTypedInput(shape, canonical, &again);
    EXPECT_EQ(again, values);
    std::vector<Bytes> fields;
    SplitTypedInput(shape, input, &fields);
    EXPECT_EQ(JoinedSize(shape, fields), canonical.size());
    // A Go corpus file of the values reads back as exactly them.
    auto read = UnmarshalGoCorpusFile(MarshalGoCorpusFile(values));
    ASSERT_TRUE(values.empty() || read.ok()) << read.status().message();
    if (read.ok()) EXPECT_EQ(*read, values);
  });
}

}  // namespace
}  // namespace hivefuzz
