package report

import (
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
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

func TestIndicatorsView(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		golden(t, "indicators-pending."+lang+".html", IndicatorsView(countyIndicators(), allIndicators(true), lang))
		golden(t, "indicators."+lang+".html", IndicatorsView(countyIndicators(), allIndicators(false), lang))
	}
	h := string(IndicatorsView(countyIndicators(), allIndicators(false), "sv"))
	for _, want := range []string{
		"<td data-key=\"0.667\">66,7\u00a0% <span class=\"n\">(2 av 3)</span></td>",
		"<td data-key=\"0.25\">25\u00a0%</td><td data-key=\"0.513\">51,3\u00a0%</td>",
		`<td data-key="1"><details><summary>1 kommun</summary>Skellefteå</details></td>`,
		`<summary>4 kommuner</summary>Bjurholm, Nordmaling, Skellefteå och Umeå</details>`,
		`<td data-key="s">för få svar</td>`,
		`href="/api/rounds/2026/export/long.csv" data-export="csv" download>Ladda ner indikatorerna (CSV)</a>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
	if strings.Contains(h, "när omgången har stängt") {
		t.Errorf("a closed round says the country's figures come later")
	}
	p := string(IndicatorsView(countyIndicators(), allIndicators(true), "sv"))
	if !strings.Contains(p, "Rikets siffror visas när omgången har stängt.") || strings.Contains(p, "51,3") {
		t.Errorf("a pending round:\n%s", p)
	}
	if IndicatorsView(api.CountyIndicators{}, nil, "sv") != "" {
		t.Errorf("a questionnaire without indicators has a view")
	}
	// Without the round's figures the county's own are still shown.
	if n := string(IndicatorsView(countyIndicators(), nil, "en")); !strings.Contains(n, "66.7% <span") {
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
