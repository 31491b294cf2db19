package ui

import (
	"fmt"
	"slices"
	"testing"
)

func TestOpenRounds(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
		err        bool
	}{
		{"none", `{"rounds":[]}`, nil, false},
		{"open and closed, two questionnaires", `{"rounds":[
			{"id":"2027","questionnaire":"kommun","open":true},
			{"id":"2026","questionnaire":"kommun","open":false},
			{"id":"lan-2027","questionnaire":"lansstyrelse","open":true},
			{"id":"demo","questionnaire":"kommun","open":true,"openToAll":true}]}`, []string{"2027", "demo"}, false},
		{"no id", `{"rounds":[{"questionnaire":"kommun","open":true}]}`, nil, false},
		{"not JSON", `<html>`, nil, true},
		{"not an object", `[]`, nil, true},
		{"a wrong type", `{"rounds":[{"id":7,"questionnaire":"kommun","open":true}]}`, nil, true},
	}
	for _, tt := range tests {
		got, err := OpenRounds([]byte(tt.body), "kommun")
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, %v; want %q, error %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func FuzzOpenRounds(f *testing.F) {
	f.Add(`{"rounds":[{"id":"2027","questionnaire":"kommun","open":true}]}`)
	f.Add(`{"rounds":null}`)
	f.Fuzz(func(t *testing.T, body string) {
		ids, err := OpenRounds([]byte(body), "kommun")
		if err != nil && ids != nil {
			t.Fatalf("an error and rounds %q", ids)
		}
		for _, id := range ids {
			if id == "" {
				t.Fatal("an empty round id")
			}
		}
	})
}

func TestRoundChoices(t *testing.T) {
	tests := []struct {
		open []string
		keep string
		want []string
	}{
		{[]string{"2027", "demo"}, "", []string{"2027", "demo"}},
		{[]string{"2027", "demo"}, "demo", []string{"2027", "demo"}},
		{[]string{"2027"}, "2026", []string{"2026", "2027"}},
		{nil, "demo", []string{"demo"}},
		{nil, "", nil},
	}
	for _, tt := range tests {
		if got := RoundChoices(tt.open, tt.keep); !slices.Equal(got, tt.want) {
			t.Errorf("RoundChoices(%q, %q) = %q, want %q", tt.open, tt.keep, got, tt.want)
		}
	}
}

func TestRoundOptions(t *testing.T) {
	got := RoundOptions([]string{"2027", "demo", `a"<b`}, "demo")
	want := `<option value="2027">2027</option><option value="demo" selected>demo</option><option value="a&#34;&lt;b">a&#34;&lt;b</option>`
	if got != want {
		t.Errorf("RoundOptions:\n got %s\nwant %s", got, want)
	}
}

// TestVersionPage: a round made with an earlier version is answered on
// that version's page; the demo round (version 0) on the latest.
func TestVersionPage(t *testing.T) {
	tests := []struct {
		page   int
		latest bool
		round  int
		want   string
	}{
		{2, true, 2, ""},
		{2, true, 0, ""},
		{2, true, 1, "/enkat/kommun/v1/"},
		{1, false, 1, ""},
		{1, false, 0, "/enkat/kommun/"},
		{1, false, 2, "/enkat/kommun/v2/"},
	}
	for _, tt := range tests {
		if got := VersionPage("kommun", tt.page, tt.latest, tt.round); got != tt.want {
			t.Errorf("VersionPage(page v%d, latest %v, round v%d) = %q, want %q", tt.page, tt.latest, tt.round, got, tt.want)
		}
	}
	ids, versions, err := OpenRoundVersions([]byte(`{"rounds":[{"id":"demo","questionnaire":"kommun","version":0,"open":true},{"id":"r25","questionnaire":"kommun","version":1,"open":true},{"id":"x","questionnaire":"kommun","version":2,"open":false}]}`), "kommun")
	if fmt.Sprint(ids, versions, err) != "[demo r25] map[demo:0 r25:1] <nil>" {
		t.Errorf("OpenRoundVersions = %v %v %v", ids, versions, err)
	}
}
