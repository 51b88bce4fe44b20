// FuzzRequests takes the arguments of the C++ example's fuzz test (examples/kv_service): a
// string and an int64. It runs the corpus files hivefuzz wrote and reports in $HF_OUT what each
// gave it; with $HF_PLANTED set, `go test -fuzz` finds a failure and writes a file for hivefuzz.
package kv

import (
	"fmt"
	"os"
	"path"
	"testing"
)

func FuzzRequests(f *testing.F) {
	f.Add("get a", int64(0))
	f.Fuzz(func(t *testing.T, request string, version int64) {
		if out := os.Getenv("HF_OUT"); out != "" {
			file, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			fmt.Fprintf(file, "%s %q %d\n", path.Base(t.Name()), request, version)
		}
		if os.Getenv("HF_PLANTED") != "" && version < 0 {
			t.Fatal("planted failure")
		}
	})
}
