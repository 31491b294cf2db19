package report

import (
	"reflect"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/ui"
)

func fp(v float64) *float64 { return &v }

func TestBand(t *testing.T) {
	tests := []struct {
		score *float64
		want  string
	}{
		{nil, "none"}, {fp(0), "weak"}, {fp(39.9), "weak"}, {fp(40), "partly"}, {fp(74.9), "partly"}, {fp(75), "strong"}, {fp(100), "strong"},
	}
	for _, tt := range tests {
		if got := Band(tt.score); got != tt.want {
			t.Errorf("Band(%v) = %q, want %q", tt.score, got, tt.want)
		}
	}
}

// mixed answers: rutiner 3 of 8 points (weak), kunskap only "Vet ej",
// samverkan 2 of 4 (partly).
var mixed = lagesbild.Answers{"rutiner.plan": "delvis", "rutiner.rutin": "paborjad", "kunskap.utbildning": "vet-ej", "samverkan.polis": "ja", "samverkan.region": "nej"}

func TestResultView(t *testing.T) {
	q := small(t)
	d := ui.Draft{Municipality: "2480", Round: "demo", Answers: mixed}
	golden(t, "result.sv.html", ResultView(q, d, "sv"))
	golden(t, "result.en.html", ResultView(q, d, "en"))
}

func TestResultViewAllBest(t *testing.T) {
	q := small(t)
	d := ui.Draft{Municipality: "2480", Round: "demo", Sent: "2026-03-01T00:00:00Z", Answers: lagesbild.Answers{
		"rutiner.plan": "ja", "rutiner.rutin": "foljs-upp", "kunskap.utbildning": "ja", "samverkan.polis": "ja", "samverkan.region": "ja"}}
	h := string(ResultView(q, d, "sv"))
	for _, want := range []string{"Svaren är inskickade.", "Totalt: 100 av 100", "Alla frågor har fått högsta svaret."} {
		if !strings.Contains(h, want) {
			t.Errorf("all best: no %q in\n%s", want, h)
		}
	}
}

func TestAdviceBySection(t *testing.T) {
	q := small(t)
	r := q.Score(mixed)
	var got [][]string
	for _, a := range adviceBySection(r) {
		var ids []string
		for _, ad := range a {
			ids = append(ids, ad.Item)
		}
		got = append(got, ids)
	}
	// Weakest first: rutiner (38,9), samverkan (50), then kunskap (no score).
	want := [][]string{{"rutiner.plan", "rutiner.rutin"}, {"samverkan.region"}, {"kunskap.utbildning"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("advice by section = %v, want %v", got, want)
	}
}

// counties is an API answer with Västerbottens län (24) suppressed in one
// section and without data in another.
func counties() api.Counties {
	return api.Counties{
		Round: api.Round{ID: "demo"},
		Counties: []lagesbild.Group{
			{Code: "01", Name: "Stockholms län", Municipalities: 26, Responded: 20, Measures: map[string]lagesbild.Figure{}},
			{Code: "24", Name: "Västerbottens län", Municipalities: 15, Responded: 4, Measures: map[string]lagesbild.Figure{
				"rutiner":   {Value: fp(55.25), N: 4},
				"kunskap":   {N: 2, Suppressed: true},
				"samverkan": {},
				"total":     {Value: fp(48), N: 4},
				"dontKnow":  {Value: fp(0.125), N: 4},
			}},
		},
		National: lagesbild.Group{Code: "SE", Name: "Sverige", Municipalities: 290, Responded: 200, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(61.2), N: 200}, "kunskap": {Value: fp(40), N: 150}, "samverkan": {Value: fp(70), N: 180},
			"total": {Value: fp(58.4), N: 200}, "dontKnow": {Value: fp(0.2), N: 200},
		}},
	}
}

// withGroups is counties with municipality groups: Umeå's (B3, "Större
// stad") shown but for one section without data; another hidden.
func withGroups(c api.Counties) api.Counties {
	c.Groups = []lagesbild.Group{
		{Code: "B3", Name: "Större stad", Municipalities: 43, Responded: 30, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(63.4), N: 30}, "kunskap": {Value: fp(41), N: 28}, "samverkan": {},
			"total": {Value: fp(57.5), N: 30}, "dontKnow": {Value: fp(0.15), N: 30},
		}},
		{Code: "B4", Name: "Pendlingskommun nära större stad", Municipalities: 40, Responded: 3, Measures: map[string]lagesbild.Figure{
			"rutiner": {Suppressed: true}, "kunskap": {Suppressed: true}, "samverkan": {Suppressed: true}, "total": {Suppressed: true}, "dontKnow": {Suppressed: true},
		}},
	}
	return c
}

