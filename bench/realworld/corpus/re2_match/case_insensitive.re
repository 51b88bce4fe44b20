hello\s+WORLD
Say HeLLo   world twice: hello World