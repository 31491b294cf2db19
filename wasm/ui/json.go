package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/wasm/tinyjson"
)

// The questionnaire page's JSON — the questionnaire, drafts, the body it
// sends and the API's error answers — is read and written here by hand with
// wasm/tinyjson: encoding/json's reflection would make the questionnaire
// runner's wasm several hundred KB bigger. The tests hold every function
// here to encoding/json's results.

// ParseQuestionnaire reads a compiled questionnaire (questionnaires/compiled).
func ParseQuestionnaire(b []byte) (*lagesbild.Questionnaire, error) {
	v, err := tinyjson.Parse(b)
	if err != nil {
		return nil, errors.New("questionnaire: " + err.Error())
	}
	var r reader
	q := &lagesbild.Questionnaire{
		ID:      r.str(v, "id"),
		Version: r.int(v, "version"),
		Title:   r.text(v, "title"),
		Intro:   r.text(v, "intro"),
	}
	for _, sv := range r.array(v, "sections") {
		s := lagesbild.Section{ID: r.str(sv, "id"), Title: r.text(sv, "title"), Intro: r.text(sv, "intro")}
		for _, iv := range r.array(sv, "items") {
			it := lagesbild.Item{ID: r.str(iv, "id"), Text: r.text(iv, "text"), Help: r.text(iv, "help"),
				Advice: r.text(iv, "advice"), Weight: r.float(iv, "weight"), Kind: r.str(iv, "kind")}
			for _, ov := range r.array(iv, "options") {
				o := lagesbild.Option{Value: r.str(ov, "value"), Label: r.text(ov, "label")}
				if p := ov.Get("points"); !p.IsNull() {
					n := r.int(ov, "points")
					o.Points = &n
				}
				it.Options = append(it.Options, o)
			}
			s.Items = append(s.Items, it)
		}
		q.Sections = append(q.Sections, s)
	}
	if m := v.Get("renamed"); !m.IsNull() {
		q.Renamed = r.strings(v, "renamed")
	}
	if r.err != nil {
		return nil, errors.New("questionnaire: " + r.err.Error())
	}
	return q, nil
}

// reader takes fields out of objects, remembering the first field that had
// the wrong type; absent fields and nulls are zero values, as with
// encoding/json.
type reader struct{ err error }

func (r *reader) wrong(key, want string, got tinyjson.Value) {
	if r.err == nil {
		r.err = errors.New(key + ": want " + want + ", got " + got.Kind().String())
	}
}

// field reads obj's member key with as; a member of another type is an
// error saying what was wanted.
func field[T any](r *reader, obj tinyjson.Value, key, want string, as func(tinyjson.Value) (T, bool)) T {
	v := obj.Get(key)
	x, ok := as(v)
	if !ok && !v.IsNull() {
		r.wrong(key, want, v)
	}
	return x
}

func (r *reader) str(obj tinyjson.Value, key string) string {
	return field(r, obj, key, "a string", tinyjson.Value.Str)
}

func (r *reader) int(obj tinyjson.Value, key string) int {
	return field(r, obj, key, "a whole number", strictInt)
}

func (r *reader) float(obj tinyjson.Value, key string) float64 {
	return field(r, obj, key, "a number", tinyjson.Value.Float)
}

func (r *reader) bool(obj tinyjson.Value, key string) bool {
	return field(r, obj, key, "true or false", tinyjson.Value.Bool)
}

// strictInt is an int as encoding/json reads one: 1e0 and 1.0 are none.
func strictInt(v tinyjson.Value) (int, bool) {
	if lit, _ := v.Literal(); strings.ContainsAny(lit, ".eE") {
		return 0, false
	}
	return v.Int()
}

func (r *reader) array(obj tinyjson.Value, key string) []tinyjson.Value {
	v := obj.Get(key)
	if v.Kind() != tinyjson.Array && !v.IsNull() {
		r.wrong(key, "an array", v)
	}
	for _, e := range v.Elems() {
		if e.Kind() != tinyjson.Object {
			r.wrong(key, "an array of objects", e)
		}
	}
	return v.Elems()
}

func (r *reader) text(obj tinyjson.Value, key string) lagesbild.Text {
	v := obj.Get(key)
	if v.Kind() != tinyjson.Object && !v.IsNull() {
		r.wrong(key, "an object", v)
	}
	return lagesbild.Text{SV: r.str(v, "sv"), EN: r.str(v, "en")}
}

