package report

import (
	"reflect"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

func TestPositions(t *testing.T) {
	tests := []struct {
		name    string
		measure string
		values  []*float64
		want    []Position
	}{
		{"too few to rank", "rutiner", []*float64{fp(10), fp(90), nil}, []Position{None, None, None}},
		{"quarters of eight", "rutiner",
			[]*float64{fp(10), fp(20), fp(30), fp(40), fp(50), fp(60), fp(70), fp(80)},
			[]Position{Low, Low, Mid, Mid, Mid, Mid, High, High}},
		{"ties share a position", "rutiner",
			[]*float64{fp(50), fp(50), fp(50), fp(50), fp(10)},
			[]Position{High, High, High, High, Low}},
		{"a low share of Vet ej is better", lagesbild.MeasureDontKnow,
			[]*float64{fp(0), fp(0.1), fp(0.2), fp(0.5), nil},
			[]Position{High, Mid, Mid, Low, None}},
	}
	for _, tt := range tests {
		if got := Positions(tt.measure, tt.values); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Positions = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func countyAnswer(withRows, withPrev bool) api.County {
	measures := []api.Measure{
		{ID: "rutiner", Title: lagesbild.Text{SV: "Rutiner och ansvar", EN: "Routines"}, Scale: "score"},
		{ID: "samverkan", Title: lagesbild.Text{SV: "Samverkan", EN: "Collaboration"}, Scale: "score"},
		{ID: "total", Title: lagesbild.Text{SV: "Totalt", EN: "Total"}, Scale: "score"},
		{ID: "dontKnow", Title: lagesbild.Text{SV: "Andel ”Vet ej”", EN: "Share of “Don't know”"}, Scale: "share"},
	}
	c := api.County{
		Round:    api.Round{ID: "demo", OpenToAll: true},
		Measures: measures,
		County: lagesbild.Group{Code: "24", Name: "Västerbottens län", Municipalities: 15, Responded: 4, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(50), N: 4}, "samverkan": {N: 2, Suppressed: true}, "total": {Value: fp(45.5), N: 4}, "dontKnow": {Value: fp(0.1), N: 4}}},
		National: lagesbild.Group{Code: "SE", Name: "Sverige", Municipalities: 290, Responded: 200, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(60), N: 200}, "samverkan": {Value: fp(70), N: 200}, "total": {Value: fp(65), N: 200}, "dontKnow": {Value: fp(0.2), N: 200}}},
	}
	if withRows {
		row := func(code, name string, n int, r, t, dk *float64) api.MunicipalityRow {
			return api.MunicipalityRow{Code: code, Name: name, County: "24", Respondents: n, Measures: map[string]*float64{"rutiner": r, "samverkan": nil, "total": t, "dontKnow": dk}}
		}
		c.Municipalities = []api.MunicipalityRow{
			row("2401", "Nordmaling", 1, fp(20), fp(20), fp(0.5)),
			row("2403", "Bjurholm", 0, nil, nil, nil),
			row("2404", "Vindeln", 2, fp(40), fp(35), fp(0)),
			row("2409", "Robertsfors", 1, fp(60), fp(55), fp(0.25)),
			row("2480", "Umeå", 3, fp(80), fp(72.5), fp(0.1)),
		}
	}
	if withPrev {
		c.Previous = &api.Previous{Round: "2025", County: &lagesbild.Group{Code: "24", Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(45.5), N: 3}, "samverkan": {Value: fp(30), N: 3}, "total": {Value: fp(47), N: 3}, "dontKnow": {Value: fp(0.15), N: 3}}}}
	}
	return c
}

func TestCountyView(t *testing.T) {
	golden(t, "county.sv.html", CountyView(countyAnswer(true, true), "sv"))
	golden(t, "county.en.html", CountyView(countyAnswer(true, true), "en"))
}

