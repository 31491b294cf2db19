package tinyjson

import "slices"

// Writer writes one JSON object a member at a time, byte for byte as
// encoding/json writes the struct it stands for: compact, or indented as
// MarshalIndent(v, "", "  ") indents. The clients write their request bodies
// and drafts with it instead of with encoding/json's reflection.
type Writer struct {
	b      []byte
	indent string // "" for compact; else the indentation of the members
	n      int
}

// NewWriter starts an object after dst; indent is "" for compact output, or
// the members' indentation (two spaces per level).
func NewWriter(dst []byte, indent string) *Writer {
	return &Writer{b: append(dst, '{'), indent: indent}
}

// Key writes a member's key; the value must follow.
func (o *Writer) Key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	if o.indent != "" {
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.indent...)
	}
	o.b = AppendString(o.b, k)
	o.b = append(o.b, ':')
	if o.indent != "" {
		o.b = append(o.b, ' ')
	}
}

// Str writes a string member.
func (o *Writer) Str(k, v string) {
	o.Key(k)
	o.b = AppendString(o.b, v)
}

// StrOmit writes a string member unless it is empty (omitempty).
func (o *Writer) StrOmit(k, v string) {
	if v != "" {
		o.Str(k, v)
	}
}

// Int writes a whole-number member.
func (o *Writer) Int(k string, v int) {
	o.Key(k)
	o.b = AppendInt(o.b, v)
}

// Bool writes true or false.
func (o *Writer) Bool(k string, v bool) {
	o.Key(k)
	o.b = AppendBool(o.b, v)
}

// Strings writes a map of strings with its keys sorted, as encoding/json
// does; a nil map is null.
func (o *Writer) Strings(k string, m map[string]string) {
	o.Key(k)
	if m == nil {
		o.b = append(o.b, "null"...)
		return
	}
	inner := ""
	if o.indent != "" {
		inner = o.indent + "  "
	}
	o.b = AppendStrings(o.b, inner, m)
}

// AppendStrings appends m as a JSON object with its keys sorted, as
// encoding/json writes a map[string]string; indent as for NewWriter.
func AppendStrings(dst []byte, indent string, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	in := NewWriter(dst, indent)
	for _, k := range keys {
		in.Str(k, m[k])
	}
	return in.Close()
}

// Close ends the object and returns the bytes written.
func (o *Writer) Close() []byte {
	if o.indent != "" && o.n > 0 {
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.indent[:len(o.indent)-2]...)
	}
	return append(o.b, '}')
}
