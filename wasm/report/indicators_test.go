package report

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/chart"
)

func share(v float64) *float64 { return &v }

// countyIndicators is Västerbotten's own figures of two indicators: one
// met by 2 of 3 municipalities (Umeå's answer cannot tell), one by none.
func countyIndicators() api.CountyIndicators {
	return api.CountyIndicators{
		Round: api.Round{ID: "2026"}, County: "24", Name: "Västerbottens län",
		Indicators: []api.CountyIndicator{
			{ID: "handlingsplan", Title: lagesbild.Text{SV: "Andel kommuner med en beslutad handlingsplan", EN: "Share of municipalities with an adopted action plan"}, Item: "rutiner.plan", Section: "rutiner",
				Figure: api.IndicatorFigure{Kind: lagesbild.UnitCounty, Code: "24", Name: "Västerbottens län", Municipalities: 15, Share: share(0.667), Met: 2, N: 3},
				NotMet: []string{"2482"}, Unknown: []string{"2480"}},
			{ID: "rutin-vuxna", Title: lagesbild.Text{SV: "Andel kommuner med en rutin för vuxna", EN: "Share of municipalities with a routine for adults"}, Item: "rutiner.vuxna", Section: "rutiner",
				Figure: api.IndicatorFigure{Kind: lagesbild.UnitCounty, Code: "24", Name: "Västerbottens län", Municipalities: 15, Share: share(0), Met: 0, N: 4},
				NotMet: []string{"2482", "2401", "2480", "2403"}},
		},
	}
}

// allIndicators is the round's released figures: pending (a private round
// still open), or closed with the country's second figure suppressed; the
// previous round's county figure shown for the first indicator.
func allIndicators(pending bool) *api.Indicators {
	fig := func(kind, code string, v *float64, met, n int) api.IndicatorFigure {
		f := api.IndicatorFigure{Kind: kind, Code: code, Municipalities: 15, Share: v, Met: met, N: n}
		if v == nil {
			f.Suppressed = true
		}
		return f
	}
	cur := func(country api.IndicatorFigure) api.IndicatorRound {
		r := api.IndicatorRound{Round: "2026", Pending: pending, Groups: []api.IndicatorFigure{country, fig(lagesbild.UnitCounty, "24", nil, 0, 0)}}
		if pending {
			r.Groups[0] = fig(lagesbild.UnitCountry, lagesbild.NationalCode, nil, 0, 0)
		}
		return r
	}
	return &api.Indicators{Round: api.Round{ID: "2026"}, Indicators: []api.IndicatorView{
		{ID: "handlingsplan", Current: cur(fig(lagesbild.UnitCountry, lagesbild.NationalCode, share(0.513), 41, 80)),
			Previous: &api.IndicatorRound{Round: "2025", Groups: []api.IndicatorFigure{fig(lagesbild.UnitCountry, lagesbild.NationalCode, share(0.4), 30, 75), fig(lagesbild.UnitCounty, "24", share(0.25), 1, 4)}}},
		{ID: "rutin-vuxna", Current: cur(fig(lagesbild.UnitCountry, lagesbild.NationalCode, nil, 0, 0))},
	}}
}

// beside is the länsstyrelse's answer matching the first indicator.
var beside = map[string]string{"handlingsplan": "Ja"}