// The county view lists the groups its municipalities belong to (here
// B4 and B3 of the answer's; C8, with none of the county's answering in
// it, hidden), with the groups' figures over the country.
func TestCountyViewGroups(t *testing.T) {
	c := countyAnswer(true, false)
	c.Groups = []lagesbild.Group{
		{Code: "A1", Name: "Storstäder", Municipalities: 3, Responded: 3, Measures: map[string]lagesbild.Figure{
			"rutiner": {Suppressed: true}, "samverkan": {Suppressed: true}, "total": {Suppressed: true}, "dontKnow": {Suppressed: true}}},
		{Code: "B3", Name: "Större stad", Municipalities: 43, Responded: 30, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(63.4), N: 30}, "samverkan": {Value: fp(52), N: 29}, "total": {Value: fp(57.5), N: 30}, "dontKnow": {Value: fp(0.15), N: 30}}},
		{Code: "C8", Name: "Landsbygdskommun", Municipalities: 40, Responded: 12, Measures: map[string]lagesbild.Figure{
			"rutiner": {Suppressed: true}, "samverkan": {Suppressed: true}, "total": {Suppressed: true}, "dontKnow": {Suppressed: true}}},
	}
	golden(t, "county-groups.sv.html", CountyView(c, "sv"))
	golden(t, "county-groups.en.html", CountyView(c, "en"))
	h := string(CountyView(c, "sv"))
	if strings.Contains(h, `data-group="A1"`) || !strings.Contains(h, `data-group="B3"`) || !strings.Contains(h, `data-group="C8"`) {
		t.Errorf("groups: want B3 and C8 (the county's), not A1:\n%s", h)
	}
	if strings.Count(h, "för få kommuner") != 4 {
		t.Errorf("want C8 hidden in its 4 measures:\n%s", h)
	}
	if h := string(CountyView(countyAnswer(true, false), "sv")); strings.Contains(h, "similar-h") {
		t.Error("no groups in the answer, yet the section")
	}
}

// The previous round's groups go under this round's, a row each marked
// data-prev, with only the measures comparable ("–" for samverkan,
// measured otherwise then); while a private round is open its groups wait,
// and the page says why, the previous round's shown all the same.
func TestCountyViewGroupsPrevious(t *testing.T) {
	c := countyAnswer(true, true)
	c.Measures[1].Change = lagesbild.ChangeChanged
	c.Groups = []lagesbild.Group{
		{Code: "B3", Name: "Större stad", Municipalities: 43, Responded: 30, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(63.4), N: 30}, "samverkan": {Value: fp(52), N: 29}, "total": {Value: fp(57.5), N: 30}, "dontKnow": {Value: fp(0.15), N: 30}}},
	}
	c.Previous.Groups = []lagesbild.Group{
		{Code: "B3", Name: "Större stad", Municipalities: 43, Responded: 25, Measures: map[string]lagesbild.Figure{
			"rutiner": {Value: fp(58), N: 25}, "total": {Value: fp(50.5), N: 25}, "dontKnow": {Value: fp(0.2), N: 25}}},
		{Code: "B4", Name: "Pendlingskommun nära större stad", Municipalities: 40, Responded: 3, Measures: map[string]lagesbild.Figure{
			"rutiner": {Suppressed: true}, "total": {Suppressed: true}, "dontKnow": {Suppressed: true}}},
	}
	golden(t, "county-groups-prev.sv.html", CountyView(c, "sv"))
	golden(t, "county-groups-prev.en.html", CountyView(c, "en"))
	h := string(CountyView(c, "sv"))
	for _, want := range []string{`data-group="B3"`, `data-prev="B3"`, `data-prev="B4"`, "Liknande kommuner (Större stad), omgång 2025"} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
	if strings.Contains(h, "similar-pending") {
		t.Error("the groups shown, yet pending")
	}

	c.Groups, c.GroupsPending = nil, true
	golden(t, "county-groups-pending.sv.html", CountyView(c, "sv"))
	golden(t, "county-groups-pending.en.html", CountyView(c, "en"))
	h = string(CountyView(c, "sv"))
	if !strings.Contains(h, "Kommungruppernas värden visas när omgången har stängt") || strings.Contains(h, "data-group=") || !strings.Contains(h, `data-prev="B3"`) {
		t.Errorf("pending: want the reason and the previous round's groups only:\n%s", h)
	}
	c.Previous.Groups = nil
	if h := string(CountyView(c, "en")); !strings.Contains(h, "shown once the round has closed") || strings.Contains(h, "<table class=\"figures similar") {
		t.Errorf("pending without a previous round's groups: want the reason alone:\n%s", h)
	}
}

func TestCountyViewWithoutRows(t *testing.T) {
	h := string(CountyView(countyAnswer(false, false), "sv"))
	for _, want := range []string{"4 av 15 kommuner i Västerbottens län har svarat", "visas bara med länets nyckel", "Ingen jämförelse med en tidigare omgång.", `href="/api/rounds/demo/export.csv"`} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
	if strings.Contains(h, "Förändring") {
		t.Errorf("a change column without a previous round")
	}
}

