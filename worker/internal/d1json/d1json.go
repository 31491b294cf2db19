// Package d1json parses the JSON text in which the worker's glue hands D1's
// rows to Go (worker/cmd/worker/d1.go): a JSON array of arrays and scalars as
// JavaScript's JSON.stringify writes it. It is its own package, free of
// syscall/js, so it is tested natively.
package d1json

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseArray parses the JSON text of an array of arrays and scalars, as
// JSON.stringify writes D1's answers: strings, numbers (int64 when whole, as
// syumai's driver gives them, else float64), true, false, null. Not a
// general JSON parser: objects are refused.
func ParseArray(s string) ([]any, error) {
	p := jsonParser{s: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.i != len(s) {
		return nil, errors.New("trailing text")
	}
	a, ok := v.([]any)
	if !ok {
		return nil, errors.New("not an array")
	}
	return a, nil
}

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) value() (any, error) {
	if p.i >= len(p.s) {
		return nil, errors.New("unexpected end")
	}
	switch c := p.s[p.i]; {
	case c == '[':
		p.i++
		var out []any
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return []any{}, nil
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			if p.i >= len(p.s) {
				return nil, errors.New("unexpected end")
			}
			switch p.s[p.i] {
			case ',':
				p.i++
			case ']':
				p.i++
				return out, nil
			default:
				return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i], p.i)
			}
		}
	case c == '"':
		return p.string()
	case c == 'n' && len(p.s)-p.i >= 4 && p.s[p.i:p.i+4] == "null":
		p.i += 4
		return nil, nil
	case c == 't' && len(p.s)-p.i >= 4 && p.s[p.i:p.i+4] == "true":
		p.i += 4
		return true, nil
	case c == 'f' && len(p.s)-p.i >= 5 && p.s[p.i:p.i+5] == "false":
		p.i += 5
		return false, nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		for p.i < len(p.s) && strings.IndexByte("+-.eE0123456789", p.s[p.i]) >= 0 {
			p.i++
		}
		// A JavaScript number is a float64: whole ones become int64, as
		// syumai's driver gives them.
		f, err := strconv.ParseFloat(p.s[start:p.i], 64)
		if err != nil {
			return nil, err
		}
		if f == math.Trunc(f) && math.Abs(f) < 9e18 {
			return int64(f), nil
		}
		return f, nil
	default:
		return nil, fmt.Errorf("unexpected %q at %d", c, p.i)
	}
}

// string reads a JSON string: the text between the quotes as it is when it
// has no escapes (the usual case), else unescaped.
func (p *jsonParser) string() (string, error) {
	p.i++ // the quote
	start := p.i
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '"':
			s := p.s[start:p.i]
			p.i++
			return s, nil
		case '\\':
			return p.escaped(start)
		}
		p.i++
	}
	return "", errors.New("unterminated string")
}

func (p *jsonParser) escaped(start int) (string, error) {
	b := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c != '\\':
			j := strings.IndexAny(p.s[p.i:], "\"\\") // copy up to the next quote or escape
			if j < 0 {
				return "", errors.New("unterminated string")
			}
			b = append(b, p.s[p.i:p.i+j]...)
			p.i += j
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", errors.New("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					if lo, ok := p.hex4(); ok {
						if d := utf16.DecodeRune(r, lo); d != utf8.RuneError {
							r2 = d
						} else {
							p.i = save
						}
					} else {
						p.i = save
					}
				}
				r = r2
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", fmt.Errorf("bad escape \\%c", e)
		}
	}
	return "", errors.New("unterminated string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}