// The result page puts the municipality's group between the county and the
// country, in the table and the chart; a hidden group says "för få
// kommuner".
func TestComparisonGroups(t *testing.T) {
	q := small(t)
	c, err := NewComparison(q, ui.Draft{Municipality: "2480", Round: "demo", Answers: mixed}, withGroups(counties()))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "compare-groups.sv.html", c.Table("sv"))
	golden(t, "compare-groups.en.html", c.Table("en"))
	ch := c.Chart("sv")
	if len(ch.Series) != 4 {
		t.Fatalf("%d series, want 4", len(ch.Series))
	}
	if g := ch.Series[3]; g.Name != "Liknande kommuner (Större stad)" || *g.Values[0] != 63.4 || g.Values[2] != nil || g.Note(2) != "inga svar" {
		t.Errorf("group series %+v", g)
	}
	hidden, err := NewComparison(q, ui.Draft{Municipality: "2401", Round: "demo", Answers: mixed}, withGroups(counties()))
	if err != nil {
		t.Fatal(err)
	}
	h := string(hidden.Table("sv"))
	if !strings.Contains(h, "Liknande kommuner (Pendlingskommun nära större stad)") || strings.Count(h, "för få kommuner") != 5 {
		t.Errorf("hidden group: want its column with ”för få kommuner” in every row:\n%s", h)
	}
	if g := hidden.Chart("sv").Series[3]; g.Note(0) != "för få kommuner" {
		t.Errorf("hidden group's chart note %q", g.Note(0))
	}
	// The previous round's group beside this round's (kunskap measured
	// otherwise then: left out by the worker, "–" here); while a private
	// round is open, the reason its groups are not shown yet.
	prev := withGroups(counties())
	prev.Previous = &api.Previous{Round: "2025", Groups: []lagesbild.Group{{Code: "B3", Name: "Större stad", Municipalities: 43, Responded: 28,
		Measures: map[string]lagesbild.Figure{"rutiner": {Value: fp(60), N: 28}, "samverkan": {}, "total": {Value: fp(55), N: 28}, "dontKnow": {Value: fp(0.2), N: 28}}}}}
	both, _ := NewComparison(q, ui.Draft{Municipality: "2480", Round: "demo", Answers: mixed}, prev)
	golden(t, "compare-groups-prev.sv.html", both.Table("sv"))
	golden(t, "compare-groups-prev.en.html", both.Table("en"))
	if h := string(both.Table("sv")); !strings.Contains(h, "Liknande kommuner (Större stad), omgång 2025") || strings.Contains(h, "similar-pending") {
		t.Errorf("previous round's group: want its column:\n%s", h)
	}
	prev.Groups, prev.GroupsPending = nil, true
	pending, _ := NewComparison(q, ui.Draft{Municipality: "2480", Round: "demo", Answers: mixed}, prev)
	if h := string(pending.Table("en")); !strings.Contains(h, "shown once the round has closed") || !strings.Contains(h, "round 2025") || strings.Contains(h, "Similar municipalities (Större stad) <") {
		t.Errorf("pending: want the reason and the previous round's group only:\n%s", h)
	}
	without, _ := NewComparison(q, ui.Draft{Municipality: "2480", Round: "demo", Answers: mixed}, counties())
	if h := string(without.Table("sv")); strings.Contains(h, "Liknande") {
		t.Errorf("no groups in the answer, yet a group column:\n%s", h)
	}
}

func TestComparison(t *testing.T) {
	q := small(t)
	d := ui.Draft{Municipality: "2480", Round: "demo", Answers: mixed}
	c, err := NewComparison(q, d, counties())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "compare.sv.html", c.Table("sv"))
	golden(t, "compare.en.html", c.Table("en"))

	ch := c.Chart("sv")
	if want := []string{"Rutiner och ansvar", "Chefers kunskap", "Samverkan"}; !reflect.DeepEqual(ch.Axes, want) {
		t.Errorf("chart axes %q, want %q", ch.Axes, want)
	}
	if len(ch.Series) != 3 {
		t.Fatalf("%d series, want 3", len(ch.Series))
	}
	county := ch.Series[1]
	if county.Name != "Västerbottens län" || county.Style != 1 || *county.Values[0] != 55.25 || county.Values[1] != nil {
		t.Errorf("county series %+v", county)
	}
	if county.Note(1) != "för få svar" || county.Note(2) != "inga svar" {
		t.Errorf("county notes %q, want för få svar and inga svar", county.Notes)
	}
	if own := ch.Series[0]; *own.Values[0] != 38.9 || own.Values[1] != nil || *own.Values[2] != 50 {
		t.Errorf("own series values %v, want 38,9 / none / 50", own.Values)
	}
}

func TestComparisonErrors(t *testing.T) {
	q := small(t)
	if _, err := NewComparison(q, ui.Draft{}, counties()); err == nil || !strings.Contains(err.Error(), "no municipality") {
		t.Errorf("no municipality: error %v", err)
	}
	if _, err := NewComparison(q, ui.Draft{Municipality: "1280"}, counties()); err == nil || !strings.Contains(err.Error(), "county 12") {
		t.Errorf("county missing from the answer: error %v", err)
	}
}

