// FuzzRead: Go's testing package reads the corpus files hivefuzz wrote into
// testdata/fuzz/FuzzRead/ and reports, in $HF_OUT, the values each one gave the target.
package compat

import (
	"os"
	"path"
	"testing"
)

// The arguments are one of each type, in hivefuzz's GoType order.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte, s string, bo bool, u8 uint8, r int32, i8 int8, i16 int16,
		i64 int64, i int, u16 uint16, u32 uint32, u64 uint64, u uint, f32 float32, f64 float64) {
		line := path.Base(t.Name()) + " " +
			dumpAll([]any{b, s, bo, u8, r, i8, i16, i64, i, u16, u32, u64, u, f32, f64}) + "\n"
		out, err := os.OpenFile(os.Getenv("HF_OUT"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if _, err := out.WriteString(line); err != nil {
			t.Fatal(err)
		}
	})
}