func TestCountyChart(t *testing.T) {
	d := CountyChart(countyAnswer(true, true), "sv")
	if want := []string{"Rutiner och ansvar", "Samverkan"}; !reflect.DeepEqual(d.Axes, want) {
		t.Errorf("axes %q, want %q (sections only)", d.Axes, want)
	}
	var names []string
	for _, s := range d.Series {
		names = append(names, s.Name)
	}
	if want := []string{"Västerbottens län", "Riket", "Länet, omgång 2025"}; !reflect.DeepEqual(names, want) {
		t.Errorf("series %q, want %q", names, want)
	}
	if d.Series[0].Values[1] != nil || d.Series[0].Note(1) != "för få svar" {
		t.Errorf("suppressed county figure: value %v, note %q", d.Series[0].Values[1], d.Series[0].Note(1))
	}
}

func TestChangeText(t *testing.T) {
	tests := []struct {
		lang, measure string
		d             float64
		want          string
	}{
		{"sv", "rutiner", 4.5, "+4,5"},
		{"sv", "rutiner", -2, "−2"},
		{"sv", "rutiner", 0, "0"},
		{"sv", "dontKnow", -0.05, "−5\u00a0procentenheter"},
		{"en", "dontKnow", 0.1, "+10\u00a0percentage points"},
	}
	for _, tt := range tests {
		if got := changeText(tt.lang, tt.measure, tt.d); got != tt.want {
			t.Errorf("changeText(%q, %q, %v) = %q, want %q", tt.lang, tt.measure, tt.d, got, tt.want)
		}
	}
}

// countyV2 is the county's answer in a round whose questionnaire version
// differs from the previous round's: samverkan is new, the total and the
// share of "Vet ej" are measured otherwise (their previous figures left
// out, as the worker does); Umeå's result is a workshop's partial
// response, Vindeln's a workshop's, Robertsfors' a partial one.
func countyV2() api.County {
	c := countyAnswer(true, true)
	for i := range c.Measures {
		switch c.Measures[i].ID {
		case "samverkan":
			c.Measures[i].Change = lagesbild.ChangeNew
		case "total", "dontKnow":
			c.Measures[i].Change = lagesbild.ChangeChanged
		}
	}
	for _, id := range []string{"samverkan", "total", "dontKnow"} {
		delete(c.Previous.County.Measures, id)
	}
	for i := range c.Municipalities {
		r := &c.Municipalities[i]
		switch r.Name {
		case "Umeå":
			r.Partial, r.Workshop = true, true
		case "Vindeln":
			r.Workshop = true
		case "Robertsfors":
			r.Partial = true
		}
	}
	return c
}

func TestCountyViewV2(t *testing.T) {
	golden(t, "county-v2.sv.html", CountyView(countyV2(), "sv"))
	golden(t, "county-v2.en.html", CountyView(countyV2(), "en"))
	h := string(CountyView(countyV2(), "sv"))
	for _, want := range []string{
		`<th scope="row">Umeå</th><td class="answered-yes" data-key="3">Ja (3) <span class="mark">delvis besvarad (från workshop)</span></td>`,
		`<th scope="row">Vindeln</th><td class="answered-yes" data-key="2">Ja (2) <span class="mark">(från workshop)</span></td>`,
		`<th scope="row">Robertsfors</th><td class="answered-yes" data-key="1">Ja (1) <span class="mark">delvis besvarad</span></td>`,
		`<td data-key="-">–</td><td data-key="-"><span class="change-mark" title="området är nytt sedan förra omgången, så ingen förändring visas">ny</span>`,
		`<span class="change-mark" title="frågorna har ändrats sedan förra omgången, så ingen förändring visas">ändrad</span>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
}

func TestRowMark(t *testing.T) {
	tests := []struct {
		lang              string
		partial, workshop bool
		want              string
	}{
		{"sv", false, false, ""},
		{"sv", true, false, ` <span class="mark">delvis besvarad</span>`},
		{"sv", false, true, ` <span class="mark">(från workshop)</span>`},
		{"sv", true, true, ` <span class="mark">delvis besvarad (från workshop)</span>`},
		{"en", true, true, ` <span class="mark">partly answered (from a workshop)</span>`},
	}
	for _, tt := range tests {
		if got := string(RowMark(tt.lang, tt.partial, tt.workshop)); got != tt.want {
			t.Errorf("RowMark(%s, %v, %v) = %q, want %q", tt.lang, tt.partial, tt.workshop, got, tt.want)
		}
	}
}

func TestCountyChartV2(t *testing.T) {
	d := CountyChart(countyV2(), "sv")
	prev := d.Series[2]
	if prev.Values[0] == nil || *prev.Values[0] != 45.5 {
		t.Errorf("rutiner, unchanged: previous value %v, want 45,5", prev.Values[0])
	}
	if got, want := prev.Note(1), "ny"; prev.Values[1] != nil || got != want {
		t.Errorf("samverkan, new: previous value %v note %q, want none and %q", prev.Values[1], got, want)
	}
}
