package coordinator

import (
	goldenfile "lagesbild/wasm/golden"
	"regexp"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
)

var blockStart = regexp.MustCompile(`<(h3|p|ul|li|table|caption|thead|tbody|tr|div)[ >]`)

// golden compares got with testdata/name, a block element a line.
func golden(t *testing.T, name string, got markup.HTML) {
	t.Helper()
	goldenfile.HTML(t, name, string(got), blockStart)
}

var kommun = lagesbild.Text{SV: "Kommunens arbete <mot> prostitution & människohandel", EN: "The municipality's work"}

// rounds is an admin's list: open with a previous round, closed (a
// date-only close from the worker), the demo round open to all, one that
// opens later.
func rounds() []api.RoundSummary {
	return []api.RoundSummary{
		{Round: api.Round{ID: "2027", Questionnaire: "kommun", Version: 2, Opens: "2027-01-31T23:00:00Z", Closes: "2027-03-31T22:00:00Z", Open: true, Previous: "2026"},
			Title: kommun, Municipalities: 290, Invited: 250, Answered: 120},
		{Round: api.Round{ID: "2026", Questionnaire: "kommun", Version: 1, Opens: "2026-02-01T00:00:00Z", Closes: "2026-04-01T00:00:00Z"},
			Title: kommun, Closed: true, Municipalities: 290, Invited: 290, Answered: 261},
		{Round: api.Round{ID: "demo", Questionnaire: "kommun", Version: 2, Opens: "2000-01-01T00:00:00Z", Closes: "9999-01-01T00:00:00Z", Open: true, OpenToAll: true},
			Title: kommun, Municipalities: 290, Answered: 290},
		{Round: api.Round{ID: "lan-2027", Questionnaire: "lansstyrelse", Version: 1, Opens: "2027-08-31T22:00:00Z", Closes: "2027-10-31T23:00:00Z"},
			Municipalities: 290},
	}
}

var questionnaires = []api.Questionnaire{
	{ID: "kommun", Version: 1, Title: kommun, Items: 27},
	{ID: "kommun", Version: 2, Title: kommun, Items: 28},
	{ID: "lansstyrelse", Version: 1, Title: lagesbild.Text{SV: "Länsstyrelsens arbete", EN: "The county board's work"}, Items: 12},
}

func TestRoundsTable(t *testing.T) {
	golden(t, "rounds.sv.html", RoundsTable(rounds(), "sv"))
	golden(t, "rounds.en.html", RoundsTable(rounds(), "en"))
	h := string(RoundsTable(rounds(), "sv"))
	for _, want := range []string{
		`<th scope="row">2027</th><td class="title">Kommunens arbete &lt;mot&gt; prostitution &amp; människohandel, version 2</td><td><span class="date">1 februari 2027</span> – <span class="date">31 mars 2027</span></td><td><span class="state-open">Öppen</span><span class="sub"><span class="vh">, </span>Med kod</span></td><td>2026</td><td class="num">120 av 290<span class="sub"><span class="vh">, </span>250 har fått kod</span></td>`,
		`<td><span class="date">1 februari 2026</span> – <span class="date">31 mars 2026</span></td><td><span class="state-closed">Stängd</span>`, // the worker's date-only close
		`<span class="date">31 december 9998</span>`,
		`<td class="title">lansstyrelse, version 1</td><td><span class="date">1 september 2027</span> – <span class="date">31 oktober 2027</span></td><td><span class="state-later">Inte öppnad än</span>`,
		`<button type="button" data-manage="lan-2027">Hantera<span class="vh"> omgång lan-2027</span></button>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the list has no %s", want)
		}
	}
	if got := string(RoundsTable(nil, "en")); got != `<p>There are no rounds yet.</p>` {
		t.Errorf("no rounds: %s", got)
	}
}

func TestRoundFacts(t *testing.T) {
	r := rounds()
	for _, tt := range []struct {
		r          api.RoundSummary
		lang, want string
	}{
		{r[0], "sv", "Kommunens arbete <mot> prostitution & människohandel, version 2 · Öppen · Med kod"},
		{r[2], "en", "The municipality's work, version 2 · Open · Anyone, no code"},
		{r[1], "en", "The municipality's work, version 1 · Closed · With a code"},
	} {
		if got := RoundFacts(tt.r, tt.lang); got != tt.want {
			t.Errorf("RoundFacts(%s, %s) = %q, want %q", tt.r.ID, tt.lang, got, tt.want)
		}
	}
}

func TestURLs(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{RoundsURL(), "/api/rounds"},
		{QuestionnairesURL(), "/api/questionnaires"},
		{NewRoundURL(), "/api/admin/rounds"},
		{RoundURL("2027"), "/api/admin/rounds/2027"},
		{CodesURL("2027"), "/api/admin/rounds/2027/codes"},
		{CodeURL("2027", "24"), "/api/admin/rounds/2027/codes/24"},
		{RoundURL("a/b"), "/api/admin/rounds/a%2Fb"},
		{LeadPageURL("https://x.se", "2027", "24"), "https://x.se/lan/?lan=24&round=2027"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