func TestIndicatorsView(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		golden(t, "indicators-pending."+lang+".html", IndicatorsView(countyIndicators(), allIndicators(true), nil, "handlingsplan", lang))
		golden(t, "indicators."+lang+".html", IndicatorsView(countyIndicators(), allIndicators(false), beside, "rutin-vuxna", lang))
	}
	h := string(IndicatorsView(countyIndicators(), allIndicators(false), beside, "rutin-vuxna", "sv"))
	for _, want := range []string{
		"<td data-key=\"0.667\">66,7\u00a0% <span class=\"n\">(2 av 3)</span></td>",
		"<td data-key=\"0.25\">25\u00a0%</td><td data-key=\"0.513\">51,3\u00a0%</td>",
		`<td data-key="1"><details><summary>1 kommun</summary>Skellefteå</details></td>`,
		`<summary>4 kommuner</summary>Bjurholm, Nordmaling, Skellefteå och Umeå</details>`,
		`<td data-key="s">för få svar</td>`,
		`href="/api/rounds/2026/export/long.csv" data-export="csv" download>Ladda ner indikatorerna (CSV)</a>`,
		`<td>Länsstyrelsen svarar: Ja — kommunerna: 2 av 3 (66,7 %)</td>`,
		`<button type="button" class="ind-show" data-chart="rutin-vuxna" aria-pressed="true">`,
		`<button type="button" class="ind-show" data-chart="handlingsplan" aria-pressed="false">`,
		`<iframe id="ind-chart" title="Diagram över indikatorn per län`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
	if strings.Contains(h, "när omgången har stängt") {
		t.Errorf("a closed round says the country's figures come later")
	}
	p := string(IndicatorsView(countyIndicators(), allIndicators(true), nil, "", "sv"))
	if !strings.Contains(p, "Rikets siffror visas när omgången har stängt.") || strings.Contains(p, "51,3") || strings.Contains(p, "Länsstyrelsen svarar") {
		t.Errorf("a pending round:\n%s", p)
	}
	if IndicatorsView(api.CountyIndicators{}, nil, nil, "", "sv") != "" {
		t.Errorf("a questionnaire without indicators has a view")
	}
	// Without the round's figures the county's own are still shown.
	if n := string(IndicatorsView(countyIndicators(), nil, nil, "", "en")); !strings.Contains(n, "66.7% <span") {
		t.Errorf("without the round's figures:\n%s", n)
	}
}

func TestIndicatorURLs(t *testing.T) {
	if got := CountyIndicatorsURL("2027 vår", "24"); got != "/api/rounds/2027%20v%C3%A5r/indicators/county/24" {
		t.Errorf("CountyIndicatorsURL = %s", got)
	}
	if got := LongExportURL("demo", "json"); got != "/api/rounds/demo/export/long.json" {
		t.Errorf("LongExportURL = %s", got)
	}
}

// regionIndicators is region Öst's view: a regional indicator with
// Södermanland's list shared, one withheld, one not regional.
func regionIndicators(pending bool) api.RegionIndicators {
	fig := func(kind, code string, v *float64, met, n int) api.IndicatorFigure {
		f := api.IndicatorFigure{Kind: kind, Code: code, Municipalities: 9, Share: v, Met: met, N: n}
		if v == nil {
			f.Suppressed = true
		}
		return f
	}
	counties := []api.IndicatorFigure{fig(lagesbild.UnitCounty, "04", share(0.667), 6, 9), fig(lagesbild.UnitCounty, "05", share(0.5), 6, 12), fig(lagesbild.UnitCounty, "06", nil, 0, 0)}
	v := api.RegionIndicators{Round: api.Round{ID: "2026"}, Region: "Öst", Name: "Samordningsregion Öst",
		Counties: []api.RegionCounty{{County: "04", Name: "Södermanlands län", Shared: true}, {County: "05", Name: "Östergötlands län"}, {County: "06", Name: "Jönköpings län"}},
		Indicators: []api.RegionIndicator{
			{ID: "hanvisning-kast", Title: lagesbild.Text{SV: "Andel kommuner med hänvisningsväg till KAST", EN: "Share with a referral path to KAST"}, Regional: true,
				Region: fig(lagesbild.UnitCoordinatorRegion, "Öst", share(0.571), 12, 21), Counties: counties, NotMet: map[string][]string{"04": {"0428", "0480", "0488"}}},
			{ID: "skyddat-boende", Title: lagesbild.Text{SV: "Andel kommuner med skyddat boende", EN: "Share with sheltered accommodation"}, Regional: true, Withheld: true,
				Region: fig(lagesbild.UnitCoordinatorRegion, "Öst", share(0.4), 8, 20), Counties: counties},
			{ID: "handlingsplan", Title: lagesbild.Text{SV: "Andel kommuner med handlingsplan", EN: "Share with an action plan"},
				Region: fig(lagesbild.UnitCoordinatorRegion, "Öst", nil, 0, 0), Counties: counties},
		}}
	for i := range v.Indicators {
		v.Indicators[i].Pending = pending
	}
	return v
}

