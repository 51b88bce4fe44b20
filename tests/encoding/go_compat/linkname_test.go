// Go's own corpus encoding (internal/fuzz, which every test binary links), reached through
// go:linkname so that go_compat_test.cc can compare hivefuzz's files with Go's byte for byte.
package compat

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	_ "unsafe" // go:linkname
)

//go:linkname marshalCorpusFile internal/fuzz.marshalCorpusFile
func marshalCorpusFile(vals ...any) []byte

//go:linkname unmarshalCorpusFile internal/fuzz.unmarshalCorpusFile
func unmarshalCorpusFile(b []byte) ([]any, error)

// lines reads the file $env names; the test skips when it is not set (a plain `go test`).
func lines(t *testing.T, env string) []string {
	name := os.Getenv(env)
	if name == "" {
		t.Skipf("%s is not set", env)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// TestMarshal writes marshalCorpusFile of each line of $HF_VALUES (dumped values separated by
// spaces) to $HF_OUT_DIR/<line index>.
func TestMarshal(t *testing.T) {
	for i, line := range lines(t, "HF_VALUES") {
		var vals []any
		for _, field := range strings.Fields(line) {
			v, err := undump(field)
			if err != nil {
				t.Fatal(err)
			}
			vals = append(vals, v)
		}
		name := filepath.Join(os.Getenv("HF_OUT_DIR"), fmt.Sprint(i))
		if err := os.WriteFile(name, marshalCorpusFile(vals...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUnmarshal reads each line of $HF_FILES (a file's contents in hex) with
// unmarshalCorpusFile and writes "ok <dumped values>" or "err <message>" to $HF_OUT.
func TestUnmarshal(t *testing.T) {
	out, err := os.Create(os.Getenv("HF_OUT"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	defer w.Flush()
	for _, line := range lines(t, "HF_FILES") {
		data, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := unmarshalCorpusFile(data)
		if err != nil {
			fmt.Fprintf(w, "err %q\n", err.Error())
		} else {
			fmt.Fprintf(w, "ok %s\n", dumpAll(vals))
		}
	}
}
