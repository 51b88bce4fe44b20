// An assembly file lets linkname_test.go declare functions without bodies (go:linkname).
