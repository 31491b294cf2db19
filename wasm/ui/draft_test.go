package ui

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

var now = time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)

func TestNewID(t *testing.T) {
	id, err := NewID(bytes.NewReader(bytes.Repeat([]byte{0xff}, 16)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "ffffffff-ffff-4fff-bfff-ffffffffffff"; id != want {
		t.Errorf("NewID(all ones) = %q, want %q", id, want)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("NewID = %q: not a version 4 UUID", id)
	}
	if _, err := NewID(bytes.NewReader(nil)); err == nil || !strings.Contains(err.Error(), "response id") {
		t.Errorf("NewID(empty reader) error = %v, want one about the response id", err)
	}
}

func TestSet(t *testing.T) {
	d := Draft{Sent: "2026-01-01T00:00:00Z"}
	steps := []struct {
		item, value string
		changed     bool
		want        lagesbild.Answers
	}{
		{"a", "ja", true, lagesbild.Answers{"a": "ja"}},
		{"a", "ja", false, lagesbild.Answers{"a": "ja"}},
		{"a", "nej", true, lagesbild.Answers{"a": "nej"}},
		{"b", "", false, lagesbild.Answers{"a": "nej"}},
		{"a", "", true, lagesbild.Answers{}},
	}
	for i, s := range steps {
		if got := d.Set(s.item, s.value, now); got != s.changed {
			t.Errorf("step %d: Set(%q, %q) = %v, want %v", i, s.item, s.value, got, s.changed)
		}
		if len(d.Answers) != len(s.want) || d.Answers[s.item] != s.want[s.item] {
			t.Errorf("step %d: answers %v, want %v", i, d.Answers, s.want)
		}
	}
	if d.Sent != "" || d.Changed != "2026-03-01T12:30:00Z" {
		t.Errorf("after changes: Sent %q, Changed %q; want unsent, changed at now", d.Sent, d.Changed)
	}
	if !d.SetAbout("0180", "demo", "chef", false, now) || d.SetAbout("0180", "demo", "chef", false, now) {
		t.Errorf("SetAbout: want a change, then none")
	}
	if !d.SetAbout("24", "demo", "chef", true, now) || d.Municipality != "" || d.County != "24" {
		t.Errorf("SetAbout for a county: municipality %q, county %q; want none and 24", d.Municipality, d.County)
	}
}

func TestDraftRoundTrip(t *testing.T) {
	q := small(t)
	d, err := NewDraft(q, bytes.NewReader(bytes.Repeat([]byte{7}, 16)))
	if err != nil {
		t.Fatal(err)
	}
	d.SetAbout("2480", "demo", "chef", false, now)
	d.Set("rutiner.plan", "delvis", now)
	got, err := ParseDraft(d.Encode(), q)
	if err != nil {
		t.Fatalf("ParseDraft(Encode(d)): %v", err)
	}
	if string(got.Encode()) != string(d.Encode()) {
		t.Errorf("round trip changed the draft:\n%s\nwant\n%s", got.Encode(), d.Encode())
	}
	if want := "svar-small-umea-2026-03-01.json"; d.FileName() != want {
		t.Errorf("FileName = %q, want %q", d.FileName(), want)
	}
}

func TestParseDraftErrors(t *testing.T) {
	q := small(t)
	ok := `"format":"lagesbild-svar/1","id":"0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","questionnaire":"small","version":2`
	tests := []struct {
		name, file string
		kind       FileProblem
		text       string // in Swedish
	}{
		{"not json", `hello`, NotAnswers, "Filen kunde inte läsas: den är inte en fil med svar"},
		{"wrong format", `{"format":"x"}`, NotAnswers, "inte en fil med svar"},
		{"other questionnaire", `{"format":"lagesbild-svar/1","questionnaire":"kommun"}`, OtherQuestionnaire, "en annan enkät (kommun)"},
		{"bad id", `{"format":"lagesbild-svar/1","questionnaire":"small","id":"1"}`, NotAnswers, "inte en fil med svar"},
		{"bad municipality", `{` + ok + `,"municipality":"9999"}`, NotAnswers, "inte en fil med svar"},
		{"unknown item", `{` + ok + `,"answers":{"nope":"ja"}}`, BadAnswers, "passar inte den här enkäten"},
		{"unknown value", `{` + ok + `,"answers":{"rutiner.plan":"kanske"}}`, BadAnswers, "passar inte den här enkäten"},
	}
	for _, tt := range tests {
		_, err := ParseDraft([]byte(tt.file), q)
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want a *FileError", tt.name, err)
			continue
		}
		if fe.Kind != tt.kind || !strings.Contains(fe.Text(i18n.For("sv")), tt.text) {
			t.Errorf("%s: kind %v, text %q; want kind %v, text containing %q", tt.name, fe.Kind, fe.Text(i18n.For("sv")), tt.kind, tt.text)
		}
	}
}

// TestParseDraftOlderVersion checks that answers to an earlier version are
// carried over where the item still exists, also under its new id.
func TestParseDraftOlderVersion(t *testing.T) {
	q := small(t)
	file := `{"format":"lagesbild-svar/1","id":"0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","questionnaire":"small","version":1,
		"answers":{"rutiner.plan":"ja","samverkan.sjukvard":"nej","gone.item":"ja","kunskap.utbildning":"kanske"},"sent":"2026-01-01T00:00:00Z"}`
	d, err := ParseDraft([]byte(file), q)
	if err != nil {
		t.Fatal(err)
	}
	want := lagesbild.Answers{"rutiner.plan": "ja", "samverkan.region": "nej"}
	if len(d.Answers) != len(want) || d.Answers["rutiner.plan"] != "ja" || d.Answers["samverkan.region"] != "nej" {
		t.Errorf("answers %v, want %v", d.Answers, want)
	}
	if d.Version != 2 || d.Sent != "" {
		t.Errorf("version %d, sent %q; want 2 and unsent", d.Version, d.Sent)
	}
}

func TestStamp(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		time.Date(999, 12, 31, 23, 59, 59, 999, time.UTC),
		time.Date(2026, 11, 27, 2, 5, 9, 0, time.FixedZone("CET", 3600)),
		time.Unix(0, 0),
	} {
		if got, want := Stamp(tm), tm.UTC().Format(time.RFC3339); got != want {
			t.Errorf("Stamp(%v) = %q, want %q", tm, got, want)
		}
	}
}