func TestRegionView(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		golden(t, "region."+lang+".html", RegionView(regionIndicators(false), lang))
		golden(t, "region-pending."+lang+".html", RegionView(regionIndicators(true), lang))
		golden(t, "sharing."+lang+".html", SharingControl(api.Sharing{Round: "2026", County: "04", Region: "Öst", Shared: true}, lang))
	}
	h := string(RegionView(regionIndicators(false), "sv"))
	for _, want := range []string{"Vingåker", "Nyköping, Trosa och Vingåker", "Listorna visas inte", "Södermanlands län: 3 kommuner", "Samordningsregion Öst"} {
		if !strings.Contains(h, want) {
			t.Errorf("the region's view has no %q", want)
		}
	}
	if strings.Contains(string(RegionView(regionIndicators(true), "sv")), "Vingåker") {
		t.Error("a pending view names municipalities")
	}
}

// TestIndicatorChart: the chart beside the table has the table's figures
// (the lead's own county unsuppressed, as its row; the others as
// released), one axis per county then the country, this round and the
// previous, and notes instead of hidden figures.
func TestIndicatorChart(t *testing.T) {
	pct := func(v float64) *float64 { return &v }
	tests := []struct {
		name    string
		all     *api.Indicators
		id      string
		axes    []string
		now     []*float64
		nowNote []string
		prev    []*float64
		prevN   []string
	}{
		{"closed", allIndicators(false), "handlingsplan", []string{"Västerbottens län", "Riket"},
			[]*float64{pct(66.7), pct(51.3)}, []string{"", ""}, []*float64{pct(25), pct(40)}, []string{"", ""}},
		{"closed, country hidden", allIndicators(false), "rutin-vuxna", []string{"Västerbottens län", "Riket"},
			[]*float64{pct(0), nil}, []string{"", "för få svar"}, []*float64{nil, nil}, []string{"", ""}},
		{"pending", allIndicators(true), "handlingsplan", []string{"Västerbottens län", "Riket"},
			[]*float64{pct(66.7), nil}, []string{"", "visas när omgången har stängt"}, []*float64{pct(25), pct(40)}, []string{"", ""}},
		{"no released figures", nil, "handlingsplan", []string{"Västerbottens län", "Riket"},
			[]*float64{pct(66.7), nil}, []string{"", ""}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := IndicatorChart(countyIndicators(), tt.all, tt.id, "sv")
			if !ok || !d.Bars || d.Lang != "sv" || !strings.Contains(d.Title, "Andel kommuner per län") {
				t.Fatalf("ok %v, data %+v", ok, d)
			}
			if !reflect.DeepEqual(d.Axes, tt.axes) {
				t.Errorf("axes = %q, want %q", d.Axes, tt.axes)
			}
			wantSeries := 1
			if tt.prev != nil {
				wantSeries = 2
			}
			if len(d.Series) != wantSeries {
				t.Fatalf("%d series, want %d", len(d.Series), wantSeries)
			}
			check := func(se int, vals []*float64, notes []string) {
				got := d.Series[se]
				for i := range vals {
					switch g, w := got.Values[i], vals[i]; {
					case (g == nil) != (w == nil), g != nil && math.Abs(*g-*w) > 1e-9:
						t.Errorf("series %q axis %s: %v, want %v", got.Name, d.Axes[i], fmtp(g), fmtp(w))
					}
					if got.Notes[i] != notes[i] {
						t.Errorf("series %q axis %s: note %q, want %q", got.Name, d.Axes[i], got.Notes[i], notes[i])
					}
				}
			}
			check(0, tt.now, tt.nowNote)
			if tt.prev != nil {
				check(1, tt.prev, tt.prevN)
				if d.Series[1].Name != "Omgång 2025" {
					t.Errorf("previous series %q", d.Series[1].Name)
				}
			}
		})
	}
	if _, ok := IndicatorChart(countyIndicators(), nil, "nope", "sv"); ok {
		t.Errorf("an indicator the county has not: ok")
	}
}

