package worker

import (
	"fmt"
	"testing"

	"lagesbild"
)

func TestETagMatches(t *testing.T) {
	tests := []struct {
		header, etag string
		want         bool
	}{
		{`"w-1"`, `"w-1"`, true},
		{`W/"w-1"`, `"w-1"`, true},
		{`"a", "w-1"`, `"w-1"`, true},
		{`*`, `"w-1"`, true},
		{`"w-2"`, `"w-1"`, false},
		{``, `"w-1"`, false},
		{`w-1`, `"w-1"`, false},
	}
	for _, tt := range tests {
		if got := etagMatches(tt.header, tt.etag); got != tt.want {
			t.Errorf("etagMatches(%q, %q) = %v, want %v", tt.header, tt.etag, got, tt.want)
		}
	}
}

func TestWorkshopResponseID(t *testing.T) {
	id := workshopResponseID("s1", "2026", "0180")
	if !lagesbild.IsUUID(id) || id[14] != '5' {
		t.Errorf("id %q is not a version 5 UUID", id)
	}
	if again := workshopResponseID("s1", "2026", "0180"); again != id {
		t.Errorf("not stable: %q, %q", id, again)
	}
	for _, other := range []string{workshopResponseID("s2", "2026", "0180"), workshopResponseID("s1", "2027", "0180"), workshopResponseID("s1", "2026", "0181")} {
		if other == id {
			t.Errorf("another session, round or municipality gives the same id %q", id)
		}
	}
}

func TestParseShown(t *testing.T) {
	tests := []struct {
		text string
		want string
		ok   bool
	}{
		{"", "map[]", true},
		{"a\x1fja\x1d4", "map[a:map[ja:4]]", true},
		{"a\x1fja\x1d4\x1fnej\x1d1\x1eb\x1fvet-ej\x1d5", "map[a:map[ja:4 nej:1] b:map[vet-ej:5]]", true},
		{"a", "", false},                // no counts
		{"a\x1fja", "", false},          // not a pair
		{"a\x1fja\x1dx", "", false},     // not a count
		{"a\x1fja\x1d0", "", false},     // a count of nothing
		{"a\x1fja\x1d4\x1e", "", false}, // an empty record
		{"\x1fja\x1d4", "", false},      // no item
	}
	for _, tt := range tests {
		got, err := parseShown(tt.text)
		if (err == nil) != tt.ok || tt.ok && fmt.Sprint(got) != tt.want {
			t.Errorf("parseShown(%q) = %v, %v; want %v, ok %v", tt.text, got, err, tt.want, tt.ok)
		}
	}
}

func TestMapAnswers(t *testing.T) {
	yes := 1
	q := &lagesbild.Questionnaire{ID: "k", Version: 1, Sections: []lagesbild.Section{{ID: "s", Items: []lagesbild.Item{
		{ID: "a", Options: []lagesbild.Option{{Value: "ja", Points: &yes}}},
		{ID: "b2", Options: []lagesbild.Option{{Value: "ja", Points: &yes}}},
	}}}, Renamed: map[string]string{"b": "b2"}}
	got, skipped := mapAnswers(lagesbild.Answers{"a": "ja", "b": "ja", "c": "ja", "a2": "x"}, q)
	if fmt.Sprint(got) != "map[a:ja b2:ja]" || fmt.Sprint(skipped) != "[a2 c]" {
		t.Errorf("mapAnswers = %v, skipped %v", got, skipped)
	}
}
