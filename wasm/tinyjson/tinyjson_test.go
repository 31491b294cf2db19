package tinyjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// toAny converts v the way json.Unmarshal fills an any: objects become
// map[string]any (last duplicate wins), arrays []any, numbers float64.
func toAny(v Value) (any, error) {
	switch v.Kind() {
	case Null:
		return nil, nil
	case Bool:
		b, _ := v.Bool()
		return b, nil
	case Number:
		f, ok := v.Float()
		if !ok {
			return nil, errors.New("number out of range: " + v.text)
		}
		return f, nil
	case String:
		s, _ := v.Str()
		return s, nil
	case Array:
		out := make([]any, 0, len(v.Elems()))
		for _, e := range v.Elems() {
			a, err := toAny(e)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		return out, nil
	case Object:
		out := make(map[string]any, len(v.Members()))
		for _, m := range v.Members() {
			a, err := toAny(m.Value)
			if err != nil {
				return nil, err
			}
			out[m.Key] = a
		}
		return out, nil
	}
	return nil, errors.New("bad kind")
}

func mustAny(t testing.TB, v Value) any {
	t.Helper()
	a, err := toAny(v)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func nest(n int) string {
	return strings.Repeat("[", n) + strings.Repeat("]", n)
}

func nestObj(n int) string {
	return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
}

// parseOK lists valid inputs and their values as json.Unmarshal would
// give them.
var parseOK = []struct {
	in   string
	want any
}{
	{`null`, nil},
	{`true`, true},
	{`false`, false},
	{`0`, 0.0},
	{`-0`, math.Copysign(0, -1)},
	{`1.5e3`, 1500.0},
	{`1E-2`, 0.01},
	{`-12.25`, -12.25},
	{`123456789012345678901234567890`, 1.2345678901234568e29},
	{`1e308`, 1e308},
	{`""`, ""},
	{`"abc"`, "abc"},
	{`"åäö 😀"`, "åäö 😀"},
	{`"\n\"\\\/\b\f\r\t"`, "\n\"\\/\b\f\r\t"},
	{`"\u00e5 å \u00C5"`, "å å Å"},
	{`"\ud83d\ude00"`, "😀"},
	{`"x\ud83dy"`, "x\uFFFDy"},
	{`"\ude00"`, "\uFFFD"},
	{`"\ud83d\u0041"`, "\uFFFDA"},
	{`"\ude00\ud83d\ude00"`, "\uFFFD😀"},
	{`"\ud83d"`, "\uFFFD"},
	{`"\u0000"`, "\x00"},
	{`"\u2028<>&"`, "\u2028<>&"},
	{"\"\x7f\"", "\x7f"},
	{`[]`, []any{}},
	{`{}`, map[string]any{}},
	{`[1,"a",true,null,{},[]]`, []any{1.0, "a", true, nil, map[string]any{}, []any{}}},
	{`{"a":{"b":[1,{"c":null}]}}`, map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": nil}}}}},
	{" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : \"x\" } \n", map[string]any{"a": []any{1.0, 2.0}, "b": "x"}},
	{`{"a":1,"a":2}`, map[string]any{"a": 2.0}},
	{`{"\u0061":1}`, map[string]any{"a": 1.0}},
}

func TestParseOK(t *testing.T) {
	for _, tc := range parseOK {
		v, err := Parse([]byte(tc.in))
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := mustAny(t, v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
		var std any
		if err := json.Unmarshal([]byte(tc.in), &std); err != nil {
			t.Errorf("json.Unmarshal(%q): %v", tc.in, err)
		} else if !reflect.DeepEqual(std, tc.want) {
			t.Errorf("table is wrong for %q: json.Unmarshal gives %#v", tc.in, std)
		}
	}
}

func TestParseNegativeZero(t *testing.T) {
	v, _ := Parse([]byte(`-0`))
	f, ok := v.Float()
	if !ok || f != 0 || !math.Signbit(f) {
		t.Errorf("-0: Float = %v, %v", f, ok)
	}
	if n, ok := v.Int(); !ok || n != 0 {
		t.Errorf("-0: Int = %v, %v", n, ok)
	}
}

func TestParseDepth(t *testing.T) {
	for _, in := range []string{nest(MaxDepth), nestObj(MaxDepth)} {
		if _, err := Parse([]byte(in)); err != nil {
			t.Errorf("depth %d: %v", MaxDepth, err)
		}
	}
	for _, in := range []string{nest(MaxDepth + 1), nestObj(MaxDepth + 1)} {
		_, err := Parse([]byte(in))
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "nesting depth") {
			t.Errorf("depth %d: err = %v, want nesting depth error", MaxDepth+1, err)
		}
	}
	// After a deep but closed array, depth is back to 1.
	in := "[" + nest(MaxDepth-1) + "," + nest(MaxDepth-1) + "]"
	if _, err := Parse([]byte(in)); err != nil {
		t.Errorf("siblings at depth %d: %v", MaxDepth, err)
	}
}

var parseErr = []struct {
	in   string
	want string // the full error message
}{
	{``, `json: offset 0: want value, found end of input`},
	{"  \n", `json: offset 3: want value, found end of input`},
	{`{} x`, `json: offset 3: want end of input after value, found 'x'`},
	{`01`, `json: offset 1: want end of input after value, found '1'`},
	{`[01]`, `json: offset 2: want ',' or ']' after array element, found '1'`},
	{`1.`, `json: offset 2: want digit after decimal point, found end of input`},
	{`1.e5`, `json: offset 2: want digit after decimal point, found 'e'`},
	{`1e`, `json: offset 2: want digit in exponent, found end of input`},
	{`1e+`, `json: offset 3: want digit in exponent, found end of input`},
	{`.5`, `json: offset 0: want value, found '.'`},
	{`+1`, `json: offset 0: want value, found '+'`},
	{`-`, `json: offset 1: want digit in number, found end of input`},
	{`-a`, `json: offset 1: want digit in number, found 'a'`},
	{`"abc`, `json: offset 4: want '"' to end string, found end of input`},
	{`"a\n`, `json: offset 4: want '"' to end string, found end of input`},
	{"\"a\nb\"", `json: offset 2: want escaped control character in string, found byte 0x0a`},
	{"\"\\n\x01\"", `json: offset 3: want escaped control character in string, found byte 0x01`},
	{`"\x"`, `json: offset 2: want escape character (one of "\/bfnrtu) after '\', found 'x'`},
	{`"\`, `json: offset 2: want escape character after '\', found end of input`},
	{`"\u12g4"`, `json: offset 5: want 4 hex digits after \u, found 'g'`},
	{`"\u12`, `json: offset 5: want 4 hex digits after \u, found end of input`},
	{`{"a" 1}`, `json: offset 5: want ':' after object key, found '1'`},
	{`{"a":1 "b":2}`, `json: offset 7: want ',' or '}' after object member, found '"'`},
	{`[1 2]`, `json: offset 3: want ',' or ']' after array element, found '2'`},
	{`[1,]`, `json: offset 3: want value, found ']'`},
	{`{"a":1,}`, `json: offset 7: want '"' to start object key, found '}'`},
	{`{a:1}`, `json: offset 1: want '"' to start object key, found 'a'`},
	{`{"a":}`, `json: offset 5: want value, found '}'`},
	{`[`, `json: offset 1: want value, found end of input`},
	{`[1`, `json: offset 2: want ',' or ']' after array element, found end of input`},
	{`{`, `json: offset 1: want '"' to start object key, found end of input`},
	{`tru`, `json: offset 3: want literal true, found end of input`},
	{`nul!`, `json: offset 3: want literal null, found '!'`},
	{`falsy`, `json: offset 4: want literal false, found 'y'`},
	{`truex`, `json: offset 4: want end of input after value, found 'x'`},
	{"\"a\xffb\"", `json: offset 2: want valid UTF-8 in string, found byte 0xff`},
	{"\"\\n\xc3\"", `json: offset 3: want valid UTF-8 in string, found byte 0xc3`},
	{"\"\xed\xa0\x80\"", `json: offset 1: want valid UTF-8 in string, found byte 0xed`},
	{"\xef\xbb\xbf{}", `json: offset 0: want value, found byte 0xef`},
	{nest(MaxDepth + 1), `json: offset 64: want nesting depth at most 64, found '['`},
}

func TestParseErrors(t *testing.T) {
	for _, tc := range parseErr {
		v, err := Parse([]byte(tc.in))
		if err == nil {
			t.Errorf("Parse(%q) = %v, want error %q", tc.in, mustAny(t, v), tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tc.in, err, tc.want)
		}
		if !v.IsNull() {
			t.Errorf("Parse(%q) returned non-zero Value with error", tc.in)
		}
		// encoding/json agrees that the input is bad (it accepts invalid UTF-8).
		if utf8.ValidString(tc.in) && json.Valid([]byte(tc.in)) && !strings.Contains(tc.want, "depth") {
			t.Errorf("json.Valid(%q) is true", tc.in)
		}
	}
}

func TestAccessors(t *testing.T) {
	v, err := Parse([]byte(`{"s":"x","n":1.5,"i":3,"b":true,"z":null,"a":[1,2],"o":{"k":"v"},"d":1,"d":2}`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind() != Object || v.Kind().String() != "object" {
		t.Errorf("Kind = %v", v.Kind())
	}
	if s, ok := v.Get("s").Str(); !ok || s != "x" {
		t.Errorf("Str = %q, %v", s, ok)
	}
	if _, ok := v.Get("n").Str(); ok {
		t.Error("Str on number is ok")
	}
	if _, ok := v.Get("s").Float(); ok {
		t.Error("Float on string is ok")
	}
	if _, ok := v.Get("s").Int(); ok {
		t.Error("Int on string is ok")
	}
	if _, ok := v.Get("i").Bool(); ok {
		t.Error("Bool on number is ok")
	}
	if f, ok := v.Get("n").Float(); !ok || f != 1.5 {
		t.Errorf("Float = %v, %v", f, ok)
	}
	if b, ok := v.Get("b").Bool(); !ok || !b {
		t.Errorf("Bool = %v, %v", b, ok)
	}
	if n, ok := v.Get("d").Int(); !ok || n != 2 {
		t.Errorf("duplicate key: Get(d) = %v, %v; want the last, 2", n, ok)
	}
	if !v.Has("z") || !v.Get("z").IsNull() || v.Get("z").Kind() != Null {
		t.Error("z should be present and null")
	}
	if v.Has("missing") || !v.Get("missing").IsNull() {
		t.Error("missing key should be absent and null")
	}
	if len(v.Members()) != 9 || v.Members()[0].Key != "s" || v.Members()[8].Key != "d" {
		t.Errorf("Members = %v", v.Members())
	}
	if v.Elems() != nil {
		t.Error("Elems on object is non-nil")
	}
	a := v.Get("a")
	if len(a.Elems()) != 2 || a.Members() != nil {
		t.Errorf("array accessors: %v %v", a.Elems(), a.Members())
	}
	if !a.Get("x").IsNull() || a.Has("x") {
		t.Error("Get/Has on array")
	}
	if s, _ := v.Get("o").Get("k").Str(); s != "v" {
		t.Errorf("nested Get = %q", s)
	}
	if !v.Get("s").Get("x").IsNull() || !(Value{}).Get("x").IsNull() {
		t.Error("Get on string / zero Value")
	}
	for _, in := range []string{`[]`, `{}`} {
		e, _ := Parse([]byte(in))
		if (e.Kind() == Array) != (e.Elems() != nil) || (e.Kind() == Object) != (e.Members() != nil) {
			t.Errorf("%s: Elems/Members nil-ness wrong", in)
		}
	}
	for k, want := range []string{"null", "boolean", "number", "string", "array", "object", "Kind(6)"} {
		if got := Kind(k).String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"3", 3, true},
		{"-2", -2, true},
		{"1e2", 100, true},
		{"1E+2", 100, true},
		{"1.50e1", 15, true},
		{"100e-2", 1, true},
		{"0.0", 0, true},
		{"0e99999999999999999999", 0, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775807.000", math.MaxInt64, true},
		{"-9.223372036854775808e18", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"9999999999999999999", 0, false},
		{"1e19", 0, false},
		{"1e99999999999999999999", 0, false},
		{"1.5", 0, false},
		{"1e-1", 0, false},
		{"1.0000000000000000001", 0, false},
		{"1e-99999999999999999999", 0, false},
		{`"1"`, 0, false},
		{`true`, 0, false},
	}
	for _, tc := range tests {
		v, err := Parse([]byte(tc.in))
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		got, ok := v.Int()
		if got != tc.want || ok != tc.ok {
			t.Errorf("Int(%s) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFloatRange(t *testing.T) {
	v, _ := Parse([]byte(`1e400`))
	if _, ok := v.Float(); ok {
		t.Error("Float(1e400) is ok")
	}
	var x any
	if json.Unmarshal([]byte(`1e400`), &x) == nil {
		t.Error("json.Unmarshal(1e400) succeeds; Float should agree")
	}
}

var appendStrings = []string{
	"", "abc", "åäö ÅÄÖ", `say "hi"`, `back\slash`, "a/b",
	"\x00\x01\x07\b\t\n\v\f\r\x1b\x1f\x7f",
	"<script>&amp;</script>", "\u2028\u2029", "a\xffb", "\xc3", "\xed\xa0\x80",
	"😀 emoji", "\uFFFD", "\U0010FFFF",
}

func TestAppendString(t *testing.T) {
	for _, s := range appendStrings {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
	if got := string(AppendString([]byte("x:"), "y")); got != `x:"y"` {
		t.Errorf("AppendString with prefix = %s", got)
	}
}

func TestAppendNumbers(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), -1, 1.5, 1e21, 1e20, 1e-7, 1e-6, 9.99e-7,
		123456789.125, 0.1, -3.25e-9, 1e308, math.MaxFloat64, math.SmallestNonzeroFloat64, 5e-324, 12345678901234567890}
	for _, f := range floats {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendFloat([]byte("x"), f); string(got) != "x"+string(want) {
			t.Errorf("AppendFloat(%v) = %s, want x%s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := string(AppendFloat(nil, f)); got != "null" {
			t.Errorf("AppendFloat(%v) = %s, want null", f, got)
		}
	}
	for _, n := range []int{0, -1, 1, 42, math.MaxInt, math.MinInt} {
		want, _ := json.Marshal(n)
		if got := AppendInt(nil, n); !bytes.Equal(got, want) {
			t.Errorf("AppendInt(%d) = %s, want %s", n, got, want)
		}
	}
	for _, b := range []bool{true, false} {
		want, _ := json.Marshal(b)
		if got := AppendBool(nil, b); !bytes.Equal(got, want) {
			t.Errorf("AppendBool(%v) = %s, want %s", b, got, want)
		}
	}
	// Round trip through Parse.
	for _, s := range appendStrings {
		v, err := Parse(AppendString(nil, s))
		if err != nil {
			t.Fatalf("Parse(AppendString(%q)): %v", s, err)
		}
		if got, _ := v.Str(); got != strings.ToValidUTF8(s, "\uFFFD") && utf8.ValidString(s) {
			t.Errorf("round trip %q -> %q", s, got)
		}
	}
}

func compiledQuestionnaires(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../../questionnaires/compiled/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no compiled questionnaires found")
	}
	return files
}

func TestCompiledQuestionnaires(t *testing.T) {
	for _, f := range compiledQuestionnaires(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var want any
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s: json.Unmarshal: %v", f, err)
		}
		if got := mustAny(t, v); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Parse differs from json.Unmarshal", f)
		}
		if id, ok := v.Get("id").Str(); !ok || id == "" {
			t.Errorf("%s: no id", f)
		}
		if _, ok := v.Get("version").Int(); !ok {
			t.Errorf("%s: version is not an int", f)
		}
	}
}

// depth returns the maximum bracket nesting of b, counting brackets
// outside strings only. On the valid prefix of an input it agrees with
// Parse's depth.
func depth(b []byte) int {
	d, maxD, inStr := 0, 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '[' || c == '{':
			d++
			maxD = max(maxD, d)
		case c == ']' || c == '}':
			d--
		}
	}
	return maxD
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseOK {
		f.Add([]byte(tc.in))
	}
	for _, tc := range parseErr {
		f.Add([]byte(tc.in))
	}
	f.Add([]byte(nest(MaxDepth)))
	f.Add([]byte(nestObj(MaxDepth)))
	f.Add([]byte(`1e400`))
	for _, file := range compiledQuestionnaires(f) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Parse(b)
		if err != nil && !v.IsNull() {
			t.Fatal("non-zero Value with error")
		}
		if err == nil {
			// Everything Parse accepts is valid JSON and converts like
			// json.Unmarshal (including the same out-of-range failures).
			if !json.Valid(b) {
				t.Fatalf("Parse accepts %q, json.Valid does not", b)
			}
			var want any
			werr := json.Unmarshal(b, &want)
			got, gerr := toAny(v)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%q: json.Unmarshal err %v, toAny err %v", b, werr, gerr)
			}
			if werr == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: Parse gives %#v, json.Unmarshal %#v", b, got, want)
			}
			return
		}
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(b) {
			t.Fatalf("%q: bad error %v", b, err)
		}
		if utf8.Valid(b) && depth(b) <= MaxDepth && json.Valid(b) {
			t.Fatalf("%q: Parse fails (%v), json.Valid accepts", b, err)
		}
	})
}

func FuzzAppendString(f *testing.F) {
	for _, s := range appendStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../../questionnaires/compiled/kommun.v1.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalAny(b *testing.B) {
	data, err := os.ReadFile("../../questionnaires/compiled/kommun.v1.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}
