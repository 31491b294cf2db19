package worker

import (
	"reflect"
	"strings"
	"testing"
)

// roundsText and statusTexts are what the statements of store.rounds and
// store.status give for the records below.
const (
	roundsText = "2026\x1fkommun\x1f1\x1f2026-03-01T00:00:00Z\x1f2026-06-01T00:00:00Z\x1f0\x1f2025\x1f2026-03-14T12:00:00Z\x1fcounty\x1f01\x1f2\x1f1\x1e" +
		"demo\x1fkommun\x1f0\x1f2000-01-01T00:00:00Z\x1f9999-01-01T00:00:00Z\x1f1\x1f\x1f2026-01-01T00:00:00Z\x1f\x1f\x1f0\x1f0"
	invitedText  = "0114\x1f2026-03-14T12:00:00Z\x1e0115\x1f2026-03-15T12:00:00Z"
	answeredText = "0114\x1f2\x1f2026-03-15T13:00:00Z\x1f0\x1f5\x1e0117\x1f1\x1f2026-03-15T14:00:00Z\x1f1\x1f3"
)

func TestParseRounds(t *testing.T) {
	got, err := parseRounds(roundsText)
	if err != nil {
		t.Fatal(err)
	}
	want := []listedRound{
		{Round: Round{ID: "2026", Questionnaire: "kommun", Version: 1, Opens: "2026-03-01T00:00:00Z", Closes: "2026-06-01T00:00:00Z",
			Previous: "2025", Created: "2026-03-14T12:00:00Z"}, grant: grant{Kind: "county", Unit: "01"}, Invited: 2, Answered: 1},
		{Round: Round{ID: "demo", Questionnaire: "kommun", Opens: "2000-01-01T00:00:00Z", Closes: "9999-01-01T00:00:00Z", OpenToAll: true,
			Created: "2026-01-01T00:00:00Z"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got, err := parseRounds(""); err != nil || len(got) != 0 {
		t.Errorf("no rounds: %v, %v", got, err)
	}
	one := strings.Split(roundsText, "\x1e")[0]
	for _, bad := range []string{
		"2026",
		one + "\x1fextra",
		strings.Replace(one, "\x1f1\x1f2026-03-01", "\x1fx\x1f2026-03-01", 1), // version
		strings.Replace(one, "\x1f0\x1f2025", "\x1f2\x1f2025", 1),             // open to all
		strings.TrimSuffix(one, "\x1f1") + "\x1f-1",                           // answered
		"\x1f" + strings.SplitN(one, "\x1f", 2)[1],                            // no id
	} {
		if _, err := parseRounds(bad); err == nil {
			t.Errorf("parseRounds(%q): no error", bad)
		}
	}
}

func TestParseStatus(t *testing.T) {
	got, err := parseStatus(invitedText, answeredText)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]unitStatus{
		"0114": {Invited: "2026-03-14T12:00:00Z", Responses: 2, Answered: "2026-03-15T13:00:00Z", Items: 5},
		"0115": {Invited: "2026-03-15T12:00:00Z"},
		"0117": {Responses: 1, Answered: "2026-03-15T14:00:00Z", Items: 3, Workshop: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, bad := range [][2]string{
		{"0114", ""},
		{"0114\x1fa\x1fb", ""},
		{"", "0114\x1f2\x1f2026\x1f0"},
		{"", "0114\x1fx\x1f2026\x1f0\x1f5"},
		{"", "0114\x1f2\x1f2026\x1fyes\x1f5"},
		{"", "0114\x1f2\x1f2026\x1f0\x1f"},
	} {
		if _, err := parseStatus(bad[0], bad[1]); err == nil {
			t.Errorf("parseStatus(%q, %q): no error", bad[0], bad[1])
		}
	}
}

// FuzzRunningText: the texts D1 hands back for the list of rounds and a
// county's status come from outside Go; whatever they hold gives an error
// or records with whole, non-negative numbers, never a panic.
func FuzzRunningText(f *testing.F) {
	f.Add(roundsText, invitedText, answeredText)
	f.Add("", "", "")
	f.Add("\x1e\x1e", "\x1f", "\x1f\x1f\x1f\x1f")
	f.Fuzz(func(t *testing.T, rounds, invited, answered string) {
		if list, err := parseRounds(rounds); err == nil {
			for _, r := range list {
				if r.ID == "" || r.Version < 0 || r.Invited < 0 || r.Answered < 0 {
					t.Fatalf("parseRounds(%q) accepted %+v", rounds, r)
				}
			}
		}
		if st, err := parseStatus(invited, answered); err == nil {
			for unit, u := range st {
				if u.Responses < 0 || u.Items < 0 {
					t.Fatalf("parseStatus(%q, %q) accepted %s: %+v", invited, answered, unit, u)
				}
			}
		}
	})
}
