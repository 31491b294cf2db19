package invite

import (
	"slices"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

func summary(id string, access *api.Access) api.RoundSummary {
	rd := round2027
	rd.ID, rd.Access = id, access
	return api.RoundSummary{Round: rd, Title: lagesbild.Text{SV: "Kommunens självskattning", EN: "The municipality's self-assessment"}, Municipalities: 15, Invited: 5, Answered: 3}
}

func TestRoundList(t *testing.T) {
	lead := &api.Access{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län"}
	closed := summary("2025", lead)
	closed.Closed = true
	demo := summary("demo", nil)
	demo.OpenToAll, demo.Municipalities, demo.Invited, demo.Answered = true, 0, 0, 0
	list := []Entry{{Token: "AAAA", Round: summary("2027", lead)}, {Token: "BBBB", Round: closed}, {Round: demo}}
	goldenHTML(t, "rounds.sv.html", RoundList(list, 0, "sv"))
	goldenHTML(t, "rounds.en.html", RoundList(list, 2, "en"))
	goldenHTML(t, "rounds-none.sv.html", RoundList(nil, -1, "sv"))
}

func TestEntry(t *testing.T) {
	tests := []struct {
		access *api.Access
		county string
		lead   bool
	}{
		{&api.Access{Kind: api.KindCounty, Unit: "24"}, "24", true},
		{&api.Access{Admin: true}, "", true},
		{&api.Access{Kind: api.KindMunicipality, Unit: "2480"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		e := Entry{Token: "x", Round: summary("2027", tt.access)}
		if e.County() != tt.county || e.Lead() != tt.lead {
			t.Errorf("%+v: county %q, lead %v; want %q, %v", tt.access, e.County(), e.Lead(), tt.county, tt.lead)
		}
	}
}

func TestMerge(t *testing.T) {
	lead := &api.Access{Kind: api.KindCounty, Unit: "24"}
	open := func(id string) Entry { return Entry{Round: summary(id, nil)} }
	keyed := func(tok, id string) Entry { return Entry{Token: tok, Round: summary(id, lead)} }
	key := func(list []Entry) []string {
		var out []string
		for _, e := range list {
			out = append(out, e.Token+":"+e.Round.ID)
		}
		return out
	}
	tests := []struct {
		name       string
		list, more []Entry
		want       []string
	}{
		{"keys first", []Entry{open("demo")}, []Entry{keyed("A", "2027")}, []string{"A:2027", ":demo"}},
		{"the same again replaces", []Entry{keyed("A", "2027"), open("demo")}, []Entry{keyed("A", "2027"), open("demo")}, []string{"A:2027", ":demo"}},
		{"a key opens an open round", []Entry{open("demo"), open("x")}, []Entry{keyed("A", "demo")}, []string{"A:demo", ":x"}},
		{"an open round a key opens stays keyed", []Entry{keyed("A", "demo")}, []Entry{open("demo")}, []string{"A:demo"}},
		{"two keys of one round", []Entry{keyed("A", "2027")}, []Entry{keyed("B", "2027")}, []string{"A:2027", "B:2027"}},
	}
	for _, tt := range tests {
		got := key(Merge(tt.list, tt.more...))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if i := Find(Merge(nil, open("demo"), keyed("A", "2027")), "demo"); i != 1 {
		t.Errorf("Find(demo) = %d, want 1", i)
	}
}
