(a|ab)(c|bcd)(d*)
abcd abcdd