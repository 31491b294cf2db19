package lagesbild

import (
	"fmt"
	"testing"
)

func TestOfficial(t *testing.T) {
	tests := []struct {
		name string
		cs   []Candidate
		want int
	}{
		{"none", nil, -1},
		{"latest", []Candidate{{Updated: "2026-03-01T10:00:00Z", ID: "a"}, {Updated: "2026-03-02T10:00:00Z", ID: "b"}}, 1},
		{"a questionnaire before a later workshop", []Candidate{{Updated: "2026-03-01T10:00:00Z", ID: "a"}, {Role: RoleWorkshop, Updated: "2026-03-05T10:00:00Z", ID: "w"}}, 0},
		{"only workshops: the latest", []Candidate{{Role: RoleWorkshop, Updated: "2026-03-05T10:00:00Z", ID: "w"}, {Role: RoleWorkshop, Updated: "2026-03-01T10:00:00Z", ID: "x"}}, 0},
		{"same time: the greater id", []Candidate{{Updated: "2026-03-01T10:00:00Z", ID: "b"}, {Updated: "2026-03-01T10:00:00Z", ID: "c"}, {Updated: "2026-03-01T10:00:00Z", ID: "a"}}, 1},
		{"a role that is not a workshop counts as a questionnaire", []Candidate{{Role: "chef", Updated: "2026-03-01T10:00:00Z", ID: "a"}}, 0},
	}
	for _, tt := range tests {
		if got := Official(tt.cs); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestSpread: two respondents of one municipality who disagree are shown
// as spread, not averaged: "beslutat" and "saknas" stay two answers.
func TestSpread(t *testing.T) {
	q := loadSmallV2(t)
	rs := []Answers{
		{"rutiner.plan": "beslutat", "rutiner.ansvar": "ja", "samverkan.skola": "ja"},
		{"rutiner.plan": "saknas", "rutiner.ansvar": "ja", "samverkan.sjukvard": "nej"},
	}
	got := fmt.Sprint(Spread(q, rs, 0))
	want := "[{rutiner.plan beslutat [{saknas 1} {beslutat 1}] true} {rutiner.ansvar ja [{ja 2}] false}]"
	if got != want {
		t.Errorf("spread = %s\nwant %s", got, want)
	}
	// One response: nothing to compare.
	if s := Spread(q, rs[:1], 0); len(s) != 0 {
		t.Errorf("one response: %v", s)
	}
}
