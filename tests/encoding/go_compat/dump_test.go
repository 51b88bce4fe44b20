// Values as text for go_compat_test.cc, which compares them with hivefuzz's GoValues:
// "type:payload", the type as %T prints it, strings and floats by their bytes and bits.
package compat

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
)

func dump(v any) string {
	switch t := v.(type) {
	case []byte:
		return "[]uint8:" + hex.EncodeToString(t)
	case string:
		return "string:" + hex.EncodeToString([]byte(t))
	case bool:
		return fmt.Sprintf("bool:%t", t)
	case float32:
		return fmt.Sprintf("float32:%x", math.Float32bits(t))
	case float64:
		return fmt.Sprintf("float64:%x", math.Float64bits(t))
	default:
		return fmt.Sprintf("%T:%v", v, v)
	}
}

func dumpAll(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = dump(v)
	}
	return strings.Join(parts, " ")
}

// undump is dump's inverse.
func undump(s string) (any, error) {
	typ, payload, ok := strings.Cut(s, ":")
	if !ok {
		return nil, fmt.Errorf("no type in %q", s)
	}
	switch typ {
	case "[]uint8":
		return hex.DecodeString(payload)
	case "string":
		b, err := hex.DecodeString(payload)
		return string(b), err
	case "bool":
		return strconv.ParseBool(payload)
	case "float32":
		u, err := strconv.ParseUint(payload, 16, 32)
		return math.Float32frombits(uint32(u)), err
	case "float64":
		u, err := strconv.ParseUint(payload, 16, 64)
		return math.Float64frombits(u), err
	case "int", "int8", "int16", "int32", "int64":
		i, err := strconv.ParseInt(payload, 10, 64)
		return map[string]any{"int": int(i), "int8": int8(i), "int16": int16(i), "int32": int32(i), "int64": i}[typ], err
	case "uint", "uint8", "uint16", "uint32", "uint64":
		u, err := strconv.ParseUint(payload, 10, 64)
		return map[string]any{"uint": uint(u), "uint8": uint8(u), "uint16": uint16(u), "uint32": uint32(u), "uint64": u}[typ], err
	}
	return nil, fmt.Errorf("unknown type %q", typ)
}
