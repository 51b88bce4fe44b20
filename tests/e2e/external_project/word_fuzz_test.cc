// A fuzz test of a project that found hivefuzz with find_package: fails when the word is "hive"
// and the count is 3.
#include <hivefuzz/fuzz_test.h>

HIVEFUZZ_FUZZ_TEST(WordTest, FuzzWord, std::string, uint8_t) {
  f.Add("word", 1);
  f.Fuzz([](hivefuzz::T& t, const std::string& word, uint8_t count) {
    if (word == "hive" && count == 3) t.Fatal("found the word");
  });
}
