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

func TestParseRoomAnswers(t *testing.T) {
	tests := []struct {
		text string
		want []lagesbild.Answers
	}{
		{"", nil},
		{"a\x1fja", []lagesbild.Answers{{"a": "ja"}}},
		{"a\x1fja\x1db\x1fnej\x1ea\x1fvet-ej", []lagesbild.Answers{{"a": "ja", "b": "nej"}, {"a": "vet-ej"}}},
	}
	for _, tt := range tests {
		if got := parseRoomAnswers(tt.text); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("parseRoomAnswers(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestInviteError(t *testing.T) {
	tests := []struct {
		in   error
		code string
		msg  string
	}{
		{lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: round \"x\" needs an invite code"), lagesbild.EInvalid, "inviteCode: round \"x\" needs an invite code"},
		{lagesbild.Errorf(lagesbild.EForbidden, "Authorization: the code is not valid"), lagesbild.EForbidden, "inviteCode: the code is not valid"},
		{lagesbild.Errorf(lagesbild.EForbidden, "municipality: the code is for 1480, not 0180"), lagesbild.EForbidden, "municipality: the code is for 1480, not 0180"},
		{lagesbild.Errorf(lagesbild.EInvalid, "answers.x: no"), lagesbild.EInvalid, "answers.x: no"},
	}
	for _, tt := range tests {
		err := inviteError(tt.in)
		if code, msg := lagesbild.ErrorCode(err), lagesbild.ErrorMessage(err); code != tt.code || msg != tt.msg {
			t.Errorf("inviteError(%v) = %s %q, want %s %q", tt.in, code, msg, tt.code, tt.msg)
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
