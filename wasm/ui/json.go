package ui

import (
	"errors"
	"slices"
	"strconv"

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
	var r tinyjson.Reader
	q := &lagesbild.Questionnaire{
		ID:      r.Str(v, "id"),
		Version: r.Int(v, "version"),
		Title:   text(&r, v, "title"),
		Intro:   text(&r, v, "intro"),
	}
	for _, sv := range r.Objects(v, "sections") {
		s := lagesbild.Section{ID: r.Str(sv, "id"), Title: text(&r, sv, "title"), Intro: text(&r, sv, "intro")}
		for _, iv := range r.Objects(sv, "items") {
			it := lagesbild.Item{ID: r.Str(iv, "id"), Text: text(&r, iv, "text"), Help: text(&r, iv, "help"),
				Advice: text(&r, iv, "advice"), Weight: r.Float(iv, "weight"), Kind: r.Str(iv, "kind")}
			for _, ov := range r.Objects(iv, "options") {
				o := lagesbild.Option{Value: r.Str(ov, "value"), Label: text(&r, ov, "label")}
				if p := ov.Get("points"); !p.IsNull() {
					n := r.Int(ov, "points")
					o.Points = &n
				}
				it.Options = append(it.Options, o)
			}
			s.Items = append(s.Items, it)
		}
		q.Sections = append(q.Sections, s)
	}
	if m := v.Get("renamed"); !m.IsNull() {
		q.Renamed = r.Strings(v, "renamed")
	}
	if r.Err != nil {
		return nil, errors.New("questionnaire: " + r.Err.Error())
	}
	return q, nil
}

// text reads a {"sv", "en"} member.
func text(r *tinyjson.Reader, obj tinyjson.Value, key string) lagesbild.Text {
	v := r.Object(obj, key)
	return lagesbild.Text{SV: r.Str(v, "sv"), EN: r.Str(v, "en")}
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
	var r tinyjson.Reader
	d := Draft{
		Format:        r.Str(v, "format"),
		ID:            r.Str(v, "id"),
		Questionnaire: r.Str(v, "questionnaire"),
		Version:       r.Int(v, "version"),
		Round:         r.Str(v, "round"),
		Municipality:  r.Str(v, "municipality"),
		County:        r.Str(v, "county"),
		Role:          r.Str(v, "role"),
		Answers:       r.Strings(v, "answers"),
		Changed:       r.Str(v, "changed"),
		Pending:       r.Bool(v, "pending"),
		Sent:          r.Str(v, "sent"),
	}
	return d, r.Err
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
	var r tinyjson.Reader
	code, message = r.Str(v, "code"), r.Str(v, "error")
	return code, message, r.Err == nil
}

// quote is %q for the messages here.
func quote(s string) string { return strconv.Quote(s) }
