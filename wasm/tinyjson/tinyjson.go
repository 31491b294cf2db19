// Package tinyjson is a small JSON reader and writer for the browser's
// questionnaire runner, which is Go compiled to WebAssembly.
//
// It exists because of download size: encoding/json brings reflect and
// roughly 400 KB of code into the wasm binary, while the runner only needs
// to read and write a handful of flat shapes (a questionnaire model, a draft
// of answers, an API error body). This package imports only errors, strconv,
// strings, unicode/utf8 and unicode/utf16.
//
// Reading: [Parse] accepts exactly one RFC 8259 JSON text encoded as UTF-8
// and returns a tree of [Value]s. There is no reflection and no struct
// binding: callers walk the tree with [Value.Get], [Value.Elems],
// [Value.Members] and the typed accessors ([Value.Str], [Value.Int],
// [Value.Float], [Value.Bool]), which report whether the value had the
// wanted kind. Nesting is limited to 64 levels and invalid UTF-8 inside
// strings is rejected.
//
// Writing: the Append functions ([AppendString], [AppendInt],
// [AppendFloat], [AppendBool]) append one scalar in the exact bytes
// json.Marshal would produce; the caller writes braces, commas and colons.
package tinyjson

import "strconv"

// Kind is the type of a JSON value.
type Kind uint8

// The kinds of JSON values. The zero Value is Null.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON name of the kind ("null", "boolean", "number",
// "string", "array" or "object"), for callers' error messages.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one parsed JSON value. The zero Value is JSON null.
type Value struct {
	kind    Kind
	b       bool     // Bool
	text    string   // String: unescaped contents; Number: literal text
	elems   []Value  // Array
	members []Member // Object, in document order
}

// Member is one key/value pair of a JSON object.
type Member struct {
	Key   string
	Value Value
}

// Kind reports the kind of v.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is JSON null (including the zero Value).
func (v Value) IsNull() bool { return v.kind == Null }

// Get returns the member of object v named key. It returns the zero Value
// (null) when the key is absent or v is not an object. With duplicate keys
// the last one wins, as with encoding/json.
func (v Value) Get(key string) Value {
	for i := len(v.members) - 1; i >= 0; i-- {
		if v.members[i].Key == key {
			return v.members[i].Value
		}
	}
	return Value{}
}

// Has reports whether v is an object with a member named key.
func (v Value) Has(key string) bool {
	for i := range v.members {
		if v.members[i].Key == key {
			return true
		}
	}
	return false
}

// Members returns the members of object v in document order (duplicates
// included). It is nil unless v is an object, and non-nil for an empty
// object. The slice is shared with v: do not modify it.
func (v Value) Members() []Member { return v.members }

// Elems returns the elements of array v. It is nil unless v is an array,
// and non-nil for an empty array. The slice is shared with v: do not
// modify it.
func (v Value) Elems() []Value { return v.elems }

// Str returns the unescaped contents of string v; ok is false for every
// other kind.
func (v Value) Str() (s string, ok bool) {
	if v.kind != String {
		return "", false
	}
	return v.text, true
}

// Bool returns the value of a JSON true or false; ok is false for every
// other kind.
func (v Value) Bool() (b, ok bool) {
	if v.kind != Bool {
		return false, false
	}
	return v.b, true
}

// Float returns number v as the nearest float64. ok is false when v is not
// a number or its magnitude is out of float64 range (json.Unmarshal fails
// on such numbers too).
func (v Value) Float() (f float64, ok bool) {
	if v.kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.text, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// Literal returns number v as written in the document, e.g. "1.50e1": for
// a caller that wants to be as strict as encoding/json is with an int field
// (no fraction, no exponent).
func (v Value) Literal() (s string, ok bool) {
	if v.kind != Number {
		return "", false
	}
	return v.text, true
}

const maxInt = int(^uint(0) >> 1)

// Int returns number v as an int. ok is true only when the literal is
// exactly a whole number that fits in an int: 3, -2, 1e2, 1.50e1 and -0
// are ok; 1.5, 1e-1 and 9999999999999999999 are not. The decision is made
// on the decimal literal, not on a rounded float.
func (v Value) Int() (n int, ok bool) {
	if v.kind != Number {
		return 0, false
	}
	t := v.text
	if n, err := strconv.Atoi(t); err == nil {
		return n, true
	}
	// Exact decimal analysis: digits × 10^exp.
	neg := false
	if t != "" && t[0] == '-' {
		neg = true
		t = t[1:]
	}
	i := 0
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	intPart := t[:i]
	fracPart := ""
	if i < len(t) && t[i] == '.' {
		j := i + 1
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		fracPart = t[i+1 : j]
		i = j
	}
	exp := 0
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		eneg := false
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			eneg = t[i] == '-'
			i++
		}
		for ; i < len(t); i++ {
			if exp < 1e9 { // clamp: anything this large is out of range anyway
				exp = exp*10 + int(t[i]-'0')
			}
		}
		if eneg {
			exp = -exp
		}
	}
	d := intPart + fracPart
	exp -= len(fracPart)
	for d != "" && d[0] == '0' {
		d = d[1:]
	}
	if d == "" {
		return 0, true
	}
	for d[len(d)-1] == '0' {
		d = d[:len(d)-1]
		exp++
	}
	if exp < 0 || len(d)+exp > 19 { // fractional, or ≥ 10^19 > max int64
		return 0, false
	}
	var u uint64
	for k := 0; k < len(d); k++ {
		u = u*10 + uint64(d[k]-'0')
	}
	for ; exp > 0; exp-- {
		u *= 10
	}
	if neg {
		if u > uint64(maxInt)+1 {
			return 0, false
		}
		return int(-u), true
	}
	if u > uint64(maxInt) {
		return 0, false
	}
	return int(u), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
