// FuzzWrite: a planted failure that Go's fuzzer finds at once, so that `go test -fuzz` writes
// a corpus file of its own into testdata/fuzz/FuzzWrite/ for hivefuzz to read.
package compat

import (
	"math"
	"testing"
)

var (
	seedBytes  = []byte("\x00\xff\xe2\x98\x83\"\\`")
	seedString = "h\u00e9\u2028\U0001F600\x7f\xc3"
	seed       = []any{true, uint8(0x80), int32(0xd800), int8(-128), int16(-32768),
		int64(math.MinInt64), int(-1), uint16(65535), uint32(1), uint64(math.MaxUint64), uint(0),
		math.Float32frombits(0x7fc00001), math.Float64frombits(0x7ff8000000000002)}
)

func same(a, b any) bool {
	switch x := a.(type) {
	case float32:
		return math.Float32bits(x) == math.Float32bits(b.(float32))
	case float64:
		return math.Float64bits(x) == math.Float64bits(b.(float64))
	}
	return a == b
}

// Fails when the strings are the seed's and some other value is not: any mutation of a
// non-string argument. Shrinking a string makes it pass, so the minimizer keeps the strings.
func FuzzWrite(f *testing.F) {
	f.Add(seedBytes, seedString, seed[0], seed[1], seed[2], seed[3], seed[4], seed[5], seed[6],
		seed[7], seed[8], seed[9], seed[10], seed[11], seed[12])
	f.Fuzz(func(t *testing.T, b []byte, s string, bo bool, u8 uint8, r int32, i8 int8, i16 int16,
		i64 int64, i int, u16 uint16, u32 uint32, u64 uint64, u uint, f32 float32, f64 float64) {
		if string(b) != string(seedBytes) || s != seedString {
			return
		}
		for k, v := range []any{bo, u8, r, i8, i16, i64, i, u16, u32, u64, u, f32, f64} {
			if !same(v, seed[k]) {
				t.Fatalf("planted failure: argument %d changed", k+2)
			}
		}
	})
}
