package ui

import (
	"errors"
	"strconv"

	"lagesbild"
	"lagesbild/api"
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
				Advice: text(&r, iv, "advice"), Weight: r.Float(iv, "weight"), Kind: r.Str(iv, "kind"), DontKnow: r.Str(iv, "dontKnow"),
				MatchesIndicator: r.Str(iv, "matchesIndicator")}
			if u := iv.Get("adviceUnknown"); !u.IsNull() {
				t := text(&r, iv, "adviceUnknown")
				it.AdviceUnknown = &t
			}
			for _, ov := range r.Objects(iv, "options") {
				o := lagesbild.Option{Value: r.Str(ov, "value"), Label: text(&r, ov, "label"), NotApplicable: r.Bool(ov, "na")}
				if p := ov.Get("points"); !p.IsNull() {
					n := r.Int(ov, "points")
					o.Points = &n
				}
				it.Options = append(it.Options, o)
			}
			for _, dv := range r.Objects(iv, "indicators") {
				it.Indicators = append(it.Indicators, lagesbild.Indicator{ID: r.Str(dv, "id"), Title: text(&r, dv, "title"), Meets: r.Strs(dv, "meets"), Regional: r.Bool(dv, "regional")})
			}
			s.Items = append(s.Items, it)
		}
		q.Sections = append(q.Sections, s)
	}
	if m := v.Get("renamed"); !m.IsNull() {
		q.Renamed = r.Strings(v, "renamed")
	}
	if m := v.Get("dropped"); !m.IsNull() {
		q.Dropped = r.Strings(v, "dropped")
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

// encodeDraft writes d as encoding/json's MarshalIndent(d, "", "  ") would.
func encodeDraft(d Draft) []byte {
	o := tinyjson.NewWriter(nil, "  ")
	o.Str("format", d.Format)
	o.Str("id", d.ID)
	o.Str("questionnaire", d.Questionnaire)
	o.Int("version", d.Version)
	o.Str("round", d.Round)
	o.StrOmit("municipality", d.Municipality)
	o.StrOmit("county", d.County)
	o.StrOmit("role", d.Role)
	o.Strings("answers", d.Answers)
	o.StrOmit("changed", d.Changed)
	if d.Pending {
		o.Bool("pending", true)
	}
	o.StrOmit("sent", d.Sent)
	return o.Close()
}

// Payload is the body of POST /api/responses for a draft. The client sends
// no scores: the worker computes its own.
func Payload(d Draft) []byte {
	o := tinyjson.NewWriter(nil, "")
	o.Str("id", d.ID)
	o.Str("round", d.Round)
	o.Str("questionnaire", d.Questionnaire)
	o.Int("version", d.Version)
	o.StrOmit("municipality", d.Municipality)
	o.StrOmit("county", d.County)
	o.StrOmit("role", d.Role)
	o.Strings("answers", d.Answers)
	return o.Close()
}

// parseRound reads GET /api/rounds/{round}'s answer (api.Round): the
// round's id, dates and whether it is open, and the code's access.
func parseRound(b []byte) (api.Round, error) {
	v, err := tinyjson.Parse(b)
	if err != nil {
		return api.Round{}, errors.New("round: " + err.Error())
	}
	if v.Kind() != tinyjson.Object {
		return api.Round{}, errors.New("round: want an object, got " + v.Kind().String())
	}
	var r tinyjson.Reader
	// Only what the page uses: whose the code is, and the dates.
	rd := api.Round{ID: r.Str(v, "id"), Opens: r.Str(v, "opens"), Closes: r.Str(v, "closes"), Open: r.Bool(v, "open")}
	if a := r.Object(v, "access"); a.Kind() == tinyjson.Object {
		rd.Access = &api.Access{Admin: r.Bool(a, "admin"), Kind: r.Str(a, "kind"), Unit: r.Str(a, "unit"), Name: r.Str(a, "name")}
	}
	if r.Err != nil {
		return api.Round{}, errors.New("round: " + r.Err.Error())
	}
	return rd, nil
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