// strings reads an object of strings, e.g. answers.
func (r *reader) strings(obj tinyjson.Value, key string) map[string]string {
	v := obj.Get(key)
	if v.Kind() != tinyjson.Object {
		if !v.IsNull() {
			r.wrong(key, "an object", v)
		}
		return nil
	}
	m := make(map[string]string, len(v.Members()))
	for _, mb := range v.Members() {
		s, ok := mb.Value.Str()
		if !ok {
			r.wrong(key+"."+mb.Key, "a string", mb.Value)
		}
		m[mb.Key] = s
	}
	return m
}

// parseDraft reads a draft's JSON.
func parseDraft(b []byte) (Draft, error) {
	v, err := tinyjson.Parse(b)
	if err != nil {
		return Draft{}, err
	}
	if v.Kind() != tinyjson.Object {
		return Draft{}, errors.New("want an object, got " + v.Kind().String())
	}
	var r reader
	d := Draft{
		Format:        r.str(v, "format"),
		ID:            r.str(v, "id"),
		Questionnaire: r.str(v, "questionnaire"),
		Version:       r.int(v, "version"),
		Round:         r.str(v, "round"),
		Municipality:  r.str(v, "municipality"),
		County:        r.str(v, "county"),
		Role:          r.str(v, "role"),
		Answers:       r.strings(v, "answers"),
		Changed:       r.str(v, "changed"),
		Pending:       r.bool(v, "pending"),
		Sent:          r.str(v, "sent"),
	}
	return d, r.err
}

// object writes one JSON object, a field at a time, indented or not.
type object struct {
	b      []byte
	indent string // "" for compact; else the indentation of the fields
	n      int
}

func newObject(dst []byte, indent string) *object {
	return &object{b: append(dst, '{'), indent: indent}
}

func (o *object) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	if o.indent != "" {
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.indent...)
	}
	o.b = tinyjson.AppendString(o.b, k)
	o.b = append(o.b, ':')
	if o.indent != "" {
		o.b = append(o.b, ' ')
	}
}

func (o *object) str(k, v string) {
	o.key(k)
	o.b = tinyjson.AppendString(o.b, v)
}

// strOmit writes a string field unless it is empty (omitempty).
func (o *object) strOmit(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *object) int(k string, v int) {
	o.key(k)
	o.b = tinyjson.AppendInt(o.b, v)
}

// strings writes a map of strings with its keys sorted, as encoding/json does.
func (o *object) strings(k string, m map[string]string) {
	o.key(k)
	if m == nil {
		o.b = append(o.b, "null"...)
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	inner := ""
	if o.indent != "" {
		inner = o.indent + "  "
	}
	in := newObject(o.b, inner)
	for _, k := range keys {
		in.str(k, m[k])
	}
	o.b = in.close()
}

func (o *object) close() []byte {
	if o.indent != "" && o.n > 0 {
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.indent[:len(o.indent)-2]...)
	}
	return append(o.b, '}')
}

// encodeDraft writes d as encoding/json's MarshalIndent(d, "", "  ") would.
func encodeDraft(d Draft) []byte {
	o := newObject(nil, "  ")
	o.str("format", d.Format)
	o.str("id", d.ID)
	o.str("questionnaire", d.Questionnaire)
	o.int("version", d.Version)
	o.str("round", d.Round)
	o.strOmit("municipality", d.Municipality)
	o.strOmit("county", d.County)
	o.strOmit("role", d.Role)
	o.strings("answers", d.Answers)
	o.strOmit("changed", d.Changed)
	if d.Pending {
		o.key("pending")
		o.b = append(o.b, "true"...)
	}
	o.strOmit("sent", d.Sent)
	return o.close()
}

// Payload is the body of POST /api/responses for a draft. The client sends
// no scores: the worker computes its own.
func Payload(d Draft) []byte {
	o := newObject(nil, "")
	o.str("id", d.ID)
	o.str("round", d.Round)
	o.str("questionnaire", d.Questionnaire)
	o.int("version", d.Version)
	o.strOmit("municipality", d.Municipality)
	o.strOmit("county", d.County)
	o.strOmit("role", d.Role)
	o.strings("answers", d.Answers)
	return o.close()
}

// parseAPIError reads {"code": …, "error": …}; ok is false for anything else.
func parseAPIError(body []byte) (code, message string, ok bool) {
	v, err := tinyjson.Parse(body)
	if err != nil || v.Kind() != tinyjson.Object {
		return "", "", false
	}
	var r reader
	code, message = r.str(v, "code"), r.str(v, "error")
	return code, message, r.err == nil
}

// quote is %q for the messages here.
func quote(s string) string { return strconv.Quote(s) }