// TestIndicatorChartCounties: every county of the answer is an axis, in
// its order, with a suppressed county's note; the lead's own county takes
// its own figure.
func TestIndicatorChartCounties(t *testing.T) {
	all := allIndicators(false)
	v := &all.Indicators[0]
	v.Current.Groups = append(v.Current.Groups,
		api.IndicatorFigure{Kind: lagesbild.UnitCounty, Code: "25", Name: "Norrbottens län", Share: share(0.5), Met: 3, N: 6},
		api.IndicatorFigure{Kind: lagesbild.UnitCounty, Code: "01", Name: "Stockholms län", Suppressed: true},
		api.IndicatorFigure{Kind: lagesbild.UnitPoliceRegion, Code: "nord", Name: "Nord", Share: share(0.1)})
	d, _ := IndicatorChart(countyIndicators(), all, "handlingsplan", "en")
	if want := []string{"Västerbottens län", "Norrbottens län", "Stockholms län", "The country"}; !reflect.DeepEqual(d.Axes, want) {
		t.Fatalf("axes = %q, want %q", d.Axes, want)
	}
	now := d.Series[0]
	if *now.Values[0] != 66.7 || *now.Values[1] != 50 || now.Values[2] != nil || now.Notes[2] != "too few answers" {
		t.Errorf("this round: %v %q", []string{fmtp(now.Values[0]), fmtp(now.Values[1]), fmtp(now.Values[2])}, now.Notes)
	}
	if _, err := chart.Encode(d); err != nil {
		t.Error(err)
	}
}

func fmtp(v *float64) string {
	if v == nil {
		return "nil"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func TestOwn(t *testing.T) {
	q := &lagesbild.Questionnaire{ID: "lansstyrelse", Version: 2, Sections: []lagesbild.Section{{ID: "stod", Items: []lagesbild.Item{
		{ID: "stod.mika", Text: lagesbild.Text{SV: "Hur många kommuner har Mika?", EN: "How many have Mika?"}, MatchesIndicator: "hanvisning-stod",
			Options: []lagesbild.Option{{Value: "ingen", Label: lagesbild.Text{SV: "Ingen kommun", EN: "No municipality"}}, {Value: "alla", Label: lagesbild.Text{SV: "Alla", EN: "All"}}}},
		{ID: "stod.kast", Text: lagesbild.Text{SV: "KAST?", EN: "KAST?"}, MatchesIndicator: "hanvisning-kast",
			Options: []lagesbild.Option{{Value: "ja", Label: lagesbild.Text{SV: "Ja", EN: "Yes"}}}},
	}}}}
	own := []OwnRound{
		{Round: api.Round{ID: "l2027"}, Questionnaire: q, Answers: lagesbild.Answers{"stod.mika": "alla"}},
		{Round: api.Round{ID: "l2026"}, Questionnaire: q, Answers: lagesbild.Answers{"stod.mika": "ingen", "stod.kast": "ja"}},
		{Round: api.Round{ID: "l2025"}, Questionnaire: q},
	}
	// The newest answer of each: KAST only in the older round.
	if got, want := OwnBeside(own, "sv"), map[string]string{"hanvisning-stod": "Alla", "hanvisning-kast": "Ja"}; !reflect.DeepEqual(got, want) {
		t.Errorf("OwnBeside = %v, want %v", got, want)
	}
	for _, lang := range []string{"sv", "en"} {
		golden(t, "own."+lang+".html", OwnView(own, "Västerbottens län", lang))
	}
	if OwnView(nil, "x", "sv") != "" {
		t.Errorf("no rounds: a view")
	}
	latest := OwnLatest([]api.StoredAnswers{{Partial: true, Answers: lagesbild.Answers{"a": "1"}}, {Answers: lagesbild.Answers{"a": "2"}}})
	if latest["a"] != "2" {
		t.Errorf("OwnLatest = %v, want the whole response", latest)
	}
	if latest := OwnLatest([]api.StoredAnswers{{Partial: true, Answers: lagesbild.Answers{"a": "1"}}}); latest["a"] != "1" {
		t.Errorf("OwnLatest of a partial alone = %v", latest)
	}
}
