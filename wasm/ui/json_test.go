package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/tinyjson"
)

// TestParseQuestionnaire holds the hand-written reader to encoding/json on
// every shipped questionnaire and the test one.
func TestParseQuestionnaire(t *testing.T) {
	files, _ := filepath.Glob("../../questionnaires/compiled/*.json")
	files = append(files, "testdata/small.json", "../../testdata/small.v2.json", "../../questionnaires/authoring/testdata/small.v2.json")
	if len(files) < 4 {
		t.Fatalf("found %d questionnaires, want 4 or more", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseQuestionnaire(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want := new(lagesbild.Questionnaire)
		if err := json.Unmarshal(b, want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ParseQuestionnaire differs from encoding/json", f)
		}
	}
}

func TestParseQuestionnaireErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"id": 3}`, "questionnaire: id: want a string, got number"},
		{`{"id": "k", "version": 1.5}`, "questionnaire: version: want a whole number, got number"},
		{`{"sections": {}}`, "questionnaire: sections: want an array, got object"},
		{`{"sections": [3]}`, "questionnaire: sections: want an array of objects, got number"},
		{`{"sections": [{"items": [{"options": [{"points": "2"}]}]}]}`, "questionnaire: points: want a whole number, got string"},
		{`{"title": "x"}`, "questionnaire: title: want an object, got string"},
		{`{"sections": [{"items": [{"indicators": [{"meets": "ja"}]}]}]}`, "questionnaire: meets: want an array, got string"},
		{`{"sections": [{"items": [{"indicators": [{"meets": [2]}]}]}]}`, "questionnaire: meets: want an array of strings, got number"},
		{`{"sections": [{"items": [{"indicators": {}}]}]}`, "questionnaire: indicators: want an array, got object"},
		{`{"renamed": {"a": 1}}`, "questionnaire: renamed.a: want a string, got number"},
		{`{`, "questionnaire: "},
	}
	for _, tt := range tests {
		_, err := ParseQuestionnaire([]byte(tt.in))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseQuestionnaire(%s) = %v, want %q…", tt.in, err, tt.want)
		}
	}
}

// drafts are drafts to write and read back: every field, empty ones,
// texts that need escaping.
var drafts = []Draft{
	{},
	{Format: FileFormat, ID: "0f8fad5b-d9cb-469f-a165-70867728950e", Questionnaire: "kommun", Version: 1, Round: "demo", Answers: lagesbild.Answers{}},
	{Format: FileFormat, ID: "0f8fad5b-d9cb-469f-a165-70867728950e", Questionnaire: "kommun", Version: 2, Round: "vår <2026> & \"höst\"",
		Municipality: "2480", County: "24", Role: "chef", Answers: lagesbild.Answers{"b.x": "ja", "a.y": "vet-ej", "ö": "\u2028"},
		Changed: "2026-03-01T10:00:00Z", Pending: true, Sent: "2026-03-01T10:01:00Z"},
}

func TestEncodeDraftLikeEncodingJSON(t *testing.T) {
	for _, d := range drafts {
		want, _ := json.MarshalIndent(d, "", "  ")
		if got := encodeDraft(d); string(got) != string(want) {
			t.Errorf("encodeDraft =\n%s\nencoding/json =\n%s", got, want)
		}
		// The body the worker decodes, as the API declares it.
		want, _ = json.Marshal(api.Response{ID: d.ID, Round: d.Round, Questionnaire: d.Questionnaire, Version: d.Version,
			Municipality: d.Municipality, County: d.County, Role: d.Role, Answers: d.Answers})
		if got := Payload(d); string(got) != string(want) {
			t.Errorf("Payload =\n%s\nencoding/json =\n%s", got, want)
		}
		back, err := parseDraft(encodeDraft(d))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, d) {
			t.Errorf("read back %+v, want %+v", back, d)
		}
	}
}

func TestParseDraftTypes(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[]`, "want an object, got array"},
		{`{"version": "1"}`, "version: want a whole number, got string"},
		{`{"answers": []}`, "answers: want an object, got array"},
		{`{"answers": {"a": null}}`, "answers.a: want a string, got null"},
		{`{"pending": 1}`, "pending: want true or false, got number"},
		{`{"id": "x",}`, ""},
	}
	for _, tt := range tests {
		_, err := parseDraft([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseDraft(%s) = %v, want %q", tt.in, err, tt.want)
		}
		// encoding/json refuses the same inputs.
		var d Draft
		if json.Unmarshal([]byte(tt.in), &d) == nil && tt.in != `{"answers": {"a": null}}` {
			t.Errorf("%s: encoding/json accepts it", tt.in)
		}
	}
}

// FuzzParseDraft: whatever a stored draft or a chosen file holds, reading it
// does not panic, and what reads as a draft reads the same with
// encoding/json and survives writing and reading again.
func FuzzParseDraft(f *testing.F) {
	for _, d := range drafts {
		f.Add(encodeDraft(d))
	}
	f.Add([]byte(`{"answers":{"a":"b","a":"c"},"version":1e0}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseDraft(b)
		if err != nil {
			return
		}
		if caseVariant(b) {
			return // encoding/json also takes "Answers" for "answers"; drafts are ours, and exact
		}
		var want Draft
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("parseDraft accepts what encoding/json refuses (%v): %q", err, b)
		}
		if want.Answers == nil && len(d.Answers) == 0 {
			want.Answers = d.Answers
		}
		if !reflect.DeepEqual(d, want) {
			t.Fatalf("parseDraft = %+v, encoding/json = %+v", d, want)
		}
		back, err := parseDraft(encodeDraft(d))
		if err != nil || !reflect.DeepEqual(back, d) {
			t.Fatalf("round trip: %+v, %v; want %+v", back, err, d)
		}
	})
}

// caseVariant reports whether a draft's JSON has a key that differs from a
// field's name only in case.
func caseVariant(b []byte) bool {
	v, err := tinyjson.Parse(b)
	if err != nil {
		return false
	}
	fields := []string{"format", "id", "questionnaire", "version", "round", "municipality", "county", "role", "answers", "changed", "pending", "sent"}
	for _, m := range v.Members() {
		for _, f := range fields {
			if m.Key != f && strings.EqualFold(m.Key, f) {
				return true
			}
		}
	}
	return false
}