func TestReceiptView(t *testing.T) {
	q := &lagesbild.Questionnaire{ID: "k", Version: 1, Sections: []lagesbild.Section{
		{ID: "a", Title: lagesbild.Text{SV: "A & B", EN: "A and B"}, Items: []lagesbild.Item{
			{ID: "a.1", Text: lagesbild.Text{SV: "Finns <rutiner>?"}, Options: []lagesbild.Option{{Value: "ja", Label: lagesbild.Text{SV: "Ja"}, Points: new(1)}, {Value: "vet-ej", Label: lagesbild.Text{SV: "Vet ej", EN: "Don't know"}}}},
			{ID: "a.2", Text: lagesbild.Text{SV: "Finns stöd?"}, Options: []lagesbild.Option{{Value: "ja", Label: lagesbild.Text{SV: "Ja"}, Points: new(1)}}},
		}},
	}}
	got := string(ReceiptView(q, ui.Draft{Answers: lagesbild.Answers{"a.1": "vet-ej"}}, "sv"))
	for _, want := range []string{"<h3>A &amp; B</h3>", `<li value="1"><span class="q">Finns &lt;rutiner&gt;?</span> <span class="a">Vet ej</span></li>`,
		`<li value="2"><span class="q">Finns stöd?</span> <span class="a">(inte besvarad)</span></li>`} {
		if !strings.Contains(got, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, got)
		}
	}
	if en := string(ReceiptView(q, ui.Draft{Answers: lagesbild.Answers{"a.1": "vet-ej"}}, "en")); !strings.Contains(en, "Don&#39;t know") || !strings.Contains(en, "(not answered)") {
		t.Errorf("English:\n%s", en)
	}
}

// smallV2 is the core's version-2 test questionnaire (testdata/small.v2.json):
// "Vet ej" scored 0 in rutiner and unscored in samverkan, advice for "Vet
// ej", and an "Ej aktuellt" option (samverkan.natverk).
func smallV2(t testing.TB) *lagesbild.Questionnaire {
	return questionnaireFile(t, "../../testdata/small.v2.json")
}

// partialV2 leaves rutiner.manual unanswered (partial); rutiner has 4 of 5
// scored ("Vet ej" scored 0, with what to find out); samverkan has 1 of 2
// applicable scored (too few) and one "Ej aktuellt". No total.
var partialV2 = lagesbild.Answers{
	"rutiner.plan": "beslutat", "rutiner.ansvar": "vet-ej", "rutiner.vuxna": "saknas", "rutiner.barn": "uppfoljt",
	"samverkan.skola": "vet-ej", "samverkan.halsa": "ja", "samverkan.natverk": "ej-aktuellt",
}

func TestResultViewV2(t *testing.T) {
	q := smallV2(t)
	d := ui.Draft{Municipality: "2480", Round: "demo", Sent: "2026-03-01T00:00:00Z", Answers: partialV2}
	golden(t, "result-v2.sv.html", ResultView(q, d, "sv"))
	golden(t, "result-v2.en.html", ResultView(q, d, "en"))
}

func TestCoverageAndMissingText(t *testing.T) {
	s := i18n.For("sv")
	tests := []struct {
		name          string
		ss            lagesbild.SectionScore
		cover, absent string
	}{
		{"all scored", lagesbild.SectionScore{Score: fp(50), Items: 9, Applicable: 9, Scored: 9}, "Bygger på 9 av 9 frågor", "inga svar"},
		{"one not applicable", lagesbild.SectionScore{Score: fp(50), Items: 9, Applicable: 8, Scored: 8, NotApplicable: 1}, "Bygger på 8 av 8 frågor (1 fråga är ej aktuell)", "inga svar"},
		{"two not applicable", lagesbild.SectionScore{Score: fp(50), Items: 9, Applicable: 7, Scored: 6, NotApplicable: 2}, "Bygger på 6 av 7 frågor (2 frågor är ej aktuella)", "inga svar"},
		{"too few", lagesbild.SectionScore{TooFew: true, Items: 9, Applicable: 9, Scored: 3}, "Bara 3 av 9 frågor har ett svar som räknas", "för få besvarade"},
		{"nothing applies", lagesbild.SectionScore{Items: 2, NotApplicable: 2, Answered: 2}, "Bygger på 0 av 0 frågor (2 frågor är ej aktuella)", "ej aktuellt"},
	}
	for _, tt := range tests {
		if got, want := coverageText(s, tt.ss), tt.cover; got != want {
			t.Errorf("%s: coverage %q, want %q", tt.name, got, want)
		}
		if got, want := missingText(s, tt.ss), tt.absent; got != want {
			t.Errorf("%s: missing %q, want %q", tt.name, got, want)
		}
	}
}

func TestComparisonV2(t *testing.T) {
	q := smallV2(t)
	c, err := NewComparison(q, ui.Draft{Municipality: "2480", Round: "demo", Answers: partialV2}, counties())
	if err != nil {
		t.Fatal(err)
	}
	h := string(c.Table("sv"))
	for _, want := range []string{`<th scope="row">Samverkan</th><td data-key="-">för få besvarade</td>`, `<th scope="row">Totalt</th><td data-key="-">inget resultat</td>`} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
	ch := c.Chart("sv")
	if got, want := ch.Series[0].Values[1], (*float64)(nil); got != want {
		t.Errorf("own samverkan value %v, want no bar", *got)
	}
	if got, want := ch.Series[0].Note(1), "för få besvarade"; got != want {
		t.Errorf("own samverkan note %q, want %q", got, want)
	}
}
