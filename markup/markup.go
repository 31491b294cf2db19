// Package markup is how the browser client writes HTML: one type for markup
// that is safe to insert, one writer that escapes every text it is given,
// and one escaper. The result and county views (wasm/report), the workshop
// pages (wasm/workshop) and the questionnaire runner's error summary
// (wasm/ui) all write through it, and so does the worker's page for a form
// posted without JavaScript (worker/form.go).
//
// It imports only strconv, not fmt or html: the questionnaire runner
// (wasm/form) must stay free of fmt, and html's entity tables are only
// needed for unescaping.
package markup

import "strconv"

// HTML is markup that is safe to insert: built by Writer or Esc, with every
// text escaped.
type HTML string

// Esc escapes text for HTML content and quoted attribute values, exactly as
// html.EscapeString does: & < > ' and ".
func Esc(s string) HTML { return HTML(appendEsc(nil, s)) }

func appendEsc(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case '&':
			r = "&amp;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '\'':
			r = "&#39;"
		case '"':
			r = "&#34;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, r...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// Writer builds HTML. F writes a format with its arguments put in, each
// escaped unless it is already HTML, so a view cannot forget to escape a
// municipality's name or a text from the questionnaire.
type Writer struct{ b []byte }

// F appends format with args in its verbs, in order: %s takes a string
// (escaped), HTML (as it is) or an int; %d takes an int; %% is a percent
// sign. Any other argument is written as "?" (a mistake the tests catch).
func (w *Writer) F(format string, args ...any) {
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			w.b = append(w.b, c)
			continue
		}
		i++
		switch v := format[i]; v {
		case '%':
			w.b = append(w.b, '%')
		case 's', 'd':
			if len(args) == 0 {
				w.b = append(w.b, "%!"+string(v)+"(MISSING)"...)
				continue
			}
			w.arg(args[0])
			args = args[1:]
		default:
			w.b = append(w.b, '%', v)
		}
	}
}

func (w *Writer) arg(a any) {
	switch a := a.(type) {
	case HTML:
		w.b = append(w.b, a...)
	case string:
		w.b = appendEsc(w.b, a)
	case int:
		w.b = strconv.AppendInt(w.b, int64(a), 10)
	case int64:
		w.b = strconv.AppendInt(w.b, a, 10)
	default:
		w.b = append(w.b, '?')
	}
}

// HTML is what was written.
func (w *Writer) HTML() HTML { return HTML(w.b) }

// String is what was written, as a string.
func (w *Writer) String() string { return string(w.b) }
