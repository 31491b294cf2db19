package tinyjson

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
const MaxDepth = 64

// SyntaxError is the error Parse returns. Its message has the form
// "json: offset 17: want ':' after object key, found '}'".
type SyntaxError struct {
	Offset int    // byte offset in the input where the problem was found
	Msg    string // what was wanted and what was found
}

func (e *SyntaxError) Error() string {
	return "json: offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Shared empty slices, so that Elems and Members are non-nil exactly for
// arrays and objects.
var (
	emptyElems   = []Value{}
	emptyMembers = []Member{}
)

type parser struct {
	s     string
	depth int
	vals  []Value  // scratch stack of array elements being collected
	mems  []Member // scratch stack of object members being collected
	buf   []byte   // scratch for unescaping strings
}

// Parse reads exactly one JSON value from b; whitespace around it is
// allowed. Errors are *SyntaxError and give the byte offset and what was
// wanted there. Nesting deeper than MaxDepth and invalid UTF-8 inside
// strings are errors. Strings are unescaped; a lone UTF-16 surrogate in a
// \u escape becomes U+FFFD, as with encoding/json.
//
// Parse copies b once; the returned strings share that copy.
func Parse(b []byte) (Value, error) {
	p := parser{s: string(b)}
	i := p.ws(0)
	v, i, err := p.value(i)
	if err != nil {
		return Value{}, err
	}
	i = p.ws(i)
	if i < len(p.s) {
		return Value{}, p.fail(i, "want end of input after value")
	}
	return v, nil
}

// fail returns a SyntaxError at offset i, appending a description of
// what is at i to want.
func (p *parser) fail(i int, want string) error {
	return &SyntaxError{Offset: i, Msg: want + ", found " + p.found(i)}
}

func (p *parser) found(i int) string {
	if i >= len(p.s) {
		return "end of input"
	}
	c := p.s[i]
	if c >= 0x20 && c < 0x7f {
		return "'" + p.s[i:i+1] + "'"
	}
	const hex = "0123456789abcdef"
	return "byte 0x" + string([]byte{hex[c>>4], hex[c&0xf]})
}

func (p *parser) ws(i int) int {
	for i < len(p.s) {
		switch p.s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (p *parser) value(i int) (Value, int, error) {
	if i >= len(p.s) {
		return Value{}, i, p.fail(i, "want value")
	}
	switch c := p.s[i]; c {
	case '{':
		return p.object(i)
	case '[':
		return p.array(i)
	case '"':
		s, j, err := p.str(i)
		return Value{kind: String, text: s}, j, err
	case 't':
		j, err := p.lit(i, "true")
		return Value{kind: Bool, b: true}, j, err
	case 'f':
		j, err := p.lit(i, "false")
		return Value{kind: Bool}, j, err
	case 'n':
		j, err := p.lit(i, "null")
		return Value{}, j, err
	default:
		if c == '-' || isDigit(c) {
			return p.number(i)
		}
		return Value{}, i, p.fail(i, "want value")
	}
}

func (p *parser) lit(i int, word string) (int, error) {
	for k := 0; k < len(word); k++ {
		if i+k >= len(p.s) || p.s[i+k] != word[k] {
			return i + k, p.fail(i+k, "want literal "+word)
		}
	}
	return i + len(word), nil
}

func (p *parser) number(i int) (Value, int, error) {
	s := p.s
	start := i
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && isDigit(s[i]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return Value{}, i, p.fail(i, "want digit in number")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return Value{}, i, p.fail(i, "want digit after decimal point")
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return Value{}, i, p.fail(i, "want digit in exponent")
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return Value{kind: Number, text: s[start:i]}, i, nil
}

func (p *parser) array(i int) (Value, int, error) {
	if p.depth++; p.depth > MaxDepth {
		return Value{}, i, p.fail(i, "want nesting depth at most "+strconv.Itoa(MaxDepth))
	}
	i = p.ws(i + 1)
	if i < len(p.s) && p.s[i] == ']' {
		p.depth--
		return Value{kind: Array, elems: emptyElems}, i + 1, nil
	}
	base := len(p.vals)
	for {
		v, j, err := p.value(i)
		if err != nil {
			return Value{}, j, err
		}
		p.vals = append(p.vals, v)
		i = p.ws(j)
		if i < len(p.s) && p.s[i] == ',' {
			i = p.ws(i + 1)
			continue
		}
		if i < len(p.s) && p.s[i] == ']' {
			i++
			break
		}
		return Value{}, i, p.fail(i, "want ',' or ']' after array element")
	}
	elems := make([]Value, len(p.vals)-base)
	copy(elems, p.vals[base:])
	clear(p.vals[base:])
	p.vals = p.vals[:base]
	p.depth--
	return Value{kind: Array, elems: elems}, i, nil
}

func (p *parser) object(i int) (Value, int, error) {
	if p.depth++; p.depth > MaxDepth {
		return Value{}, i, p.fail(i, "want nesting depth at most "+strconv.Itoa(MaxDepth))
	}
	i = p.ws(i + 1)
	if i < len(p.s) && p.s[i] == '}' {
		p.depth--
		return Value{kind: Object, members: emptyMembers}, i + 1, nil
	}
	base := len(p.mems)
	for {
		if i >= len(p.s) || p.s[i] != '"' {
			return Value{}, i, p.fail(i, "want '\"' to start object key")
		}
		key, j, err := p.str(i)
		if err != nil {
			return Value{}, j, err
		}
		i = p.ws(j)
		if i >= len(p.s) || p.s[i] != ':' {
			return Value{}, i, p.fail(i, "want ':' after object key")
		}
		v, j, err := p.value(p.ws(i + 1))
		if err != nil {
			return Value{}, j, err
		}
		p.mems = append(p.mems, Member{Key: key, Value: v})
		i = p.ws(j)
		if i < len(p.s) && p.s[i] == ',' {
			i = p.ws(i + 1)
			continue
		}
		if i < len(p.s) && p.s[i] == '}' {
			i++
			break
		}
		return Value{}, i, p.fail(i, "want ',' or '}' after object member")
	}
	members := make([]Member, len(p.mems)-base)
	copy(members, p.mems[base:])
	clear(p.mems[base:])
	p.mems = p.mems[:base]
	p.depth--
	return Value{kind: Object, members: members}, i, nil
}

// str reads the string starting with the quote at i. Strings without
// escapes are returned as substrings of the input.
func (p *parser) str(i int) (string, int, error) {
	s := p.s
	start := i + 1
	i = start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			return s[start:i], i + 1, nil
		case c == '\\':
			return p.strEscaped(start, i)
		case c < 0x20:
			return "", i, p.fail(i, "want escaped control character in string")
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", i, p.fail(i, "want valid UTF-8 in string")
			}
			i += size
		}
	}
	return "", i, p.fail(i, "want '\"' to end string")
}

// strEscaped continues str from the first backslash at i.
func (p *parser) strEscaped(start, i int) (string, int, error) {
	s := p.s
	buf := append(p.buf[:0], s[start:i]...)
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			p.buf = buf
			return string(buf), i + 1, nil
		case c == '\\':
			if i+1 >= len(s) {
				return "", i + 1, p.fail(i+1, "want escape character after '\\'")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, bad := hex4(s, i+2)
				if bad >= 0 {
					return "", bad, p.fail(bad, "want 4 hex digits after \\u")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// As encoding/json: a surrogate pair gives one rune,
					// anything else gives U+FFFD and the following escape
					// is read on its own.
					r1 := r
					r = utf8.RuneError
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if r2, bad := hex4(s, i+2); bad < 0 {
							if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
								r = dec
								i += 6
							}
						}
					}
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				return "", i + 1, p.fail(i+1, "want escape character (one of \"\\/bfnrtu) after '\\'")
			}
			i += 2
		case c < 0x20:
			return "", i, p.fail(i, "want escaped control character in string")
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", i, p.fail(i, "want valid UTF-8 in string")
			}
			buf = append(buf, s[i:i+size]...)
			i += size
		}
	}
	p.buf = buf
	return "", i, p.fail(i, "want '\"' to end string")
}

// hex4 decodes the four hex digits at s[i:i+4]. bad is the offset of the
// first byte that is not a hex digit (possibly len(s)), or -1.
func hex4(s string, i int) (r rune, bad int) {
	for k := i; k < i+4; k++ {
		if k >= len(s) {
			return 0, k
		}
		c := s[k]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, k
		}
		r = r<<4 | rune(c)
	}
	return r, -1
}
