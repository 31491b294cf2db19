package d1json

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// want is what ParseArray should give for v.
func want(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = want(e)
		}
		return out
	case float64:
		// JSON.stringify (like encoding/json) writes whole numbers below
		// 1e21 without a point; those that fit in an int64 come back as one.
		if x == math.Trunc(x) && math.Abs(x) < 9e18 {
			return int64(x)
		}
	}
	return v
}

func TestParseArray(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 6))
	runes := []rune("aZ09 åäö\"\\/\b\f\n\r\t\x00\x1d\x1e\x1f\u2028😀€")
	str := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		return b.String()
	}
	scalar := func() any {
		switch rng.IntN(6) {
		case 0:
			return nil
		case 1:
			return rng.IntN(2) == 0
		case 2:
			return float64(rng.Int64N(1<<53) - 1<<52)
		case 3:
			return (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-20))
		default:
			return str()
		}
	}
	for range 3000 {
		var rows []any
		for range rng.IntN(5) {
			row := []any{}
			for range rng.IntN(6) {
				row = append(row, scalar())
			}
			rows = append(rows, row)
		}
		if rows == nil {
			rows = []any{}
		}
		text, err := json.Marshal(rows)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseArray(string(text))
		if err != nil {
			t.Fatalf("ParseArray(%s): %v", text, err)
		}
		var back []any
		json.Unmarshal(text, &back)
		if w := want(back); !reflect.DeepEqual(any(got), w) && !(len(got) == 0 && len(back) == 0) {
			t.Fatalf("ParseArray(%s)\n got %#v\nwant %#v", text, got, w)
		}
	}
	// What JSON.stringify writes that encoding/json does not.
	for text, w := range map[string]any{
		`["\ud83d\ude00", "\u001e", "a\/b", 1e3, -0.5]`: []any{"😀", "\x1e", "a/b", int64(1000), -0.5},
		`[]`: []any{},
	} {
		got, err := ParseArray(strings.ReplaceAll(text, ", ", ","))
		if err != nil || !reflect.DeepEqual(any(got), w) {
			t.Errorf("ParseArray(%s) = %#v, %v; want %#v", text, got, err, w)
		}
	}
	for _, bad := range []string{``, `[`, `[1,]`, `["a]`, `{}`, `[1] x`, `[tru]`, `["\x"]`} {
		if _, err := ParseArray(bad); err == nil {
			t.Errorf("ParseArray(%q): no error", bad)
		}
	}
}
