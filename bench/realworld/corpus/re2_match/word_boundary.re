€\bfoo\b|\Bbar
foo food foobar barfoo foo.